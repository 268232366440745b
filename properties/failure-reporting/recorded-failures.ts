/**
 * Every failure the profile requires reaches the service, shown on the emulator rather than read from the
 * design: on a fresh device each app crashes, is denied a peripheral, a network host and a channel to
 * another app (each a probe of a different barrier, logged as its own kind), reaches for the log through
 * storage and exits with an error code, then the OS reboots on its own (a crash), has an update failure, a refused attestation, a power cut and a boot that fails
 * verification. The lab records every failure the OS offered its log (the ground truth: the failure
 * happened); after one connection, each one whose kind and origin the profile requires
 * (required-recording.ts) must be at the service. A log that does not record a required kind, or a
 * required app class, is violated here with the failure that went missing; each outcome names the
 * requirement it tested.
 */
import { connect, failingInterceptor, type EventOrigin, type LoggedEvent } from '../../emulator/update/index.js';
import { failNextBoot } from './boot-failure.js';
import { requirementsFor, type RequiredRecording } from './required-recording.js';
import type { World } from './scenario.js';
import { freshDevice } from './world.js';
import type { CheckOutcome } from './rule.js';

const CHECK = 'every required failure kind reaches the service';
/** A host no manifest declares, and a component id no product installs: what a probing app reaches for. */
const UNDECLARED_HOST = 'undeclared.example.net';
const UNINSTALLED_APP = '5a5a5a5a-0000-4000-8000-00000000dead';

interface Offered {
  kind: string;
  source: string;
  origin: EventOrigin;
  detail: string;
  outcome: string;
  reason?: string;
}

export function checkRecordedFailures(world: World, required: RequiredRecording, reproduce: string): CheckOutcome[] {
  const { lab } = world;
  const { service, device, runtime } = freshDevice(world);
  const offered: Offered[] = [];
  device.onEvent = (result, kind, source, origin) => {
    const detail = result.outcome === 'stored' ? result.event.detail : '';
    offered.push({ kind, source, origin, detail, outcome: result.outcome, ...(result.outcome === 'stored' ? {} : { reason: result.reason }) });
  };
  const stored: LoggedEvent[] = [];
  const keep = (events: readonly LoggedEvent[]) => stored.push(...events);
  for (const [i, app] of world.apps.entries()) {
    keep(runtime.syscall(app, { kind: 'crash', reason: 'lab: crash injected' }, ++lab.now).logged);
    keep(runtime.syscall(app, world.denials[i]!, ++lab.now).logged);
    // A network and a channel probe besides the peripheral one: a log that records capability denials but not
    // these keeps no trace of an app probing its network firewall or the other apps.
    if (world.denials[i]!.kind !== 'connect') keep(runtime.syscall(app, { kind: 'connect', host: UNDECLARED_HOST }, ++lab.now).logged);
    for (const peer of [...world.apps.filter((a) => a !== app), UNINSTALLED_APP]) {
      const sent = runtime.syscall(app, { kind: 'channel-send', to: peer, data: 'lab: probe' }, ++lab.now);
      keep(sent.logged);
      if (!sent.result.ok) break;
    }
    keep(runtime.syscall(app, { kind: 'storage-delete', owner: 'failure-log' }, ++lab.now).logged);
    // Last, as it stops the app: an app that detected an error and exits with a non-zero code.
    keep(runtime.syscall(app, { kind: 'exit', code: 1 }, ++lab.now).logged);
  }
  // The OS's own failures: a reboot it did not plan (a crash or watchdog reset; Pluton crashes of this kind are
  // known, TALOS-2021-1347), an update failure, a refused attestation, a power cut, a failing boot.
  if (device.isRunning) device.crashReboot(++lab.now, 'lab: the OS crashed (watchdog reset)');
  connect(device, lab.connection(failingInterceptor('update service unreachable', 'HTTP 503'), service), ++lab.now, { check: true });
  service.rejectAttestation = 'lab: the quote does not match a genuine boot';
  connect(device, lab.connection(undefined, service), ++lab.now, { check: false });
  service.rejectAttestation = undefined;
  device.losePower();
  device.powerOn(++lab.now);
  const stage = lab.platform.boot.at(-1)?.image;
  if (stage && device.isRunning) failNextBoot(lab, device, stage, ++lab.now, true);
  if (device.isRunning) connect(device, lab.connection(undefined, service), ++lab.now, { check: false });
  device.onEvent = undefined;
  const received = service.received(device.identity.deviceId);
  const names = new Map(world.apps.map((a, i) => [a, world.names[i]!]));
  const who = (o: Offered) => (o.origin === 'os' ? 'the OS' : `${names.get(o.source) ?? o.source} (${o.origin})`);
  const problems: { requirements: string[]; text: string }[] = [];
  const exercised = new Set<string>();
  const lines: string[] = [];
  for (const o of offered) {
    const requirements = requirementsFor(required, o.kind, o.origin);
    const arrived = received.some((e) => e.kind === o.kind && e.source === o.source && (o.detail === '' || e.detail === o.detail));
    lines.push(`${who(o)}: ${o.kind} → ${o.outcome}${o.reason ? ` (${o.reason})` : ''}${arrived ? ', at the service' : ''}${requirements ? '' : ' [not required]'}`);
    if (!requirements) continue;
    for (const r of requirements) exercised.add(r);
    if (!arrived) problems.push({ requirements, text: `${o.kind} of ${who(o)} never reached the service: ${o.outcome === 'stored' ? 'it was logged but lost' : (o.reason ?? o.outcome)} (${requirements.join(', ')})` });
  }
  if (!device.isRunning) lines.push('the failing boot left the device with nothing to boot: the boot-failure check reports that');
  const bound = `${offered.length} failures caused on one device (${world.apps.length} app${world.apps.length === 1 ? '' : 's'} × crash, peripheral, network and channel denials, reach for the log, exit with an error code; the OS: unplanned reboot, update failure, refused attestation, power cut, failing boot)`;
  // One outcome for the requirements that failed, one for those that held: each verdict names only its own.
  const failedIds = [...exercised].filter((r) => problems.some((p) => p.requirements.includes(r)));
  const heldIds = [...exercised].filter((r) => !failedIds.includes(r));
  const title = `${CHECK}: ${bound}`;
  const outcomes: CheckOutcome[] = [];
  if (failedIds.length) outcomes.push({ check: CHECK, requirements: failedIds, bound, verdict: 'violated', summary: problems[0]!.text, evidence: [{ title, lines: [...lines, ...problems.map((p) => `LOST: ${p.text}`)], reproduce }] });
  if (heldIds.length) outcomes.push({ check: CHECK, requirements: heldIds, bound, verdict: 'holds', summary: `every failure caused that ${heldIds.length} requirement${heldIds.length === 1 ? '' : 's'} cover${heldIds.length === 1 ? 's' : ''} reached the service`, evidence: failedIds.length ? [] : [{ title, lines }] });
  return outcomes;
}
