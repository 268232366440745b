/**
 * The trusted key store in flash: key certificates, DER after DER. Unless the design keeps it as a signed image
 * (signed-key-store.ts), it carries no signature of its own: each certificate is trusted only through its chain up
 * to the anchor in eFuses, so anything an attacker appends is harmless unless the design leaves a key without a
 * chain. A loader reads and parses it once per boot and keeps it in its own memory.
 */
import { readDer } from '../../formats/attestation/der.js';
import { parseKeyCertificate, type KeyCertificate } from './key-certificate.js';
import { BytesMemo, sameBytes } from './bytes-memo.js';

/** Key stores read so far (a loader reads the same store on every boot); few distinct ones per run. */
const stores = new BytesMemo<KeyStore>(256);

export class KeyStore {
  private constructor(
    readonly certificates: readonly KeyCertificate[],
    /** Entries the device could not read, skipped. */
    readonly unreadable: readonly string[],
    /** Why the loader believes none of it (a signed store whose signature or version it refused). */
    readonly refused?: string,
  ) {}

  /** The store a loader is left with when it refuses the one in flash: no certificates, and why. */
  static refusedStore(reason: string): KeyStore {
    return new KeyStore([], [], reason);
  }

  /**
   * The store as a loader reads it from flash: parsed once per distinct bytes in a process (parsing is
   * a pure function of them; the store and its certificates are shared, so read only).
   */
  static read(bytes: Uint8Array): KeyStore {
    return stores.get(bytes, (own) => KeyStore.parse(own));
  }

  static parse(bytes: Uint8Array): KeyStore {
    const certificates: KeyCertificate[] = [];
    const unreadable: string[] = [];
    for (let pos = 0; pos < bytes.length; ) {
      let end: number;
      try {
        end = readDer(bytes, pos).end;
      } catch (err) {
        unreadable.push(`at byte ${pos}: ${(err as Error).message}; the rest of the store is ignored`);
        break;
      }
      const parsed = parseKeyCertificate(bytes.subarray(pos, end));
      if (parsed.ok) certificates.push(parsed.certificate);
      else unreadable.push(`at byte ${pos}: ${parsed.reason}`);
      pos = end;
    }
    return new KeyStore(certificates, unreadable);
  }

  static encode(certificates: readonly Uint8Array[]): Uint8Array {
    return Buffer.concat(certificates);
  }

  byThumbprint(thumbprint: Uint8Array): KeyCertificate | undefined {
    for (const c of this.certificates) if (sameBytes(c.thumbprint, thumbprint)) return c;
    return undefined;
  }

  /** Certificates whose subject is `name` (DER bytes): the candidates for an issuer. */
  bySubject(name: Uint8Array): KeyCertificate[] {
    return this.certificates.filter((c) => sameBytes(c.subject, name));
  }
}
