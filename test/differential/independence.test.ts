/**
 * The emulator is a second reading of the design, not a caller of the spec: no app-emulator file
 * imports the isolation spec (model/isolation/), and every rule it deliberately writes again says in its
 * header which spec rule it mirrors and which harness holds the two together. Read from the files
 * themselves, so a new import or a header that loses its reference fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HARNESS = 'test/differential/isolation-harness.ts';

/** The app emulator: the top of emulator/ (boot/, update/ and attestation/ are other devices). */
const appEmulator = readdirSync(join(root, 'emulator')).filter((f) => f.endsWith('.ts'));

/** Each deliberate second reading: the emulator file, and the spec rule (file and name) its header says it mirrors. */
const SECOND_READINGS: [string, string, string][] = [
  ['app-manager.ts', 'model/isolation/apps.ts', 'needsExclusiveCore'],
  ['app-manager.ts', 'model/isolation/conflicts.ts', 'unconditionalConflict'],
  ['app-manager.ts', 'model/isolation/conflicts.ts', 'mustShareCore'],
  ['io-windows.ts', 'formats/chips/chip-profile.ts', 'blockOfPeripheral'],
  ['design-rights.ts', 'model/isolation/firewall-config-writers.ts', 'firewallConfigWriters'],
  ['os-capabilities.ts', 'model/isolation/isolation-spec.ts', 'hostMatches'],
  ['os-capabilities.ts', 'model/isolation/isolation-spec.ts', 'storageQuotaBytes'],
  ['kernel.ts', 'model/isolation/isolation-spec.ts', 'connectAccess'],
  ['mailbox.ts', 'model/isolation/isolation-spec.ts', 'channelAccess'],
  ['storage.ts', 'model/isolation/isolation-spec.ts', 'storageAccess'],
];

const header = (file: string) => /^\/\*\*[\s\S]*?\*\//.exec(readFileSync(join(root, 'emulator', file), 'utf8'))?.[0] ?? '';

describe('the emulator is an independent reading of the isolation design', () => {
  it('imports nothing from the isolation spec', () => {
    const offenders = appEmulator.filter((f) => /from\s+['"][^'"]*model\/isolation\//.test(readFileSync(join(root, 'emulator', f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it.each(SECOND_READINGS)('%s says it is a second reading of %s (%s) and names the harness that holds it', (file, specFile, rule) => {
    const text = header(file).replace(/\s*\n\s*\*\s*/g, ' ');
    expect(text).toContain('Second reading');
    expect(text).toContain(rule);
    expect(text).toContain(HARNESS.replace('test/differential/', ''));
    // The mirrored rule exists where the header says.
    expect(readFileSync(join(root, specFile), 'utf8')).toMatch(new RegExp(`export (function|const) ${rule}\\b|\\b${rule}\\(`));
  });
});
