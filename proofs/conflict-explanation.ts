/**
 * Turns a minimal unsat core of the allocation encoding into something a person can act on: which
 * rule broke (kind and the device's error), the claims involved with where they are written, a
 * sentence, and the single changes that Z3 proved would remove this conflict.
 */
import { dirname, isAbsolute, relative } from 'node:path';
import { isChipPeripheral, type IoBlock, type PeripheralCapability } from '../formats/chips/chip-profile.js';
import { coreOptions, type Compartment, type CompartmentKind } from '../model/isolation/apps.js';
import { describeClaim, type PeripheralClaim } from '../model/isolation/claims.js';
import { conflictRule, mustShareCore, unconditionalConflict, type ConflictKind } from '../model/isolation/conflicts.js';
import type { SourcePosition } from '../formats/diagnostics/diagnostic.js';
import type { IsolationSpec } from '../model/isolation/isolation-spec.js';
import type { CoreElement } from './allocation-encoding.js';

export interface ConflictClaim {
  compartment: string;
  compartmentId: string;
  compartmentKind: CompartmentKind;
  file: string;
  pointer: string;
  /** Line and column of the claim in its file. */
  position: SourcePosition;
  written: string | number;
  capability: PeripheralCapability;
  value: string | number;
  block: string;
  /** E.g. "Blinky's $LED (Gpio 9)". */
  description: string;
}

export interface ExplainedConflict {
  kind: ConflictKind | 'no-core';
  /** One sentence for a person. */
  message: string;
  /** The error the device reports for this conflict (none for 'no-core'). */
  deviceError?: number;
  deviceErrorName?: string;
  claims: ConflictClaim[];
  /** Every compartment the conflict involves. */
  compartments: { id: string; name: string; kind: CompartmentKind; file: string }[];
  /** Single changes proved (by a re-check without them) to remove this conflict. */
  fixes: string[];
  /** Set when the core was too large to minimise or a re-check was undecided. */
  note?: string;
}

export interface CoreFacts {
  /** Elements whose removal Z3 proved makes the rest satisfiable. */
  fixable: Set<CoreElement>;
  /** Compartment → the core Z3 placed it on in a model of the core minus one claim. */
  placedOn: Map<Compartment, string>;
  note?: string;
}

export function explainConflict(spec: IsolationSpec, core: CoreElement[], facts: CoreFacts): ExplainedConflict {
  const claims = core.flatMap((e) => (e.kind === 'claim' ? [e.claim] : []));
  const exclusive = core.flatMap((e) => (e.kind === 'exclusive' ? [e.compartment] : []));
  const unplaced = core.flatMap((e) => (e.kind === 'placement' ? [e.compartment] : []));
  const { kind, message } = classify(spec, claims, exclusive, unplaced, facts);
  const compartments = unique([...claims.map((c) => c.compartment), ...exclusive, ...unplaced]);
  const rule = kind === 'no-core' ? undefined : conflictRule(kind);
  return {
    kind,
    message,
    ...(rule ? { deviceError: rule.deviceError, deviceErrorName: rule.deviceErrorName } : {}),
    claims: claims.map((c) => ({
      compartment: c.compartment.name,
      compartmentId: c.compartment.id,
      compartmentKind: c.compartment.kind,
      file: c.file,
      pointer: c.pointer,
      position: c.position,
      written: c.written,
      capability: c.capability,
      value: c.value,
      block: c.block.id,
      description: describeClaim(c),
    })),
    compartments: compartments.map((c) => ({ id: c.id, name: c.name, kind: c.kind, file: c.file })),
    fixes: core.filter((e) => facts.fixable.has(e)).map((e) => fixFor(spec, e)),
    ...(facts.note ? { note: facts.note } : {}),
  };
}

function classify(spec: IsolationSpec, claims: PeripheralClaim[], exclusive: Compartment[], unplaced: Compartment[], facts: CoreFacts): { kind: ExplainedConflict['kind']; message: string } {
  const chip = spec.product.chip;
  for (const [a, b] of pairs(claims)) {
    const kind = unconditionalConflict(a, b);
    if (!kind) continue;
    const block = a.block.id;
    if (kind === 'same-pin') return { kind, message: `${who(a)} and ${who(b)} both ask for GPIO ${a.value} (block ${block}); a GPIO belongs to one app` };
    if (kind === 'same-peripheral') return { kind, message: `${who(a)} and ${who(b)} both ask for ${a.capability} ${a.value} (block ${block}); a peripheral belongs to one app` };
    if (kind === 'function-and-other-use') {
      const whole = a.usage === 'function' && b.usage === 'function' ? undefined : a.usage === 'function' ? a : b;
      const why = whole ? `which ${whole.capability} ${whole.value} takes as a whole` : `as two different functions (${a.capability}, ${b.capability}); a block serves one function at a time`;
      return { kind, message: `${who(a)} and ${who(b)} both use block ${block}, ${why}` };
    }
    return { kind, message: `${who(a)} and ${who(b)} conflict on block ${block} (${kind})` };
  }
  for (const [a, b] of pairs(claims)) {
    if (!mustShareCore(a, b)) continue;
    const where = (c: Compartment) => facts.placedOn.get(c) ?? coreOptions(chip, c.kind).join(' or ');
    return {
      kind: 'cross-core-block',
      message: `${who(a)} (block ${a.block.id}) and ${who(b)} need block ${a.block.id} on both ${where(a.compartment)} and ${where(b.compartment)}; the I/O firewall gives a block to one core`,
    };
  }
  if (exclusive.length > 0) {
    const kind = exclusive[0]!.kind;
    const cores = coreOptions(chip, kind).length;
    return {
      kind: 'no-core',
      message: `${exclusive.length} ${kind} apps (${exclusive.map((c) => c.name).join(', ')}) need a ${kind} core each, but ${chip.name} has ${cores}`,
    };
  }
  if (unplaced.length > 0) {
    return { kind: 'no-core', message: unplaced.map((c) => `${label(c)} ${c.name} (${c.kind}) has no core to run on: ${chip.name} offers none for it`).join('; ') };
  }
  return { kind: 'no-core', message: `these claims cannot all be placed: ${claims.map(who).join(', ')}` };
}

function fixFor(spec: IsolationSpec, e: CoreElement): string {
  const chip = spec.product.chip;
  const where = (file: string) => shortPath(spec, file);
  if (e.kind === 'claim') {
    const c = e.claim;
    const what = c.written !== c.value ? `${c.written} (${c.capability} ${c.value})` : `${c.capability} ${c.value}`;
    const from = c.compartment.kind === 'board-config' ? `board configuration ${c.compartment.name}` : `${c.compartment.name}'s manifest`;
    const instead = alternative(spec, c);
    return `remove ${what} from ${from} (${where(c.file)} ${c.pointer})${instead ? `, or ${instead}` : ''}`;
  }
  const c = e.compartment;
  if (e.kind === 'exclusive') {
    const n = coreOptions(chip, c.kind).length;
    return `remove ${c.kind} app ${c.name} (${where(c.file)}) from the product, or merge it into another ${c.kind} app: ${chip.name} has ${n} ${c.kind} core${n === 1 ? '' : 's'}`;
  }
  return `remove ${label(c)} ${c.name} (${where(c.file)}) from the product: ${chip.name} has no core for it`;
}

/**
 * The same claim moved to another block, if some block would take it without any conflict: asked of
 * conflicts.ts against every other claim, so "free" means what the rules say it means. Every such
 * block is named: naming only the first read as if it were the only one.
 */
function alternative(spec: IsolationSpec, claim: PeripheralClaim): string | undefined {
  const chip = spec.product.chip;
  const others = spec.claims.filter((k) => k !== claim);
  const free: { block: IoBlock; value: string | number }[] = [];
  for (const block of chip.blocks) {
    if (block.id === claim.block.id) continue;
    const pins = claim.capability === 'ExternalInterrupt' ? (block.externalInterrupts ?? []) : block.gpios;
    const value = claim.usage === 'pin' ? pins.find((g) => isChipPeripheral(chip, claim.capability, g)) : block.functions[claim.capability];
    if (value === undefined) continue;
    const moved: PeripheralClaim = { ...claim, value, written: value, block };
    if (others.some((k) => unconditionalConflict(moved, k) || mustShareCore(moved, k))) continue;
    free.push({ block, value });
  }
  if (free.length === 0) return undefined;
  if (claim.capability === 'ExternalInterrupt') {
    const blocks = free.map((f) => `${f.block.id} (${(f.block.externalInterrupts ?? []).join(', ')})`);
    return `use an external interrupt in a block no other app claims: ${blocks.length === 1 ? blocks[0] : `any of ${blocks.length}: ${blocks.join(', ')}`}`;
  }
  if (claim.usage === 'pin') {
    const blocks = free.map((f) => `${f.block.id} (${span(f.block.gpios.filter((g) => isChipPeripheral(chip, 'Gpio', g)))})`);
    return `use a GPIO in a block no other app claims: ${blocks.length === 1 ? blocks[0] : `any of ${blocks.length}: ${blocks.join(', ')}`}`;
  }
  const values = free.map((f) => (f.value === f.block.id ? `${f.value}` : `${f.value} (block ${f.block.id})`));
  return `use ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`} instead (${values.length === 1 ? 'a block' : 'blocks'} no other app claims)`;
}

function who(c: PeripheralClaim): string {
  return `${label(c.compartment)} ${describeClaim(c)}`;
}

function label(c: Compartment): string {
  return c.kind === 'board-config' ? 'board configuration' : 'app';
}

function shortPath(spec: IsolationSpec, file: string): string {
  if (!isAbsolute(file) || !isAbsolute(spec.product.file)) return file;
  const rel = relative(dirname(spec.product.file), file);
  return rel.startsWith('..') ? file : rel;
}

function span(gpios: number[]): string {
  const sorted = [...gpios].sort((a, b) => a - b);
  const contiguous = sorted.every((g, i) => i === 0 || g === sorted[i - 1]! + 1);
  return contiguous && sorted.length > 1 ? `${sorted[0]}-${sorted[sorted.length - 1]}` : sorted.join(', ');
}

function pairs<T>(xs: T[]): [T, T][] {
  return xs.flatMap((x, i) => xs.slice(i + 1).map((y): [T, T] => [x, y]));
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
