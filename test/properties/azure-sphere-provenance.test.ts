/**
 * Azure Sphere's defaults stand only for Microsoft's code, and an image is Microsoft's by the key it is checked
 * under (keys[].holder "microsoft" along the whole chain), not by the image type or core a design writes
 * (model/platform/azure-sphere-provenance.ts). Before (main at 6b224da):
 *  - labelled-os-maker-signed (the kernel and services labelled NormalWorldKernel and Services but signed under
 *    the device maker's own keys, appIsolation left out) held compartmentalization and certificate-authentication
 *    on Azure Sphere's isolation;
 *  - identity-provisioning-unstated-maker-pluton (the maker's own Pluton firmware, identityKeyProvisioning left
 *    out) held hardware-root-of-trust ("every device has its own identity key") and certificate-authentication on
 *    Azure Sphere's per-device keys.
 * Now each is unknown, naming the field to state; the sound twins (Microsoft's OS with appIsolation left out; the
 * maker's Pluton stating per-device) hold.
 */
import { readFileSync } from 'node:fs';
import { clientKeyOf } from '../../model/attestation/client-key.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identityKeyProvisioningReading, notMicrosoftSigned } from '../../model/platform/azure-sphere-provenance.js';
import { notAzureSphereOs } from '../../model/platform/app-isolation-stated.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { checkCertificateAuthentication } from '../../properties/certificate-authentication/index.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { updateDesignOf } from '../../model/update/product-update.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const builtin = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../model/designs/azure-sphere-mt3620.json'), 'utf8')) as PlatformDesign;
const protocol = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../model/designs/azure-sphere-attestation.json'), 'utf8')) as ProtocolDesign;
const isolation = checkContext({ seed: 20261206, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });
const quick = checkContext({ seed: 5, runs: 5, bound: { sessions: 1 }, requirements: smallSearchProfile(), command: 'sevenfold verify --property certificate-authentication' });
const boots = checkContext({ seed: 20261206, runs: 5, timeoutMs: 60_000, command: 'sevenfold verify --property hardware-root-of-trust' });
const FIELDS = ['/appIsolation/networkFirewall', '/appIsolation/realTimeNetwork', '/appIsolation/storage', '/appIsolation/appConnections'];

describe('whose key signs an image decides whether it is Azure Sphere\'s', () => {
  it("the built-in design's images are Microsoft's; a key whose holder is left out or another's is not", () => {
    const kernel = builtin.components.find((c) => c.id === 'nw-kernel')!;
    expect(notMicrosoftSigned(builtin, kernel)).toBeUndefined();
    const unstated = structuredClone(builtin);
    delete unstated.keys.find((k) => k.id === 'rom-anchor')!.holder;
    expect(notMicrosoftSigned(unstated, kernel)).toMatch(/"rom-anchor" \(\/keys\/0\/holder left out\)/);
    expect(notAzureSphereOs(unstated)).toMatch(/NormalWorldKernel image not shown to be Microsoft's/);
    expect(identityKeyProvisioningReading(unstated)).toMatchObject({ kind: 'unstated' });
    expect(identityKeyProvisioningReading(builtin)).toEqual({ kind: 'azure-sphere', value: 'per-device' });
    // The client key Pluton generates is Microsoft's Pluton firmware's doing too (model/attestation/client-key.ts).
    expect(clientKeyOf(protocol, builtin)).toEqual({ kind: 'azure-sphere' });
    expect(clientKeyOf(protocol, unstated)).toMatchObject({ kind: 'unstated', reason: expect.stringContaining('its Pluton firmware is not shown to be Microsoft\'s') });
    const noPluton = structuredClone(builtin);
    noPluton.components = noPluton.components.filter((c) => c.core !== 'Pluton');
    expect(identityKeyProvisioningReading(noPluton)).toMatchObject({ kind: 'unstated', reason: expect.stringContaining('no firmware image on the Pluton core') });
  });
});

describe("appIsolation left out on an OS labelled Azure Sphere's but signed by the device maker", () => {
  it('labelled-os-maker-signed: compartmentalization unknown, naming every field and the key whose holder is not Microsoft', async () => {
    const result = await checkCompartmentalization(loadPlatformFixture('labelled-os-maker-signed'), isolation);
    expect(result.verdict).toBe('unknown');
    for (const field of FIELDS) expect(result.summary).toContain(field);
    expect(result.summary).toContain('labelled-os-maker-signed/platform.json');
    expect(result.summary).toMatch(/NormalWorldKernel image not shown to be Microsoft's \(nw-kernel is checked under "fab-signing", and the design does not state that Microsoft holds "fab-signing" \(\/keys\/\d+\/holder: device-maker\)/);
  });

  it('labelled-os-maker-signed: certificate-authentication does not take the apps as confined to their manifests', async () => {
    const result = await checkCertificateAuthentication(loadPlatformFixture('labelled-os-maker-signed'), quick, { symbolicOnly: true });
    expect(result.verdict).toBe('unknown');
    expect(result.summary).toMatch(/Thermostat may connect to any host/);
  });

  it("labelled-os-maker-signed: the built-in update design (Azure Sphere's failure log, kept by its OS) describes another device", () => {
    // Before, failure-reporting held here on Azure Sphere's failure log; its reader (failure-reporting, the rollback rule) is unknown on this reason.
    expect(updateDesignOf(loadPlatformFixture('labelled-os-maker-signed')).defaultForOtherDevice).toMatch(/the update design is the built-in one .*NormalWorldKernel image not shown to be Microsoft's.*name the product's own with "update"/);
    expect(updateDesignOf(loadPlatformFixture('microsoft-os-isolation-unstated')).defaultForOtherDevice).toBeUndefined();
  });

  it("microsoft-os-isolation-unstated (sound twin): Microsoft's signed OS may leave appIsolation out", async () => {
    const result = await checkCompartmentalization(loadPlatformFixture('microsoft-os-isolation-unstated'), isolation);
    expect(result.verdict).toBe('holds');
  });
});

describe("identityKeyProvisioning left out on a platform whose Pluton firmware is the device maker's", () => {
  it('identity-provisioning-unstated-maker-pluton: hardware-root-of-trust unknown at /identityKeyProvisioning', async () => {
    const result = await checkHardwareRootOfTrust(loadPlatformFixture('identity-provisioning-unstated-maker-pluton'), boots);
    expect(result.verdict).toBe('unknown');
    expect(result.summary).toMatch(/every device has its own identity key: not decided: .*does not state \/identityKeyProvisioning.*pluton-runtime is checked under "fab-signing"/);
    expect(result.requirements?.find((r) => r.id === 'hardware-root-of-trust.unique-identity')?.outcome).toBe('unknown');
  });

  it('identity-provisioning-unstated-maker-pluton: certificate-authentication unknown at /identityKeyProvisioning', async () => {
    const result = await checkCertificateAuthentication(loadPlatformFixture('identity-provisioning-unstated-maker-pluton'), quick, { symbolicOnly: true });
    expect(result.verdict).toBe('unknown');
    expect(result.summary).toMatch(/platform\.json \/identityKeyProvisioning: .*own quote key/);
  });

  it('identity-provisioning-stated-maker-pluton (sound twin): per-device stated is used as stated', async () => {
    const product = loadPlatformFixture('identity-provisioning-stated-maker-pluton');
    expect((await checkHardwareRootOfTrust(product, boots)).verdict).toBe('holds');
    expect((await checkCertificateAuthentication(product, quick, { symbolicOnly: true })).verdict).toBe('holds');
  });
});
