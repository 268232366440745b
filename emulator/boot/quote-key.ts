/**
 * What signs a quote on this device: the asset the protocol design names as the quote's signing key
 * (attestation.signingKey), found by the device in its own platform design and used where the device keeps it.
 * Second reading, on purpose, of the signing-key part of model/attestation/protocol-design.ts quoteProofGap
 * ("the quote shows possession only when a secret private key signs it"), without calling it: the device does
 * not judge the asset, it signs with it. A key Pluton sealed at manufacture (pluton.ts: the secret private keys the
 * design keeps in Pluton) is used by Pluton's quote service and never leaves it. Anything else the design names
 * (a register, a key store, a counter, a key kept in flash, eFuses or SRAM, a key Pluton holds unsealed) is a value:
 * the attestation client reads it where it lives (the read crosses a bus, as every read does) and signs in
 * software with the key those bytes make (keysFromBytes). A name the device has no asset for signs nothing.
 * Held against the rule by test/differential/quote-proof-differential.test.ts, through the play in
 * properties/hardware-root-of-trust/design-quote.ts (the honest exchange, then a quote forged from what crossed
 * the buses).
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { p256 } from '@noble/curves/nist.js';
import type { PlatformAsset } from '../../model/platform/platform-design.js';
import { publicPointOf, signP256 } from '../../formats/image-package/index.js';
import { flashSlotOf } from './asset-bus.js';
import type { BootDevice } from './boot-device.js';
import { QuoteRefused } from './pluton.js';

export interface QuoteKeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** How this device signs quotes under the key the design names. */
export type QuoteSigner =
  | { asset: string; by: 'pluton'; publicKey: Uint8Array; sign: (body: Uint8Array) => Uint8Array }
  | { asset: string; by: 'software'; where: string; publicKey: Uint8Array; sign: (body: Uint8Array) => Uint8Array }
  | { asset: string; by: 'nothing'; reason: string };

/**
 * The keys a value makes, as software signing with it takes them: the value itself when it is a P-256 private
 * scalar (a private key kept outside a sealing Pluton), then the scalar its SHA-512 maps to (any other bytes).
 * The device signs with the first; whoever holds the bytes can make each.
 */
export function keysFromBytes(bytes: Uint8Array): QuoteKeyPair[] {
  const keys: QuoteKeyPair[] = [];
  if (bytes.length === 32 && p256.utils.isValidSecretKey(bytes)) keys.push(pair(bytes));
  keys.push(pair(p256.utils.randomSecretKey(sha512(bytes).slice(0, 48))));
  return keys;
}

/** The point by node:crypto (publicPointOf: the point noble's getPublicKey gives, about ten times faster). */
const pair = (secretKey: Uint8Array): QuoteKeyPair => ({ secretKey: secretKey.slice(), publicKey: publicPointOf(secretKey) });

/** Where the device keeps `asset`, as the bus names it (the look-up an attacker who knows the design makes too). */
export function quoteKeyPlace(asset: Pick<PlatformAsset, 'id' | 'kind' | 'location'>): string {
  return asset.location === 'flash' ? `flash:${flashSlotOf(asset)}` : `${asset.location}:${asset.id}`;
}

/** The signer of quotes under `assetId` on `device`, asked by `requester` (the attestation client, or the factory registering it). */
export function quoteSignerOn(device: BootDevice, assetId: string, requester: string): QuoteSigner {
  const asset = device.design.assets.find((a) => a.id === assetId);
  if (!asset) return { asset: assetId, by: 'nothing', reason: `the device has no asset "${assetId}" to sign quotes with` };
  const sealed = asset.location === 'pluton' ? device.pluton.sealedPublicKey(assetId, requester) : undefined;
  if (sealed) return { asset: assetId, by: 'pluton', publicKey: sealed, sign: (body) => device.pluton.quoteWith(body, requester, assetId) };
  const bytes = readValue(device, asset, requester);
  if (!bytes) return { asset: assetId, by: 'nothing', reason: `the device holds no value for ${assetId} (${asset.location}) to sign quotes with` };
  const key = keysFromBytes(bytes)[0]!;
  return { asset: assetId, by: 'software', where: quoteKeyPlace(asset), publicKey: key.publicKey, sign: (body) => signP256(body, key) };
}

/** Signs `body` with the signer, or the reason it cannot. */
export function signQuote(signer: QuoteSigner, body: Uint8Array): { ok: true; signature: Uint8Array } | { ok: false; reason: string } {
  if (signer.by === 'nothing') return { ok: false, reason: signer.reason };
  try {
    return { ok: true, signature: signer.sign(body) };
  } catch (err) {
    if (err instanceof QuoteRefused) return { ok: false, reason: `Pluton refused: ${err.message}` };
    throw err;
  }
}

/** The asset's bytes where the device keeps it, read by `requester` (the read is on the bus); an unwritten place reads as nothing written (empty). */
function readValue(device: BootDevice, asset: PlatformAsset, requester: string): Uint8Array | undefined {
  switch (asset.location) {
    case 'pluton':
      return device.pluton.release(asset.id, requester);
    case 'flash':
      return device.flash.read(flashSlotOf(asset), requester) ?? new Uint8Array(0);
    case 'efuse': {
      if (!device.efuses.has(asset.id)) return new Uint8Array(0);
      // A counter's fuses read as its value (the count of blown fuses), a field's as its bits.
      const value = device.efuses.isCounter(asset.id) ? new TextEncoder().encode(String(device.efuses.counterValue(asset.id))) : device.efuses.read(asset.id);
      device.bus.record('memory', `efuse:${asset.id}`, requester, `read ${asset.id}`, value);
      return value;
    }
    case 'sram':
    case 'io-registers': {
      const value = device.registers.get(asset.id)?.slice() ?? new Uint8Array(0);
      device.bus.record('memory', `${asset.location}:${asset.id}`, requester, `read ${asset.id}`, value);
      return value;
    }
  }
}
