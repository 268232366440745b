/**
 * Second reading, on purpose, of small-tcb's judgements (properties/small-tcb/rules.ts, judgeTcb): the profile's three
 * rules applied to the TCB the emulated device shows (tcb-reading.ts, itself held against computeTcb), read from the
 * device and the facts rather than from the design's lists. Held against it by
 * test/differential/tcb-judgement-differential.test.ts over random designs; it imports neither rules.ts, tcb.ts nor
 * attack-surface.ts (platformParsers: who parses network input).
 *
 *  - small-tcb.max-share: fewer than the profile's fraction of the components are trusted (at exactly the fraction
 *    most of the software is not outside). Unknown instead of met when some secret is used or read by no component
 *    on the emulated device: its user is left out of the design, and the TCB may lack it;
 *  - small-tcb.no-untrusted-member: a trusted component fails the rule when a product app runs as it, when it is an
 *    app slot (its image type is Applications), when the design marks it untrusted, or when it parses network input:
 *    marked network-facing, or (the profile's network-facing-by-image-type) its image is the Wi-Fi firmware or the OS
 *    services, the radio's frames and the networking/TLS stack (facts §3.3, §3.5), or the design's own exploit list
 *    lets an attacker with the network into it (one not marked untrusted: that one fails the rule already). Unknown instead of met when an app
 *    has no slot (what runs it is not stated);
 *  - small-tcb.keys-in-vault: fails for every component the emulated device lets read a private key (a private-key
 *    asset, or a secret key store) and for every such key Pluton does not hold (it has no request for it: the key is
 *    elsewhere, where the bus or the flash chip gives it away); unknown when the design names no private key
 *    (every device attests with one, facts §4).
 * Each rule gives its outcome and the components it names.
 */
import { runCompromisedComponent } from '../../emulator/boot/compromised-component.js';
import type { BootLab } from '../../emulator/boot/boot-lab.js';
import type { Product } from '../../model/product/product.js';
import { tcbAsRun } from './tcb-reading.js';

export interface JudgementAsRun {
  id: string;
  outcome: 'met' | 'failed' | 'unknown' | 'not-applicable';
  /** Components the rule names (members flagged, readers of a key). */
  named: string[];
}

export interface JudgementOptions {
  maxShare: number;
  noUntrustedMember: boolean;
  keysInVault: boolean;
  networkFacingByImageType: boolean;
}

const NETWORK_IMAGES = ['WifiFirmware', 'Services'];

export function judgementsAsRun(product: Product, lab: BootLab, options: JudgementOptions): JudgementAsRun[] {
  const design = lab.design;
  const { members } = tcbAsRun(lab);
  const trusted = [...members.keys()];
  const attempts = design.components.flatMap((c) => runCompromisedComponent(lab.factoryDevice.clone(), c.id, design.assets, lab.attacker.compromisedProgram(new Uint8Array([0x4a, 0x44, 0x47]))));
  const granted = (component: string, asset: string, right: 'read' | 'use') => attempts.some((a) => a.component === component && a.asset === asset && a.right === right && a.outcome === 'granted');
  const out: JudgementAsRun[] = [];

  const share = trusted.length / design.components.length;
  const unusedSecret = design.assets.some((a) => a.secret && !design.components.some((c) => (['read', 'use'] as const).some((right) => granted(c.id, a.id, right) || askedWithoutDoor(lab, c.id, a.id, right, attempts))));
  out.push({ id: 'small-tcb.max-share', outcome: share >= options.maxShare ? 'failed' : unusedSecret ? 'unknown' : 'met', named: [] });

  if (!options.noUntrustedMember) out.push({ id: 'small-tcb.no-untrusted-member', outcome: 'not-applicable', named: [] });
  else {
    // The judgement reads a rule of defense-in-depth's section; one the profile switches off is named, not asked.
    if (!options.networkFacingByImageType) out.push({ id: 'defense-in-depth.network-facing-by-image-type', outcome: 'not-applicable', named: [] });
    const networkAttackers = new Set(design.attackers.filter((a) => a.network).map((a) => a.id));
    const named = trusted.filter((id) => {
      const c = design.components.find((x) => x.id === id)!;
      const appRunsAs = product.apps.some((a) => a.slot === id);
      const exploitedFromNetwork = (design.exploits ?? []).some((e) => e.to === id && networkAttackers.has(e.from));
      const networkFacing = c.networkFacing === true || (options.networkFacingByImageType && NETWORK_IMAGES.includes(c.imageType ?? '')) || exploitedFromNetwork;
      return appRunsAs || c.imageType === 'Applications' || c.untrusted === true || networkFacing;
    });
    const unplaced = product.apps.some((a) => a.slot === undefined);
    out.push({ id: 'small-tcb.no-untrusted-member', outcome: named.length ? 'failed' : unplaced ? 'unknown' : 'met', named: named.sort() });
  }

  if (!options.keysInVault) out.push({ id: 'small-tcb.keys-in-vault', outcome: 'not-applicable', named: [] });
  else {
    const keys = design.assets.filter((a) => a.kind === 'private-key' || (a.kind === 'key-store' && a.secret));
    const readers = design.components.filter((c) => keys.some((k) => granted(c.id, k.id, 'read'))).map((c) => c.id);
    // Pluton holds a key when a request to it about the key is answered by its access controller, not "holds no key".
    const outside = keys.filter((k) => attempts.some((a) => a.asset === k.id && a.right === 'use' && (a.outcome === 'no-such-operation' || /Pluton holds no key/.test(a.detail))));
    out.push({ id: 'small-tcb.keys-in-vault', outcome: readers.length || outside.length ? 'failed' : keys.length ? 'met' : 'unknown', named: readers.sort() });
  }
  return out;
}

/**
 * Where the emulated device has no request for the asset (using a key Pluton does not hold, reading a register Pluton
 * keeps), the device's access controller answers whether the component may: software that uses a key outside Pluton
 * has its bytes, and a register's reader sees it.
 */
function askedWithoutDoor(lab: BootLab, component: string, asset: string, right: 'read' | 'use', attempts: ReturnType<typeof runCompromisedComponent>): boolean {
  const noDoor = attempts.some((a) => a.component === component && a.asset === asset && a.right === right && (a.outcome === 'no-such-operation' || /Pluton holds no key/.test(a.detail)));
  return noDoor && lab.factoryDevice.profile.access.decide(component, asset, right).granted;
}
