/**
 * Which platform components parse attacker-controlled input, and from where. One rule, read by
 * defense-in-depth (such a component is exploitable unless the design states a justified exception)
 * and by small-tcb (a network-facing parser must not be trusted):
 *  - network: a component the design marks networkFacing (the product's exposed apps are added from
 *    their manifests, see product-attack-graph.ts);
 *  - flash: a component that loads a boot image from flash (it parses the image before, or while,
 *    checking it), or that reads an asset kept in flash; whoever can write the flash writes that input.
 * Messages between partner apps (input "partner-app") come from the product's manifests.
 */
import type { AttackerInput, ExploitException, PlatformDesign } from './platform-design.js';

export interface ParsedInput {
  component: string;
  input: AttackerInput;
  /** What it parses, for the evidence: "the image of one-bl it loads from flash". */
  what: string;
}

export function platformParsers(design: PlatformDesign): ParsedInput[] {
  const found: ParsedInput[] = [];
  const add = (component: string, input: AttackerInput, what: string) => {
    const same = found.find((p) => p.component === component && p.input === input);
    if (same) same.what = `${same.what}; ${what}`;
    else found.push({ component, input, what });
  };
  for (const c of design.components) if (c.networkFacing) add(c.id, 'network', 'network traffic (the design marks it network-facing)');
  for (const stage of design.boot) add(stage.loadedBy, 'flash', `the ${stage.image} image it loads from flash`);
  for (const rule of design.access) {
    const asset = design.assets.find((a) => a.id === rule.asset);
    if (asset?.location === 'flash' && rule.rights.includes('read')) add(rule.component, 'flash', `the ${asset.name} it reads from flash`);
  }
  return found.filter((p) => design.components.some((c) => c.id === p.component));
}

/** The design's justified exception for this component and input, if it states one. */
export function exploitException(design: PlatformDesign, component: string, input: AttackerInput): ExploitException | undefined {
  return design.exploitExceptions?.find((e) => e.component === component && e.input === input);
}

/** The barrier broken by exploiting a component's parsing: one per component, whatever the input (the cheaper assumption for the defender's count). */
export const exploitBarrier = (component: string): string => `exploit:${component}`;
