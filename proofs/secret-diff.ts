/**
 * Secrets of another compartment an app's slot may write or use (app-confinement.ts appsWritingOthersSecrets,
 * appsUsingOthersKeys): the device identity key Pluton signs with, the trusted key store, the kernel's TLS key. None
 * is a node of the access graph (access-graph.ts: peripherals, apps, hosts, ports, storage) nor an OS capability
 * (capability-diff.ts), so the no-new-access proof never saw them: a new platform design that let the high-level app
 * use the identity key was "no new access, proved by Z3" (s38-proofs case c06), while compartmentalization is violated
 * on it. Compared per app (by compartment id) as sets of (what, asset); one an app gained is new access. Reading a
 * secret is already unconfinedApps', which makes the diff unknown (access-diff-proof.ts).
 */
import type { IsolationSpec } from '../model/isolation/isolation-spec.js';
import { appsUsingOthersKeys, appsWritingOthersSecrets, type UnconfinedApp } from '../model/platform/app-confinement.js';
import { isAppSlot } from '../model/product/instantiate.js';

export interface SecretGrant {
  /** Compartment id (component ID) of the app that gains the reach. */
  app: string;
  appName: string;
  /** "writes" or "uses", and the asset. */
  reach: 'writes' | 'uses';
  asset: string;
  /** The finding's sentence, with the design pointer. */
  message: string;
  /** True when the old product had no app with this id. */
  newApp: boolean;
}

/** Every (app, writes|uses, asset) of the new product that the app with its id in the old product does not have. */
export function newSecretReach(oldSpec: IsolationSpec, newSpec: IsolationSpec): SecretGrant[] {
  const before = new Set(secretReachOf(oldSpec).map((g) => `${g.app}\n${g.reach}\n${g.asset}`));
  return secretReachOf(newSpec)
    .filter((g) => !before.has(`${g.app}\n${g.reach}\n${g.asset}`))
    .map((g) => ({ ...g, newApp: !oldSpec.compartment(g.app)?.manifest }));
}

function secretReachOf(spec: IsolationSpec): Omit<SecretGrant, 'newApp'>[] {
  const design = spec.product.platform;
  if (!design) return [];
  const filled = new Set(design.components.filter(isAppSlot).map((c) => c.id));
  const grants = (reach: SecretGrant['reach'], findings: UnconfinedApp[]) =>
    findings.flatMap((f) => {
      const app = spec.compartments.find((c) => c.manifest && c.slot === f.slot);
      return app && f.asset !== undefined ? [{ app: app.id, appName: app.name, reach, asset: f.asset, message: `${f.message} (${f.pointer})` }] : [];
    });
  return [...grants('writes', appsWritingOthersSecrets(design, filled, isAppSlot)), ...grants('uses', appsUsingOthersKeys(design, filled, isAppSlot))];
}
