/**
 * The update design a product is verified with: the product's own ("update" in the product file, read
 * by the product loader into Product.update / Product.updateFile, its update kinds limited to the app
 * slots the product fills), else the built-in Azure Sphere design. The lab runs it with the product's
 * device group in it: a custom group from the product file is added, so the emulated service applies
 * that group's policy to the product's devices.
 */
import { resolve } from 'node:path';
import type { Deployment } from '../product/deployment.js';
import type { Product } from '../product/product.js';
import { deviceGroup } from './policy.js';
import { builtinUpdateFile, checkAgainstPlatform, formatUpdateDesignError, loadUpdateDesign } from './load-update.js';
import type { DeviceGroup, UpdateDesign } from './update-design.js';
import type { PlatformDesign } from '../platform/platform-design.js';
import { notAzureSphereOs } from '../platform/app-isolation-stated.js';

/** A product whose update design was set in code (tests, variants); the loader sets the same fields. */
export type ProductWithUpdate = Product;

export interface ProductUpdateDesign {
  design?: UpdateDesign;
  file: string;
  /** Problems that make the design unusable (schema, rules) or that break it against the platform. */
  errors: string[];
  /** Problems against the platform design: the design loads but these are flaws. */
  platformProblems: string[];
  /**
   * Set when the product names no update design and the built-in one (Azure Sphere's update service and OS failure
   * log) names contents the platform does not have: it describes another device, and what rests on it alone (the
   * failure log the lab runs) is Azure Sphere's, not this platform's. Says why.
   */
  defaultForOtherDevice?: string;
}

export function updateDesignOf(product: Product): ProductUpdateDesign {
  if (product.update) {
    // The product loader reads the built-in design for a product file that names none (Product.updateFile is then its file).
    const builtin = product.updateFile === undefined || resolve(product.updateFile) === builtinUpdateFile();
    return { design: product.update, file: product.updateFile ?? '(update design given in code)', errors: [], platformProblems: checkAgainstPlatform(product.update, product.platform), ...otherDevice(builtin, product.update, product.basePlatform) };
  }
  const loaded = loadUpdateDesign(builtinUpdateFile());
  return {
    ...(loaded.design ? { design: loaded.design } : {}),
    file: loaded.file,
    errors: loaded.errors.map(formatUpdateDesignError),
    platformProblems: loaded.design ? checkAgainstPlatform(loaded.design, product.platform) : [],
    ...(loaded.design ? otherDevice(true, loaded.design, product.basePlatform) : {}),
  };
}

/**
 * The built-in update design used for a platform that lacks what its update kinds carry (the platform as the design
 * file states it, app slots included: the product's instance drops the empty ones from both).
 */
function otherDevice(builtin: boolean, update: UpdateDesign, platform: Pick<PlatformDesign, 'name' | 'components' | 'assets' | 'keys' | 'boot'>): Pick<ProductUpdateDesign, 'defaultForOtherDevice'> {
  if (!builtin) return {};
  const known = new Set([...platform.components.map((c) => c.id), ...platform.assets.map((a) => a.id)]);
  const foreign = [...new Set(update.updateKinds.flatMap((k) => k.contents).filter((c) => !known.has(c)))];
  const own = "name the product's own with \"update\" in the product file";
  if (foreign.length) return { defaultForOtherDevice: `the update design is the built-in one (Azure Sphere's update service and failure log), which describes another device: its update kinds carry ${foreign.map((c) => `"${c}"`).join(', ')}, which the platform design "${platform.name}" does not have; ${own}` };
  // The same ids are not the same device: Azure Sphere's failure log is kept by its OS services, which a platform
  // whose OS images are not Microsoft's (azure-sphere-provenance.ts) does not run, whatever it calls its images.
  const notAzureSphere = notAzureSphereOs(platform);
  if (notAzureSphere) return { defaultForOtherDevice: `the update design is the built-in one (Azure Sphere's update service and the failure log its OS keeps), and ${notAzureSphere.replace(/, so Azure Sphere's app isolation is not its to claim$/, '')}; ${own}` };
  return {};
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
