/**
 * How the allocation encoding numbers cores, and which cores are interchangeable.
 *
 * Two cores are interchangeable when every compartment kind in the product may run on both or on
 * neither (read from coreOptions): every other constraint treats cores alike (a claim ties its
 * block's owner to its compartment's core; exclusivity compares cores), so permuting
 * interchangeable cores maps allocations to allocations. The M4 cores of an MT3620 form one group.
 *
 * Cores are numbered group by group, so that each group is a contiguous range of Ints; on MT3620
 * (and any chip listing its cores kind by kind) this is simply their position in chip.cores.
 */
import type { ChipProfile } from '../formats/chips/chip-profile.js';
import { coreOptions, needsExclusiveCore, type Compartment } from '../model/isolation/apps.js';

export interface CoreGroup {
  /** The group's cores have the values lo .. lo + size - 1. */
  lo: number;
  size: number;
}

export interface CoreLayout {
  idOf(value: number): string | undefined;
  /** Per compartment (same order): the values of the cores it may run on; empty when the chip has none. */
  options: number[][];
  /** Per compartment: the group it takes a core of its own in (needsExclusiveCore), else undefined. */
  exclusiveGroup: (CoreGroup | undefined)[];
}

export function coreLayout(chip: ChipProfile, compartments: Compartment[]): CoreLayout {
  const kinds = [...new Set(compartments.map((c) => c.kind))];
  const optionSets = new Map(kinds.map((k) => [k, new Set(coreOptions(chip, k))]));
  const bySignature = new Map<string, string[]>();
  for (const core of chip.cores) {
    const signature = kinds.filter((k) => optionSets.get(k)!.has(core.id)).join('|');
    if (!signature) continue;
    const group = bySignature.get(signature);
    if (group) group.push(core.id);
    else bySignature.set(signature, [core.id]);
  }
  const ids: string[] = [];
  const groupOf = new Map<string, CoreGroup>();
  for (const members of bySignature.values()) {
    const group = { lo: ids.length, size: members.length };
    for (const id of members) groupOf.set(id, group);
    ids.push(...members);
  }
  const value = new Map(ids.map((id, i) => [id, i]));

  const optionsOf = new Map(kinds.map((k) => [k, [...optionSets.get(k)!].map((id) => value.get(id)!).sort((a, b) => a - b)]));
  const exclusiveOf = new Map(
    kinds.map((k) => {
      const groups = [...new Set([...optionSets.get(k)!].map((id) => groupOf.get(id)!))];
      // The counting encoding (allocation-encoding.ts) needs each exclusive kind to run on one group.
      if (needsExclusiveCore(k) && groups.length > 1) throw new Error(`allocation encoding: ${k} compartments may run on cores that are not interchangeable; core-groups.ts must learn to split them`);
      return [k, needsExclusiveCore(k) ? groups[0] : undefined];
    }),
  );
  return {
    idOf: (v) => ids[v],
    options: compartments.map((c) => optionsOf.get(c.kind)!),
    exclusiveGroup: compartments.map((c) => exclusiveOf.get(c.kind)),
  };
}
