import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { checkSmallTcb } from '../../properties/small-tcb/index.js';
import { checkContext } from '../helpers/check-context.js';

const fixtures = resolve(fileURLToPath(import.meta.url), '../../fixtures/platforms');
const context = checkContext({ seed: 1, runs: 1, timeoutMs: 1000, command: 'sevenfold verify --property small-tcb' });
const check = (file: string) => checkSmallTcb(loadProduct(file).product!, context);

describe('small-tcb', () => {
  it('holds for the built-in design and reports the TCB size', async () => {
    const r = await check(builtinProductFile());
    expect(r.verdict).toBe('holds');
    expect(r.summary).toContain('4 of 10 components');
  });

  it.each([
    ['kernel-reads-key-store', 'Normal World kernel'],
    ['loader-verifies-kernel', 'Normal World loader'],
  ])('is violated by %s, naming the component that joins the TCB', async (name, component) => {
    const r = await check(resolve(fixtures, name, 'sevenfold.json'));
    expect(r.verdict).toBe('violated');
    expect(r.summary).toContain(component);
    expect(r.evidence?.[0]?.lines.some((l) => l.includes('[NOT DECLARED]'))).toBe(true);
  });
});
