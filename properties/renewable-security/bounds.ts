/**
 * The update schedule against the requirement profile, in hours: the longest interval between update
 * checks (checks.maxIntervalHours) and the longest an app may defer (deferral.maxHours) are at most the
 * profile's renewable-security.max-check-interval and max-deferral. The design's own numbers are what is
 * judged, never the bound (and a design that does not check on connecting has no bound at all when an app of the
 * product may restart the device: model/update/check-restarts.ts); a window that restarts with each newer release (deferral.countedFrom each-release)
 * has no bound at all under a stream of releases. Deferral bears on the product only when one of its apps holds the
 * capabilities deferral needs; otherwise the requirement is not applicable and the verdict says so.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { designFieldPlace } from '../../model/product/design-field-hint.js';
import type { Product } from '../../model/product/product.js';
import { requiredNumber, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { appPostponingChecks, imagePostponingChecks, RESTART_CONTROL } from '../../model/update/check-restarts.js';
import { deferralRestartsPerRelease, unstatedDeferralCounting } from '../../model/update/policy.js';
import { deferringApp } from '../../model/update/product-update.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { imageManifestFindings, type ImageManifestFinding } from '../hardware-root-of-trust/image-manifest-match.js';
import type { RuleOutcome } from './rule.js';

export const MAX_CHECK_INTERVAL = 'renewable-security.max-check-interval';
export const MAX_DEFERRAL = 'renewable-security.max-deferral';

export function checkCheckInterval(design: UpdateDesign, updateFile: string, product: Pick<Product, 'apps' | 'file'>, profile: RequirementProfile, reproduce: string): RuleOutcome {
  const rule = 'the device checks for updates often enough';
  const required = requiredNumber(profile, MAX_CHECK_INTERVAL);
  const longest = design.checks.maxIntervalHours;
  const base = { rule, requirement: MAX_CHECK_INTERVAL, bound: `static: checks every ${design.checks.intervalHours}–${longest} h against ≤ ${required} h` };
  // No check on connecting: the interval runs from the last restart, and an app that may restart the device postpones every check.
  const restarter = appPostponingChecks(product, design);
  if (restarter) {
    const summary = `${restarter.app} may restart the device (PowerControls ${RESTART_CONTROL}), and the device does not check on connecting: each restart starts the ${design.checks.intervalHours} h wait for the next check again, so restarting before it falls due keeps every update off the device; the interval between checks has no bound, more than the ${required} h ${MAX_CHECK_INTERVAL} allows`;
    return { ...base, verdict: 'violated', summary, evidence: [{ title: `${rule}: violated`, lines: [`${displayPath(updateFile)} /checks/onConnect: false; a check comes only ${design.checks.intervalHours} h after the device started (or last checked), and a restart starts the wait again`, `${displayPath(product.file)} /apps/${restarter.index}: ${restarter.app} holds PowerControls ${RESTART_CONTROL}, so it can restart the device before every check; required: a check at least every ${required} h (${MAX_CHECK_INTERVAL})`], reproduce }] };
  }
  // "No app may restart the device" is read from the manifests; the device enforces the images' capabilities.
  const imageRestarter = imagePostponingChecks(product, design);
  if (imageRestarter) {
    return { ...base, verdict: 'unknown', summary: `no app's manifest holds PowerControls ${RESTART_CONTROL}, but ${imageRestarter.app}'s image does (${imageRestarter.image}); the device does not check on connecting, so that app may restart it before every check falls due`, evidence: [{ title: `${rule}: not decided`, lines: [`${displayPath(product.file)} /apps/${imageRestarter.index}/image: ${imageRestarter.image}`, `${displayPath(updateFile)} /checks/onConnect: false`], reproduce }] };
  }
  if (longest > required) {
    return { ...base, verdict: 'violated', summary: `checks may be ${longest} h apart, more than the ${required} h ${MAX_CHECK_INTERVAL} allows`, evidence: [{ title: `${rule}: violated`, lines: [`${displayPath(updateFile)} /checks/maxIntervalHours: ${longest} h between update checks; required ≤ ${required} h (${MAX_CHECK_INTERVAL})`], reproduce }] };
  }
  return { ...base, verdict: 'holds', summary: `checks at most ${longest} h apart (≤ ${required} h)`, evidence: [] };
}

export function checkDeferral(design: UpdateDesign, updateFile: string, product: Product, profile: RequirementProfile, reproduce: string): RuleOutcome {
  const rule = 'an app defers updates for a bounded time';
  const required = requiredNumber(profile, MAX_DEFERRAL);
  const { maxHours } = design.deferral;
  const stated = maxHours === null ? 'no bound' : `${maxHours} h`;
  const base = { rule, requirement: MAX_DEFERRAL, bound: `static: deferral ${stated} against ≤ ${required} h` };
  const app = deferringApp(product, design);
  if (!app) {
    // "None can defer" is read from the product's manifests; the device enforces the ones in the app images.
    // Where an image differs in a capability deferral needs, an app on the device may defer for as long as the
    // design allows, which only matters when that is beyond the profile's bound.
    const unseen = (maxHours === null || maxHours > required) ? imageDeferralFindings(product, design) : [];
    if (unseen.length) {
      return { ...base, verdict: 'unknown', summary: `no app's manifest holds ${design.deferral.requiredCapabilities.join(' and ')}, but ${unseen[0]!.message}; an app on the device may then defer for ${stated}, more than the ${required} h ${MAX_DEFERRAL} allows`, evidence: [{ title: `${rule}: unknown`, lines: unseen.map((f) => f.message), reproduce }] };
    }
    return { ...base, verdict: 'holds', notApplicable: true, summary: `no app of the product holds ${design.deferral.requiredCapabilities.join(' and ')}, so none can defer (the design allows ${stated})`, evidence: [] };
  }
  if (deferralRestartsPerRelease(design)) {
    const where = `${displayPath(updateFile)} /deferral/countedFrom`;
    return { ...base, verdict: 'violated', summary: `${app} may defer an update for ever: the window restarts with every newer release (countedFrom each-release), so releases published less than ${stated} apart are never installed; ${MAX_DEFERRAL} counts from when the device first learns it is out of date`, evidence: [{ title: `${rule}: violated`, lines: [`${where}: each-release; required: at most ${required} h from when the device first learns of an update (${MAX_DEFERRAL})`, `${app} holds ${design.deferral.requiredCapabilities.join(' and ')}, so it can defer`], reproduce }] };
  }
  if (maxHours === null || maxHours > required) {
    const where = `${displayPath(updateFile)} /deferral/maxHours`;
    return { ...base, verdict: 'violated', summary: `${app} may defer an update for ${stated}, more than the ${required} h ${MAX_DEFERRAL} allows`, evidence: [{ title: `${rule}: violated`, lines: [`${where}: ${stated}; required ≤ ${required} h (${MAX_DEFERRAL})`, `${app} holds ${design.deferral.requiredCapabilities.join(' and ')}, so it can defer`], reproduce }] };
  }
  const counting = unstatedDeferralCounting(design, product.platform);
  if (counting) return { ...base, verdict: 'unknown', summary: `${app} may defer for at most ${maxHours} h, but counted from when: ${displayPath(updateFile)} /deferral/countedFrom is not stated, and ${counting.replace(/; it does not state \/deferral\/countedFrom$/, '')}`, evidence: [{ title: `${rule}: not decided`, lines: [`${displayPath(updateFile)} /deferral/countedFrom: ${counting}`, `state "countedFrom": "first-notice" (or "each-release") ${designFieldPlace('update', updateFile)}`], reproduce }] };
  return { ...base, verdict: 'holds', summary: `${app} may defer for at most ${maxHours} h (≤ ${required} h)`, evidence: [] };
}

/**
 * Where an app's image differs from its manifest in a capability deferral needs: "no app may defer" read
 * from the manifests is then not what the device enforces. Read by max-deferral and by max-reach (whose
 * emulation otherwise runs without a deferring app).
 */
export function imageDeferralFindings(product: Product, design: UpdateDesign): ImageManifestFinding[] {
  return imageManifestFindings(product).filter((f) => design.deferral.requiredCapabilities.some((c) => f.field === `Capabilities/${c}`));
}
