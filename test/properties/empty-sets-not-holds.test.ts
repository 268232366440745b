/**
 * Audit 9: a rule that quantifies over every X holds of no X. Where a design leaves the set out, the rule is
 * not met: no boot stage (an input error: the schema asks for one), no private key (small-tcb keys-in-vault),
 * no trusted key store (hardware-root-of-trust key-store-writes-confined, renewable-security's key store
 * renewal), no boot stage an update kind replaces (the shared rollback rule). Flawed fixtures from
 * test/fixtures/platforms must be unknown; the built-in design, which names each, must not be.
 */
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkAgainstPlatform } from '../../model/update/load-update.js';
import { checkRollbackRule } from '../../model/update/rollback.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { checkFaults } from '../../properties/defense-in-depth/fault-check.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { checkDesignFits } from '../../properties/renewable-security/design-fit.js';
import { checkSmallTcb } from '../../properties/small-tcb/index.js';
import { builtinProfile, checkContext } from '../helpers/check-context.js';
import { tempDir } from '../helpers.js';
import { defaultDesign } from '../update/helpers.js';

const fixtures = resolve(fileURLToPath(import.meta.url), '../../fixtures/platforms');
function load(file: string): Product {
  const loaded = loadProduct(file);
  expect(loaded.hasErrors, loaded.diagnostics.map((d) => d.message).join('; ')).toBe(false);
  return loaded.product!;
}
const fixture = (name: string) => load(resolve(fixtures, name, 'sevenfold.json'));
const context = (property: string) => checkContext({ seed: 1, runs: 1, timeoutMs: 10_000, command: `sevenfold verify --property ${property}` });
const outcome = (r: { requirements?: { id: string; outcome: string }[] }, id: string) => r.requirements?.find((q) => q.id === id)?.outcome;
/** The built-in update design with only the kinds named. */
function updateWithKinds(...kinds: string[]): UpdateDesign {
  const design = defaultDesign();
  design.updateKinds = design.updateKinds.filter((k) => kinds.includes(k.kind));
  return design;
}

describe('a platform design with no boot stage', () => {
  it('is a located input error (it was unknown or holds, depending on the property, and crashed the random runs)', () => {
    const t = tempDir();
    try {
      const design = JSON.parse(readFileSync(builtinPlatformFile(), 'utf8'));
      design.boot = [];
      const loaded = loadPlatform(t.write('platform.json', JSON.stringify(design, null, 2)));
      expect(loaded.design).toBeUndefined();
      expect(loaded.diagnostics.map((d) => d.pointer)).toEqual(['/boot']);
    } finally {
      t.cleanup();
    }
  });

  it('given in code, the defense-in-depth fault sweep is unknown, not "not applicable" (the verdict held over no stage)', async () => {
    const design = loadPlatform(builtinPlatformFile()).design!;
    const sweep = await checkFaults({ ...design, boot: [] }, { tolerance: 1, faults: 1, seed: 1, progress: () => {} });
    expect(sweep.status).toBe('unknown');
    expect(await checkFaults(design, { tolerance: 0, faults: 0, seed: 1, progress: () => {} })).toMatchObject({ status: 'decided' });
  });
});

describe('small-tcb keys-in-vault over a design that names no private key', () => {
  it('no-private-key: unknown, naming the missing key (it held: "no software can read a private key")', async () => {
    const r = await checkSmallTcb(fixture('no-private-key'), context('small-tcb'));
    expect(r.verdict, r.summary).toBe('unknown');
    expect(r.summary).toMatch(/^small-tcb\.keys-in-vault: .*platform\.json \/assets names no private key/);
    expect(outcome(r, 'small-tcb.keys-in-vault')).toBe('unknown');
  });

  it('unused-identity-key: max-share is unknown when no access rule lets any component use a secret (the TCB from the rules lacks its user)', async () => {
    const r = await checkSmallTcb(fixture('unused-identity-key'), context('small-tcb'));
    expect(r.verdict, r.summary).toBe('unknown');
    expect(r.summary).toMatch(/^small-tcb\.max-share: no access rule lets any component use or read the secret Device identity private key/);
    expect(outcome(r, 'small-tcb.max-share')).toBe('unknown');
  });

  it('the built-in design names the identity key and its user: keys-in-vault and max-share met', async () => {
    // On the built-in design, which leaves busMasters out (unknown, s37-dma), with the fixture assumption that no app
  // programs a bus master (test/fixtures/bus-masters-stated.ts): only the rules under test decide.
    const r = await checkSmallTcb(productAssumingNoBusMasters(load(builtinProductFile())), context('small-tcb'));
    expect(r.verdict, r.summary).toBe('holds');
    expect(outcome(r, 'small-tcb.keys-in-vault')).toBe('met');
    expect(outcome(r, 'small-tcb.max-share')).toBe('met');
    expect(outcome(r, 'small-tcb.no-untrusted-member')).toBe('met');
  });
});

describe('small-tcb no-untrusted-member over an app the platform design has no slot for', () => {
  it('root-of-trust/no-high-level-slot: unknown, naming the app (it held: "no app … is in the TCB" of an app the TCB computation never saw)', async () => {
    const r = await checkSmallTcb(load(resolve(fixtures, '../products/root-of-trust/no-high-level-slot/sevenfold.json')), context('small-tcb'));
    expect(r.verdict, r.summary).toBe('unknown');
    expect(r.summary).toMatch(/^small-tcb\.no-untrusted-member: app Thermostat \(.*sevenfold\.json \/apps\/0\) has no high-level app slot in the platform design/);
    expect(outcome(r, 'small-tcb.no-untrusted-member')).toBe('unknown');
  });
});

describe('rules over the trusted key store, for a design that names none', () => {
  it('no-trusted-key-store: hardware-root-of-trust key-store-writes-confined is unknown (it held: "0 writes of the trusted key store … every one refused")', async () => {
    const product = fixture('no-trusted-key-store');
    product.update = updateWithKinds('os', 'app'); // the built-in update design renews the store this design lacks
    const r = await checkHardwareRootOfTrust(product, context('hardware-root-of-trust'));
    expect(r.verdict, r.summary).toBe('unknown');
    expect(outcome(r, 'hardware-root-of-trust.key-store-writes-confined')).toBe('unknown');
    expect(r.evidence!.some((e) => e.lines.some((l) => l.includes('/assets names no trusted key store')))).toBe(true);
  });

  it('no-trusted-key-store: renewable-security\'s fit of the update design is unknown (it held: every stage "and no key store" renewable)', () => {
    const product = fixture('no-trusted-key-store');
    const design = updateWithKinds('os', 'app');
    const fit = checkDesignFits({ design, file: 'update.json', errors: [], platformProblems: checkAgainstPlatform(design, product.platform) }, product, 'sevenfold verify');
    expect(fit.verdict, fit.summary).toBe('unknown');
    expect(fit.summary).toContain('/assets names no trusted key store');
  });

  it('the built-in design keeps it: both rules decide', async () => {
    // On the built-in design, which leaves busMasters out (unknown, s37-dma), with the fixture assumption that no app
  // programs a bus master (test/fixtures/bus-masters-stated.ts): only the rules under test decide.
    const product = productAssumingNoBusMasters(load(builtinProductFile()));
    const design = defaultDesign();
    expect(checkDesignFits({ design, file: 'update.json', errors: [], platformProblems: checkAgainstPlatform(design, product.platform) }, product, 'sevenfold verify').verdict).toBe('holds');
    const r = await checkHardwareRootOfTrust(product, context('hardware-root-of-trust'));
    expect(outcome(r, 'hardware-root-of-trust.key-store-writes-confined')).toBe('met');
  });
});

describe('the rollback rule, for an update design that replaces no boot stage', () => {
  it('is undecided, and hardware-root-of-trust unknown (it held: "0 updatable stages each raise their own counter")', async () => {
    const product = load(builtinProductFile());
    const only = updateWithKinds('prerequisite');
    const rule = checkRollbackRule(product.platform, only, builtinProfile(), { platformFile: product.platformFile, updateFile: 'update.json' });
    expect(rule.undecided).toMatch(/^no update kind of update\.json replaces any boot stage/);
    product.update = only;
    const r = await checkHardwareRootOfTrust(product, context('hardware-root-of-trust'));
    expect(r.verdict, r.summary).toBe('unknown');
    expect(outcome(r, 'renewable-security.rollback-counter-per-stage')).toBe('unknown');
  });

  it('the built-in update design replaces every stage: decided', () => {
    const product = load(builtinProductFile());
    const rule = checkRollbackRule(product.platform, defaultDesign(), builtinProfile(), { platformFile: product.platformFile });
    expect(rule.undecided).toBeUndefined();
    expect(rule.stages.length).toBe(product.platform.boot.length);
  });
});
