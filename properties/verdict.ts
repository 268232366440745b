/**
 * What a property check concludes. "unknown" always carries its reason: a check that was skipped,
 * timed out or is not built yet is never reported as "holds".
 */
import type { RequirementRef } from '../model/requirements/requirement-profile.js';
import { describeRelaxation, relaxationInEffect } from '../model/requirements/relaxation.js';

export type Verdict = 'holds' | 'violated' | 'unknown';

/** The exit code of a verdict, the contract CI relies on: 0 holds, 1 violated, 3 unknown (2 is a usage or input error). */
export const VERDICT_EXIT_CODE = { holds: 0, violated: 1, unknown: 3 } as const satisfies Record<Verdict, number>;

/** A file a verdict depended on, with its hash, so a reviewer can tell whether a re-run reads the same inputs. */
export interface VerdictInput {
  /** What the file is to the verdict: product file, app manifest, image package, hardware definition, platform design… */
  role: string;
  /** As shown to the user (relative to the working directory when short). */
  path: string;
  absolutePath: string;
  sha256: string;
  /** One of Sevenfold's built-in designs or profiles, not a file of the user's. */
  builtin: boolean;
}

/**
 * Whether a verdict depends on the product under test. "platform-only": the same for every product on
 * this platform (it reads only built-in or platform designs), said in one line wherever it is shown.
 */
export type VerdictScope = 'product' | 'platform-only';

/** One piece of evidence, printable as it is and kept structured for reports. */
export interface Evidence {
  title: string;
  lines: string[];
  /** A command that reproduces this piece of evidence. */
  reproduce?: string;
  data?: unknown;
}

export interface CheckTiming {
  check: string;
  ms: number;
}

export interface NotApplicableCheck {
  /** The check, e.g. "tuf/extraneous-dependencies (Extraneous dependencies attack)". */
  check: string;
  /** The requirement it would have borne on. */
  requirement?: string;
  /** Why the threat does not exist in the design. */
  reason: string;
}

export interface PropertyResult {
  property: string;
  verdict: Verdict;
  /** One line a person can read: why it holds, what breaks it, or why we could not tell. */
  summary: string;
  /** The bound or run count behind a "holds" (e.g. "1 000 runs, seed 42"). */
  bound?: string;
  /** Counterexamples, unsat cores, witnesses, runs and seeds. */
  evidence?: Evidence[];
  /** Findings that do not break the property (e.g. a one-sided partner link a check still reads). */
  warnings?: string[];
  /**
   * Checks that played nothing because the threat they play does not exist in the design (an update attack on app
   * images apart from the OS, on a design that ships none), each with the reason. Never evidence for the verdict;
   * every report format names them (SARIF as results of kind notApplicable).
   */
  notApplicableChecks?: NotApplicableCheck[];
  timings?: CheckTiming[];
  /** The files the verdict depended on, with SHA-256 (added by runProperty from the property's declared inputs). */
  inputs?: VerdictInput[];
  /** The requirements of the profile this verdict tested, each with its outcome and source. */
  requirements?: RequirementRef[];
  /** The requirement profile the requirements come from ("seven-properties-azure-sphere 2026.12"). */
  profile?: string;
  scope?: VerdictScope;
}

/** The verdict of a set of results: any violation wins, then any unknown. */
export function combineVerdicts(results: readonly PropertyResult[]): Verdict {
  if (results.some((r) => r.verdict === 'violated')) return 'violated';
  if (results.length === 0 || results.some((r) => r.verdict === 'unknown')) return 'unknown';
  return 'holds';
}

/**
 * A rule the profile switches off is not asked: no check keyed to it runs, and the verdict names it
 * `not-applicable` (switchedOff). A check keyed to an off rule that still ran and reported `met`, `failed` or
 * `unknown` is a Sevenfold defect (a check that does not honour the switch), and what it decided is not
 * claimed: a `holds` becomes `unknown`, and so does a `violated` whose every failed requirement is one the
 * profile switched off (a violation reported against a rule the profile turned off is a false `violated`). A
 * `violated` that also fails a requirement the profile asks for stays `violated`. The off requirement is then
 * named as not asked. Applied before every other frame rule (registry.ts); each property gates its checks
 * itself (properties/asked-rules.ts), and test/properties/switched-off-rules.test.ts holds every property to it.
 */
export function offRulesNeverDecide<T extends Pick<PropertyResult, 'verdict' | 'summary' | 'requirements'>>(result: T): T {
  const requirements = result.requirements ?? [];
  const ran = requirements.filter((q) => q.switchedOff && q.outcome !== 'not-applicable');
  if (!ran.length) return result;
  const asNotAsked = requirements.map((q) => (q.switchedOff ? { ...q, outcome: 'not-applicable' as const } : q));
  const failsAsked = requirements.some((q) => !q.switchedOff && q.outcome === 'failed');
  const named = ran.map((q) => `${q.id} ${q.outcome}`).join(', ');
  if (result.verdict === 'unknown' || (result.verdict === 'violated' && failsAsked)) return { ...result, requirements: asNotAsked };
  return { ...result, verdict: 'unknown', requirements: asNotAsked, summary: `a check ran for a rule the requirement profile switches off (${named}): a Sevenfold defect, so nothing is claimed (the check's summary: ${result.summary})` };
}

/**
 * A property's verdict held against the requirements it names: `holds` says every requirement it tested
 * was met (or does not bear on the product), so a `holds` beside a requirement that is `unknown` (a sub-check
 * that timed out, crashed or did not run) or `failed` is a check that combined its parts wrongly. Such a
 * verdict becomes `unknown`, naming the requirements and keeping the check's own summary, never `holds`.
 * Applied once, to every property's result, where runProperty frames it (registry.ts).
 */
export function holdsOnlyWhenEveryRequirementDecided<T extends Pick<PropertyResult, 'verdict' | 'summary' | 'requirements'>>(result: T): T {
  if (result.verdict !== 'holds') return result;
  const undecided = (result.requirements ?? []).filter((q) => q.outcome === 'unknown' || q.outcome === 'failed');
  if (!undecided.length) return result;
  const named = undecided.map((q) => `${q.id} ${q.outcome}`).join(', ');
  return { ...result, verdict: 'unknown', summary: `the check said holds, but ${named}: a Sevenfold defect in combining its parts, so nothing is claimed (the check's summary: ${result.summary})` };
}

/** Whether a requirement is one of this property's own section (ids are `<property>.<name>`, load-requirements.ts). */
function ownRequirement(property: string, q: Pick<RequirementRef, 'id'>): boolean {
  return q.id.startsWith(`${property}.`);
}

/**
 * A `holds` held against what the profile asked. A profile may switch rules off, but a property none of whose
 * own requirements was checked and met has decided nothing: its `holds` is `unknown`, naming why.
 * - Every requirement of its section that it names is switched off, not stated, or does not bear on the product, and at
 *   least one is switched off or not stated: the reason names the profile and those ids (a profile with every rule off
 *   gave `holds` for hardware-root-of-trust, its summary listing checks the profile did not ask for).
 * - None is switched off, yet none was met: every one it names does not bear on the product, or it names none. A check
 *   that had nothing to check is never `holds` (README: a check that could not decide is `unknown`, never `holds`): the reason
 *   names them.
 * A requirement of another property's section that it reads and finds met (hardware-root-of-trust reads
 * renewable-security.rollback-counter-per-stage) is that other property's evidence and is decided there: alone it does
 * not make this property hold (a profile switching off every hardware-root-of-trust rule gave `holds` on it).
 * A `holds` beside a requirement of its section that the built-in profile asks and this profile does not state at all
 * (relaxation.ts notStatedBy) is `unknown`, naming it: a left-out requirement has no value and no source, so nothing
 * says the product need not meet it (a log recording no crash held against a profile without the failure kinds).
 * A `holds` with some rules off, or with requirements the profile asks less of than the built-in one (relaxation.ts),
 * each a value the profile states with its source, stays `holds` against that profile, and its summary names them, so
 * every output (text, JSON, SARIF, HTML, Markdown) says what was not asked.
 */
export function holdsOnlyOnWhatTheProfileAsked<T extends Pick<PropertyResult, 'property' | 'verdict' | 'summary' | 'requirements' | 'profile'>>(result: T): T {
  const requirements = result.requirements ?? [];
  const off = requirements.filter((q) => q.switchedOff && q.outcome === 'not-applicable');
  const unstated = requirements.filter((q) => q.notStated);
  const relaxed = requirements.filter((q) => relaxationInEffect(q) && !q.switchedOff && !q.notStated);
  const profile = result.profile ? `the requirement profile ${result.profile}` : 'the requirement profile';
  if (result.verdict === 'holds' && !requirements.some((q) => q.outcome === 'met' && ownRequirement(result.property, q))) {
    const own = requirements.filter((q) => ownRequirement(result.property, q));
    const notAsked = [...off, ...unstated].filter((q) => ownRequirement(result.property, q));
    const foreignMet = requirements.filter((q) => q.outcome === 'met' && !ownRequirement(result.property, q));
    const besides = foreignMet.length ? `; ${foreignMet.map((q) => q.id).join(', ')} met, a requirement of another property's section, decides nothing of ${result.property}` : '';
    const why = notAsked.length
      ? `${profile} switches off or does not state every requirement of ${result.property} that bears on this product (${notAsked.map((q) => q.id).join(', ')})`
      : own.length
        ? `no requirement of ${result.property} bears on this product (${own.map((q) => q.id).join(', ')} not applicable), so there was nothing to check`
        : `the check names no requirement of ${result.property} it tested`;
    return { ...result, verdict: 'unknown', summary: `nothing checked: ${why}${besides}, so nothing is decided` };
  }
  if (result.verdict === 'holds' && unstated.length) {
    // A requirement left out has no value and no source: nothing says the product need not meet it, and a check
    // that reads it only when stated skipped it. Not a relaxation the profile chose (that is a value with a
    // source: switched off or a looser bound), so not a holds against the profile either.
    const them = unstated.length > 1 ? 'them' : 'it';
    return { ...result, verdict: 'unknown', summary: `cannot decide: ${profile} does not state ${unstated.map((q) => q.id).join(', ')}, which the built-in profile asks of ${result.property}: a requirement left out is not checked, so a holds would rest on less than the profile says; state ${them}, or switch ${them} off with a source saying why (the checks that ran: ${result.summary})` };
  }
  if (result.verdict !== 'holds' || (!off.length && !relaxed.length)) return result;
  const notes = [
    ...(off.length ? [`not checked, switched off by ${profile}: ${off.map((q) => q.id).join(', ')}`] : []),
    ...(relaxed.length ? [`decided against ${profile}, which asks less than the built-in profile: ${relaxed.map((q) => describeRelaxation(q, q.relaxed!)).join(', ')}`] : []),
  ];
  return { ...result, summary: `${result.summary}; ${notes.join('; ')}` };
}
