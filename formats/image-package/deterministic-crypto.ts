/**
 * A WebCrypto for @peculiar/x509 whose sign() is noble's RFC 6979 signature (cross-checked by
 * node:crypto) under one key: the same certificate inputs always give the same certificate bytes,
 * which keeps fixtures and emulated releases reproducible. Everything else is node's WebCrypto.
 */
import { webcrypto } from 'node:crypto';
import { signP256 } from './ecdsa-p256.js';
import type { SigningKey } from './signing-key.js';

export function deterministicWebCrypto(key: SigningKey): unknown {
  const subtle = webcrypto.subtle;
  return {
    getRandomValues: webcrypto.getRandomValues.bind(webcrypto),
    subtle: new Proxy(subtle, {
      get(target, property) {
        if (property === 'sign') {
          return async (alg: { hash?: unknown } | undefined, _key: unknown, data: ArrayBuffer | ArrayBufferView) => {
            const hash = typeof alg?.hash === 'string' ? alg.hash : (alg?.hash as { name?: string } | undefined)?.name;
            if (hash !== undefined && hash !== 'SHA-256') throw new Error(`unexpected certificate signature hash ${String(hash)}`);
            const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
            return signP256(bytes, key).slice().buffer;
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }),
  };
}
