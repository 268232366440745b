/**
 * Who the platform design lets write the failure log, statically, through the spec's rule
 * (model/platform/failure-log-access.ts): the design names where the log is (an asset of kind failure-log), a component
 * of the system may write it (else the OS records nothing: every-failure-reported), keeps it where a reset does not
 * clear it (persistent-log), and no component an attacker runs
 * as may (writing is erasing: erased-only-by-service; and overwriting another's failures: no-suppression). Each finding
 * names the platform file and pointer; the no-suppression play (no-suppression.ts) then writes the log's area as every
 * such component on the emulated device, whose flash controller decides by its own reading of the access rules.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { failureLogAccess, type LogAccessDesign } from '../../model/platform/failure-log-access.js';
import { ERASED_ONLY_BY_SERVICE, EVERY_FAILURE_REPORTED, NO_SUPPRESSION, PERSISTENT_LOG, staticOutcome, type CheckOutcome } from './rule.js';

/** The requirements a design that does not say where its log is leaves undecided. */
export const LOG_PLACE_REQUIREMENTS = [EVERY_FAILURE_REPORTED, NO_SUPPRESSION, ERASED_ONLY_BY_SERVICE] as const;

/** Unknown when the design names no failure-log asset (undefined when it names one). */
export function unstatedLogPlace(platform: LogAccessDesign, platformFile: string, reproduce: string): CheckOutcome | undefined {
  if (failureLogAccess(platform).assets.length) return undefined;
  const file = displayPath(platformFile);
  const summary = `${file} /assets: no asset of kind "failure-log": the platform design does not say where the failure log is or which components may write (so erase) it, so whether the OS can record failures, and whether an app or a network-facing service can erase them, is not decided`;
  return { check: 'the log is placed', requirements: [...LOG_PLACE_REQUIREMENTS], verdict: 'unknown', summary, bound: 'static', evidence: [{ title: 'the log is placed: not decided', lines: [summary, `add to ${file} an asset of kind "failure-log" and the access rules that say which components may write it`], reproduce }] };
}

export function checkLogAccess(platform: LogAccessDesign, platformFile: string, reproduce: string): CheckOutcome[] {
  const file = displayPath(platformFile);
  const access = failureLogAccess(platform);
  if (!access.assets.length) return [];
  const assets = access.assets.join(', ');
  const noKeeper = access.keepers.length ? undefined : `${file} /access: no component of the system may write the failure log (${assets}): the OS cannot record a failure`;
  const reachable = access.reachable.map((w) => `${file} ${w.pointer}: ${w.component} (${w.reason}) may write the failure log ${w.asset}${w.busMaster ? ` through the bus master ${w.busMaster} it programs` : ''}: code running as it erases every event not yet uploaded, and overwrites other sources' failures`);
  const cleared = access.clearedByReset[0];
  const volatile = cleared ? `${file} /assets/${cleared.index}/location: the failure log ${cleared.asset} is kept in ${cleared.location}, which every reset clears: a reboot or power cut forgets every event not yet uploaded, whatever the update design's persistence says` : undefined;
  return [
    staticOutcome('the platform keeps the log where a reset does not clear it', PERSISTENT_LOG, volatile, `the failure log (${assets}) is kept where a reset does not clear it`, reproduce),
    staticOutcome('the OS may write the log', EVERY_FAILURE_REPORTED, noKeeper, `${access.keepers.map((k) => k.component).join(', ')} may write the failure log`, reproduce),
    staticOutcome('no attacker may write the log', ERASED_ONLY_BY_SERVICE, reachable[0], 'no component an attacker runs as may write the failure log', reproduce),
    staticOutcome('no attacker may overwrite the log', NO_SUPPRESSION, reachable[0], 'no component an attacker runs as may write the failure log', reproduce),
  ].map((o) => (o.verdict === 'violated' && reachable.length > 1 ? { ...o, evidence: o.evidence.map((e) => ({ ...e, lines: reachable })) } : o));
}
