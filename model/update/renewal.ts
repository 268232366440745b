/**
 * What reaches a product's devices where they are deployed, and which of its apps are therefore never
 * renewed. The deployment decides, not the update design alone:
 *   - the device group's update policy: UpdateAll takes everything, No3rdPartyAppUpdates the system
 *     software only, NoUpdates nothing (azure-sphere-facts §4; the emulator's service applies the same
 *     policy with its own reading, emulator/update/group-feed.ts, held against this one by
 *     test/update/reach-service.test.ts);
 *   - a development group: its devices sideload, and Azure Sphere's Development group has "application
 *     updates disabled" (§4);
 *   - the appDevelopment device capability: cloud deployments require it to be absent (§3.5);
 *   - each app's delivery: the service never deploys a sideloaded app;
 *   - the update design: an app is renewed only through an update kind that replaces its slot (the app kind, or a
 *     bundle that carries it with the OS) and that the deployment's devices receive.
 * A development deployment is judged like any other: its apps are not renewed, and the verdict says so
 * (an auditor reading "holds" would take the devices' apps to be kept up to date; they are not).
 */
import type { Deployment } from '../product/deployment.js';
import type { Product } from '../product/product.js';
import { kindsReceived } from './policy.js';
import type { UpdateDesign, UpdateKind } from './update-design.js';

/** Platform components of this image type are app slots (the product's apps, renewed by its deployments); every other item an update kind carries is system software. */
const APP_IMAGE_TYPE = 'Applications';

export interface DeploymentReach {
  /** The update kinds the deployment's devices receive from the service. */
  kinds: UpdateKind[];
  /** Why app deployments do not reach the devices, when they do not. */
  noApps?: string;
  /** Why the system software (prerequisites and OS) does not reach them, when it does not. */
  noSystem?: string;
}

export function deploymentReach(deployment: Deployment): DeploymentReach {
  const { group } = deployment;
  const policy = kindsReceived(group);
  const reasons: string[] = [];
  if (!policy.includes('app')) reasons.push(`the ${group.name} group's update policy ${group.updatePolicy} takes no app updates`);
  if (group.stage === 'development') reasons.push(`the ${group.name} group is a development group, whose devices sideload their apps`);
  if (deployment.deviceCapabilities.includes('appDevelopment')) reasons.push('the devices carry the appDevelopment capability, and cloud app deployments require it to be absent');
  const kinds = reasons.length ? policy.filter((k) => k !== 'app') : policy;
  return {
    kinds,
    ...(reasons.length ? { noApps: reasons.join('; ') } : {}),
    ...(!policy.includes('os') ? { noSystem: `the ${group.name} group's update policy ${group.updatePolicy} takes no OS or prerequisite update` } : {}),
  };
}

export interface UnrenewedApp {
  name: string;
  /** The app's entry in the product file (/apps/0). */
  pointer: string;
  reason: string;
}

/** The product's apps that can never be updated where they are deployed, each with the reason. */
export function unrenewedApps(product: Product, update: UpdateDesign): UnrenewedApp[] {
  const reach = deploymentReach(product.deployment);
  // Any kind that carries the slot renews the app where the deployment receives that kind: a third-party service
  // that ships one bundle (apps inside its os kind) renews them with the OS. Reasons that stop app deployments
  // (noApps) stand whatever kind carries the app, which asks no less than the app kind alone did.
  const carriers = (slot: string): UpdateKind[] => update.updateKinds.filter((k) => k.contents.includes(slot)).map((k) => k.kind);
  const out: UnrenewedApp[] = [];
  for (const app of product.apps) {
    const name = app.manifest.name ?? app.manifestFile;
    const reasons: string[] = [];
    if (app.delivery === 'sideload') reasons.push('it is sideloaded (delivery: sideload), and the security service never deploys a sideloaded app');
    if (reach.noApps) reasons.push(reach.noApps);
    if (app.slot === undefined) reasons.push('the platform design has no free app slot for it, so no update kind can carry it');
    else {
      const kinds = carriers(app.slot);
      if (!kinds.length) reasons.push(`no update kind of "${update.name}" replaces its slot ${app.slot}`);
      else if (!kinds.some((k) => reach.kinds.includes(k))) reasons.push(`the ${product.deployment.group.name} group receives no update kind that replaces its slot ${app.slot} (${kinds.join(', ')})`);
    }
    if (reasons.length) out.push({ name, pointer: app.pointer, reason: reasons.join('; ') });
  }
  return out;
}

export interface UnrenewedSystemItem {
  /** A platform component (boot stage) or asset (key store) an update kind carries. */
  item: string;
  kind: UpdateKind;
  /** Why the deployment's devices never receive that kind. */
  reason: string;
}

/**
 * The system software (every item an update kind carries that is not an app slot: OS and firmware stages,
 * key stores) in a kind the deployment's devices never receive. A group's policy is read by kind
 * (No3rdPartyAppUpdates takes prerequisite and os), so a design that ships OS stages in its app kind (one
 * image set) leaves them unrenewed wherever app deployments do not reach: the policy alone says the group
 * "takes the OS", yet no kind it receives carries it.
 */
export function unrenewedSystem(product: Product, update: UpdateDesign): UnrenewedSystemItem[] {
  const reach = deploymentReach(product.deployment);
  const apps = new Set(product.platform.components.filter((c) => c.imageType === APP_IMAGE_TYPE).map((c) => c.id));
  return update.updateKinds
    .filter((k) => !reach.kinds.includes(k.kind))
    .flatMap((k) =>
      k.contents
        .filter((item) => !apps.has(item))
        .map((item) => ({ item, kind: k.kind, reason: k.kind === 'app' ? (reach.noApps ?? 'it takes no app updates') : (reach.noSystem ?? `it takes no ${k.kind} update`) })),
    );
}
