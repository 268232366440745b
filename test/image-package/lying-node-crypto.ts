/**
 * node:crypto made to lie on purpose: while `nodeCrypto.lie` is set, its `verify` returns the opposite
 * of its real verdict, so that noble (which cannot be mocked on its worker thread) disagrees with it.
 * The noble confirmation tests install it with
 *   vi.mock('node:crypto', async (original) => (await import('./lying-node-crypto.js')).lyingNodeCrypto(original));
 * and switch it through the `nodeCrypto` they import from here (one module instance for both).
 */
type NodeCrypto = typeof import('node:crypto');

export const nodeCrypto = { lie: false };

export async function lyingNodeCrypto(importOriginal: <T>() => Promise<T>): Promise<NodeCrypto> {
  const original = await importOriginal<NodeCrypto>();
  const verify = ((...args: Parameters<NodeCrypto['verify']>) => {
    const verdict = (original.verify as (...a: unknown[]) => boolean)(...args);
    return nodeCrypto.lie ? !verdict : verdict;
  }) as NodeCrypto['verify'];
  return { ...original, default: { ...original, verify }, verify } as NodeCrypto;
}
