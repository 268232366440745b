/**
 * `sevenfold init` drafts a product file for the user's apps, and a command run with no product in a folder of the
 * user's own apps stops instead of verifying the built-in reference product (model/product/builtin.ts
 * chooseProductFile). Before, `sevenfold verify` in a project with app manifests and no sevenfold.json decided the
 * reference thermostat and exited 0: a CI step passed on a product that was not the user's.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { builtinProductFile, chooseProductFile } from '../../model/product/builtin.js';
import { runCliInProcess } from '../cli-in-process.js';
import { tempDir, VALID_MANIFEST } from '../helpers.js';

const ROVER = join(import.meta.dirname, '..', 'fixtures', 'products', 'hardware-from-app-cmake');
const MT3620_HARDWARE = join(import.meta.dirname, '..', '..', 'products', 'mt3620-reference', 'hardware');

/** A project like a user's: the rover's two apps (the real-time one with a CMakeLists.txt naming board B) and its boards. */
function roverProject() {
  const t = tempDir();
  cpSync(join(ROVER, 'apps'), join(t.dir, 'apps'), { recursive: true });
  cpSync(join(ROVER, 'hardware'), join(t.dir, 'hardware'), { recursive: true });
  return t;
}

describe('sevenfold init', () => {
  test('drafts a product of the apps under the folder, with the definition their build names, that verify then decides', async () => {
    const t = roverProject();
    try {
      const run = await runCliInProcess(['init', '--hardware-path', MT3620_HARDWARE], t.dir);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('wrote sevenfold.json: Rover cloud (high-level), Rover motor (real-time)');
      const product = JSON.parse(readFileSync(join(t.dir, 'sevenfold.json'), 'utf8')) as Record<string, unknown>;
      expect(product['apps']).toEqual([{ manifest: 'apps/rover-hl/app_manifest.json' }, { manifest: 'apps/rover-rt/app_manifest.json' }]);
      // Only the real-time app uses a "$NAME": its build's board B is the product's definition.
      expect(product['hardwareDefinition']).toBe('hardware/board-b/rover.json');
      const verify = await runCliInProcess(['verify', '--property', 'compartmentalization'], t.dir);
      expect(verify.stdout).toContain(`Product: ${product['name'] as string}`);
      // GPIO 12 (board B) beside the cloud app's GPIO 13: one block, two cores.
      expect(verify.code).toBe(1);
    } finally {
      t.cleanup();
    }
  });

  test('its notes name what the maker must still state, and only that: authentication for the apps that connect, the time source the built-in update design leaves open', async () => {
    // s33: the authentication note was printed for apps that open no connection, and nothing said why every draft's
    // renewable-security is unknown (the built-in update design states no timeSync).
    const t = tempDir();
    try {
      t.write('quiet/app_manifest.json', { ...VALID_MANIFEST, Name: 'Quiet', Capabilities: { Gpio: [8] } });
      const quiet = await runCliInProcess(['init', 'quiet'], t.dir);
      expect(quiet.code).toBe(0);
      expect(quiet.stdout).not.toContain('"apps[].authentication" is not stated');
      expect(quiet.stdout).toContain('"update" is not stated: the built-in Azure Sphere update design does not state whether the device authenticates the time');
      expect(quiet.stdout).toContain('"update" is not stated: the built-in Azure Sphere update design states recovery mode ("recoveryFlashing": `azsphere device recover`) but not whether it compares');
      t.write('cloud/app_manifest.json', { ...VALID_MANIFEST, Name: 'Cloud', ComponentId: '2b7c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b', Capabilities: { AllowedConnections: ['api.contoso.com'] } });
      const cloud = await runCliInProcess(['init', 'cloud', '--out', 'cloud.json'], t.dir);
      expect(cloud.code).toBe(0);
      expect(cloud.stdout).toContain('"apps[].authentication" is not stated for Cloud:');
    } finally {
      t.cleanup();
    }
  });

  test('two high-level apps are not one product: nothing is written, and both are named', async () => {
    const t = tempDir();
    try {
      t.write('a/app_manifest.json', { ...VALID_MANIFEST, Name: 'A' });
      t.write('b/app_manifest.json', { ...VALID_MANIFEST, Name: 'B', ComponentId: '2b7c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b' });
      const run = await runCliInProcess(['init'], t.dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('2 high-level apps (a/app_manifest.json, b/app_manifest.json)');
      expect(existsSync(join(t.dir, 'sevenfold.json'))).toBe(false);
      // Naming the one to install drafts it.
      expect((await runCliInProcess(['init', 'a'], t.dir)).code).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  test('an existing product file is kept unless --force', async () => {
    const t = roverProject();
    try {
      writeFileSync(join(t.dir, 'sevenfold.json'), '{}');
      const run = await runCliInProcess(['init'], t.dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('exists');
      expect(readFileSync(join(t.dir, 'sevenfold.json'), 'utf8')).toBe('{}');
    } finally {
      t.cleanup();
    }
  });
});

describe('an app with "$NAME" references and no CMakeLists.txt', () => {
  // Its note said only 'add "hardwareDefinition"', leaving the newcomer to search the project for a file that defines the names.
  test('the note names the definitions here that define every name it uses; the draft names none', async () => {
    const t = tempDir();
    try {
      t.write('apps/app/app_manifest.json', { ...VALID_MANIFEST, Capabilities: { Gpio: ['$LED', '$BUTTON'] } });
      const definition = (names: string[]) => ({ Metadata: { Type: 'Azure Sphere Hardware Definition', Version: 1 }, Peripherals: names.map((Name, i) => ({ Name, Type: 'Gpio', AppManifestValue: 8 + i })) });
      t.write('hardware/board-a/board.json', definition(['LED', 'BUTTON', 'OTHER']));
      t.write('hardware/board-b/board.json', definition(['LED']));
      t.write('hardware/notes.json', { Peripherals: [{ Name: 'LED' }, { Name: 'BUTTON' }] });
      const run = await runCliInProcess(['init', 'apps/app'], t.dir);
      const note = run.stdout.split('\n').find((l) => l.includes('uses "$NAME" references'));
      expect(note).toContain('of the hardware definitions found here, hardware/board-a/board.json defines every name it uses');
      expect(note).not.toContain('board-b');
      expect(note).not.toContain('notes.json');
      expect(JSON.parse(readFileSync(join(t.dir, 'sevenfold.json'), 'utf8'))).not.toHaveProperty('hardwareDefinition');
    } finally {
      t.cleanup();
    }
  });
});

describe('where init writes (--out)', () => {
  // Each of these was an internal error with a stack trace (EISDIR, ENOENT, ENOTDIR from writeFileSync).
  test('a folder means the product file in it, as --product reads a folder; a missing folder is made; what cannot be written is exit 2', async () => {
    const t = tempDir();
    try {
      t.write('app/app_manifest.json', VALID_MANIFEST);
      mkdirSync(join(t.dir, 'out'));
      const intoFolder = await runCliInProcess(['init', 'app', '--out', 'out'], t.dir);
      expect(intoFolder.stderr).toBe('');
      expect(intoFolder.code).toBe(0);
      expect(JSON.parse(readFileSync(join(t.dir, 'out', 'sevenfold.json'), 'utf8'))).toMatchObject({ apps: [{ manifest: '../app/app_manifest.json' }] });
      expect(intoFolder.stdout).toContain('next: sevenfold verify --product out/sevenfold.json');
      // Again: the product file in the folder exists, and is kept.
      const again = await runCliInProcess(['init', 'app', '--out', 'out'], t.dir);
      expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('out/sevenfold.json exists')]);

      const deeper = await runCliInProcess(['init', 'app', '--out', 'new/folder/sevenfold.json'], t.dir);
      expect([deeper.code, deeper.stderr]).toEqual([0, '']);
      expect(existsSync(join(t.dir, 'new/folder/sevenfold.json'))).toBe(true);

      // A missing path with no .json ending is a folder to make, as the help says (it was written as a file by that name).
      const newFolder = await runCliInProcess(['init', 'app', '--out', 'product'], t.dir);
      expect([newFolder.code, newFolder.stderr]).toEqual([0, '']);
      expect(statSync(join(t.dir, 'product')).isDirectory()).toBe(true);
      expect(JSON.parse(readFileSync(join(t.dir, 'product', 'sevenfold.json'), 'utf8'))).toMatchObject({ apps: [{ manifest: '../app/app_manifest.json' }] });
      expect(newFolder.stdout).toContain('next: sevenfold verify --product product/sevenfold.json');
      const trailing = await runCliInProcess(['init', 'app', '--out', 'other/'], t.dir);
      expect([trailing.code, existsSync(join(t.dir, 'other', 'sevenfold.json'))]).toEqual([0, true]);
      // A name ending in .json, in any case, is the product file itself.
      const named = await runCliInProcess(['init', 'app', '--out', 'mine.JSON'], t.dir);
      expect([named.code, statSync(join(t.dir, 'mine.JSON')).isFile()]).toEqual([0, true]);

      t.write('a-file', 'x');
      const underFile = await runCliInProcess(['init', 'app', '--out', 'a-file/sevenfold.json'], t.dir);
      expect(underFile.code).toBe(2);
      expect(underFile.stderr).toMatch(/^sevenfold init: cannot write a-file\/sevenfold\.json: /);
      expect(underFile.stderr).not.toMatch(/internal error|\n\s+at /);
    } finally {
      t.cleanup();
    }
  });
});

describe('no product file in a folder of the user\'s own apps', () => {
  test('verify stops with a usage error that points at init, instead of verifying the built-in product', async () => {
    const t = roverProject();
    try {
      const run = await runCliInProcess(['verify', '--property', 'small-tcb'], t.dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('this folder holds app manifests (apps/rover-hl/app_manifest.json, apps/rover-rt/app_manifest.json)');
      expect(run.stderr).toContain('sevenfold init');
      expect(run.stdout).not.toContain('Product:');
      // Asked for by name, the built-in product is verified.
      const builtin = await runCliInProcess(['verify', '--product', 'builtin', '--property', 'small-tcb'], t.dir);
      expect(builtin.stdout).toContain('(built-in default product)');
      // Unknown (3): the built-in design leaves busMasters out and its apps drive peripheral blocks (s37-dma).
      expect(builtin.code).toBe(3);
      // Its reproduce commands name the product too: without it, they would be refused in this folder.
      const violated = await runCliInProcess(['verify', '--product', 'builtin', '--property', 'defense-in-depth'], t.dir);
      expect(violated.code).toBe(1);
      expect(violated.stdout).toContain('reproduce: sevenfold verify --property defense-in-depth --product builtin --runs');
    } finally {
      t.cleanup();
    }
  });

  test('every command that takes a product chooses it the same way', async () => {
    const t = roverProject();
    try {
      expect(chooseProductFile(undefined, t.dir).refusal).toContain('sevenfold init');
      for (const args of [['attacks'], ['query', 'reach', '--from', 'Rover cloud', '--to', 'Gpio:12'], ['report', '--out', join(t.dir, 'report')]]) {
        const run = await runCliInProcess(args, t.dir);
        expect([args[0], run.code]).toEqual([args[0], 2]);
        expect(run.stderr).toContain('holds app manifests');
      }
    } finally {
      t.cleanup();
    }
  });

  test('a folder without app manifests, and the Sevenfold package itself, still default to the built-in product', () => {
    const t = tempDir();
    try {
      expect(chooseProductFile(undefined, t.dir)).toEqual({ file: builtinProductFile(), source: 'builtin' });
      expect(chooseProductFile(undefined, join(import.meta.dirname, '..', '..'))).toEqual({ file: builtinProductFile(), source: 'builtin' });
    } finally {
      t.cleanup();
    }
  });

  test('the refusal counts the manifests it does not list, and says "more" when the walk stopped at its bound', () => {
    const t = tempDir();
    try {
      for (const app of ['a', 'b', 'c', 'd', 'e']) {
        mkdirSync(join(t.dir, 'apps', app), { recursive: true });
        writeFileSync(join(t.dir, 'apps', app, 'app_manifest.json'), JSON.stringify(VALID_MANIFEST));
      }
      expect(chooseProductFile(undefined, t.dir).refusal).toContain('apps/c/app_manifest.json, and 2 more): ');
      // Past the walk's 20,000 directory entries nobody knows how many more there are.
      const many = join(t.dir, 'zz-many');
      mkdirSync(many);
      for (let i = 0; i < 20_000; i++) writeFileSync(join(many, `f${i}`), '');
      const refusal = chooseProductFile(undefined, t.dir).refusal!;
      expect(refusal).toContain('apps/c/app_manifest.json, and more): ');
      expect(refusal).not.toContain('more more');
    } finally {
      t.cleanup();
    }
  });
});
