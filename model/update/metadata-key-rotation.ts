/**
 * The metadata-key rotation rule, written once: the online keys that sign update metadata (TUF's timestamp, snapshot
 * and targets roles; one document here, emulator/update/README.md) must be replaceable after a compromise. They are
 * online by their job (the service signs a fresh document for every check), so they are the keys most likely stolen;
 * TUF keeps a root role offline for exactly this ("Revocation and replacement of top-level role keys, including for the
 * root role, is done by changing the keys listed for the roles in [root.json]", TUF specification 4.3, as quoted by
 * docs.rs/tough schema), and counts the key compromise among the attacks a client must survive ("Vulnerability to key
 * compromises"). A device that trusts the factory's metadata keys for ever is the thief's: it signs fresh metadata
 * listing the old images, the device accepts it at every check (fresh, so no freeze is reported), and the vendor's
 * fixed release never arrives.
 * The update design states it (metadata.keyRotation): offline-root holds; none is violated; left out, not stated
 * (unknown, naming the field). How Azure Sphere replaces the keys its update metadata is signed with is not public
 * (azure-sphere-facts §3.5: the prerequisite update carries the trusted key store and the certificate store; §4: the
 * trusted root store in the OS validates the security service for OTA; neither says what signs the update metadata),
 * so the built-in design leaves it out.
 * The emulator's second reading is emulator/update/metadata-key-rotation.ts (the device's key set record and the root
 * it checks a rotation with), played by tuf/key-compromise (every online key stolen, then rotated:
 * emulator/update/attacks/tuf.ts); test/update/metadata-key-rotation.test.ts holds the two against each other.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { UpdateDesign } from './update-design.js';

export type KeyRotationVerdict = { verdict: 'rotatable'; where: string } | { verdict: 'unrotatable' | 'unstated'; where: string; problem: string };

export function judgeMetadataKeyRotation(update: UpdateDesign, updateFile?: string): KeyRotationVerdict {
  const where = `${updateFile ? displayPath(updateFile) : 'the update design'} /metadata/keyRotation`;
  const rotation = update.metadata.keyRotation;
  if (rotation === 'offline-root') return { verdict: 'rotatable', where };
  if (rotation === 'none') {
    return { verdict: 'unrotatable', where, problem: `nothing replaces the online metadata keys the device was provisioned with (${where}): a thief of them signs fresh metadata listing the old images for ever, and the device neither updates nor reports a freeze` };
  }
  return { verdict: 'unstated', where, problem: `the update design does not state how its online metadata keys are replaced after a compromise (${where}): if nothing replaces them, a thief of them keeps every device on the old images, unreported` };
}
