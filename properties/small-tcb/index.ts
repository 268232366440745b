/**
 * Small trusted computing base: "Is most of the device's software outside the device's trusted
 * computing base?" The TCB is computed from the platform design the product instantiates
 * (model/platform/tcb.ts), each member with its grounds, and judged against the requirement profile
 * (rules.ts): its share of the components, no app, untrusted or network-facing component in it, no
 * software that can read a private key. The designers' declared TCB is compared as well: a computed
 * TCB larger than the declared one is a finding, but matching it never makes the property hold.
 */
import { busMastersUnstated } from '../../model/platform/bus-masters.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { computeTcb } from '../../model/platform/tcb.js';
import type { Product } from '../../model/product/product.js';
import { refer } from '../../model/requirements/requirement-profile.js';
import type { PropertyCheckContext } from '../registry.js';
import type { Evidence, PropertyResult } from '../verdict.js';
import { describeMember, judgeTcb } from './rules.js';

export async function checkSmallTcb(product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  const started = performance.now();
  const design = product.platform;
  const tcb = computeTcb(design);
  const judged = judgeTcb(product, tcb, context.requirements);
  const name = (id: string) => design.components.find((c) => c.id === id)?.name ?? id;
  const declared = new Set(design.declaredTcb);
  const undeclared = tcb.filter((m) => !declared.has(m.component));
  const total = design.components.length;
  const share = tcb.length / total;
  const size = `${tcb.length} of ${total} components (${Math.round(100 * share)}%)`;
  const platformFile = displayPath(product.platformFile);

  const evidence: Evidence[] = [
    {
      title: `computed TCB: ${size}; each member with why it is trusted (pointers into ${platformFile})`,
      lines: tcb.flatMap((m) => describeMember(product, m, judged.flags.get(m.component) ?? [], declared.has(m.component))),
      data: { computed: tcb, declared: design.declaredTcb, platform: platformFile },
    },
    {
      title: `outside the TCB: ${total - tcb.length} of ${total} components`,
      lines: design.components.filter((c) => !tcb.some((m) => m.component === c.id)).map((c) => `${c.name} (${c.id})`),
    },
    { title: 'requirements', lines: judged.rules.map((r) => `${r.id}: ${r.outcome} — ${r.detail}`) },
  ];
  const requirements = judged.rules.map((r) => refer(context.requirements, r.id, r.outcome));
  const timings = [{ check: 'TCB from the design', ms: performance.now() - started }];
  const problems = [
    ...judged.rules.filter((r) => r.outcome === 'failed').flatMap((r) => r.problems),
    ...(undeclared.length ? [`the TCB is larger than the design declares: ${undeclared.map((m) => `${name(m.component)} (${m.reasons[0]})`).join('; ')}`] : []),
  ];
  if (problems.length > 0) {
    return {
      property: 'small-tcb',
      verdict: 'violated',
      summary: problems[0]! + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''),
      evidence: [{ title: `${problems.length} finding${problems.length > 1 ? 's' : ''}`, lines: problems }, ...evidence].map((e) => ({ ...e, reproduce: context.command })),
      requirements,
      timings,
    };
  }
  // A rule that could not be judged (the design leaves out what it ranges over) is no pass.
  const undecided = judged.rules.filter((r) => r.outcome === 'unknown');
  if (undecided.length > 0) {
    return { property: 'small-tcb', verdict: 'unknown', summary: `${undecided[0]!.id}: ${undecided[0]!.detail}`, evidence: evidence.map((e) => ({ ...e, reproduce: context.command })), requirements, timings };
  }
  // The TCB above is closed over the bus masters the design states; an app driving a peripheral block on a design that
  // states none may have a DMA engine write a member's code (model/platform/bus-masters.ts): then it is a member too.
  const unstatedReach = requirements.some((q) => q.id.startsWith('small-tcb.') && q.outcome === 'met') ? busMastersUnstated(product.platform, product.apps) : [];
  if (unstatedReach.length > 0) {
    const lines = unstatedReach.map((l) => `${displayPath(product.platformFile)} /busMasters: ${l}`);
    return { property: 'small-tcb', verdict: 'unknown', summary: `the TCB is ${size} as stated, but ${unstatedReach[0]!}${unstatedReach.length > 1 ? ` (and ${unstatedReach.length - 1} more)` : ''}`, evidence: [{ title: 'bus masters not stated', lines }, ...evidence].map((e) => ({ ...e, reproduce: context.command })), requirements: requirements.map((q) => (q.id.startsWith('small-tcb.') && q.outcome === 'met' ? { ...q, outcome: 'unknown' as const } : q)), timings };
  }
  const unused = design.declaredTcb.filter((id) => !tcb.some((m) => m.component === id));
  // A rule the profile switches off was not checked: its claim is not printed as if it had been.
  const checked = (id: string, claim: string) => (judged.rules.find((r) => r.id === id)?.outcome === 'not-applicable' ? `not checked (${id} is off in the profile): ${claim}` : claim);
  return {
    property: 'small-tcb',
    verdict: 'holds',
    summary: `TCB is ${size}, under ${Math.round(100 * judged.maxShare)}% required; ${checked('small-tcb.no-untrusted-member', 'no app, untrusted or network-facing component in it')}; ${checked('small-tcb.keys-in-vault', 'no software can read a private key')}${unused.length ? `; declared but not needed: ${unused.map(name).join(', ')}` : ''}`,
    bound: `exact: every component, access rule and boot stage of ${platformFile} as the product instantiates it`,
    evidence,
    requirements,
    timings,
  };
}
