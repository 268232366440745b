/**
 * The update design a product is verified with: the product's own ("update" in the product file, read
 * by the product loader into Product.update / Product.updateFile, its update kinds limited to the app
 * slots the product fills), else the built-in Azure Sphere design. The lab runs it with the product's
 * device group in it: a custom group from the product file is added, so the emulated service applies
 * that group's policy to the product's devices.
 */
import type { Deployment } from '../product/deployment.js';
import type { Product } from '../product/product.js';
import { deviceGroup } from './policy.js';
import { builtinUpdateFile, checkAgainstPlatform, formatUpdateDesignError, loadUpdateDesign } from './load-update.js';
import type { DeviceGroup, UpdateDesign } from './update-design.js';

/** A product whose update design was set in code (tests, variants); the loader sets the same fields. */
export type ProductWithUpdate = Product;

export interface ProductUpdateDesign {
  design?: UpdateDesign;
  file: string;
  /** Problems that make the design unusable (schema, rules) or that break it against the platform. */
  errors: string[];
  /** Problems against the platform design: the design loads but these are flaws. */
  platformProblems: string[];
}

export function updateDesignOf(product: Product): ProductUpdateDesign {
  if (product.update) return { design: product.update, file: product.updateFile ?? '(update design given in code)', errors: [], platformProblems: checkAgainstPlatform(product.update, product.platform) };
  const loaded = loadUpdateDesign(builtinUpdateFile());
  return {
    ...(loaded.design ? { design: loaded.design } : {}),
    file: loaded.file,
    errors: loaded.errors.map(formatUpdateDesignError),
    platformProblems: loaded.design ? checkAgainstPlatform(loaded.design, product.platform) : [],
  };
}

/** The design's group the product's devices are in; a custom group of the product file becomes one. */
export function deploymentGroup(design: UpdateDesign, deployment: Deployment): DeviceGroup {
  const own = deviceGroup(design, deployment.group.name);
  if (own && deployment.group.fromUpdateDesign) return own;
  const { name, osFeed, updatePolicy } = deployment.group;
  return { name, osFeed, updatePolicy, appDevelopmentCapability: deployment.deviceCapabilities.includes('appDevelopment'), description: 'the product file\'s own device group' };
}

/** The design with the product's device group in it (replacing a design group of the same name). */
export function withDeploymentGroup(design: UpdateDesign, deployment: Deployment): UpdateDesign {
  const group = deploymentGroup(design, deployment);
  if (design.deviceGroups.includes(group)) return design;
  return { ...design, deviceGroups: [...design.deviceGroups.filter((g) => g.name.toLowerCase() !== group.name.toLowerCase()), group] };
}

/** The app (by name) that may defer updates: it holds every capability deferral needs. */
export function deferringApp(product: Product, design: UpdateDesign): string | undefined {
  const app = product.apps.find((a) => design.deferral.requiredCapabilities.every((c) => a.manifest.enabled.includes(c)));
  return app ? (app.manifest.name ?? app.manifestFile) : undefined;
}
