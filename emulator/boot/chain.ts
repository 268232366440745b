/**
 * Following a signing key's certificate chain up to the anchor, as boot code does it. The loader's
 * firmware knows the design's key hierarchy (which key certifies which, and which eFuse holds the
 * anchor's hash) but nothing else: every certificate comes from flash and is believed only once its
 * issuer's signature verifies, and the chain's top is believed only if its public key hashes to the
 * value in the anchor's eFuses. A key the design gives neither a certifier nor an anchor cannot be
 * checked at all: the device takes its certificate from flash as it stands, and says so ('unanchored').
 * Second reading of the spec's certificate rule (model/platform/boot-acceptance.ts: certificateBelieved,
 * through BOOT_CHECK_RULES.believed), held against it by test/differential/boot-harness.ts.
 */
import { createHash } from 'node:crypto';
import { toHex } from '../../formats/image-package/index.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { KeyCertificate } from './key-certificate.js';
import type { KeyStore } from './key-store.js';
import type { SignatureVerifier } from './p256-verifier.js';
import type { ChainTrace } from './trace.js';
import { BytesMemo, sameBytes } from './bytes-memo.js';

/** SHA-256 of each public key an anchor check hashes: a pure function of the key, asked on every check of every boot. Shared: read only. */
const keyHashes = new BytesMemo<Uint8Array>(1024);

export interface ChainContext {
  design: PlatformDesign;
  store: KeyStore;
  verifier: SignatureVerifier;
  /** The anchor hash as stored in the asset (eFuses), read on behalf of the loader. */
  readAnchor: (assetId: string) => Uint8Array | undefined;
  /**
   * Set only while an app stage is checked on a device that carries the appDevelopment capability:
   * the SDK test certificate the loader then accepts in place of the check's key (sdk-test-signer.ts).
   */
  development?: KeyCertificate;
}

/** `certificate` claims to be key `keyId`'s; is it, all the way up? */
export function verifyKeyChain(certificate: KeyCertificate, keyId: string, context: ChainContext, visited: readonly string[] = NONE): ChainTrace {
  // Loops rather than find/filter/spread with closures: a boot walks some forty links, and their garbage was a third of a boot's.
  const key = designKey(context.design, keyId);
  if (!key) return { status: 'broken', links: [`the design has no key ${keyId}`] };
  if (key.anchoredIn) {
    const expected = context.readAnchor(key.anchoredIn);
    const actual = keyHashes.get(certificate.publicKey, sha256);
    if (expected && sameBytes(actual, expected)) return { status: 'anchored', links: [`${keyId} matches the hash in ${key.anchoredIn}`] };
    return { status: 'broken', links: [`${keyId}: SHA-256 of the key ${toHex(actual).slice(0, 16)}… is not the ${key.anchoredIn} value ${expected ? `${toHex(expected).slice(0, 16)}…` : '(absent)'}`] };
  }
  const looped = visited.includes(keyId);
  if (!key.certifiedBy || looped) {
    return { status: 'unanchored', links: [`${keyId} has ${looped ? 'a certification loop' : 'no certifier and no anchor'} in the design: its certificate in flash is taken as it stands`] };
  }
  const parent = key.certifiedBy;
  if (certificate.issuerCommonName !== parent) {
    return { status: 'broken', links: [`${keyId}'s certificate is issued by "${certificate.issuerCommonName}", but ${parent} certifies ${keyId}`] };
  }
  // The keys below this one, as a short list (a chain is a few keys deep; a Set per link cost more than the walk).
  const seen = visited.slice(); // concat() took a fifth of the walk: it checks every argument for spreadability
  seen.push(keyId);
  let failure: string | undefined;
  // The store's certificates whose subject is this one's issuer (KeyStore.bySubject), in the store's order.
  for (const issuer of context.store.certificates) {
    if (!sameBytes(issuer.subject, certificate.issuer) || issuer.subjectCommonName !== parent) continue;
    if (!context.verifier.verify(certificate.tbs, certificate.signature, issuer.publicKey)) {
      failure = `${keyId}'s certificate does not verify under ${parent}'s key`;
      continue;
    }
    const above = verifyKeyChain(issuer, parent, context, seen);
    const link = `${keyId} certified by ${parent}`;
    if (above.status !== 'broken') {
      const links = [link];
      for (const upper of above.links) links.push(upper);
      return { status: above.status, links };
    }
    failure = `${link}, but ${above.links[above.links.length - 1]}`;
  }
  return { status: 'broken', links: [failure ?? `no certificate of ${parent} in the key store`] };
}

const NONE: readonly string[] = [];

const sha256 = (bytes: Uint8Array): Uint8Array => createHash('sha256').update(bytes).digest();

/** The design's key by id: the first with that id, as a search of design.keys finds it. */
function designKey(design: PlatformDesign, id: string): PlatformDesign['keys'][number] | undefined {
  for (const key of design.keys) if (key.id === id) return key;
  return undefined;
}
