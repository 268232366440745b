/**
 * A protocol design's keys must be assets of the product's platform design (model/attestation/protocol-platform-keys.ts).
 * Before (main at 6b224da), maker-key-builtin-protocol (a platform whose identity key has the maker's own id, no
 * protocol design of its own) was certificate-authentication "violated" ("the quote key "device-identity-key" is not
 * an asset of the platform design"): a flaw charged to the device for an id it never named. Now loading the product
 * is refused (SF5102 ProtocolKeyNotInPlatform) at the product file's /protocol, or at the protocol design's own field
 * when the product names one; maker-key-own-protocol (the maker's protocol naming its key) loads.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProduct } from '../../model/product/product.js';

const fixtures = resolve(import.meta.dirname, '../fixtures/platforms');
const errorsOf = (file: string) => loadProduct(file).diagnostics.filter((d) => d.severity === 'error');
const scratch = mkdtempSync(join(tmpdir(), 'sevenfold-protocol-keys-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a protocol design names keys of the platform it runs on', () => {
  it('maker-key-builtin-protocol: the built-in protocol names a quote key the platform does not have: SF5102 at the product file /protocol', () => {
    const file = resolve(fixtures, 'maker-key-builtin-protocol/sevenfold.json');
    const errors = errorsOf(file);
    expect(errors.map((d) => [d.code, d.name, d.file, d.pointer])).toEqual([['SF5102', 'ProtocolKeyNotInPlatform', file, '/protocol']]);
    expect(errors[0]!.message).toContain('the built-in one (model/designs/azure-sphere-attestation.json) does not fit this platform: the quote key "device-identity-key" (attestation.signingKey) is not an asset of the platform design');
    expect(errors[0]!.message).toContain('whose private keys are "fab-device-key"');
  });

  it("a product's own protocol design naming a key the platform does not have: SF5102 at the protocol design's field, with its line", () => {
    const dir = resolve(fixtures, 'maker-key-own-protocol');
    for (const f of ['platform.json', 'sevenfold.json']) copyFileSync(join(dir, f), join(scratch, f));
    const protocol = JSON.parse(readFileSync(join(dir, 'protocol.json'), 'utf8'));
    protocol.deviceCertificate.clientKey = 'tls-key';
    writeFileSync(join(scratch, 'protocol.json'), JSON.stringify({ ...protocol, $schema: undefined }, null, 2));
    const product = JSON.parse(readFileSync(join(scratch, 'sevenfold.json'), 'utf8'));
    for (const k of ['$schema']) delete product[k];
    product.hardwareDefinition = resolve(dir, product.hardwareDefinition);
    product.hardwarePath = product.hardwarePath.map((p: string) => resolve(dir, p));
    product.apps = product.apps.map((a: { manifest: string }) => ({ ...a, manifest: resolve(dir, a.manifest) }));
    writeFileSync(join(scratch, 'sevenfold.json'), JSON.stringify(product, null, 2));
    const errors = errorsOf(join(scratch, 'sevenfold.json'));
    expect(errors.map((d) => [d.name, d.file, d.pointer])).toEqual([['ProtocolKeyNotInPlatform', join(scratch, 'protocol.json'), '/deviceCertificate/clientKey']]);
    expect(errors[0]!.position.line).toBeGreaterThan(1);
  });

  it("maker-key-own-protocol (sound twin): the maker's protocol names its quote key; no-private-key (no key at all) is left to the properties", () => {
    expect(errorsOf(resolve(fixtures, 'maker-key-own-protocol/sevenfold.json'))).toEqual([]);
    expect(errorsOf(resolve(fixtures, 'no-private-key/sevenfold.json'))).toEqual([]);
  });
});

describe('provisioning is stated on a private key other than the quote key (model/attestation/client-key.ts clientKeyProvisioningOf)', () => {
  // A copy of a platform fixture's product, its platform edited, in a scratch folder of its own.
  function productWithPlatform(name: string, edit: (platform: { assets: Record<string, unknown>[] }) => void): { file: string; platformFile: string } {
    const dir = resolve(fixtures, name);
    const out = mkdtempSync(join(scratch, `${name}-`));
    const platform = JSON.parse(readFileSync(join(dir, 'platform.json'), 'utf8'));
    delete platform.$schema;
    edit(platform);
    writeFileSync(join(out, 'platform.json'), JSON.stringify(platform, null, 2));
    const product = JSON.parse(readFileSync(join(dir, 'sevenfold.json'), 'utf8'));
    delete product.$schema;
    if (product.hardwareDefinition) product.hardwareDefinition = resolve(dir, product.hardwareDefinition);
    if (product.hardwarePath) product.hardwarePath = product.hardwarePath.map((p: string) => resolve(dir, p));
    if (product.protocol) product.protocol = resolve(dir, product.protocol);
    product.apps = product.apps.map((a: { manifest: string }) => ({ ...a, manifest: resolve(dir, a.manifest) }));
    writeFileSync(join(out, 'sevenfold.json'), JSON.stringify(product, null, 2));
    return { file: join(out, 'sevenfold.json'), platformFile: join(out, 'platform.json') };
  }

  it("on the quote key it is refused at the platform design's asset (its provisioning is /identityKeyProvisioning, which the identity rules read), and on an asset that is not a private key", () => {
    const quoteKey = productWithPlatform('client-key-in-pluton', (p) => {
      p.assets.find((a) => a['id'] === 'device-identity-key')!['provisioning'] = 'same-for-every-device';
    });
    const errors = errorsOf(quoteKey.file);
    expect(errors.map((d) => [d.name, d.file, d.pointer])).toEqual([['PlatformAssetKind', quoteKey.platformFile, '/assets/0/provisioning']]);
    expect(errors[0]!.message).toContain('is the protocol design\'s quote key (attestation.signingKey): how each device gets it is the platform design\'s /identityKeyProvisioning');
    const counter = productWithPlatform('client-key-in-pluton', (p) => {
      p.assets.find((a) => a['kind'] === 'counter')!['provisioning'] = 'per-device';
    });
    expect(errorsOf(counter.file).map((d) => [d.name, d.pointer])).toEqual([['PlatformAssetKind', '/assets/3/provisioning']]);
    // Sound: on the client key it loads (client-key-same-for-every-device states it there).
    expect(errorsOf(resolve(fixtures, 'client-key-same-for-every-device/sevenfold.json'))).toEqual([]);
  });
});
