/** The rule that decides when a field a platform design leaves out of appIsolation is Azure Sphere's (model/platform/app-isolation-stated.ts). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notAzureSphereOs, unstatedAppIsolation } from '../../model/platform/app-isolation-stated.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';

const builtin = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../model/designs/azure-sphere-mt3620.json'), 'utf8')) as PlatformDesign;
const withoutIsolation = (change: (d: PlatformDesign) => void = () => {}): PlatformDesign => {
  const d = structuredClone(builtin);
  delete d.appIsolation;
  change(d);
  return d;
};

describe('unstatedAppIsolation', () => {
  it("Azure Sphere's OS (the built-in design) may leave every field out: Azure Sphere's behaviour stands", () => {
    expect(notAzureSphereOs(builtin)).toBeUndefined();
    expect(unstatedAppIsolation(withoutIsolation())).toEqual([]);
  });
  it("without a Pluton core, or with its own kernel or services image, each field left out is unstated, named by pointer", () => {
    const noPluton = withoutIsolation((d) => (d.components = d.components.filter((c) => c.core !== 'Pluton')));
    expect(unstatedAppIsolation(noPluton).map((u) => u.pointer)).toEqual(['/appIsolation/networkFirewall', '/appIsolation/realTimeNetwork', '/appIsolation/storage', '/appIsolation/appConnections']);
    expect(unstatedAppIsolation(noPluton)[0]!.reason).toContain('no component on the Pluton core');
    const ownKernel = withoutIsolation((d) => (d.components.find((c) => c.imageType === 'NormalWorldKernel')!.imageType = 'Other'));
    expect(unstatedAppIsolation(ownKernel)[0]!.reason).toContain('NormalWorldKernel');
    const ownServices = withoutIsolation((d) => (d.components.find((c) => c.imageType === 'Services')!.imageType = 'Other'));
    expect(unstatedAppIsolation(ownServices)).toHaveLength(4);
    const kernelOnM4 = withoutIsolation((d) => (d.components.find((c) => c.imageType === 'NormalWorldKernel')!.core = 'M4-0'));
    expect(unstatedAppIsolation(kernelOnM4)).toHaveLength(4);
  });
  it('a field the design states is used as stated, on any platform', () => {
    const partly = withoutIsolation((d) => {
      d.components = d.components.filter((c) => c.core !== 'Pluton');
      d.appIsolation = { storage: 'shared', networkFirewall: 'allowed-connections' };
    });
    expect(unstatedAppIsolation(partly).map((u) => u.field)).toEqual(['realTimeNetwork', 'appConnections']);
  });
});
