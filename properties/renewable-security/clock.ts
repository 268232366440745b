/**
 * A freeze is noticed only by a clock the attacker does not set (renewable-security.max-freeze-detection).
 * The update client judges metadata expiry by the device's own clock; a high-level app whose manifest lets it
 * set the system time (model/update/clock.ts) can, once compromised, set it back before every check, and the
 * replayed document never expires however short the design's expiry. Nor may a network attacker: a design
 * whose time sync is unauthenticated is violated, one that does not say is unknown (model/update/clock.ts
 * timeSourceFinding). Read statically from the product's
 * manifests here; the attack catalog's tuf/indefinite-freeze plays the same apps on the emulated device.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { designFieldPlace } from '../../model/product/design-field-hint.js';
import type { Product } from '../../model/product/product.js';
import { clockSettingApps, CLOCK_SETTING_CAPABILITIES, timeSourceFinding } from '../../model/update/clock.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { timeSyncServerTrustGap } from '../../model/update/time-sync-trust.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { MAX_FREEZE_DETECTION } from '../../model/update/update-requirements.js';
import { imageManifestFindings } from '../hardware-root-of-trust/image-manifest-match.js';
import type { RuleOutcome } from './rule.js';

/** `protocol`: the product's protocol design (what the device accepts of a server certificate), when it loads. */
export function checkClockSetters(design: UpdateDesign, updateFile: string, product: Product, reproduce: string, protocol?: { design: Pick<ProtocolDesign, 'device'>; file: string }): RuleOutcome {
  const rule = 'neither an app nor the network sets the clock the update client judges metadata by';
  const capabilities = CLOCK_SETTING_CAPABILITIES.join(' or ');
  const base = { rule, requirement: MAX_FREEZE_DETECTION, bound: `static: the product's high-level apps holding ${capabilities}` };
  if (design.metadata.expiresAfterHours === null) {
    return { ...base, verdict: 'holds', notApplicable: true, summary: `metadata never expires in ${displayPath(updateFile)} (/metadata/expiresAfterHours), so no freeze check rests on the clock (the attack catalog judges the freeze itself)`, evidence: [] };
  }
  const source = timeSourceFinding(design);
  const expiry = `${displayPath(updateFile)} /metadata/expiresAfterHours: metadata expires after ${design.metadata.expiresAfterHours} h of the device's clock; a freeze is noticed only when that clock moves on (${MAX_FREEZE_DETECTION})`;
  if (source === 'unauthenticated') {
    return { ...base, verdict: 'violated', summary: `the device sets its clock from an unauthenticated time sync (${displayPath(updateFile)} /timeSync): a network attacker, who replays the metadata, also answers the time sync and sets the clock back before each check, so a frozen (replayed) document never expires`, evidence: [{ title: `${rule}: violated`, lines: [`${displayPath(updateFile)} /timeSync: unauthenticated`, expiry, 'authenticate the time source (an authenticated time protocol, or time taken from the authenticated update service)'], reproduce }] };
  }
  const setters = clockSettingApps(product);
  if (setters.length === 0 && source === 'unstated') {
    return { ...base, verdict: 'unknown', summary: `the update design does not state whether the device's time source is authenticated (${displayPath(updateFile)} /timeSync): if it is not, a network attacker answers the time sync, sets the clock back before each check and a freeze is never noticed; the facts file does not say whether Azure Sphere's time sync is authenticated`, evidence: [{ title: `${rule}: unknown`, lines: [`${displayPath(updateFile)} /timeSync: not stated`, expiry, `state "timeSync": "authenticated" (with how) or "unauthenticated" ${designFieldPlace('update', updateFile)}`], reproduce }] };
  }
  if (setters.length === 0) {
    // Read from the manifests; the device enforces the ones in the app images. An image that differs in a
    // clock-setting capability may let its app set the clock although no manifest says so.
    const unseen = imageManifestFindings(product).filter((f) => CLOCK_SETTING_CAPABILITIES.some((c) => f.field === `Capabilities/${c}`));
    if (unseen.length) return { ...base, verdict: 'unknown', summary: `no app's manifest holds ${capabilities}, but ${unseen[0]!.message}: the app on the device may set the clock metadata expiry is judged by`, evidence: [{ title: `${rule}: unknown`, lines: unseen.map((f) => f.message), reproduce }] };
    // "authenticated" without how: a time server authenticated by its certificate is whoever holds one the device accepts.
    const trustGap = protocol ? timeSyncServerTrustGap(protocol.design) : undefined;
    if (trustGap) {
      const where = `${displayPath(protocol!.file)} ${trustGap.pointer}`;
      return { ...base, verdict: 'unknown', summary: `the update design says the device's time sync is authenticated (${displayPath(updateFile)} /timeSync) but not how, and ${trustGap.reason} (${where}): a time sync authenticated by its server's certificate is answered by an attacker on the path with one of its own, who sets the clock back before each check, so a frozen (replayed) document never expires`, evidence: [{ title: `${rule}: unknown`, lines: [`${displayPath(updateFile)} /timeSync: authenticated`, `${where}: ${trustGap.reason}`, expiry, 'make the device check server certificates against its root store and their host names, or state a time sync authenticated by something other than a server certificate'], reproduce }] };
    }
    return { ...base, verdict: 'holds', summary: `the device's time sync is authenticated (${displayPath(updateFile)} /timeSync) and no app of the product holds ${capabilities}, so neither the network nor an app sets the clock metadata expiry is judged by`, evidence: [] };
  }
  const first = setters[0]!;
  return {
    ...base,
    verdict: 'violated',
    summary: `${setters.map((s) => `${s.app} (${s.pointer})`).join(', ')} may set the device clock (${displayPath(first.manifestFile)} ${first.capabilityPointer}): the update client judges metadata expiry by that clock, so a compromised app sets it back before each check and a frozen (replayed) document never expires`,
    evidence: [
      {
        title: `${rule}: violated`,
        lines: [
          ...setters.map((s) => `${displayPath(s.manifestFile)} ${s.capabilityPointer}: ${s.app} (${s.pointer}) ${s.capabilityPointer.endsWith('/TimeSyncConfig') ? 'may point the time sync at a server of its own, which sets the system time' : 'may set the system time'}`),
          expiry,
          `remove ${capabilities} from the app's manifest (keep the time the OS synchronises from its own server), or give the update client a clock no app can set`,
        ],
        reproduce,
      },
    ],
  };
}
