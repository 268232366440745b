/**
 * The Uptane threats that deny updates and are not already TUF's (uptane-standard, "Threat model and
 * attack strategies"): drop-request, slow retrieval and partial bundle installation. Denial cannot be
 * prevented from the device; what it must do is keep running a complete, signed release, say that it
 * could not update, and catch up once the network lets it.
 */
import type { Chunk, Fetched } from '../service-api.js';
import type { AttackCase } from './attack.js';
import { failing } from './helpers.js';

export const UPTANE_ATTACKS: AttackCase[] = [
  {
    id: 'uptane/drop-request',
    standard: 'Uptane',
    standardId: 'Drop-request attack',
    title: 'every update request dropped for three checks (60 h)',
    attacker: 'controls the network; drops the device’s update traffic',
    run(ctx) {
      const s = ctx.scenario();
      for (let i = 0; i < 3; i++) s.connect(failing('drops update requests', 'connection reset'), i ? 20 : 0);
      s.expectNotCurrent('the device updated although every request was dropped');
      s.connect(undefined, 20);
      s.expectCurrent();
      const reported = s.service.received(s.device.identity.deviceId).filter((e) => e.kind === 'update-failure' && /connection reset/.test(e.detail));
      s.expect(reported.length === 3, `the service learnt of ${reported.length} of the 3 failed checks`);
      return s;
    },
  },
  {
    id: 'uptane/slow-retrieval',
    standard: 'Uptane',
    standardId: 'Slow retrieval attack',
    title: 'images trickle in at one byte every 10 s',
    attacker: 'controls the network; delays the data without stopping it',
    run(ctx) {
      const s = ctx.scenario();
      const slow = {
        name: 'one byte every 10 s',
        target: (_sha: string, real: () => Fetched<Iterable<Chunk>>): Fetched<Iterable<Chunk>> => {
          const answer = real();
          if (!answer.ok) return answer;
          return {
            ok: true,
            value: (function* () {
              for (const chunk of answer.value) for (let i = 0; i < chunk.bytes.length; i++) yield { bytes: chunk.bytes.subarray(i, i + 1), seconds: 10 };
            })(),
          };
        },
      };
      s.connect(slow);
      s.expectReported(/slow retrieval/);
      s.expectNotCurrent('a download that broke the time limit was installed');
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'uptane/partial-bundle',
    standard: 'Uptane',
    standardId: 'Partial bundle installation attack',
    title: 'only the first image of the OS update is delivered; the rest are dropped',
    attacker: 'controls the network; lets some downloads through',
    run(ctx) {
      const s = ctx.scenario();
      let served = 0;
      s.connect({ name: 'delivers one image', target: (_sha, real) => (served++ === 0 ? real() : { ok: false, reason: 'connection reset' }) });
      s.expectReported(/download failed/);
      s.expect(s.device.running === 'a', `the device switched to bank ${s.device.running} with a partial bundle`);
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
];
