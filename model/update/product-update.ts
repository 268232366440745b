/**
 * The update design a product is verified with. Until the product file has its own field (the request
 * is "update": "<path>", loaded with loadUpdateDesign into Product.update / Product.updateFile), a
 * product carries one only when code sets it, and otherwise gets the built-in Azure Sphere design.
 */
import type { Product } from '../product/product.js';
import { builtinUpdateFile, checkAgainstPlatform, formatUpdateDesignError, loadUpdateDesign } from './load-update.js';
import type { UpdateDesign } from './update-design.js';

export interface ProductWithUpdate extends Product {
  update?: UpdateDesign;
  updateFile?: string;
}

export interface ProductUpdateDesign {
  design?: UpdateDesign;
  file: string;
  /** Problems that make the design unusable (schema, rules) or that break it against the platform. */
  errors: string[];
  /** Problems against the platform design: the design loads but these are flaws. */
  platformProblems: string[];
}

export function updateDesignOf(product: Product): ProductUpdateDesign {
  const own = product as ProductWithUpdate;
  if (own.update) return { design: own.update, file: own.updateFile ?? '(update design given in code)', errors: [], platformProblems: checkAgainstPlatform(own.update, product.platform) };
  const loaded = loadUpdateDesign(builtinUpdateFile());
  return {
    ...(loaded.design ? { design: loaded.design } : {}),
    file: loaded.file,
    errors: loaded.errors.map(formatUpdateDesignError),
    platformProblems: loaded.design ? checkAgainstPlatform(loaded.design, product.platform) : [],
  };
}

/** The app (by name) that may defer updates: it holds every capability deferral needs. */
export function deferringApp(product: Product, design: UpdateDesign): string | undefined {
  const app = product.apps.find((a) => design.deferral.requiredCapabilities.every((c) => a.manifest.enabled.includes(c)));
  return app ? (app.manifest.name ?? app.manifestFile) : undefined;
}
