/**
 * Renewable security: "Is the device's software updated automatically?" — renewal brings the device
 * forward to a secure state and revokes compromised assets. Decided on the update emulator
 * (emulator/update/), provisioned from the product's platform design and update design with the run's
 * seed, by five rules, cheapest first; the first violated rule decides (the rules after it are named
 * as not run):
 *   1. the update design fits the platform (images sharing a counter update together, every stage renewable);
 *   2. every device group reaches a new deployment within a bounded number of checks, an app deferring all it may;
 *   3. a revoked (older) image stops running;
 *   4. the attack catalog (TUF, Uptane, SUIT): never an older or unsigned image, failures reported;
 *   5. a power cut or torn write at every flash operation of an update: signed images boot, counters never go back, the update completes.
 */
import { UpdateLab } from '../../emulator/update/index.js';
import { displayPath } from '../../model/diagnostics/display-path.js';
import type { Product } from '../../model/product/product.js';
import { deferringApp, updateDesignOf } from '../../model/update/product-update.js';
import type { PropertyCheckContext } from '../registry.js';
import type { CheckTiming, Evidence, PropertyResult } from '../verdict.js';
import { checkAttacks } from './attacks.js';
import { checkPowerCuts } from './power-cuts.js';
import { checkReach } from './reach.js';
import { checkRevocation } from './revocation.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const PROPERTY = 'renewable-security';

export async function checkRenewableSecurity(product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  const timings: CheckTiming[] = [];
  const update = updateDesignOf(product);
  const reproduce = `${context.command} --seed ${context.seed}`;
  if (!update.design) return { property: PROPERTY, verdict: 'unknown', summary: `the update design ${displayPath(update.file)} cannot be used: ${update.errors[0] ?? 'unknown error'}`, evidence: [{ title: 'update design errors', lines: update.errors }], timings };
  const design = update.design;
  const designRule: RuleOutcome = update.platformProblems.length
    ? { rule: 'the update design fits the platform', verdict: 'violated', summary: update.platformProblems[0]!, bound: 'static', evidence: [{ title: `${displayPath(update.file)} against ${displayPath(product.platformFile)}`, lines: update.platformProblems, reproduce }] }
    : { rule: 'the update design fits the platform', verdict: 'holds', summary: 'every boot stage is renewable; images that share a counter update together', bound: 'static', evidence: [] };
  const outcomes: RuleOutcome[] = [designRule];
  const notRun: string[] = [];
  if (designRule.verdict === 'holds') {
    context.progress(`provisioning an update lab from ${displayPath(product.platformFile)} and ${displayPath(update.file)} (seed ${context.seed})`);
    const started = performance.now();
    const lab = await UpdateLab.open(product.platform, design, { seed: context.seed, product: metadataProductName(product.name) });
    timings.push({ check: 'factory: vendor keys, releases, service keys', ms: performance.now() - started });
    const input: RuleInput = { lab, design, deferringApp: deferringApp(product, design), reproduce, progress: context.progress };
    const rules: [string, () => RuleOutcome | Promise<RuleOutcome>][] = [
      ['reach', () => checkReach(input)],
      ['revocation', () => checkRevocation(input)],
      ['attacks', () => checkAttacks(input)],
      ['power cuts', () => checkPowerCuts(input)],
    ];
    for (const [name, rule] of rules) {
      if (outcomes.some((o) => o.verdict === 'violated')) {
        notRun.push(name);
        continue;
      }
      context.progress(`checking: ${name}`);
      const t = performance.now();
      outcomes.push(await rule());
      timings.push({ check: name, ms: performance.now() - t });
    }
  }
  const evidence: Evidence[] = [...outcomes.filter((o) => o.verdict !== 'holds'), ...outcomes.filter((o) => o.verdict === 'holds')].flatMap((o) => o.evidence);
  const bound = `${outcomes.map((o) => `${o.rule}: ${o.bound}`).join('; ')}; seed ${context.seed}${notRun.length ? `; not run after the violation: ${notRun.join(', ')}` : ''}`;
  const violated = outcomes.filter((o) => o.verdict === 'violated');
  if (violated.length) return { property: PROPERTY, verdict: 'violated', summary: violated.map((o) => `${o.rule}: ${o.summary}`).join(' | '), bound, evidence, timings };
  const unknown = outcomes.find((o) => o.verdict === 'unknown');
  if (unknown) return { property: PROPERTY, verdict: 'unknown', summary: `${unknown.rule}: ${unknown.summary}`, bound, evidence, timings };
  return { property: PROPERTY, verdict: 'holds', summary: outcomes.map((o) => o.summary).join('; '), bound, evidence, timings };
}

/** Update metadata carries the product name in at most 64 UTF-8 bytes; a longer descriptive name is shortened, not refused. */
function metadataProductName(name: string): string {
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch, 'utf8') > 64) break;
    out += ch;
  }
  return out || 'product';
}
