/**
 * Every fuzz target, by id. A new target (attestation and authentication messages, update metadata, metadata key sets) is one
 * file in this folder exporting a FuzzTarget, added to this list: `sevenfold fuzz --list`, both engines, the
 * CI campaign and the regression replay (fuzz/regressions/<id>/) pick it up from here. Its id goes into
 * target-ids.ts as well, which `sevenfold fuzz --help` lists without loading the targets.
 */
import type { FuzzTarget } from '../core/target.js';
import { appManifestTarget } from './app-manifest.js';
import { hardwareDefinitionTarget } from './hardware-definition.js';
import { imagePackageTarget } from './image-package.js';
import { attestationMessagesTarget } from './attestation-messages.js';
import { updateMetadataTarget } from './update-metadata.js';
import { metadataKeySetTarget } from './metadata-key-set.js';
import { platformDesignTarget } from './platform-design.js';
import { updateDesignTarget } from './update-design.js';
import { protocolDesignTarget } from './protocol-design.js';
import { requirementProfileTarget } from './requirement-profile.js';
import { productFileTarget } from './product-file.js';
import { attestationSessionTarget } from './attestation-session.js';
import { attestationServeTarget } from './attestation-serve.js';

export const TARGETS: readonly FuzzTarget<any>[] = [appManifestTarget, hardwareDefinitionTarget, imagePackageTarget, attestationMessagesTarget, updateMetadataTarget, metadataKeySetTarget, platformDesignTarget, updateDesignTarget, protocolDesignTarget, requirementProfileTarget, productFileTarget, attestationSessionTarget, attestationServeTarget];

export function findTarget(id: string): FuzzTarget<any> | undefined {
  return TARGETS.find((t) => t.id === id);
}
