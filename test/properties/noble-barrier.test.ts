/**
 * The barrier between a check and its verdict (properties/noble-barrier.ts, used by runProperty): a
 * verdict is reported only after noble, on its worker, has confirmed every signature verdict the check
 * used, and a disagreement turns it into `unknown` with the cross-check reason — never `holds`.
 * node:crypto is made to lie on purpose (the worker's noble cannot be mocked).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeCrypto as node } from '../image-package/lying-node-crypto.js';

vi.mock('node:crypto', async (importOriginal) => (await import('../image-package/lying-node-crypto.js')).lyingNodeCrypto(importOriginal));

const { deferringNobleConfirmations, forgetVerdicts, generateSigningKey, nobleConfirmationsInBackground, signP256, unansweredNobleConfirmations, verifyP256 } = await import(
  '../../formats/image-package/index.js'
);
const { PROPERTIES, runProperty, startProperty } = await import('../../properties/registry.js');
const { loadProduct } = await import('../../model/product/product.js');
const { builtinProductFile } = await import('../../model/product/builtin.js');
const { checkContext } = await import('../helpers/check-context.js');
import type { PropertyResult } from '../../properties/verdict.js';

/** What a fake check names as met: a holds that names no met requirement of its own property is unknown (verdict.ts). */
const met = [{ id: 'small-tcb.max-share', statement: 'the TCB is small', source: 'test', outcome: 'met' as const }];
const key = generateSigningKey();
const data = new TextEncoder().encode('a release the check trusts');
const signature = signP256(data, key);
const product = loadProduct(builtinProductFile()).product!;
const property = PROPERTIES.find((p) => p.id === 'small-tcb')!;
const original = property.check!;

/** runProperty with a check that holds exactly when the signature verifies (as node:crypto says, at once). */
async function decideWith(check: () => Promise<PropertyResult>): Promise<{ result: PropertyResult; unansweredWhenReported: number }> {
  property.check = check;
  try {
    const result = await runProperty(property, product, checkContext());
    return { result, unansweredWhenReported: unansweredNobleConfirmations() };
  } finally {
    property.check = original;
  }
}
const holdsIfSigned = async (): Promise<PropertyResult> => {
  expect(deferringNobleConfirmations()).toBe(true);
  const valid = verifyP256(data, signature, key.publicKey);
  return { property: 'small-tcb', verdict: valid ? 'holds' : 'violated', summary: valid ? 'the release is signed' : 'unsigned release', timings: [{ check: 'check', ms: 1 }], requirements: met };
};

afterEach(() => {
  node.lie = false;
  forgetVerdicts();
});

describe('runProperty waits for noble before it reports', () => {
  it('an agreed verdict is reported after noble, on the worker, has answered', async () => {
    const before = nobleConfirmationsInBackground();
    const { result, unansweredWhenReported } = await decideWith(holdsIfSigned);
    expect(result.verdict).toBe('holds');
    expect(nobleConfirmationsInBackground()).toBe(before + 1);
    expect(unansweredWhenReported).toBe(0);
    expect(deferringNobleConfirmations()).toBe(false);
  });

  it('a planted disagreement stops a holds: the verdict is unknown with the cross-check reason', async () => {
    // node:crypto lies that the signature is valid... for a signature over other bytes.
    const forged = Uint8Array.from(signature, (b, i) => (i === 40 ? b ^ 1 : b));
    node.lie = true;
    const { result } = await decideWith(async () => {
      const valid = verifyP256(data, forged, key.publicKey);
      return { property: 'small-tcb', verdict: valid ? 'holds' : 'violated', summary: 'x', timings: [{ check: 'check', ms: 1 }], requirements: met };
    });
    expect(result.verdict).toBe('unknown');
    expect(result.summary).toMatch(/^noble and node:crypto disagree about a signature, so no verdict can be trusted: noble says invalid but node:crypto says valid/);
    expect(result.timings).toEqual([{ check: 'check', ms: 1 }]);
    expect(result.profile).toBeDefined(); // still framed by runProperty (inputs, profile, scope)
  });

  it('after a disagreement, a later property is unknown too, even one that used no new signature', async () => {
    node.lie = true;
    await decideWith(holdsIfSigned);
    node.lie = false;
    const { result } = await decideWith(async () => ({ property: 'small-tcb', verdict: 'holds', summary: 'nothing signed', requirements: met }));
    expect(result.verdict).toBe('unknown');
  });

  it('a check that throws still closes the deferral (and is unknown, as before)', async () => {
    const { result } = await decideWith(async () => {
      verifyP256(data, signature, key.publicKey);
      throw new Error('boom');
    });
    expect(result.verdict).toBe('unknown');
    expect(result.summary).toMatch(/failed internally: boom/);
    expect(deferringNobleConfirmations()).toBe(false);
    expect(unansweredNobleConfirmations()).toBe(0);
  });
});

describe('startProperty: the next check may start before noble has confirmed the last one', () => {
  it('returns once the check is done; the verdict comes only after its confirmations, and a planted disagreement still stops it', async () => {
    for (const lie of [false, true]) {
      node.lie = lie;
      forgetVerdicts();
      const forged = Uint8Array.from(signature, (b, i) => (i === 40 ? b ^ 1 : b));
      property.check = async () => {
        const valid = verifyP256(data, lie ? forged : signature, key.publicKey);
        return { property: 'small-tcb', verdict: valid ? 'holds' : 'violated', summary: 'x', requirements: met };
      };
      try {
        const { confirmed } = await startProperty(property, product, checkContext());
        // The check is done and its deferral closed; noble's answer may still be on its way.
        expect(deferringNobleConfirmations()).toBe(false);
        const result = await confirmed;
        expect(unansweredNobleConfirmations(), `lie ${lie}`).toBe(0);
        expect(result.verdict, `lie ${lie}`).toBe(lie ? 'unknown' : 'holds');
        expect(result.profile).toBeDefined();
      } finally {
        property.check = original;
      }
    }
  });

  it('a verdict whose confirmations are pending is not handed on while a later check adds more', async () => {
    property.check = holdsIfSigned;
    try {
      const first = await startProperty(property, product, checkContext());
      let firstDone = false;
      void first.confirmed.then(() => (firstDone = true));
      // A second check asks noble about a new triple before the first verdict is in.
      const other = signP256(new TextEncoder().encode('another release'), key);
      property.check = async () => {
        expect(deferringNobleConfirmations()).toBe(true);
        verifyP256(new TextEncoder().encode('another release'), other, key.publicKey);
        return { property: 'small-tcb', verdict: 'holds', summary: 'y', requirements: met };
      };
      const second = await startProperty(property, product, checkContext());
      const results = await Promise.all([first.confirmed, second.confirmed]);
      expect(firstDone).toBe(true);
      expect(results.map((r) => r.verdict)).toEqual(['holds', 'holds']);
      expect(unansweredNobleConfirmations()).toBe(0);
    } finally {
      property.check = original;
    }
  });
});
