/**
 * The small-tcb requirements of the profile, applied to a computed TCB:
 *  - small-tcb.max-share: the TCB holds less than this fraction of the components. The source asks "is MOST of
 *    the device's software outside the TCB?": at exactly the fraction (0.5, half inside), most is not outside,
 *    so the bound is strict;
 *  - small-tcb.no-untrusted-member: no app (a slot a product app fills, or any app slot), no component
 *    marked untrusted, no network-facing parser (attack-surface.ts: the design's marks, and under the profile's
 *    defense-in-depth.network-facing-by-image-type the image types that parse network input) is trusted. An app in the TCB is
 *    named with its product-file entry: the product (or the platform design it names) lets that app do
 *    what makes a component trusted;
 *  - small-tcb.keys-in-vault: every private key (a private-key asset, or a secret key store) is kept in
 *    the hardware vault (Pluton), and no software component may read one; a design that names no private
 *    key is unknown (every device has its identity key: the rule would hold of none).
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { NETWORK_FACING_BY_IMAGE_TYPE, platformParsers, unstatedNetworkExposure } from '../../model/platform/attack-surface.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { TcbGround, TcbMember } from '../../model/platform/tcb.js';
import { isAppSlot } from '../../model/product/instantiate.js';
import type { Product } from '../../model/product/product.js';
import { requiredNumber, requiredRule, type RequirementProfile, type RequirementRef } from '../../model/requirements/requirement-profile.js';
import { reachRules } from '../../model/platform/bus-masters.js';

export interface RuleOutcome {
  id: string;
  outcome: RequirementRef['outcome'];
  detail: string;
  /** One sentence per breach, for the summary and the findings. */
  problems: string[];
}

export interface TcbJudgement {
  rules: RuleOutcome[];
  /** Marks on members that break a rule, by component id. */
  flags: Map<string, string[]>;
  maxShare: number;
}

export function judgeTcb(product: Product, tcb: readonly TcbMember[], profile: RequirementProfile): TcbJudgement {
  const design = product.platform;
  const flags = new Map<string, string[]>();
  const flag = (component: string, mark: string) => flags.set(component, [...(flags.get(component) ?? []), mark]);
  const name = (id: string) => design.components.find((c) => c.id === id)?.name ?? id;
  const rules: RuleOutcome[] = [];

  const maxShare = requiredNumber(profile, 'small-tcb.max-share');
  const share = tcb.length / design.components.length;
  const shareText = `${tcb.length} of ${design.components.length} components = ${(100 * share).toFixed(1)}%; under ${(100 * maxShare).toFixed(1)}% required`;
  // The TCB is computed from the access rules: a secret no rule lets any component use or read (the identity key
  // Pluton signs quotes with, azure-sphere-facts §4) has a user the design leaves out, and that user belongs in the
  // TCB, so a share within the bound would be judged on a TCB that lacks it.
  const unusedSecrets = design.assets.flatMap((a, i) => (a.secret && !reachRules(design).some((r) => r.asset === a.id && r.rights.some((x) => x === 'use' || x === 'read')) ? [`${a.name} (${displayPath(product.platformFile)} /assets/${i})`] : []));
  const unstated = `no access rule lets any component use or read the secret ${unusedSecrets.join(', ')}: the component that uses it, which the TCB must hold, is not stated, so the TCB computed from the design may lack it (${shareText})`;
  rules.push(share >= maxShare ? { id: 'small-tcb.max-share', outcome: 'failed', detail: shareText, problems: [`the TCB is too large: ${shareText}`] } : unusedSecrets.length ? { id: 'small-tcb.max-share', outcome: 'unknown', detail: unstated, problems: [] } : { id: 'small-tcb.max-share', outcome: 'met', detail: shareText, problems: [] });

  if (!requiredRule(profile, 'small-tcb.no-untrusted-member')) {
    rules.push({ id: 'small-tcb.no-untrusted-member', outcome: 'not-applicable', detail: 'switched off in the profile', problems: [] });
  } else {
    // A rule of defense-in-depth's section this judgement reads: switched off, the verdict names it as not asked
    // (a Wi-Fi firmware left unmarked then counts as trusted here, and small-tcb held without saying why).
    const byImageType = requiredRule(profile, NETWORK_FACING_BY_IMAGE_TYPE);
    if (!byImageType) rules.push({ id: NETWORK_FACING_BY_IMAGE_TYPE, outcome: 'not-applicable', detail: 'switched off in the profile: only components the design marks networkFacing count as network parsers', problems: [] });
    const networkFacing = new Map(platformParsers(design, { networkFacingByImageType: byImageType }).filter((p) => p.input === 'network').map((p) => [p.component, p.what]));
    const problems: string[] = [];
    for (const member of tcb) {
      const component = design.components.find((c) => c.id === member.component)!;
      const app = product.apps.find((a) => a.slot === member.component);
      const why = member.reasons.join('; ');
      if (app) {
        const appName = app.manifest.name ?? displayPath(app.manifestFile);
        flag(member.component, `APP ${appName} (${displayPath(product.file)} ${app.pointer})`);
        problems.push(`app ${appName} (${app.pointer}) is in the TCB: its slot ${member.component} ${why}`);
      } else if (isAppSlot(component)) {
        flag(member.component, 'APP SLOT');
        problems.push(`the app slot ${name(member.component)} is in the TCB: it ${why}`);
      }
      if (component.untrusted && !app) {
        flag(member.component, 'UNTRUSTED');
        problems.push(`${name(member.component)} is untrusted code in the TCB: it ${why}`);
      }
      if (networkFacing.has(member.component)) {
        flag(member.component, 'NETWORK-FACING');
        problems.push(`${name(member.component)} parses network input${component.networkFacing ? '' : ` (${networkFacing.get(member.component)!.replace(/^network traffic \((.*)\)$/, '$1')})`} and is in the TCB: it ${why}`);
      }
    }
    // An app the platform design has no slot for is run by no component of it: whether what runs it is in the
    // TCB is not stated, so "no app is in the TCB" would hold of an app the computation never saw.
    const unplaced = product.apps.filter((a) => a.slot === undefined).map((a) => `app ${a.manifest.name ?? displayPath(a.manifestFile)} (${displayPath(product.file)} ${a.pointer}) has no ${a.manifest.kind} app slot in the platform design: the component that runs it, and whether it is in the TCB, is not stated`);
    // A TCB member whose exposure to the network the design does not state (image type Other, networkFacing left out): "no network-facing member" would hold by default.
    const members = new Set(tcb.map((m) => m.component));
    unplaced.push(...unstatedNetworkExposure(product.basePlatform).filter((u) => members.has(u.component)).map((u) => `${displayPath(product.platformFile)} ${u.pointer}: ${u.reason}; it is in the TCB, so whether a network parser is trusted is not stated`));
    rules.push({
      id: 'small-tcb.no-untrusted-member',
      outcome: problems.length ? 'failed' : unplaced.length ? 'unknown' : 'met',
      detail: problems.length ? `${problems.length} untrusted member${problems.length > 1 ? 's' : ''}` : unplaced.length ? unplaced.join('; ') : `no app (${product.apps.map((a) => a.manifest.name ?? '?').join(', ') || 'none'}), untrusted or network-facing component is in the TCB`,
      problems,
    });
  }

  if (!requiredRule(profile, 'small-tcb.keys-in-vault')) {
    rules.push({ id: 'small-tcb.keys-in-vault', outcome: 'not-applicable', detail: 'switched off in the profile', problems: [] });
  } else {
    const problems: string[] = [];
    const keys = design.assets.filter((a) => a.kind === 'private-key' || (a.kind === 'key-store' && a.secret));
    // The effective access (bus-masters.ts): a DMA engine that reads the key reads it for whoever programs it.
    reachRules(design).forEach((rule, i) => {
      const key = keys.find((k) => k.id === rule.asset);
      if (!key || !rule.rights.includes('read')) return;
      flag(rule.component, `READS ${key.id}`);
      problems.push(`${name(rule.component)} can read the private key ${key.name}${rule.busMaster ? ` through the bus master ${rule.busMaster} it programs` : ''} (${displayPath(product.platformFile)} ${rule.busMaster ? rule.pointer : basePointer(product, 'access', i)}): keys must stay in a hardware vault`);
    });
    // The vault is the security subsystem: a private key kept anywhere else (flash, SRAM, eFuses, I/O
    // registers) is not in a hardware-protected vault, whatever the access rules say of software: the
    // physical-flash attacker and the bus read it without asking them. (Instantiation keeps every asset, so
    // the index is the file's.)
    design.assets.forEach((key, i) => {
      if (!keys.includes(key) || key.location === 'pluton') return;
      problems.push(`the private key ${key.name} is kept in ${key.location} (${displayPath(product.platformFile)} /assets/${i}/location), not in the hardware vault (Pluton)`);
    });
    // Every Azure Sphere device attests with a private key Pluton keeps (azure-sphere-facts §4: attestation, Pluton key ioctls), so a design that
    // names no private key has left it out: "no software can read a private key" would hold over nothing.
    const none = `${displayPath(product.platformFile)} /assets names no private key (kind "private-key", or a secret key store): where the device identity key is kept, and who may read it, is not stated`;
    rules.push({
      id: 'small-tcb.keys-in-vault',
      outcome: problems.length ? 'failed' : keys.length ? 'met' : 'unknown',
      detail: problems.length ? `${problems.length} component(s) can read a private key` : keys.length ? `no component can read ${keys.map((k) => k.name).join(', ')}` : none,
      problems,
    });
  }
  return { rules, flags, maxShare };
}

/** A member as evidence lines: its name and marks, then each ground with where the design states it. */
export function describeMember(product: Product, member: TcbMember, flags: readonly string[], declared: boolean): string[] {
  const design = product.platform;
  const component = design.components.find((c) => c.id === member.component);
  const marks = [...flags, ...(declared ? [] : ['NOT DECLARED'])];
  return [
    `${component?.name ?? member.component} (${member.component})${marks.length ? `  [${marks.join(', ')}]` : ''}:`,
    ...member.grounds.map((g) => `  - ${g.text}${groundPointer(product, g, member.component)}`),
  ];
}

function groundPointer(product: Product, g: TcbGround, member: string): string {
  switch (g.kind) {
    case 'immutable-root':
      return '';
    case 'secret-access':
    case 'firewall-write':
    case 'efuse-write':
    case 'trust-write':
    case 'code-write':
      return `  [${g.via ? g.via.pointer : basePointer(product, 'access', g.access)}]`;
    case 'runs-above':
      return '';
    case 'verifies':
      return `  [${basePointer(product, 'boot', g.stage)}/checks]`;
    case 'loads':
      return `  [${basePointer(product, 'boot', g.stage)}/loadedBy]`;
    case 'measures':
      return `  [${basePointer(product, 'boot', g.stage)}/measurement]`;
    case 'holds-member': {
      const at = product.basePlatform.components.findIndex((c) => c.id === member);
      return at < 0 ? '' : `  [/components/${at}]`;
    }
  }
}

/**
 * The pointer of an instantiated design's rule in the platform file as written: the product drops
 * the empty app slots' rules, so indexes differ; instantiation keeps the rule objects themselves.
 */
export function basePointer(product: Product, section: 'access' | 'boot', index: number): string {
  const list: readonly unknown[] = product.platform[section];
  const base: readonly unknown[] = product.basePlatform[section];
  const item = list[index];
  let at = base.indexOf(item);
  if (at < 0) at = base.findIndex((b) => sameRule(b, item, section));
  return at < 0 ? `/${section}/?` : `/${section}/${at}`;
}

function sameRule(a: unknown, b: unknown, section: 'access' | 'boot'): boolean {
  if (section === 'boot') return (a as PlatformDesign['boot'][number]).image === (b as PlatformDesign['boot'][number]).image;
  return JSON.stringify(a) === JSON.stringify(b);
}
