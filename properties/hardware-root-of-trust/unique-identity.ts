/**
 * Every device has its own identity. The factory provisions a fleet of the product's devices (two, or
 * the deployment's fleet size when it is one: a single device has no other to be confused with, and
 * the requirement is then not applicable, said so, unless the design gives every device the factory
 * makes the same key, which no fleet size makes the device's own), each chip drawing its identity key as the design
 * says (identityKeyProvisioning: per-device by default only where the design's Pluton firmware is Microsoft's,
 * as Azure Sphere's Pluton does; elsewhere a design that leaves it out is undecided). Each device
 * boots; the attestation service sends the second a nonce; its quote must verify under its own
 * registered key and must not verify under the first device's: otherwise the service cannot tell the
 * devices apart, and one device's key (extracted once) impersonates the whole fleet.
 */
import { HmacDrbg, type BootRun } from '../../emulator/boot/index.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { toHex } from '../../formats/image-package/index.js';
import { identityKeyProvisioningReading } from '../../model/platform/azure-sphere-provenance.js';
import { registeredIdentityKey } from './identity-key.js';
import { serviceAccepts, takeQuote } from './quote-exchange.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'every device has its own identity key';
export const UNIQUE_IDENTITY_REQUIREMENT = 'hardware-root-of-trust.unique-identity';
/**
 * Two devices are enough to show two devices can be told apart (or not). Always two, whatever the product's
 * deployment.fleetSize says: uniqueness is a property of how the factory provisions keys, not of how many devices
 * one deployment holds (a fleet of one made the rule not applicable, so a product lowered its own bar by its word).
 */
const FLEET_TO_PROVISION = 2;

export function checkUniqueIdentity(input: RuleInput): RuleOutcome {
  const { lab, product, verifier } = input;
  const stated = product.deployment.fleetSize;
  const count = FLEET_TO_PROVISION;
  const base = { rule: RULE, requirement: UNIQUE_IDENTITY_REQUIREMENT };
  const reading = identityKeyProvisioningReading(lab.design);
  // Left out on a design whose Pluton firmware is not Microsoft's: nothing says the devices' keys differ, and
  // no boot of the emulator (which gives each chip its own key unless told otherwise) can stand in for the factory.
  if (reading.kind === 'unstated') {
    const summary = `not decided: ${displayPath(product.platformFile)}: ${reading.reason}; state it (per-device or same-for-every-device)`;
    const data = { locations: [{ file: product.platformFile, pointer: '/identityKeyProvisioning', description: 'identity-key provisioning not stated' }] };
    return { ...base, verdict: 'unknown', summary, evidence: [{ title: `${RULE}: not decided`, lines: [summary], data }], extraBoots: [] };
  }
  const provisioning = reading.value;
  // Said in the evidence when the design leaves it out: the verdict then rests on Azure Sphere's default.
  const defaulted = reading.kind === 'azure-sphere' ? ` (Azure Sphere's default, its Pluton firmware being Microsoft's: ${displayPath(product.platformFile)} does not state identityKeyProvisioning)` : '';
  const fleet = lab.provisionFleet(count);
  const registered = fleet.map((device) => registeredIdentityKey(device.serial === 0 ? lab.factoryDevice : device)!);
  const boots: BootRun[] = fleet.map((device) => lab.reboot(device, verifier, `fleet device #${device.serial}: normal boot`));
  const nonce = new HmacDrbg(lab.seed, 'attestation service nonce for fleet device #1').generate(32);
  const quote = takeQuote(fleet[1]!, nonce);
  const own = serviceAccepts(verifier, registered[1]!, nonce, quote.values, quote.signature);
  const asOther = serviceAccepts(verifier, registered[0]!, nonce, quote.values, quote.signature);
  const sameKey = toHex(registered[0]!) === toHex(registered[1]!);
  const lines = [
    `${count} devices provisioned by the same factory run (${stated === undefined ? 'fleet size not stated' : `the product states a fleet of ${stated}, which does not change how the factory provisions keys`}); identity keys provisioned ${provisioning}${defaulted}`,
    ...registered.map((key, i) => `device #${i}: identity public key ${toHex(key).slice(2, 18)}… registered at the factory`),
    `device #1's quote for the service's nonce ${toHex(nonce).slice(0, 12)}…: ${own ? 'verifies' : 'DOES NOT verify'} under its own registered key; ${asOther ? 'VERIFIES' : 'does not verify'} under device #0's`,
  ];
  const problems = [
    ...(sameKey ? [`devices #0 and #1 have the same identity key: the design provisions it ${provisioning}`] : []),
    ...(asOther ? ["device #1's quote verifies as device #0's: the attestation service cannot tell the devices apart, and one extracted key impersonates every device"] : []),
    ...(!own ? ["device #1's quote does not verify under its own registered key"] : []),
  ];
  if (problems.length > 0) {
    const pointer = lab.design.identityKeyProvisioning ? '/identityKeyProvisioning' : undefined;
    const data = pointer ? { locations: [{ file: product.platformFile, pointer, description: `identity keys provisioned ${provisioning}` }] } : undefined;
    return { ...base, verdict: 'violated', summary: problems[0]!, evidence: [{ title: `${RULE}: violated`, lines: [...problems, ...lines], reproduce: input.reproduce, ...(data ? { data } : {}) }], extraBoots: boots };
  }
  return { ...base, verdict: 'holds', summary: `${count} devices of one factory run: distinct identity keys, and one device's quote does not verify as another's`, evidence: [{ title: `${RULE}: holds`, lines }], extraBoots: boots };
}
