/**
 * Small trusted computing base: "Is most of the device's software outside the device's trusted
 * computing base?" The TCB is computed from the platform design (model/platform/tcb.ts) and compared
 * with the TCB its designers declare: the property is violated when the computed one is larger.
 */
import { displayPath } from '../../model/diagnostics/display-path.js';
import { computeTcb } from '../../model/platform/tcb.js';
import type { Product } from '../../model/product/product.js';
import type { PropertyCheckContext } from '../registry.js';
import type { Evidence, PropertyResult } from '../verdict.js';

export async function checkSmallTcb(product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  const started = performance.now();
  const design = product.platform;
  const tcb = computeTcb(design);
  const declared = new Set(design.declaredTcb);
  const undeclared = tcb.filter((m) => !declared.has(m.component));
  const name = (id: string) => design.components.find((c) => c.id === id)?.name ?? id;
  const total = design.components.length;
  const size = `${tcb.length} of ${total} components (${Math.round((100 * tcb.length) / total)}%)`;
  const evidence: Evidence[] = [
    {
      title: `computed TCB: ${size}`,
      lines: tcb.map((m) => `${name(m.component)}${declared.has(m.component) ? '' : '  [NOT DECLARED]'}: ${m.reasons.join('; ')}`),
      data: { computed: tcb, declared: design.declaredTcb, platform: displayPath(product.platformFile) },
    },
  ];
  const timings = [{ check: 'TCB from the design', ms: performance.now() - started }];
  if (undeclared.length > 0) {
    return {
      property: 'small-tcb',
      verdict: 'violated',
      summary: `the TCB is larger than declared: ${undeclared.map((m) => `${name(m.component)} (${m.reasons[0]})`).join('; ')}`,
      evidence: evidence.map((e) => ({ ...e, reproduce: context.command })),
      timings,
    };
  }
  const unused = design.declaredTcb.filter((id) => !tcb.some((m) => m.component === id));
  return {
    property: 'small-tcb',
    verdict: 'holds',
    summary: `TCB is ${size}, within the declared TCB${unused.length ? `; declared but not needed: ${unused.map(name).join(', ')}` : ''}`,
    bound: `exact: every component and access rule of ${displayPath(product.platformFile)}`,
    evidence,
    timings,
  };
}
