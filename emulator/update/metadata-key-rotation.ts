/**
 * The device's side of replacing its online metadata keys: the emulator's own reading of the design's
 * metadata.keyRotation (the rule, model/update/metadata-key-rotation.ts, is not read here). A device whose design rotates
 * them by an offline root is provisioned at the factory with that root's public key (UpdateLab: `metadataRoot`); one
 * whose design states none (or leaves it out) has no root, and refuses every key set, so the factory's keys are the
 * only ones it ever trusts. A key set the root signed, newer than the one held, is written to flash (a DoubleRecord:
 * a power cut leaves the old set or the new one) and from then on the update agent counts signatures of its keys alone
 * (update-agent.ts), so metadata signed by the keys it replaced is "not trusted". Played by tuf/key-compromise.
 */
import { parseMetadataKeySet } from '../../formats/update-metadata/metadata-key-set.js';
import { trustedKey, type TrustedMetadataKey } from '../../formats/update-metadata/metadata-signature.js';
import { DoubleRecord } from './record.js';
import { stamp, type UpdateDevice } from './update-device.js';

interface HeldKeySet {
  version: number;
  /** Hex of each public key. */
  keys: string[];
}

const record = (device: UpdateDevice) => new DoubleRecord<HeldKeySet>(device.flash, 'metadata-keys');

/** The metadata keys the device trusts now: the last key set it accepted, else the factory's. */
export function trustedMetadataKeys(device: UpdateDevice): readonly TrustedMetadataKey[] {
  const held = record(device).read()?.value;
  return held ? held.keys.map((k) => trustedKey(Uint8Array.from(Buffer.from(k, 'hex')))) : device.trustedKeys;
}

/** The device is handed a metadata key set (what the vendor's service serves after a rotation): it trusts the set's keys from now on only if its root signed it. */
export function acceptMetadataKeySet(device: UpdateDevice, bytes: Uint8Array, now: number): { accepted: boolean; detail: string } {
  const refuse = (detail: string) => {
    device.report(now, 'update-failure', `metadata key set refused: ${detail}`);
    device.journal.push(`${stamp(now)} metadata key set refused: ${detail}`);
    return { accepted: false, detail };
  };
  const root = device.metadataRoot;
  if (!root) return refuse('this device holds no key that may replace its metadata keys (none was provisioned at the factory)');
  const parsed = parseMetadataKeySet(bytes.slice());
  if (!parsed.ok) return refuse(parsed.reason);
  const { set } = parsed;
  if (!device.verifier.verify(set.signed, set.signature, root.publicKey)) return refuse(`key set ${set.version} is not signed by the metadata root key`);
  const held = record(device).read()?.value;
  if (set.version <= (held?.version ?? 0)) return refuse(`key set ${set.version} is not newer than the held ${held?.version ?? 0}`);
  record(device).write({ version: set.version, keys: set.publicKeys.map((k) => Buffer.from(k).toString('hex')) }, 'update-agent');
  const detail = `key set ${set.version}: ${set.publicKeys.length} metadata key(s) trusted from now on, the earlier ones no longer`;
  device.journal.push(`${stamp(now)} metadata key set accepted: ${detail}`);
  return { accepted: true, detail };
}
