/**
 * A genuine image arrives before the device gives up on it (the rule: model/update/download-time.ts), at the
 * profile's slowest link (renewable-security.min-link-rate) for an image of the profile's largest genuine size
 * (renewable-security.largest-image). A profile without them cannot decide it: the property is unknown, naming
 * the missing requirement (MissingRequirementError, as for every bound).
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { hasRequirement, requiredNumber, requirement, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { downloadFinding } from '../../model/update/download-time.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { LARGEST_IMAGE, MIN_LINK_RATE } from '../../model/update/update-requirements.js';
import type { RuleOutcome } from './rule.js';

const RULE = 'a genuine image downloads within the timeout';

export function checkDownloadTime(design: UpdateDesign, updateFile: string, profile: RequirementProfile, reproduce: string): RuleOutcome {
  const base = { rule: RULE, requirement: MIN_LINK_RATE };
  // Like every bound, read from the profile: one without them throws MissingRequirementError, and the property is unknown, naming it.
  const rate = requiredNumber(profile, MIN_LINK_RATE);
  const largest = requiredNumber(profile, LARGEST_IMAGE);
  const found = downloadFinding(design, rate, largest);
  const bound = `static: ${largest}-byte image at ${rate} bytes/s against a ${design.download.timeoutSeconds} s timeout and a ${design.download.maxImageBytes}-byte limit`;
  const alsoTested = [{ requirement: LARGEST_IMAGE, verdict: found.verdict }];
  const line = `${displayPath(updateFile)} ${found.pointer}: ${found.reason} (${MIN_LINK_RATE} ${rate} bytes/s, ${LARGEST_IMAGE} ${largest} bytes)`;
  if (found.verdict === 'holds') return { ...base, verdict: 'holds', bound, alsoTested, summary: found.reason, evidence: [] };
  return { ...base, verdict: found.verdict, bound, alsoTested, summary: found.reason, evidence: [{ title: `${RULE}: ${found.verdict}`, lines: [line], reproduce }] };
}

/** The profile's link for the update lab's genuine downloads (UpdateLabOptions.link), when it states both numbers. */
export function linkOf(profile: RequirementProfile): { bytesPerSecond: number; imageBytes: number } | undefined {
  const value = (id: string) => (hasRequirement(profile, id) ? requirement(profile, id).value : undefined);
  const rate = value(MIN_LINK_RATE);
  const largest = value(LARGEST_IMAGE);
  return typeof rate === 'number' && rate > 0 && typeof largest === 'number' && largest > 0 ? { bytesPerSecond: rate, imageBytes: largest } : undefined;
}
