/**
 * The built-in product on the app emulator, for the emulator's own tests: its three apps' component IDs, a copy
 * of the product with one app's manifest changed, and a booted device (a refused boot is a test failure).
 */
import type { AppManifest } from '../../formats/manifest/app-manifest.js';
import { bootDevice, type Device } from '../../emulator/app-device.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';

export const THERMOSTAT = '5c2f4a8e-7b1d-4e63-9a0f-3d8c61b2e9a4';
export const FAN = '9b7e3f10-4c2a-4d8e-b5a1-6f0c2e7d8a31';
export const SAMPLER = 'e1a6c2d4-8f3b-4a79-9c05-2b7d4e6f1a83';

export const builtin = (): Product => loadProduct(builtinProductFile()).product!;

export const edit = (product: Product, name: string, change: (m: AppManifest) => Partial<AppManifest>): Product => ({
  ...product,
  apps: product.apps.map((a) => (a.manifest.name === name ? { ...a, manifest: { ...a.manifest, ...change(a.manifest) } } : a)),
});

export const boot = (product: Product = builtin()): Device => {
  const result = bootDevice(product);
  if (!result.ok) throw new Error(result.reason);
  return result.device;
};
