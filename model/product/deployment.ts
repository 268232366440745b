/**
 * How the product's devices are deployed, as data in the product file ("deployment"): the device
 * group (one of the update design's groups by name, or a custom one with its OS feed and update
 * policy), the device capabilities the devices carry, and the fleet size. What the device maker
 * decides here bears on the verdicts: a development group receives no app updates, appDevelopment
 * lets test-signed images run, a fleet needs one identity per device.
 * Default: the Production group, Retail feed, no device capability (azure-sphere-facts §4).
 * A fleet in several groups (product file deployment.deviceGroups) is one Deployment per group, the same devices'
 * capabilities, size and tenant in each (Product.fleet); every property judges each (properties/fleet-groups.ts).
 */
import type { OsFeedId, UpdateDesign, UpdatePolicy } from '../update/update-design.js';

/** Azure Sphere device capabilities (azsphere device capability): what a device accepts beyond production. */
export type DeviceCapability = 'appDevelopment' | 'fieldServicing' | 'enableRTCoreDebugging';
export const DEVICE_CAPABILITIES: readonly DeviceCapability[] = ['appDevelopment', 'fieldServicing', 'enableRTCoreDebugging'];

/** Where in its life a deployment is: development devices sideload; test and production ones take cloud deployments. */
export type DeploymentStage = 'development' | 'test' | 'production';

/** Device-group update policies: the update design's vocabulary (REST UpdatePolicy 0 and 1; the legacy CLI also had NoUpdates). */
export type GroupUpdatePolicy = UpdatePolicy;

export interface DeploymentGroup {
  name: string;
  osFeed: OsFeedId;
  updatePolicy: GroupUpdatePolicy;
  /**
   * The update design's deviceGroups[].stage (or a custom group's); 'unstated' when the design leaves it out: the rules
   * that exempt a development group then do not, and are unknown, naming `stagePointer`.
   */
  stage: DeploymentStage | 'unstated';
  /** Where the update design would state the stage of this group (/deviceGroups/<i>/stage), when it does not. */
  stagePointer?: string;
  /** True when the group comes from the update design's default groups; false for a custom group in the product file. */
  fromUpdateDesign: boolean;
  /** The update design says the group's devices accept development-signed images (deviceGroups[].appDevelopmentCapability). */
  acceptsDevelopmentImages?: boolean;
}

export interface Deployment {
  group: DeploymentGroup;
  /** Where the product file names the group (/deployment/deviceGroup, /deployment/deviceGroups/1); undefined for the default group. */
  groupPointer?: string;
  deviceCapabilities: DeviceCapability[];
  /** Devices deployed; undefined when the product file does not say (then "a fleet": more than one). */
  fleetSize?: number;
  /**
   * The tenant (catalog) the devices are claimed into, a GUID in lower case without braces (product file
   * deployment.tenant); undefined when the product file does not say. certificate-authentication holds each app's
   * DeviceAuthentication to it.
   */
  tenant?: string;
  /** True when the product file has no "deployment" field and these are the defaults. */
  isDefault: boolean;
  /** appDevelopment is in deviceCapabilities because the update design's group grants it, not because the product file lists it. */
  appDevelopmentFromGroup?: boolean;
}

export const DEFAULT_GROUP_NAME = 'Production';

/** A group named in the product file, looked up (case-insensitively, as the service compares names) in the update design. */
export function groupFromUpdateDesign(update: UpdateDesign, name: string): DeploymentGroup | undefined {
  const i = update.deviceGroups.findIndex((x) => x.name.toLowerCase() === name.toLowerCase());
  const g = update.deviceGroups[i];
  if (!g) return undefined;
  // The stage is what the design states, never the group's name: before, a group called "Production" was production
  // and the same group called "Fleet" that accepted development images was a development group, so the
  // development-signed apps its devices ran held hardware-root-of-trust (test/update/group-stage.test.ts).
  const stage = g.stage ?? 'unstated';
  return { name: g.name, osFeed: g.osFeed, updatePolicy: g.updatePolicy, stage, ...(g.stage ? {} : { stagePointer: `/deviceGroups/${i}/stage` }), fromUpdateDesign: true, ...(g.appDevelopmentCapability ? { acceptsDevelopmentImages: true } : {}) };
}

/**
 * The devices of a group the update design says accepts development-signed images carry appDevelopment,
 * whatever the product file lists: outside a development group that is the design's flaw, and the checks
 * that read the capability (hardware-root-of-trust's development-signed apps, renewal) must see it.
 * A development group is left as the product file states it (its devices may or may not carry it).
 */
export function withGroupCapabilities(deployment: Deployment): Deployment {
  const g = deployment.group;
  if (!g.acceptsDevelopmentImages || g.stage === 'development' || deployment.deviceCapabilities.includes('appDevelopment')) return deployment;
  return { ...deployment, deviceCapabilities: [...deployment.deviceCapabilities, 'appDevelopment'], appDevelopmentFromGroup: true };
}

/** Whether the deployment's devices accept development-signed (sideloaded, test-signed) images. */
export function acceptsDevelopmentImages(deployment: Deployment): boolean {
  return deployment.deviceCapabilities.includes('appDevelopment');
}

/** One line for evidence: "Production group (Retail, UpdateAll), no device capability, fleet of 500". */
export function describeDeployment(d: Deployment): string {
  const caps = d.deviceCapabilities.length ? `device capabilities ${d.deviceCapabilities.join(', ')}` : 'no device capability';
  const fleet = d.fleetSize === undefined ? 'fleet size not stated' : `fleet of ${d.fleetSize}`;
  return `${d.group.name} group (${d.group.stage}; ${d.group.osFeed} feed, ${d.group.updatePolicy}), ${caps}, ${fleet}${d.isDefault ? ' (defaults: the product file has no "deployment")' : ''}`;
}
