import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProduct } from '../../model/product/product.js';
import { checkFailureReporting } from '../../properties/failure-reporting/index.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { checkContext } from '../helpers/check-context.js';

const fixtures = resolve(fileURLToPath(import.meta.url), '../../fixtures/updates');
const context = checkContext({ seed: 1, runs: 50, timeoutMs: 10_000, command: 'sevenfold verify' });

// The product files name their flawed update design with the product file's "update" field.
describe('update designs named by a product file', () => {
  it.each([
    ['counter-raised-before-verify', 'renewable-security'],
    ['no-ab-slot', 'renewable-security'],
    ['unbounded-deferral', 'renewable-security'],
    ['dev-signed-in-production', 'renewable-security'],
    ['freeze-undetected', 'renewable-security'],
    ['failure-log-in-ram', 'failure-reporting'],
  ])('%s is violated by %s', async (name, property) => {
    const loaded = loadProduct(resolve(fixtures, name, 'sevenfold.json'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.product?.updateFile).toBe(resolve(fixtures, name, 'update.json'));
    const check = property === 'renewable-security' ? checkRenewableSecurity : checkFailureReporting;
    const result = await check(loaded.product!, context);
    expect(result.verdict, result.summary).toBe('violated');
  });
});
