/**
 * What a boot records: for each stage, its loader, every check with its result (and for a signature,
 * the key chain it followed), the anti-rollback counter before and after, the measurement, the order
 * in which these happened, and whether the image ran or the boot halted. Plain data (hex strings, no
 * bytes), so two runs can be compared with deep equality and a trace can be printed as evidence.
 */
import { counterCheckName, loaderRunName } from './loader-runs.js';

export type CheckKind = 'signature' | 'manifest-hash' | 'rollback';
export type CheckResult = 'pass' | 'fail' | 'skipped';

export interface ChainTrace {
  /**
   * anchored: ends at a key whose hash matches the anchor; unanchored: the design gives the key nothing
   * to chain to; broken: a link failed; development: not chained at all, the public SDK test certificate
   * accepted for an app because the device carries the appDevelopment capability.
   */
  status: 'anchored' | 'unanchored' | 'broken' | 'development';
  /** Each link as a person reads it, e.g. "firmware-signing certified by rom-anchor". */
  links: string[];
}

export interface CheckTrace {
  /** The check's id (rollback.<image> for the counter comparison), the same for both runs of a redundant check. */
  id: string;
  /** 1 or 2 for a check the design makes twice (loader-runs.ts); absent for a check made once. */
  run?: number;
  kind: CheckKind;
  key?: string;
  /** skipped: forced to pass by an injected fault; it never ran. */
  result: CheckResult;
  detail: string;
  chain?: ChainTrace;
}

export interface CounterTrace {
  counter: string;
  raised: 'after-verify' | 'before-verify';
  /** The image's RV section; undefined when it has none. */
  imageVersion?: number;
  before: number;
  after: number;
  /** Who raised it (the access controller granted that component the write right), when it was raised. */
  raisedBy?: string;
  /** Why it was not raised although the image's version is above it: no running component may write it. */
  notRaised?: string;
}

export interface MeasurementTrace {
  register: string;
  by: string;
  when: 'before-run' | 'after-run';
  measured: boolean;
  /** SHA-256 of the bytes measured, and the register after the extend. */
  digest?: string;
  value?: string;
  detail?: string;
}

export type StageOutcome = { status: 'ran' } | { status: 'halted'; reason: string };

/** The order of events within a stage: check:<id>, counter-raise, measure, run, payload. */
export type StageStep = `check:${string}` | 'counter-raise' | 'measure' | 'run' | 'payload';

export interface StageTrace {
  image: string;
  /** The component's name in the design (an app slot's names the product's app). */
  name?: string;
  loadedBy: string;
  imageSha256?: string;
  securityVersion?: number;
  steps: StageStep[];
  checks: CheckTrace[];
  counter?: CounterTrace;
  measurement?: MeasurementTrace;
  outcome: StageOutcome;
}

export interface BootTrace {
  design: string;
  seed: number;
  /** What was done to the device before this boot (e.g. "tampered nw-kernel"), or "normal boot". */
  scenario: string;
  /** Check ids forced to pass by fault injection. */
  faults: string[];
  stages: StageTrace[];
  outcome: 'booted' | 'halted';
  haltedAt?: string;
  /** Measurement registers at the end of the boot. */
  registers: { id: string; value: string }[];
  /** ECDSA verifications this boot made. */
  verifications: number;
}

/** The name of a stage's counter comparison in a trace (the device's own naming, loader-runs.ts). */
export const rollbackCheckId = counterCheckName;

const short = (hex: string | undefined) => (hex ? `${hex.slice(0, 12)}…` : '?');

/** A trace as evidence lines. */
export function formatTrace(trace: BootTrace): string[] {
  const lines = [`boot of "${trace.design}" (seed ${trace.seed}), ${trace.scenario}; faults: ${trace.faults.length ? trace.faults.join(', ') : 'none'} → ${trace.outcome === 'booted' ? 'BOOTED' : `halted at ${trace.haltedAt}`}`];
  trace.stages.forEach((s, i) => {
    const status = s.outcome.status === 'ran' ? 'ran' : `HALTED: ${s.outcome.reason}`;
    lines.push(`  ${i + 1}. ${s.image}${s.name ? ` (${s.name})` : ''} loaded by ${s.loadedBy}: ${status} [sha256 ${short(s.imageSha256)}, RV ${s.securityVersion ?? 'none'}]`);
    lines.push(`       order: ${s.steps.join(' → ')}`);
    for (const c of s.checks) {
      const chain = c.chain ? `; chain ${c.chain.status}: ${c.chain.links.join(', ')}` : '';
      lines.push(`       ${loaderRunName(c.id, c.run)} (${c.kind}${c.key ? `, ${c.key}` : ''}): ${c.result} — ${c.detail}${chain}`);
    }
    if (s.counter) lines.push(`       counter ${s.counter.counter} (${s.counter.raised}): ${s.counter.before} → ${s.counter.after}, image RV ${s.counter.imageVersion ?? 'none'}${s.counter.raisedBy ? `, raised by ${s.counter.raisedBy}` : ''}${s.counter.notRaised ? `, NOT RAISED (${s.counter.notRaised})` : ''}`);
    if (s.measurement) {
      const m = s.measurement;
      lines.push(`       measured into ${m.register} by ${m.by} ${m.when}: ${m.measured ? `digest ${short(m.digest)} → ${short(m.value)}` : `NOT MEASURED (${m.detail})`}`);
    }
  });
  lines.push(`  registers: ${trace.registers.map((r) => `${r.id} = ${short(r.value)}`).join(', ') || 'none'}; ${trace.verifications} ECDSA verifications`);
  return lines;
}
