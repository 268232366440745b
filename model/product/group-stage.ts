/**
 * Why a rule that exempts a development group cannot decide: the product's devices are in a group of the update design
 * that states no stage (deviceGroups[].stage). Whether development-signed apps or test-signed images on its devices are
 * a flaw depends on what the group is for, which the design does not say, and a group's name is never read for it (a
 * group called "Production" and the same group called "Fleet" are one design). Read by hardware-root-of-trust's
 * no-app-development-in-production and production-signed-images.
 */
import { builtinUpdateFile } from '../update/load-update.js';
import { designFieldPlace } from './design-field-hint.js';
import type { Deployment } from './deployment.js';

export function unstatedGroupStage(deployment: Deployment, updateFile: string | undefined): string | undefined {
  const { group } = deployment;
  if (group.stage !== 'unstated') return undefined;
  const file = updateFile ?? builtinUpdateFile();
  return `the update design does not state what the ${group.name} group's devices are for (${group.stagePointer ?? '/deviceGroups/*/stage'}: development, test or production): state it ${designFieldPlace('update', file)}`;
}
