/**
 * The threats of the IETF SUIT information model (RFC 9124 §4.3) that apply to a device receiving
 * Azure Sphere-style updates, each as a scenario. The ones that do not apply are listed with the reason
 * in SUIT_NOT_APPLICABLE. "Stolen online key" scenarios give the attacker the service's metadata key(s)
 * but never an image key: that is the split Azure Sphere's design relies on.
 */
import type { Chunk, Fetched } from '../service-api.js';
import { hex, sha256, targetsOf } from '../slots.js';
import { sideload } from '../sideload.js';
import { MAX_FREEZE_DETECTION } from '../../../model/update/update-requirements.js';
import type { UpdateDesign } from '../../../model/update/update-design.js';
import type { AttackCase, Scenario } from './attack.js';
import { tamperedImage, targetFor } from './forge.js';
import { appImageSlots, firstStageSlot, ScenarioPremiseError, genuine, genuineBody, kernelSlot, kindOf, replaceTarget, runningVersion, serving, tamperedDownloadRefusal } from './helpers.js';

const STOLEN = 'holds the online metadata key (no image key)';

/**
 * The check (counted from 1, the one where the device learns of the update) by which a device whose app defers at
 * every check must have run the update: the first check at or past the end of the deferral window, maxHours after the
 * first; undefined when the design sets no end. The attacker's own count (the spec's is checkBound in
 * model/update/policy.ts, which the rule renewable-security.max-deferral reads): holding the device to the spec's
 * count would let a wrong count pass both.
 */
function checkOfWindowEnd(design: UpdateDesign): number | undefined {
  const { maxHours } = design.deferral;
  if (maxHours === null) return undefined;
  const windowSeconds = maxHours * 3600;
  const everySeconds = design.checks.intervalHours * 3600;
  // Checks after the first until the window has closed, then that first check itself.
  return Math.ceil(windowSeconds / everySeconds) + 1;
}
/** Update checks THREAT.MFST.OVERRIDE emulates one by one before it jumps to the end of a longer deferral window. */
const EMULATED_CHECKS = 8;

export const SUIT_ATTACKS: AttackCase[] = [
  {
    id: 'suit/img-expired',
    standard: 'SUIT',
    standardId: 'THREAT.IMG.EXPIRED',
    title: 'old firmware: release 2 images in new, validly signed metadata, after the device runs release 3',
    attacker: STOLEN,
    run(ctx) {
      const s = ctx.scenario();
      s.connect();
      const old = targetsOf(s.lab.design, s.lab.platform, s.lab.builder.factory.slots, [kindOf(s.lab, kernelSlot(s.lab))]);
      const targets = old.reduce((list, t) => replaceTarget(list, t), genuineBody(s).targets);
      s.connect(serving('release 2 OS under fresh metadata', () => s.service.issueMetadata(s.group, s.lab.now, { targets })), 20);
      s.expectReported(/below its counter/);
      s.expectCurrent('after the downgrade attempt');
      return s;
    },
  },
  {
    id: 'suit/img-expired-offline',
    standard: 'SUIT',
    standardId: 'THREAT.IMG.EXPIRED.OFFLINE',
    title: 'a device offline for longer than the profile’s freeze-detection bound is offered the expired release 3 metadata while release 4 is current',
    attacker: 'controls the network; recorded genuine metadata before the device went offline',
    run(ctx) {
      const s = ctx.scenario();
      const stale = s.service.issueMetadata(s.group);
      // Metadata older than the profile's bound on an unnoticed freeze must read as stale; how old is the
      // profile's (renewable-security.max-freeze-detection), not a number of the scenario's own.
      const offlineHours = ctx.requiredHours(MAX_FREEZE_DETECTION) + 1;
      s.note(`  the device was offline for ${offlineHours} h`);
      s.lab.now += offlineHours * 3600;
      s.lab.publishOs(4, s.service);
      s.lab.deployApps(s.group, 4, s.service);
      s.connect(serving('replays 10-day-old metadata', stale));
      s.expectReported(/expired/);
      s.expect(runningVersion(s, kernelSlot(s.lab)) !== 3, 'the device installed the superseded release 3 from expired metadata');
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'suit/img-incompatible',
    standard: 'SUIT',
    standardId: 'THREAT.IMG.INCOMPATIBLE',
    title: 'genuine metadata and images of another product, signed by the same service',
    attacker: 'controls the network; replays what the service sends another product’s devices',
    run(ctx) {
      const s = ctx.scenario();
      const other = s.lab.newService('Another product');
      s.lab.publishOs(4, other);
      s.connect(serving('another product’s metadata', other.issueMetadata(s.group)));
      s.expectReported(/is for Another product/);
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'suit/img-format',
    standard: 'SUIT',
    standardId: 'THREAT.IMG.FORMAT',
    title: 'a kernel target that is not an image package at all',
    attacker: STOLEN,
    run(ctx) {
      const s = ctx.scenario();
      const junk = new Uint8Array(2000).map((_, i) => (i * 37) & 0xff);
      const targets = replaceTarget(genuineBody(s).targets, targetFor(kindOf(s.lab, kernelSlot(s.lab)), kernelSlot(s.lab), junk, 3));
      s.connect(serving('junk kernel', s.service.issueMetadata(s.group, s.lab.now, { targets }), [junk]));
      s.expectReported(/not an image package/);
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'suit/img-location',
    standard: 'SUIT',
    standardId: 'THREAT.IMG.LOCATION',
    title: 'a genuine image of another component listed for an app’s slot (another app’s image, or the kernel when the product has one app)',
    attacker: STOLEN,
    run(ctx) {
      const s = ctx.scenario();
      const apps = appImageSlots(s.lab);
      // Only the product's own slots: a one-app product gets the kernel in its app's slot.
      const [from, to] = apps.length >= 2 ? [apps[0]!, apps[1]!] : apps.length === 1 ? [kernelSlot(s.lab), apps[0]!] : [kernelSlot(s.lab), firstStageSlot(s.lab)];
      const misplaced = genuine(s, from, 3);
      const targets = replaceTarget(genuineBody(s).targets, targetFor(kindOf(s.lab, to), to, misplaced));
      s.connect(serving(`${from.slice('image/'.length)} in ${to.slice('image/'.length)}’s slot`, s.service.issueMetadata(s.group, s.lab.now, { targets })));
      s.expectReported(/is component/);
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'suit/net-redirect',
    standard: 'SUIT',
    standardId: 'THREAT.NET.REDIRECT',
    title: 'image downloads redirected to the attacker’s host, which serves tampered images (security version raised)',
    attacker: 'controls DNS or routing for the download host',
    run(ctx) {
      const s = ctx.scenario();
      const forged = new Map(s.service.targetsFor(s.group).map((t) => [hex(t.sha256), t.name.startsWith('image/') ? tamperedImage(genuine(s, t.name, 3), 1) : new Uint8Array(t.length)]));
      s.connect({ name: 'attacker’s download host', target: (sha) => ({ ok: true, value: [{ bytes: forged.get(sha) ?? new Uint8Array(16), seconds: 0.05 }] }) });
      s.expectReported(tamperedDownloadRefusal(s.lab));
      s.reboot();
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'suit/net-onpath',
    standard: 'SUIT',
    standardId: 'THREAT.NET.ONPATH',
    title: 'an on-path attacker flips one byte of the metadata, then one byte of the kernel',
    attacker: 'on the network path; modifies data in transit',
    run(ctx) {
      const s = ctx.scenario();
      s.connect({ name: 'flips a metadata byte', metadata: (_r, real) => flip(real(), 40) });
      s.expectReported(/not trusted|unreadable/);
      const kernel = hex(s.service.targetsFor(s.group).find((t) => t.name === kernelSlot(s.lab))!.sha256);
      s.connect({ name: 'flips a kernel byte', target: (sha, real) => (sha === kernel ? flipStream(real()) : real()) }, 20);
      s.expectReported(tamperedDownloadRefusal(s.lab));
      s.reboot();
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'suit/img-replace',
    standard: 'SUIT',
    standardId: 'THREAT.IMG.REPLACE',
    title: 'after the staged bank verified, its first stage (1BL on Azure Sphere) is replaced by a tampered copy before the reboot',
    attacker: 'physical access to the flash between verification and reboot',
    run(ctx) {
      const s = ctx.scenario();
      s.connect(undefined, 0, { afterVerified: (device, bank) => device.banks.write(bank, firstStageSlot(s.lab), tamperedImage(genuine(s, firstStageSlot(s.lab), 3)), 'attacker') });
      s.expectReported(new RegExp(firstStageSlot(s.lab).slice('image/'.length).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'boot-verification-failure');
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'suit/img-non-auth',
    standard: 'SUIT',
    standardId: 'THREAT.IMG.NON_AUTH',
    title: 'a kernel whose body was changed, the vendor’s signature kept, listed under fresh metadata',
    attacker: STOLEN,
    run(ctx) {
      const s = ctx.scenario();
      const evil = tamperedImage(genuine(s, kernelSlot(s.lab), 3));
      const targets = replaceTarget(genuineBody(s).targets, targetFor(kindOf(s.lab, kernelSlot(s.lab)), kernelSlot(s.lab), evil));
      s.connect(serving('tampered kernel', s.service.issueMetadata(s.group, s.lab.now, { targets }), [evil]));
      s.expectReported(/does not verify/);
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'suit/upd-unapproved',
    standard: 'SUIT',
    standardId: 'THREAT.UPD.UNAPPROVED',
    title: 'a development-signed app sideloaded onto a device of every group that receives app deployments',
    attacker: 'local (USB) access; the SDK’s development key',
    run(ctx) {
      const s = ctx.scenario();
      const slot = appImageSlots(s.lab)[0];
      if (!slot) throw new ScenarioPremiseError('no update kind carries an app slot the product fills: there is no app to sideload');
      const dev = s.lab.builder.developmentSigned(genuine(s, slot, 3));
      const own = s.group;
      const groups = s.lab.design.deviceGroups.filter((g) => g.updatePolicy === 'UpdateAll');
      // No group takes app deployments: there is no device the sideload must be refused on, so nothing was tried.
      if (!groups.length) s.undecided(`the design has no device group with updatePolicy UpdateAll: the sideload was tried on no device`);
      for (const group of groups) {
        s.device.identity.deviceGroup = group.name;
        const result = sideload(s.device, slot, dev, s.lab.now);
        s.note(`  sideload of ${slot} onto a ${group.name} device: ${result.ok ? 'ACCEPTED' : `refused (${result.reason})`}`);
        s.expect(!result.ok, `a ${group.name} device accepted a development-signed image`);
      }
      s.device.identity.deviceGroup = own;
      return s;
    },
  },
  {
    id: 'suit/mfst-override',
    standard: 'SUIT',
    standardId: 'THREAT.MFST.OVERRIDE',
    title: 'an app overrides the update schedule: it asks to defer by 10,000 h at every check',
    attacker: 'a high-level app with SystemEventNotifications and SoftwareUpdateDeferral',
    run(ctx) {
      // The device is held to its own design's bound here (does it do what its design says, whatever the
      // app asks?); whether that bound is short enough is renewable-security.max-deferral's question.
      const s = ctx.scenario({ deferral: { app: 'the high-level app', requestHours: 10_000 } });
      const { intervalHours } = s.lab.design.checks;
      const bound = checkOfWindowEnd(s.lab.design);
      let checks = 0;
      while (checks < EMULATED_CHECKS && checks < (bound ?? EMULATED_CHECKS) && !s.lab.isCurrent(s.device, s.service)) s.connect(undefined, checks++ ? intervalHours : 0);
      if (bound !== undefined && checks < bound && !s.lab.isCurrent(s.device, s.service)) {
        // A window longer than the checks emulated one by one: the app has asked at every one of them; the
        // next check is the one at the end of the window, counted from the first (asking again must not move it).
        s.note(`  ${checks} checks emulated one by one, the app deferring at each; then the check at the end of the ${s.lab.design.deferral.maxHours} h window`);
        s.connect(undefined, (bound - checks) * intervalHours);
        checks = bound;
      }
      s.note(`  the device ran the deployment after ${checks} checks (its design's bound: ${bound ?? 'none: deferral is unbounded'})`);
      s.expect(bound !== undefined && checks <= bound && s.lab.isCurrent(s.device, s.service), `the app kept the update off the device for ${checks} checks (${Math.round((checks - 1) * intervalHours)} h)`);
      return s;
    },
  },
  {
    id: 'suit/img-extra',
    standard: 'SUIT',
    standardId: 'THREAT.IMG.EXTRA',
    title: 'the genuine kernel with 512 bytes of attacker code appended, listed with the longer length',
    attacker: STOLEN,
    run(ctx) {
      const s = ctx.scenario();
      const kernel = genuine(s, kernelSlot(s.lab), 3);
      const longer = new Uint8Array(kernel.length + 512);
      longer.set(kernel);
      longer.fill(0x90, kernel.length);
      const targets = replaceTarget(genuineBody(s).targets, targetFor(kindOf(s.lab, kernelSlot(s.lab)), kernelSlot(s.lab), longer, 3));
      s.connect(serving('kernel with extra data', s.service.issueMetadata(s.group, s.lab.now, { targets }), [longer]));
      s.expectReported(/not an image package|does not verify/);
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'suit/mfst-toctou',
    standard: 'SUIT',
    standardId: 'THREAT.MFST.TOCTOU',
    title: 'the metadata buffer is rewritten after the device checked it, to point the kernel at a tampered image',
    attacker: 'shares the buffer the metadata arrives in (a compromised network stack)',
    run(ctx) {
      const s = ctx.scenario();
      const kernel = s.service.targetsFor(s.group).find((t) => t.name === kernelSlot(s.lab))!;
      const evil = tamperedImage(genuine(s, kernelSlot(s.lab), 3));
      let handed: Uint8Array | undefined;
      let requestedEvil = false;
      s.connect({
        name: 'rewrites the metadata after delivery',
        metadata: (_r, real) => {
          const answer = real();
          if (answer.ok) handed = answer.value;
          return answer;
        },
        target: (sha, real) => {
          if (handed) rewriteHash(handed, kernel.sha256, evil);
          if (sha === hex(sha256(evil))) requestedEvil = true;
          return requestedEvil ? { ok: true, value: [{ bytes: evil, seconds: 0.05 }] } : real();
        },
      });
      s.expect(!requestedEvil, 'the device fetched the image named by the rewritten buffer');
      s.expectCurrent('right after the check');
      return s;
    },
  },
];

export const SUIT_NOT_APPLICABLE: { standardId: string; reason: string }[] = [
  { standardId: 'THREAT.UPD.WRONG_PRECURSOR', reason: 'updates carry whole images, never deltas against a precursor' },
  { standardId: 'THREAT.IMG.DISCLOSURE', reason: 'image confidentiality (encrypted payloads) is not modelled; this catalog checks integrity and availability' },
  { standardId: 'THREAT.MFST.EXPOSURE', reason: 'manifest confidentiality is not modelled, as above' },
  { standardId: 'THREAT.KEY.EXPOSURE', reason: 'key custody at the service (HSM, offline image keys); its device-side consequence, a stolen online key, is tuf/key-compromise' },
  { standardId: 'THREAT.MFST.MODIFICATION', reason: 'tampering before signing happens in the vendor’s pipeline, out of the device’s view' },
];

function flip(answer: Fetched<Uint8Array>, at: number): Fetched<Uint8Array> {
  if (!answer.ok) return answer;
  const bytes = answer.value.slice();
  bytes[Math.min(at, bytes.length - 1)]! ^= 0x01;
  return { ok: true, value: bytes };
}

function flipStream(answer: Fetched<Iterable<Chunk>>): Fetched<Iterable<Chunk>> {
  if (!answer.ok) return answer;
  const chunks = [...answer.value].map((c) => ({ ...c, bytes: c.bytes.slice() }));
  chunks[0]!.bytes[100]! ^= 0x01;
  return { ok: true, value: chunks };
}

/** Overwrites, inside the metadata bytes, the SHA-256 `from` with the SHA-256 of `image` (signature untouched). */
function rewriteHash(bytes: Uint8Array, from: Uint8Array, image: Uint8Array): void {
  const at = Buffer.from(bytes).indexOf(Buffer.from(from));
  if (at >= 0) bytes.set(sha256(image), at);
}
