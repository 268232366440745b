/** What every protocol party returns for a message it is given, and the clock they share. */
import { hkdfSync } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { encodeMessage, LABELS } from '../../formats/attestation/messages.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';

/** A party's answer: accepted (maybe with a reply), or rejected with the reason; a rejection changes no state. */
export type Step = { accepted: true; reply?: Uint8Array } | { accepted: false; reason: string; reply: Uint8Array };

export const reject = (reason: string): Step => ({ accepted: false, reason, reply: encodeMessage({ type: 'error', reason }) });

/** Time for every party of a world; tests and the replay set it. */
export class Clock {
  constructor(
    public time: Date,
    /** Start of attestation period 0. */
    readonly epoch: Date = time,
  ) {}

  now(): Date {
    return new Date(this.time.getTime());
  }

  /** Attestation period index of `at`: whole periods since the epoch. */
  period(design: ProtocolDesign, at = this.time): number {
    return Math.floor((at.getTime() - this.epoch.getTime()) / (design.attestation.periodHours * 3_600_000));
  }
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** ECDH P-256 (the x coordinate) then HKDF-SHA256 over both shares: the session key. */
export function sessionKey(secret: Uint8Array, peerShare: Uint8Array, clientShare: Uint8Array, serverShare: Uint8Array): Uint8Array {
  const shared = p256.getSharedSecret(secret, peerShare, true).subarray(1);
  const salt = new Uint8Array([...clientShare, ...serverShare]);
  return new Uint8Array(hkdfSync('sha256', shared, salt, LABELS.session, 32));
}

export const DEVICE_ID_HEX = /^[0-9a-f]{128}$/;

/** True when `bytes` is an uncompressed point on P-256 (and not the identity). */
export function isP256Point(bytes: Uint8Array): boolean {
  try {
    p256.Point.fromBytes(bytes).assertValidity();
    return bytes.length === 65;
  } catch {
    return false;
  }
}
