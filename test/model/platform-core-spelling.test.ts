/**
 * s32-redteam: a platform design that put a network-facing secure-world debug agent on core "a7" (the Security
 * Monitor and the OS on "A7") had it beside nothing: which components share a core is compared exactly, so the agent
 * no longer took the A7 apps' network traffic and compartmentalization held (on "A7" it is violated: a crash of the
 * agent reboots the device). One core written in two cases is an input error at the component's core now
 * (model/platform/load-platform.ts); other processors named once (a Wi-Fi core "N9") are left alone.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { tempDir } from '../helpers.js';

const t = tempDir();
afterAll(() => t.cleanup());
const builtin = JSON.parse(readFileSync(builtinPlatformFile(), 'utf8')) as { components: Record<string, unknown>[] };
const agent = (core: string) => ({ id: 'sm-debug-agent', name: 'Secure-world debug agent', core, world: 'secure', privilege: 'supervisor', mutable: false, networkFacing: true });
const withAgent = (name: string, core: string) => {
  const design = structuredClone(builtin);
  design.components.splice(4, 0, agent(core));
  return loadPlatform(t.write(`${name}.json`, design));
};

describe('a core written in two cases', () => {
  it('"a7" beside components on "A7" is an error at /components/4/core', () => {
    const loaded = withAgent('lower', 'a7');
    expect(loaded.design).toBeUndefined();
    const error = loaded.diagnostics.find((d) => d.severity === 'error');
    expect(error?.name).toBe('PlatformUnknownReference');
    expect(error?.pointer).toBe('/components/4/core');
    expect(error?.message).toMatch(/core "a7" is core "A7" of another component written in another case/);
  });

  it('the same agent on "A7", or on a core of its own ("N9"), loads', () => {
    expect(withAgent('same', 'A7').design).toBeDefined();
    expect(withAgent('own', 'N9').design).toBeDefined();
  });
});
