/**
 * The target-binding rule, written once: update metadata must tie each target it lists to the exact bytes the device
 * installs. Azure Sphere's update (as the built-in design models it) signs two things with two kinds of key: the online
 * metadata key signs what each device should install, the offline image keys sign the images; an attacker with one
 * kind alone gets refusals (emulator/update/README.md, "Two independent keys per update"). That holds only if the
 * metadata names each target by its digest (TUF's targets metadata lists hashes and lengths; SUIT's manifest an image
 * digest, RFC 9124 THREAT.IMG.NON_AUTH / REQ.SEC.AUTH.IMG_TYPE). Metadata naming a component and a security version
 * only lets whoever serves the download swap in any image the device's own boot accepts at that version: a thief of an
 * image-signing key, not yet revoked, installs its image over the air under the vendor's genuine metadata, with no
 * metadata key (TUF: "Vulnerability to key compromises" — one key is enough).
 * The update design states it (metadata.targetBinding): sha256 holds; version is violated; left out, not stated
 * (unknown, naming the field: a design written from scratch says nothing of it). The emulator's second reading is
 * emulator/update/installer.ts (the SHA-256 comparison made only under sha256), played by the attack
 * tuf/key-compromise (an image key alone, emulator/update/attacks/tuf.ts); test/update/target-binding.test.ts holds
 * the two against each other.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { UpdateDesign } from './update-design.js';

export type TargetBindingVerdict = { verdict: 'bound'; where: string } | { verdict: 'unbound' | 'unstated'; where: string; problem: string };

export function judgeTargetBinding(update: UpdateDesign, updateFile?: string): TargetBindingVerdict {
  const where = `${updateFile ? displayPath(updateFile) : 'the update design'} /metadata/targetBinding`;
  const binding = update.metadata.targetBinding;
  if (binding === 'sha256') return { verdict: 'bound', where };
  if (binding === 'version') {
    return { verdict: 'unbound', where, problem: `the update metadata names each target by its component and security version, not its digest (${where}): whoever serves the download swaps in any image the device's boot accepts at that version, so a thief of an image-signing key, with no metadata key, installs its own image under the vendor's genuine metadata` };
  }
  return { verdict: 'unstated', where, problem: `the update design does not state what ties a target its metadata lists to the bytes installed (${where}): if not the digest, a thief of an image-signing key, with no metadata key, installs its own image under genuine metadata` };
}
