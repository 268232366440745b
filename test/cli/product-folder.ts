/** Small product folders for CLI tests: a sevenfold.json and one app_manifest.json per app, raw peripheral values. */
import { join } from 'node:path';
import type { tempDir } from '../helpers.js';

export interface TestApp {
  name: string;
  id: string;
  kind?: 'high-level' | 'real-time';
  capabilities: Record<string, unknown>;
}

export function writeProduct(t: ReturnType<typeof tempDir>, folder: string, apps: TestApp[]): string {
  for (const app of apps) {
    t.write(join(folder, 'apps', app.name, 'app_manifest.json'), {
      SchemaVersion: 1,
      Name: app.name,
      ComponentId: app.id,
      EntryPoint: app.kind === 'real-time' ? `/bin/${app.name}.elf` : '/bin/app',
      CmdArgs: [],
      Capabilities: app.capabilities,
      ApplicationType: app.kind === 'real-time' ? 'RealTimeCapable' : 'Default',
    });
  }
  return t.write(join(folder, 'sevenfold.json'), {
    schemaVersion: 1,
    name: folder,
    chip: 'mt3620',
    apps: apps.map((a) => ({ manifest: `apps/${a.name}/app_manifest.json` })),
  });
}

export const BLINKY_ID = '3b1f6a2c-0d4e-4f8a-9b7c-1e2d3f4a5b6c';
export const DIMMER_ID = '8c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f';

/** Blinky (A7, GPIO 8) and Dimmer (an M4, GPIO 16 plus `dimmerGpios`), partners of each other. */
export function blinkyAndDimmer(dimmerGpios: number[] = []): TestApp[] {
  return [
    { name: 'Blinky', id: BLINKY_ID, capabilities: { Gpio: [8], AllowedApplicationConnections: [DIMMER_ID] } },
    { name: 'Dimmer', id: DIMMER_ID, kind: 'real-time', capabilities: { Gpio: [16, ...dimmerGpios], AllowedApplicationConnections: [BLINKY_ID] } },
  ];
}
