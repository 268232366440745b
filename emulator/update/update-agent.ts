/**
 * One update check, as the device's update agent runs it:
 *   1. fetch the metadata (at most metadata.maxBytes), keep a private copy (the network cannot change
 *      it after it is checked), parse it, count signatures of trusted keys against the threshold;
 *   2. it must be for this product and this device group, its sequence must not be below the trusted
 *      one (rollback) nor in the device's future (fast-forward: sequences are issue times), and it must
 *      not have expired (freeze); the accepted sequence is stored durably;
 *   3. keep the targets of the kinds the group's policy receives; a kind is pending when any of its
 *      targets differs from the running bank; a pending image older than its counter refuses the kind;
 *   4. an app with the deferral capabilities may postpone OS and app kinds, never past the bound
 *      counted from when the device first learnt the kind was out of date (stored, so a reset does not restart
 *      it; nor does a newer release, unless the design says deferral.countedFrom each-release);
 *   5. install the pending kinds (installer.ts), then reboot into them.
 * Every refusal is an 'update-failure' event in the failure log.
 * Second reading of model/update/update-step.ts (metadataDecision, kindDecision, bankAfter), with the
 * policy rules read again in agent-policy.ts; test/differential/update-harness.ts holds the two together.
 */
import { trustedMetadataKeys } from './metadata-key-rotation.js';
import { checkThreshold } from '../../formats/update-metadata/metadata-signature.js';
import { NEVER_EXPIRES, parseUpdateMetadata, type ParseMetadataResult, type UpdateTarget } from '../../formats/update-metadata/metadata.js';
import { BytesMemo } from '../boot/index.js';
import type { MetadataRefusal } from '../../model/update/update-step.js';
import { UPDATE_KINDS, type UpdateKind } from '../../model/update/update-design.js';
import { acceptsKind, expiredAt, mayPostpone, postponedUntil, SECONDS_PER_HOUR } from './agent-policy.js';
import { installTargets, type InstallHooks } from './installer.js';
import type { UpdateSource } from './service-api.js';
import { hex, sha256, slotComponent, slotKind } from './slots.js';
import { stamp, type UpdateDevice, type UpdateState } from './update-device.js';

export type CheckOutcome = 'up-to-date' | 'installed' | 'deferred' | 'refused' | 'failed';

export interface CheckResult {
  time: number;
  outcome: CheckOutcome;
  detail: string;
  /** Sequence of the metadata accepted, if any. */
  sequence?: number;
  installedKinds: UpdateKind[];
  deferredKinds: UpdateKind[];
  /** Kinds refused because a target is below its counter. */
  refusedKinds?: UpdateKind[];
  /** Which check a refused document failed (undefined for size, parse and slot refusals, which the spec leaves to the format). */
  metadataRefusal?: MetadataRefusal;
}

/**
 * Parsed documents by their exact bytes (BytesMemo: compared byte for byte, and the parse reads the
 * memo's private copy): a power-cut sweep's resumed updates fetch the same document at every cut point.
 * The agent only reads what the parse returns, so one result serves every check of the same bytes.
 */
const PARSED = new BytesMemo<ParseMetadataResult>(256);
export const parsedMetadata = (bytes: Uint8Array): ParseMetadataResult => PARSED.get(bytes, parseUpdateMetadata);

export function checkForUpdates(device: UpdateDevice, source: UpdateSource, now: number, hooks: InstallHooks = {}): CheckResult {
  const result = (outcome: CheckOutcome, detail: string, extra: Partial<CheckResult> = {}): CheckResult => {
    if (outcome === 'refused' || outcome === 'failed') device.report(now, 'update-failure', detail);
    device.journal.push(`${stamp(now)} update check: ${outcome}: ${detail}`);
    return { time: now, outcome, detail, installedKinds: [], deferredKinds: [], ...extra };
  };
  if (!device.isRunning) return { time: now, outcome: 'failed', detail: 'the device is not running', installedKinds: [], deferredKinds: [] };
  const state: UpdateState = device.updateState.read()?.value ?? { trustedSequence: 0, lastFreshIssuedAt: 0, learned: {} };
  const stale = () => (device.design.metadata.expiresAfterHours !== null && state.lastFreshIssuedAt > 0 && now - state.lastFreshIssuedAt > device.design.metadata.expiresAfterHours * SECONDS_PER_HOUR ? `; no fresh metadata since ${stamp(state.lastFreshIssuedAt)}: updates may be frozen` : '');

  const fetched = source.fetchMetadata({ deviceId: device.identity.deviceId, product: device.identity.product, deviceGroup: device.identity.deviceGroup });
  if (!fetched.ok) return result('failed', `no metadata: ${fetched.reason}${stale()}`);
  if (fetched.value.length > device.design.metadata.maxBytes) return result('refused', `metadata of ${fetched.value.length} bytes is over the ${device.design.metadata.maxBytes}-byte limit${stale()}`);
  const bytes = fetched.value.slice(); // the device's own copy: later changes by the sender are not seen (THREAT.MFST.TOCTOU)
  const parsed = parsedMetadata(bytes);
  if (!parsed.ok) return result('refused', `metadata unreadable: ${parsed.error.code} at byte ${parsed.error.offset}: ${parsed.error.message}${stale()}`);
  const meta = parsed.metadata;
  // Sequence numbers are issue times in this design; say so when they agree, it reads better in a trace.
  const label = meta.sequence === meta.issuedAt ? `metadata of ${stamp(meta.issuedAt)}` : `metadata #${meta.sequence}`;
  const signatures = checkThreshold(meta, parsed.signed, trustedMetadataKeys(device), device.design.metadata.threshold, (d, s, k) => device.verifier.verify(d, s, k));
  if (!signatures.ok) return result('refused', `${label} not trusted: ${signatures.detail}${stale()}`, { metadataRefusal: 'signatures' });
  if (meta.product !== device.identity.product || meta.deviceGroup.toLowerCase() !== device.identity.deviceGroup.toLowerCase()) {
    return result('refused', `metadata is for ${meta.product}/${meta.deviceGroup}, not ${device.identity.product}/${device.identity.deviceGroup}${stale()}`, { metadataRefusal: 'addressee' });
  }
  if (meta.sequence < state.trustedSequence) return result('refused', `metadata #${meta.sequence} is older than the trusted #${state.trustedSequence} (rollback)${stale()}`, { metadataRefusal: 'rollback' });
  const skew = device.design.metadata.maxClockSkewSeconds;
  if (meta.sequence > now + skew || meta.issuedAt > now + skew) return result('refused', `metadata #${meta.sequence} claims to be issued ${stamp(Math.max(meta.sequence, meta.issuedAt))}, in the device's future (fast-forward)${stale()}`, { metadataRefusal: 'fast-forward' });
  if (device.design.metadata.expiresAfterHours !== null && meta.expiresAt !== NEVER_EXPIRES && expiredAt(meta.expiresAt, now)) {
    return result('refused', `${label} expired at ${stamp(meta.expiresAt)}${stale()}`, { metadataRefusal: 'expired' });
  }
  if (device.design.metadata.expiresAfterHours !== null && meta.expiresAt === NEVER_EXPIRES) return result('refused', `${label} has no expiry, which this design requires`, { metadataRefusal: 'no-expiry' });
  const fresh: UpdateState = { ...state, trustedSequence: meta.sequence, lastFreshIssuedAt: Math.max(state.lastFreshIssuedAt, meta.issuedAt) };

  const policy = device.group.updatePolicy;
  const targets: UpdateTarget[] = [];
  for (const t of meta.targets) {
    const kind = slotKind(device.design, device.platform, t.name);
    if (!kind || kind !== t.kind || !device.bootSlots().includes(t.name)) {
      device.updateState.write(fresh, 'update-agent');
      return result('refused', `${label} lists ${t.name} as ${t.kind}, which is no ${t.kind} slot of this device`, { sequence: meta.sequence });
    }
    if (acceptsKind(policy, kind)) targets.push(t);
  }
  // Each target's digest in hex once per check: differs() is asked about every target several times.
  const wanted = new Map<UpdateTarget, string>();
  const wantedHex = (t: UpdateTarget) => wanted.get(t) ?? wanted.set(t, hex(t.sha256)).get(t)!;
  const differs = (t: UpdateTarget, bank = device.running!) => device.banks.digest(bank, t.name) !== wantedHex(t);
  // Kinds install in UPDATE_KINDS order (prerequisite first), whatever updateKinds[].order says: a design
  // whose key store is not ordered before the images it verifies fails checkAgainstPlatform
  // (model/update/load-update.ts) and is never run here.
  const pending = UPDATE_KINDS.filter((k) => targets.some((t) => t.kind === k && differs(t)));
  const learned: Record<string, number> = {};
  const install: UpdateKind[] = [];
  const deferred: UpdateKind[] = [];
  const refusals: string[] = [];
  const refusedKinds: UpdateKind[] = [];
  for (const kind of pending) {
    const kindTargets = targets.filter((t) => t.kind === kind);
    const older = kindTargets.find((t) => {
      const component = slotComponent(t.name);
      const counter = component ? device.platform.boot.find((s) => s.image === component)?.rollback?.counter : undefined;
      if (counter === undefined) return false;
      // A counter the agent cannot read is no licence: the update is refused as if it were older.
      const read = device.chip.readCounter(counter, 'update-agent');
      return !read.ok || t.securityVersion < read.value;
    });
    if (older) {
      refusals.push(`${kind}: ${older.name} has security version ${older.securityVersion}, below its counter (rollback)`);
      refusedKinds.push(kind);
      continue;
    }
    // The window runs from when the device first learnt the kind was out of date (a newer release does not
    // restart it), unless the design restarts it per release (deferral.countedFrom each-release, a flaw).
    const key = device.design.deferral.countedFrom === 'each-release' ? `${kind}:${hex(sha256(new TextEncoder().encode(kindTargets.map((t) => `${t.name}=${hex(t.sha256)}`).join(','))))}` : kind;
    learned[key] = state.learned[key] ?? now;
    if (mayPostpone(kind) && device.deferral) {
      const until = postponedUntil(device.design, learned[key]!, now, device.deferral.requestHours * SECONDS_PER_HOUR);
      if (now < until) {
        deferred.push(kind);
        device.journal.push(`${stamp(now)} ${device.deferral.app} defers the ${kind} update until ${stamp(until)} (learnt ${stamp(learned[key]!)})`);
        continue;
      }
    }
    install.push(kind);
  }
  device.updateState.write({ ...fresh, learned }, 'update-agent');
  if (refusals.length) result('refused', refusals.join('; '), { sequence: meta.sequence });
  if (install.length === 0) {
    if (deferred.length) return result('deferred', `${deferred.join(', ')} deferred`, { sequence: meta.sequence, deferredKinds: deferred, refusedKinds });
    return result(refusals.length ? 'refused' : 'up-to-date', refusals.length ? 'nothing installable' : `${label}: running every target`, { sequence: meta.sequence, refusedKinds });
  }
  const chosen = targets.filter((t) => install.includes(t.kind) && differs(t));
  const installed = installTargets(device, source, chosen, hooks);
  if (!installed.ok) return result('failed', `install of ${install.join(', ')} into bank ${installed.bank} failed: ${installed.reason}`, { sequence: meta.sequence, deferredKinds: deferred, refusedKinds });
  device.journal.push(`${stamp(now)} staged ${installed.written.length} slots into bank ${installed.bank} and verified it: rebooting`);
  device.reboot(now);
  const after = device.running;
  const ok = after === installed.bank && chosen.every((t) => !differs(t, after));
  return result(ok ? 'installed' : 'failed', ok ? `${install.join(', ')} installed from ${label}` : `after the reboot the device runs bank ${after ?? 'none'}, not the staged bank ${installed.bank}`, {
    sequence: meta.sequence,
    installedKinds: ok ? install : [],
    deferredKinds: deferred,
    refusedKinds,
  });
}
