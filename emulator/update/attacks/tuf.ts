/**
 * The attacks TUF's specification requires a client to defeat ("Goals to protect against specific
 * attacks"), each as a scenario on the Azure Sphere-style update path. Azure Sphere signs one metadata
 * document per check with an online key and every image with offline vendor keys, so "below the
 * threshold" here means holding the online metadata key(s) but no image key.
 */
import { NEVER_EXPIRES } from '../../../formats/update-metadata/metadata.js';
import { MAX_FREEZE_DETECTION, MAX_REACH } from '../../../model/update/update-requirements.js';
import type { AttackCase, Scenario } from './attack.js';
import { imageSlot, manifestSlot } from '../../boot/index.js';
import { chooseTimeServer, setSystemTime, syncTime } from '../system-time.js';
import { hex, sha256, targetsOf } from '../slots.js';
import { acceptMetadataKeySet } from '../metadata-key-rotation.js';
import { attackerSignedImage, forgeMetadata, targetFor } from './forge.js';
import { appImageSlots, appKindSlots, failing, genuine, genuineBody, groupWithoutAppUpdates, kernelSlot, kindOf, otherGroup, replaceTarget, runningVersion, ScenarioNotApplicable, serving, tamperedDownloadRefusal } from './helpers.js';

const HOURS = (s: number) => Math.round(s / 3600);

export const TUF_ATTACKS: AttackCase[] = [
  {
    id: 'tuf/arbitrary-installation',
    standard: 'TUF',
    standardId: 'Arbitrary installation attack',
    title: 'metadata and a kernel signed with the attacker’s own key',
    attacker: 'controls the network; has its own signing key and a certificate claiming the firmware-signing name',
    run(ctx) {
      const s = ctx.scenario();
      const evil = attackerSignedImage(genuine(s, kernelSlot(s.lab), 3), ctx.attacker);
      const forged = forgeMetadata({ ...genuineBody(s), targets: replaceTarget(genuineBody(s).targets, targetFor(kindOf(s.lab, kernelSlot(s.lab)), kernelSlot(s.lab), evil)) }, [ctx.attacker.key]);
      s.connect(serving('attacker metadata and kernel', forged, [evil]));
      s.expectReported(/not trusted/);
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'tuf/endless-data',
    standard: 'TUF',
    standardId: 'Endless data attack',
    title: 'an endless metadata response and an endless image stream',
    attacker: 'controls the network: answers with more data than was asked for, without end',
    run(ctx) {
      const s = ctx.scenario();
      const big = new Uint8Array(s.lab.design.metadata.maxBytes + 1);
      s.connect(serving('oversized metadata', big));
      s.expectReported(/over the .*-byte limit/);
      let served = 0;
      const endless = {
        name: 'endless image stream',
        target: () => ({
          ok: true as const,
          value: (function* () {
            for (;;) {
              served += 4096;
              yield { bytes: new Uint8Array(4096).fill(0x41), seconds: 0.05 };
            }
          })(),
        }),
      };
      s.connect(endless, 20);
      const longest = Math.max(...s.service.targetsFor(s.group).map((t) => t.length));
      s.note(`  the endless stream was read for ${served} bytes (largest target ${longest} bytes)`);
      s.expect(served <= longest + 4096, `the device read ${served} bytes of an endless stream`);
      s.expectReported(tamperedDownloadRefusal(s.lab));
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'tuf/extraneous-dependencies',
    standard: 'TUF',
    standardId: 'Extraneous dependencies attack',
    title: 'an app image set pushed to a device of a group whose policy takes no app updates (Development)',
    attacker: 'holds the online metadata key (no image key)',
    run(ctx) {
      // The premise, from the designs: app images that reach a device apart from the system software. Where the
      // design ships the apps only inside its os bundle, a group takes them with the OS or not at all, and no app
      // image set can be extraneous to its updates: nothing to push, so not applicable (it read "defended" after
      // pushing nothing).
      if (!appKindSlots(ctx.lab).length) {
        const carriers = [...new Set(appImageSlots(ctx.lab).map((slot) => kindOf(ctx.lab, slot)))];
        throw new ScenarioNotApplicable(`no app update kind of "${ctx.lab.design.name}" carries an app of the product${carriers.length ? ` (they travel in the ${carriers.join(', ')} kind with the system software)` : ''}: there is no app image set apart from the OS that a group could take without asking for it`);
      }
      const s = ctx.scenario({ deviceGroup: groupWithoutAppUpdates(ctx.lab) });
      const extra = targetsOf(s.lab.design, s.lab.platform, s.lab.release('app', 3).slots, ['app']);
      const images = extra.filter((t) => t.name.startsWith('image/'));
      // The app kind carries the product's apps (above): a release with none of them is the lab's defect, never a defence.
      if (!images.length) throw new Error(`release 3 of the app kind carries none of the product's app slots (${appKindSlots(ctx.lab).join(', ')})`);
      const targets = extra.reduce((list, target) => replaceTarget(list, target), genuineBody(s).targets);
      s.connect(serving('extra app targets', s.service.issueMetadata(s.group, s.lab.now, { targets })));
      for (const t of images) s.expect(runningVersion(s, t.name) === 2, `${t.name} was replaced although the ${s.group} group takes no app updates`);
      s.expectCurrent('(the OS update itself must still install)');
      return s;
    },
  },
  {
    id: 'tuf/fast-forward',
    standard: 'TUF',
    standardId: 'Fast-forward attack',
    title: 'validly signed metadata with sequence number 2^32−16, then one issued as far ahead as the clock skew allows, to lock out later genuine documents',
    attacker: 'holds the online metadata key (no image key)',
    run(ctx) {
      const s = ctx.scenario();
      s.connect(serving('far-future sequence', forgeMetadata({ ...genuineBody(s), sequence: 0xfffffff0 }, s.lab.metadataKeys)));
      s.expectReported(/future/);
      const trusted = s.device.updateState.read()?.value.trustedSequence ?? 0;
      s.expect(trusted < 0xfffffff0, `the device now trusts sequence ${trusted}`);
      s.connect(undefined, 20);
      s.expectCurrent('(genuine metadata must still be accepted)');
      // The far-future document is refused by any skew bound; the one that tests the design is issued at the
      // edge of its own bound (sequences are issue times): the worst document the device accepts. Accepted, it
      // makes every genuine document issued before that time a rollback. Once the attack stops, a release
      // published now must still run within the profile's max-reach, as on an honest network: that deadline is
      // the profile's, so a design declaring a long skew does not grade itself.
      const reach = ctx.requiredHours(MAX_REACH);
      const skew = s.lab.design.metadata.maxClockSkewSeconds;
      const edge = s.lab.now + skew;
      const body = genuineBody(s);
      const ahead = edge - body.issuedAt;
      s.connect(serving('sequence at the edge of the clock skew', forgeMetadata({ ...body, sequence: edge, issuedAt: edge, expiresAt: body.expiresAt === NEVER_EXPIRES ? NEVER_EXPIRES : Math.min(body.expiresAt + ahead, NEVER_EXPIRES - 1) }, s.lab.metadataKeys)));
      s.lab.publishOs(4, s.service);
      // Checks at the design's slowest schedule, as renewable-security.max-reach is emulated, up to the deadline.
      const every = s.lab.design.checks.maxIntervalHours;
      let waited = 0;
      while (!s.lab.isCurrent(s.device, s.service) && waited + every <= reach) {
        s.connect(undefined, every);
        waited += every;
      }
      s.note(`  release 4, published right after a document issued ${HOURS(skew)} h (${skew} s) ahead: ${s.lab.isCurrent(s.device, s.service) ? `running after ${waited} h` : `not running ${waited} h later`} (${MAX_REACH} ≤ ${reach} h)`);
      s.expectCurrent(`${reach} h after the release published right after a document issued ${skew} s ahead (within the design's clock skew): it is locked out for longer than the ${reach} h ${MAX_REACH} allows`);
      return s;
    },
  },
  {
    id: 'tuf/indefinite-freeze',
    standard: 'TUF',
    standardId: 'Indefinite freeze attack',
    title: 'the same genuine metadata replayed while a new release is deployed, until past the profile’s freeze-detection bound',
    attacker: 'controls the network; replays the last genuine metadata and answers the time sync with the time it was fresh; each high-level app of the product, compromised, sets the device clock back before every check where the OS lets it',
    run(ctx) {
      const s = ctx.scenario({ deploy: false });
      // How soon the freeze must be reported is the profile's bound; the design's own (its expiry plus its
      // longest check interval) is also held to, but a design declaring a long expiry does not grade itself.
      const required = ctx.requiredHours(MAX_FREEZE_DETECTION);
      const old = s.service.issueMetadata(s.group);
      s.connect();
      const frozenAt = s.lab.now;
      s.lab.publishOs(3, s.service);
      s.lab.deployApps(s.group, 3, s.service);
      // The design's own bound, read here (the spec's is freezeDetectionBound): the last fresh document goes stale
      // expiresAfterHours after it came, and the next check (at most maxIntervalHours later) finds it so.
      const expires = s.lab.design.metadata.expiresAfterHours;
      const own = expires === null ? undefined : (expires + s.lab.design.checks.maxIntervalHours) * 3600;
      const replay = serving('replays the first metadata', old);
      // Replayed at every check of the design's slowest schedule (as max-reach is emulated) until the profile's
      // bound has passed: a report at any later check would be late.
      const every = s.lab.design.checks.maxIntervalHours;
      // A compromised app that may set the clock keeps the replayed document looking as fresh as when it came:
      // the device judges expiry by its own clock (the rule: model/update/clock.ts; the OS's own reading:
      // system-time.ts). Apps that may not are refused, and the freeze is judged as before.
      const setters = ctx.apps.filter((app) => app.kind === 'high-level');
      const clockSetBy = new Set<string>();
      for (let hours = every; hours < required + every; hours += every) {
        s.lab.now += Math.round(every * 3600);
        for (const app of setters) {
          if (setSystemTime(s.device, app, frozenAt, s.lab.now).ok) clockSetBy.add(app.name);
          // An app that may configure the time sync points it at a server it runs, which answers with the frozen time.
          else if (chooseTimeServer(s.device, app, s.lab.now).ok && syncTime(s.device, frozenAt, s.lab.now, 'app-server').ok) clockSetBy.add(`${app.name} (through a time server of its own)`);
        }
        // The network attacker answers the device's time sync too: taken only where it is unauthenticated.
        // Where the design does not say how the sync is authenticated, the answer is not played: the freeze is then undecided.
        const synced = syncTime(s.device, frozenAt, s.lab.now, 'on-path');
        if (synced.ok) clockSetBy.add('the network attacker (unauthenticated time sync)');
        else if (synced.notPlayed) s.undecided(`the network attacker's time-sync answer was not played: the design does not state timeSync (whether the device authenticates its time source)`);
        s.connect(replay);
      }
      const byClock = clockSetBy.size ? `; ${[...clockSetBy].join(', ')} set the device clock back to the last fresh check before every check, so the replayed metadata never expired` : '';
      // The device's clock is the lab's again: the recovery below is judged on true time.
      s.device.clockOffsetSeconds = 0;
      s.expectNotCurrent('the frozen device installed the new release (the replay should have hidden it)');
      const reported = [...(s.device.log?.pending() ?? []), ...s.service.received(s.device.identity.deviceId)].find((e) => e.kind === 'update-failure' && /expired|frozen/.test(e.detail));
      if (own === undefined) s.note('  the design lets metadata never expire: nothing tells the device it is frozen');
      const after = reported ? reported.time - frozenAt : undefined;
      s.expect(after !== undefined && after <= required * 3600, after !== undefined ? `the freeze was reported ${HOURS(after)} h after the last fresh metadata, later than the ${required} h ${MAX_FREEZE_DETECTION} allows` : `the freeze was never reported (${HOURS(s.lab.now - frozenAt)} h of replays; ${MAX_FREEZE_DETECTION} ≤ ${required} h${byClock})`);
      s.expect(after === undefined || own === undefined || after <= own, `the freeze was reported ${HOURS(after ?? 0)} h after the last fresh metadata, later than the design's own ${HOURS(own ?? 0)} h bound`);
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'tuf/malicious-mirrors',
    standard: 'TUF',
    standardId: 'Malicious mirrors preventing updates',
    title: 'the mirror answers with errors, then with garbage, then recovers',
    attacker: 'runs the mirror the device downloads from',
    run(ctx) {
      const s = ctx.scenario();
      s.connect(failing('mirror errors', 'HTTP 503'));
      s.expectReported(/no metadata: HTTP 503/);
      s.connect(serving('mirror garbage', new TextEncoder().encode('<html>maintenance</html>')), 20);
      s.expectReported(/metadata unreadable/);
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'tuf/mix-and-match',
    standard: 'TUF',
    standardId: 'Mix-and-match attack',
    title: 'genuine metadata, but a kernel from another release (release 4) in place of release 3’s',
    attacker: 'controls the network; has every image the vendor ever published',
    run(ctx) {
      const s = ctx.scenario();
      const other = genuine(s, kernelSlot(s.lab), 4);
      const wanted = s.service.targetsFor(s.group).find((t) => t.name === kernelSlot(s.lab))!;
      s.connect({ name: 'serves release 4 kernel for release 3’s hash', target: (sha, real) => (sha === hex(wanted.sha256) ? { ok: true, value: [{ bytes: other, seconds: 0.05 }] } : real()) });
      s.expectReported(tamperedDownloadRefusal(s.lab));
      s.expect(runningVersion(s, kernelSlot(s.lab)) !== 4, 'the release 4 kernel was installed under release 3 metadata');
      s.connect(undefined, 20);
      s.expectCurrent();
      return s;
    },
  },
  {
    id: 'tuf/rollback',
    standard: 'TUF',
    standardId: 'Rollback attack',
    title: 'after updating to release 3, the older genuine metadata (release 2) is replayed',
    attacker: 'controls the network; recorded earlier genuine metadata',
    run(ctx) {
      const s = ctx.scenario({ deploy: false });
      const old = s.service.issueMetadata(s.group);
      s.lab.publishOs(3, s.service);
      s.lab.deployApps(s.group, 3, s.service);
      s.connect(undefined, 1);
      s.expectCurrent('(setup: the honest update)');
      s.connect(serving('replays release 2 metadata', old), 20);
      s.expectReported(/older than the trusted/);
      s.expectCurrent('after the replay');
      return s;
    },
  },
  {
    id: 'tuf/key-compromise',
    standard: 'TUF',
    standardId: 'Vulnerability to key compromises (below threshold)',
    title: 'the online metadata key(s) below the full threshold: no image key; then the kernel’s image key: no metadata key; then every online metadata key, after the vendor replaced them',
    attacker: 'holds threshold − 1 metadata keys, or with a threshold of one the online key itself, and its own image key; then, on a fresh device, the vendor’s key(s) that check the kernel (stolen, not yet revoked) and no metadata key; then, on another, every online metadata key the device was provisioned with; controls the network',
    run(ctx) {
      const s = ctx.scenario();
      const { threshold } = s.lab.design.metadata;
      const stolen = s.lab.metadataKeys.slice(0, Math.max(1, threshold - 1));
      const evil = attackerSignedImage(genuine(s, kernelSlot(s.lab), 3), ctx.attacker);
      const forged = forgeMetadata({ ...genuineBody(s), targets: replaceTarget(genuineBody(s).targets, targetFor(kindOf(s.lab, kernelSlot(s.lab)), kernelSlot(s.lab), evil)) }, [...stolen, ctx.attacker.key]);
      s.note(`  the attacker signs with ${stolen.length} of ${s.lab.metadataKeys.length} metadata keys (threshold ${threshold}) and its own image key`);
      s.connect(serving('metadata under stolen keys', forged, [evil]));
      s.expectReported(threshold > 1 ? /not trusted/ : /does not verify/);
      s.connect(undefined, 20);
      s.expectCurrent();
      imageKeyAlone(ctx, s);
      onlineKeysStolen(ctx, s);
      return s;
    },
  },
  {
    id: 'tuf/wrong-software',
    standard: 'TUF',
    standardId: 'Wrong software installation',
    title: 'genuine metadata of another device group (on the RetailEval feed when there is one, with release 4) sent to the device',
    attacker: 'controls the network; replays what the service sends other devices',
    run(ctx) {
      const s = ctx.scenario();
      const other = otherGroup(s.lab, s.group);
      s.lab.publishOs(4, s.service, s.lab.now);
      const evaluation = s.service.issueMetadata(other);
      s.connect(serving(`metadata of ${other}`, evaluation));
      // The refusal quotes the maker's product name, which may hold any character: `[\s\S]`, not `.`, which stops at a
      // line terminator (a carriage return, U+2028) and failed the attack on a refusal the device made and reported.
      s.expectReported(new RegExp(`is for [\\s\\S]*${other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      // Refused, so nothing was installed: the device still runs the factory release it left with.
      s.expect(runningVersion(s, kernelSlot(s.lab)) === 2, `the ${s.group} device installed what ${other}'s metadata lists (its kernel is now at version ${runningVersion(s, kernelSlot(s.lab))})`);
      s.connect(undefined, 20);
      s.expectCurrent(`(its own group's release, after the replay)`);
      return s;
    },
  },
];

/**
 * The other half of TUF's key compromise: the key(s) that check the kernel stolen (before the vendor knows: nothing is
 * revoked yet), no metadata key. The thief signs its own kernel at the security version the genuine metadata names,
 * with the boot manifests that list the kernel re-signed, and serves them in place of the genuine ones under the
 * vendor's genuine metadata. Metadata that names each target by its digest refuses them (SHA-256); metadata that names
 * a version only (metadata.targetBinding 'version') installs them: the emulated reading of
 * model/update/target-binding.ts. A design that does not state its binding is not played (never defended).
 */
function imageKeyAlone(ctx: Parameters<AttackCase['run']>[0], first: Scenario): void {
  const binding = ctx.lab.design.metadata.targetBinding;
  if (binding === undefined) {
    first.undecided(`the update design does not state what ties a listed target to the bytes installed (/metadata/targetBinding): the kernel signed with a stolen image key under genuine metadata was not played`);
    return;
  }
  const s = ctx.scenario();
  const slot = kernelSlot(s.lab);
  const stage = slot.slice('image/'.length);
  const release = s.lab.release(kindOf(s.lab, slot), 3);
  const current = {
    images: new Map(s.lab.platform.boot.map((st) => [st.image, release.slots.get(imageSlot(st.image))!] as const)),
    manifests: new Map(s.lab.vendor.manifestKeys().map((k) => [k, release.slots.get(manifestSlot(k))!] as const)),
  };
  // The thief's body is as long as the vendor's: the metadata's length is the one thing it cannot change.
  const payload = new TextEncoder().encode('ATTACKER PAYLOAD (stolen image key)\n');
  const thief = s.lab.vendor.release(3, [stage], current, { body: (_stage, body) => { const own = body.slice(); own.set(payload.subarray(0, own.length)); return own; } });
  const swaps = new Map<string, Uint8Array>([[hex(sha256(current.images.get(stage)!)), thief.images.get(stage)!]]);
  for (const [key, manifest] of thief.manifests) if (manifest !== current.manifests.get(key)) swaps.set(hex(sha256(current.manifests.get(key)!)), manifest);
  const keys = [...new Set(s.lab.platform.boot.find((st) => st.image === stage)!.checks.map((c) => c.key))];
  first.note(`  on a fresh device: the thief of ${keys.join(', ')} (no metadata key) serves its own ${stage} at security version 3${swaps.size > 1 ? `, with ${swaps.size - 1} boot manifest${swaps.size > 2 ? 's' : ''} re-signed to list it` : ''}, under the vendor's genuine metadata (targets bound by ${binding})`);
  s.connect({ name: `serves the thief's ${stage} under genuine metadata`, target: (sha, real) => { const bytes = swaps.get(sha); return bytes ? { ok: true, value: [{ bytes, seconds: 0.05 }] } : real(); } });
  const running = s.device.running ? s.device.banks.read(s.device.running, slot) : undefined;
  const installed = !!running && Buffer.compare(Buffer.from(running), Buffer.from(thief.images.get(stage)!)) === 0;
  first.note(`  the device ${installed ? 'INSTALLED the thief’s image' : 'refused it'}: ${s.device.journal.slice(-2).join(' | ')}`);
  first.expect(!installed, `the ${stage} image a thief signed with the stolen ${keys.join(', ')} was installed under the vendor's genuine metadata, with no metadata key (${ctx.lab.design.name}: targets bound by ${binding})`);
  s.connect(undefined, 20);
  first.expect(ctx.lab.isCurrent(s.device, s.service), `after the thief's ${stage} was refused, the device does not run the deployed version`);
}

/**
 * The third part of TUF's key compromise: every online metadata key stolen (the service that signs metadata taken over),
 * no image key. The vendor replaces the keys by the path its design states (a key set its offline root signs, handed to
 * the device as the vendor's service would) and publishes its fix, release 3, under the new keys; the thief, on the
 * device's network, signs fresh metadata with the stolen keys listing the factory release. The device must refuse it
 * (and report the refusal) and run release 3 once the thief is gone. A device with no rotation path accepts the thief's
 * metadata at every check (fresh, so no freeze is reported) and refuses the vendor's. The emulated reading of
 * model/update/metadata-key-rotation.ts: the device decides with the root it was provisioned with
 * (emulator/update/metadata-key-rotation.ts). A design that does not state its rotation is not played (never defended).
 */
function onlineKeysStolen(ctx: Parameters<AttackCase['run']>[0], first: Scenario): void {
  const rotation = ctx.lab.design.metadata.keyRotation;
  if (rotation === undefined) {
    first.undecided(`the update design does not state how its online metadata keys are replaced after a compromise (/metadata/keyRotation): the thief's fresh metadata under every stolen online key was not played`);
    return;
  }
  const replaced = ctx.lab.rotatedMetadataKeys(1);
  // The vendor's service after the compromise: release 3 under the new keys. The thief's: the stolen keys, the factory release.
  const s = ctx.scenario({ metadataKeys: replaced.keys });
  const thief = ctx.lab.newService();
  first.note(`  on a fresh device: the thief holds all ${ctx.lab.metadataKeys.length} online metadata key(s); the vendor publishes release 3 under new keys, ${replaced.document ? 'named by a key set its offline root signed' : 'with nothing to name them to the device by (keyRotation none)'}`);
  if (replaced.document) {
    const handed = acceptMetadataKeySet(s.device, replaced.document, s.lab.now);
    first.note(`  the vendor's key set: ${handed.accepted ? 'accepted' : 'REFUSED'}: ${handed.detail}`);
  }
  const stolen = s.connect(serving('the thief signs fresh metadata listing release 2 with the stolen keys', () => thief.issueMetadata(s.group, s.lab.now)), 1).check;
  const accepted = !!stolen && stolen.outcome !== 'refused' && stolen.outcome !== 'failed';
  first.note(`  the thief's fresh metadata: ${accepted ? 'ACCEPTED' : 'refused'}: ${stolen ? `${stolen.outcome}: ${stolen.detail}` : 'no check'}`);
  first.expect(!accepted, `the device accepted fresh metadata a thief signed with the stolen online metadata key(s) (${ctx.lab.design.name}: keyRotation ${rotation}), listing release 2 while the vendor's release 3 is published: it stays on the old images and reports no freeze`);
  s.connect(undefined, 20);
  first.expect(ctx.lab.isCurrent(s.device, s.service), `once the thief of the online metadata keys is gone, the device does not run release 3, published under the vendor's new keys (keyRotation ${rotation})`);
}
