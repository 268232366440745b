/**
 * Keys are confined by the hardware, as the design's access rules say and no further. For every
 * component of the product's device, a compromised copy of it runs the attacker's program
 * (emulator/boot/compromised-component.ts): it asks Pluton to read, use and replace every key Pluton
 * holds, and asks the bus controller to read and write every other key asset. The emulator grants
 * exactly what the design's access rules say, and a transfer it has a DMA engine it drives make where the firewall lets
 * that engine through (its own reading, emulator/boot/dma-engines.ts, held here against the spec's reading,
 * bus-masters.ts reachRules: a disagreement is `unknown`, since then neither reading can be trusted; s37-dma: before,
 * an app slot whose engine wrote the trusted key store met key-store-writes-confined). Two requirements
 * are tested on what was granted:
 *  - private-keys-confined: no component outside Pluton's own firmware (the Pluton core) can read, use
 *    or replace a private key (the identity key, a secret key store). For the identity key the evidence
 *    shows what the grant buys: a quote the component made up that the attestation service accepts
 *    (use), the key itself (read), or a device that no longer has its registered identity (write). A grant to Pluton's
 *    firmware counts against whoever runs as that firmware (model/platform/key-control.ts: a component outside it that
 *    may write the code it executes, or an attacker of the design), held against the emulated device's own reading of
 *    who runs as whom (attackerRunsAs, runsAsFrom); a disagreement is unknown;
 *  - key-store-writes-confined: only secure-world firmware (not untrusted code, an app slot or a user-mode
 *    component that runs in the secure world) can change a trusted key store (the list of keys allowed to
 *    sign images).
 */
import { DmaEngines } from '../../emulator/boot/dma-engines.js';
import { reachRules } from '../../model/platform/bus-masters.js';
import { attackerRunsAs, runsAsFrom, HmacDrbg, KEY_STORE_SLOT, KeyStore, runCompromisedComponent, storeContents, type AccessAttempt, type BootDevice } from '../../emulator/boot/index.js';
import { deviceIdOf, encodeQuoteBody } from '../../formats/attestation/messages.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { publicPointOf, toHex } from '../../formats/image-package/index.js';
import type { PlatformAsset, PlatformDesign } from '../../model/platform/platform-design.js';
import { rightsThroughControl, type KeptRights, type RightThroughControl } from '../../model/platform/control-closure.js';
import { isPrivateKeyAsset, isSecureWorldFirmware, KEY_STORE_WRITES, PRIVATE_KEY_RIGHTS, privateKeyRightsThroughFirmware } from '../../model/platform/key-control.js';
import { useHoldsKeyBytes } from '../../model/platform/key-use.js';
import { isPlutonFirmware } from '../../model/platform/pluton-firmware.js';
import { isTrustedKeyStore, missingTrustedKeyStore } from '../../model/platform/trusted-key-store.js';
import { componentsAnAttackerTakesOver } from '../../model/platform/verifier-takeover.js';
import type { Evidence } from '../verdict.js';
import { quoteKeyOf, registeredIdentityKey } from './identity-key.js';
import { expectedMeasurements, serviceAccepts, takeQuote } from './quote-exchange.js';
import { accessPointer, type RuleInput, type RuleOutcome } from './rule.js';

export const PRIVATE_KEYS_REQUIREMENT = 'hardware-root-of-trust.private-keys-confined';
export const KEY_STORE_REQUIREMENT = 'hardware-root-of-trust.key-store-writes-confined';
const PRIVATE_RULE = 'private keys are confined to Pluton';
const KEY_STORE_RULE = 'only secure-world firmware writes the trusted key store';

export interface ConfinementRun {
  attempts: AccessAttempt[];
  /** The device each compromised component ran on, after its program. */
  devices: Map<string, BootDevice>;
  /** The attestation service's nonce the forged quote answers. */
  nonce: Uint8Array;
  /** The measurements the forged quote claims (the genuine chain's) and the client key it binds (the attacker's). */
  forged: { measurements: Uint8Array; clientKey: Uint8Array };
  disagreements: string[];
}

/** Key assets: the private keys and key stores of the design. */
const keyAssets = (design: PlatformDesign): PlatformAsset[] => design.assets.filter((a) => a.kind === 'private-key' || a.kind === 'key-store');
/** A private key to the requirement (model/platform/key-control.ts). */
const isPrivateKey = isPrivateKeyAsset;
/** The trusted key store of the boot: a key store whose contents are not secret (it lists certificates). */

/** Runs every component's compromised program, each on its own copy of the provisioned device. */
export function runCompromisedComponents(input: RuleInput): ConfinementRun {
  const { lab } = input;
  const design = lab.design;
  const assets = keyAssets(design);
  const nonce = new HmacDrbg(lab.seed, 'attestation service nonce for a compromised component').generate(32);
  // The quote the attacker would like the service to accept: the registered device, the genuine chain's
  // measurements whatever actually booted, and the attacker's own key to be certified as the client key.
  const forged = { measurements: expectedMeasurements(input), clientKey: lab.attacker.publicKey };
  const registered = registeredIdentityKey(lab.factoryDevice);
  const forgedQuote = encodeQuoteBody({ deviceId: registered ? deviceIdOf(registered) : new Uint8Array(64), nonce, ...forged });
  const attempts: AccessAttempt[] = [];
  const devices = new Map<string, BootDevice>();
  // Each compromised component also drives the DMA engines the design assigns it (emulator/boot/dma-engines.ts).
  const engines = new DmaEngines(design);
  for (const component of design.components) {
    const device = lab.factoryDevice.clone();
    attempts.push(...runCompromisedComponent(device, component.id, assets, lab.attacker.compromisedProgram(forgedQuote), engines));
    devices.set(component.id, device);
  }
  const disagreements = attempts
    .filter((a) => a.outcome !== 'no-such-operation' && (a.outcome === 'granted') !== reachRules(design).some((r) => r.component === a.component && r.asset === a.asset && r.rights.includes(a.right)))
    .map((a) => `${a.component} ${a.right} ${a.asset}: the emulator ${a.outcome === 'granted' ? 'granted' : 'refused'} it (${a.detail}), the design's access rules and bus masters ${a.outcome === 'granted' ? 'do not give it' : 'give it'}`);
  return { attempts, devices, nonce, forged, disagreements };
}

export function checkPrivateKeyConfinement(input: RuleInput, run: ConfinementRun): RuleOutcome {
  const design = input.lab.design;
  // Pluton's own firmware (model/platform/pluton-firmware.ts): the requirement's "security subsystem's own firmware".
  const outsidePluton = (component: string) => {
    const c = design.components.find((x) => x.id === component);
    return !c || !isPlutonFirmware(c);
  };
  const offending: OffendingAttempt[] = run.attempts.filter((a) => a.outcome === 'granted' && outsidePluton(a.component) && isPrivateKey(design.assets.find((x) => x.id === a.asset)!));
  // The bus has no "use" request (no-such-operation): a use the design grants on a key kept outside Pluton was never
  // tried, and the rule held of it. Such a use holds the key's bytes (model/platform/key-use.ts), so it is a grant.
  for (const a of run.attempts) {
    const asset = design.assets.find((x) => x.id === a.asset)!;
    if (a.outcome !== 'no-such-operation' || a.right !== 'use' || !outsidePluton(a.component) || !isPrivateKey(asset) || !useHoldsKeyBytes(asset)) continue;
    const rule = reachRules(input.product.platform).findIndex((r) => r.component === a.component && r.asset === a.asset && r.rights.includes('use'));
    if (rule < 0) continue;
    offending.push({ ...a, outcome: 'granted', rule, untried: true, detail: `a key kept in ${asset.location} has no vault to ask (the emulated bus has no such request): software that signs with it fetches its bytes over the bus, so it holds the key` });
  }
  const through = rightsThrough(input, run, PRIVATE_KEY_RIGHTS, privateKeyRightsThroughFirmware(design), true);
  if (through.disagreements.length > 0) {
    const summary = `who runs as Pluton's firmware, read by the rule (model/platform/key-control.ts) and by the emulated device, disagree, so neither reading can be trusted: ${through.disagreements[0]}`;
    return { rule: PRIVATE_RULE, requirement: PRIVATE_KEYS_REQUIREMENT, verdict: 'unknown', summary, extraBoots: [], evidence: [{ title: `${PRIVATE_RULE}: unknown`, lines: through.disagreements, reproduce: input.reproduce }] };
  }
  offending.push(...through.offending);
  return confinementOutcome(input, run, {
    rule: PRIVATE_RULE,
    requirement: PRIVATE_KEYS_REQUIREMENT,
    offending,
    consequence: (a) => identityConsequence(input, run, a),
    holds: (tried) => `${tried} requests for private keys from components outside Pluton's firmware: every one refused, as the design says`,
    scope: (a) => outsidePluton(a.component) && isPrivateKey(design.assets.find((x) => x.id === a.asset)!),
  });
}

/**
 * A grant the design's rules make: untried when the emulated hardware has no such request (a use of a key outside
 * Pluton); `via` when the grant is Pluton firmware's and `component` runs as it (key-control.ts).
 */
type OffendingAttempt = AccessAttempt & { untried?: boolean; via?: string };

/**
 * Grants a rule keeps inside some components (Pluton's firmware for private keys, secure-world firmware for the trusted
 * key store: model/platform/key-control.ts) that count against whoever runs as them: the rule's list against the
 * emulated device's own (emulator/boot/attacker-takeover.ts: runsAsFrom from each component outside, on the device's
 * access controller, and attackerRunsAs where `attacker` is set), with the grants the compromised insider got.
 */
function rightsThrough(input: RuleInput, run: ConfinementRun, kept: KeptRights, byRuleList: RightThroughControl[], attacker: boolean): { offending: OffendingAttempt[]; disagreements: string[] } {
  const device = input.lab.factoryDevice;
  const design = input.lab.design;
  const key = (component: string, via: string, asset: string, right: string) => `${component} ${right} ${asset} as ${via}`;
  // The shortest reason first: the component that writes the insider's code itself before those that hold it.
  const byRule = new Map(byRuleList.sort((a, b) => a.why.length - b.why.length).map((r) => [key(r.component, r.via, r.asset, r.right), r]));
  const granted = run.attempts.filter((a) => {
    const c = design.components.find((x) => x.id === a.component);
    const asset = design.assets.find((x) => x.id === a.asset);
    return a.outcome === 'granted' && c !== undefined && asset !== undefined && kept.inside(c) && kept.asset(asset) && (kept.rights as readonly string[]).includes(a.right);
  });
  const byDevice = new Map<string, { component: string; attempt: AccessAttempt; why: string }>();
  if (granted.length > 0) {
    if (attacker) {
      const runsAs = attackerRunsAs(device);
      for (const a of granted) if (runsAs.has(a.component)) byDevice.set(key(a.component, a.component, a.asset, a.right), { component: a.component, attempt: a, why: `the emulated device says an attacker runs as ${a.component}: ${runsAs.get(a.component)}` });
    }
    for (const c of design.components) {
      if (kept.inside(c)) continue;
      const runsAs = runsAsFrom(device, new Map([[c.id, 'its own program']]));
      for (const a of granted) if (a.component !== c.id && runsAs.has(a.component)) byDevice.set(key(c.id, a.component, a.asset, a.right), { component: c.id, attempt: a, why: `the emulated device runs ${c.id}'s program as ${a.component}: ${runsAs.get(a.component)}` });
    }
  }
  const offending: OffendingAttempt[] = [];
  const disagreements: string[] = [];
  for (const [k, r] of byRule) {
    const attempt = run.attempts.find((a) => a.component === r.via && a.asset === r.asset && a.right === r.right);
    // A right the emulated hardware has no request for (a use of a key kept outside Pluton) is not tried: the rule's word stands.
    if (attempt?.outcome === 'no-such-operation') {
      offending.push({ ...attempt, component: r.component, via: r.via, outcome: 'granted', rule: r.access, untried: true, detail: `${r.why}; ${attempt.detail}` });
      continue;
    }
    const played = byDevice.get(k);
    if (!played) disagreements.push(`the rule says ${k} (${r.why}); the emulated device ${attempt?.outcome === 'granted' ? 'does not run that component as it' : `did not grant ${r.via} that right`}`);
    else offending.push({ ...played.attempt, component: r.component, via: r.via, detail: `${r.why} (${played.why}); the emulated hardware granted ${r.via} the ${r.right} — ${played.attempt.detail}` });
  }
  for (const [k, p] of byDevice) if (!byRule.has(k)) disagreements.push(`${p.why}, and so ${k}; the rule (model/platform/key-control.ts) does not say so`);
  return { offending, disagreements };
}


export function checkKeyStoreWrites(input: RuleInput, run: ConfinementRun): RuleOutcome {
  const design = input.lab.design;
  // No trusted key store in the design: no write of one is ever tried, and "every one refused" would hold of none.
  const missing = missingTrustedKeyStore(design);
  if (missing) {
    const summary = `${displayPath(input.product.platformFile)} ${missing}`;
    return { rule: KEY_STORE_RULE, requirement: KEY_STORE_REQUIREMENT, verdict: 'unknown', summary, extraBoots: [], evidence: [{ title: `${KEY_STORE_RULE}: unknown`, lines: [summary], reproduce: input.reproduce }] };
  }
  // Secure-world firmware: the secure world's own code (ROM, firmware, the supervisor), not customer code the
  // design marks untrusted or an app slot that happens to run there ("only Microsoft code runs in Secure World"),
  // and not a component an attacker of the design runs as, by either reading: the takeover rule's
  // (model/platform/verifier-takeover.ts componentsAnAttackerTakesOver) or the emulated device's own
  // (emulator/boot/attacker-takeover.ts attackerRunsAs). It held: a secure-world firmware network co-processor on a
  // core of its own, granted write on the store, was "secure-world firmware" here while the network attacker runs as it
  // (s35-identity; the counter rule read who an attacker runs as the same narrow way, model/update/rollback.ts).
  const taken = componentsAnAttackerTakesOver(design);
  const runsAs = attackerRunsAs(input.lab.factoryDevice);
  const attackerWhy = (component: string): string | undefined => {
    const rule = taken.get(component);
    const device = runsAs.get(component);
    if (!rule && !device) return undefined;
    const readings = rule && device ? '' : ` (only the ${rule ? 'takeover rule' : 'emulated device'} says so: the two readings disagree)`;
    return `an attacker of the design runs as ${component}: ${rule ?? device}${readings}`;
  };
  const normalWorld = (component: string) => {
    const c = design.components.find((x) => x.id === component);
    return !c || !isSecureWorldFirmware(c) || attackerWhy(component) !== undefined;
  };
  const offending: OffendingAttempt[] = run.attempts.filter((a) => a.outcome === 'granted' && a.right === 'write' && normalWorld(a.component) && isTrustedKeyStore(design.assets.find((x) => x.id === a.asset)!));
  // And whoever runs as secure-world firmware with the write (model/platform/key-control.ts): a Normal World kernel let
  // write the RAM the Security Monitor executes adds a signer through it (it held, s36-tcb).
  const through = rightsThrough(input, run, KEY_STORE_WRITES, rightsThroughControl(design, KEY_STORE_WRITES), false);
  if (through.disagreements.length > 0) {
    const summary = `who runs as secure-world firmware, read by the rule (model/platform/key-control.ts) and by the emulated device, disagree, so neither reading can be trusted: ${through.disagreements[0]}`;
    return { rule: KEY_STORE_RULE, requirement: KEY_STORE_REQUIREMENT, verdict: 'unknown', summary, extraBoots: [], evidence: [{ title: `${KEY_STORE_RULE}: unknown`, lines: through.disagreements, reproduce: input.reproduce }] };
  }
  offending.push(...through.offending.filter((t) => !offending.some((o) => o.component === t.component && o.asset === t.asset)));
  return confinementOutcome(input, run, {
    rule: KEY_STORE_RULE,
    requirement: KEY_STORE_REQUIREMENT,
    offending,
    consequence: (a) => [attackerWhy(a.component), keyStoreConsequence(input, a)].filter((x) => x !== undefined).join('; ') || undefined,
    holds: (tried) => `${tried} writes of the trusted key store from components other than secure-world firmware no attacker runs as: every one refused, as the design says`,
    scope: (a) => a.right === 'write' && normalWorld(a.component) && isTrustedKeyStore(design.assets.find((x) => x.id === a.asset)!),
  });
}

interface Confinement {
  rule: string;
  requirement: string;
  /** untried: granted by the design where the emulated hardware has no such request (a use of a key outside Pluton). */
  offending: OffendingAttempt[];
  consequence: (attempt: AccessAttempt) => string | undefined;
  holds: (tried: number) => string;
  /** The attempts this requirement is about (counted in the holding summary). */
  scope: (attempt: AccessAttempt) => boolean;
}

function confinementOutcome(input: RuleInput, run: ConfinementRun, c: Confinement): RuleOutcome {
  const base = { rule: c.rule, requirement: c.requirement, extraBoots: [] };
  if (run.disagreements.length > 0) {
    return { ...base, verdict: 'unknown', summary: `the emulated hardware and the design's access rules disagree, so neither reading can be trusted: ${run.disagreements[0]}`, evidence: [{ title: `${c.rule}: unknown`, lines: run.disagreements, reproduce: input.reproduce }] };
  }
  const tried = run.attempts.filter(c.scope);
  if (c.offending.length === 0) {
    const components = new Set(run.attempts.map((a) => a.component)).size;
    return { ...base, verdict: 'holds', summary: c.holds(tried.length), evidence: [{ title: `${c.rule}: holds`, lines: [`${components} compromised components × ${new Set(run.attempts.map((a) => a.asset)).size} key assets × read, use, write: ${run.attempts.filter((a) => a.outcome === 'granted').length} granted, each by a design access rule`, c.holds(tried.length)] }] };
  }
  const lines: string[] = [];
  const locations: { file: string; pointer: string; description: string; app?: string }[] = [];
  for (const a of c.offending) {
    const pointer = accessPointer(input.product, a.rule!);
    const as = a.via && a.via !== a.component ? ` as ${a.via}, whose right it is` : '';
    lines.push(`${a.component} may ${a.right} ${a.asset}${as}${pointer ? ` (${pointer} of the platform design)` : ''}: ${a.untried || a.via ? a.detail : `the emulated hardware granted it — ${a.detail}`}`);
    const consequence = c.consequence(a);
    if (consequence) lines.push(`  ${consequence}`);
    if (pointer) locations.push({ file: input.product.platformFile, pointer, description: `${a.component} may ${a.right} ${a.asset}` });
  }
  const programs: Evidence[] = [...new Set(c.offending.map((a) => a.via ?? a.component))].slice(0, 2).map((component) => ({
    title: `trace: the program of a compromised ${component}`,
    lines: run.attempts.filter((a) => a.component === component).map((a) => `${a.right} ${a.asset}: ${a.outcome === 'granted' ? `GRANTED by ${accessPointer(input.product, a.rule!) ?? `access rule ${a.rule}`} — ${a.detail}` : a.outcome === 'refused' ? `refused — ${a.detail}` : a.detail}`),
    reproduce: input.reproduce,
  }));
  const first = c.offending[0]!;
  const summary = `${first.component} can ${first.right} ${first.asset}${first.via && first.via !== first.component ? ` as ${first.via}` : ''}${c.offending.length > 1 ? ` (and ${c.offending.length - 1} more grants)` : ''}`;
  return { ...base, verdict: 'violated', summary, evidence: [{ title: `${c.rule}: violated`, lines, reproduce: input.reproduce, data: { locations } }, ...programs] };
}

/** What a grant on the identity key buys the component, shown with the attestation service's own check. */
function identityConsequence(input: RuleInput, run: ConfinementRun, attempt: OffendingAttempt): string | undefined {
  const registered = registeredIdentityKey(input.lab.factoryDevice);
  const identityAsset = quoteKeyOf(input.product) ?? input.lab.design.assets.find((a) => a.kind === 'private-key')?.id;
  if (!registered || attempt.asset !== identityAsset || !attempt.value) return undefined;
  switch (attempt.right) {
    case 'use': {
      const accepted = serviceAccepts(input.verifier, registered, run.nonce, run.forged, attempt.value);
      return `a quote ${attempt.component} made up (the genuine measurements, its own client key, the service's nonce ${toHex(run.nonce).slice(0, 12)}…) and had Pluton sign ${accepted ? 'VERIFIES under the identity key registered at the factory: the attestation service would take it for a genuine device' : 'does not verify under the registered identity key'}`;
    }
    case 'read': {
      const holds = attempt.value.length === 32 && toHex(publicPointOf(attempt.value)) === toHex(registered);
      return holds ? `${attempt.component} now holds the device's identity private key (its public key is the one registered at the factory): it can sign as the device anywhere, off the device` : undefined;
    }
    case 'write': {
      const device = run.devices.get(attempt.via ?? attempt.component)!;
      const quote = takeQuote(device, run.nonce);
      const stillRegistered = serviceAccepts(input.verifier, registered, run.nonce, quote.values, quote.signature);
      return stillRegistered ? undefined : `after the write the device's quotes no longer verify under the identity key registered at the factory: the identity is no longer the hardware's (public key now ${toHex(attempt.value).slice(0, 16)}…)`;
    }
  }
}

/** What the key store holds after the write: the certificates the attacker appended. */
function keyStoreConsequence(input: RuleInput, attempt: AccessAttempt): string | undefined {
  if (!attempt.value) return undefined;
  // The attacker appends its certificates to the store's bytes (a store kept as a signed image keeps its body inside the package).
  const current = input.lab.factoryDevice.flash.peek(KEY_STORE_SLOT) ?? new Uint8Array(0);
  const before = storeContents(current).certificates.length;
  const appended = KeyStore.parse(attempt.value.subarray(current.length)).certificates;
  const added = appended.map((c) => `"${c.subjectCommonName}" (thumbprint ${toHex(c.thumbprint).slice(0, 12)}…)`);
  return `the trusted key store now lists ${before + appended.length} certificates: ${added.length} of them written by ${attempt.component}: ${added.join(', ')}`;
}
