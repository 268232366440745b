/**
 * The trusted key store in flash: key certificates, DER after DER. It carries no signature of its own:
 * each certificate is trusted only through its chain up to the anchor in eFuses, so anything an
 * attacker appends is harmless unless the design leaves a key without a chain. A loader reads and
 * parses it once per boot and keeps it in its own memory.
 */
import { bytesEqual } from '../../formats/image-package/thumbprint.js';
import { readDer } from '../../formats/attestation/der.js';
import { parseKeyCertificate, type KeyCertificate } from './key-certificate.js';

export class KeyStore {
  private constructor(
    readonly certificates: readonly KeyCertificate[],
    /** Entries the device could not read, skipped. */
    readonly unreadable: readonly string[],
  ) {}

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
    return this.certificates.find((c) => bytesEqual(c.thumbprint, thumbprint));
  }

  /** Certificates whose subject is `name` (DER bytes): the candidates for an issuer. */
  bySubject(name: Uint8Array): KeyCertificate[] {
    return this.certificates.filter((c) => bytesEqual(c.subject, name));
  }
}
