/**
 * `sevenfold attacks --requirements <file>`: where an attack needs a deadline (how soon a freeze is
 * reported, how soon a release arrives once a fast-forward stops), it is the profile's, never the update
 * design's. A looser profile lets the late-noticed freeze through; a profile without the deadline leaves
 * the attack undecided (exit 3), naming the requirement; an unreadable profile is an input error (exit 2).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { builtinRequirementsFile } from '../../model/requirements/load-requirements.js';
import { captureIo, tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const lateFreeze = join(root, 'test/fixtures/updates/freeze-noticed-late/update.json');
const FREEZE = 'renewable-security.max-freeze-detection';

type Profile = { $schema?: string; name: string; requirements: Record<string, { id: string; value?: number | boolean }[]> };

function builtin(): Profile {
  const profile = JSON.parse(readFileSync(builtinRequirementsFile(), 'utf8')) as Profile;
  delete profile.$schema;
  profile.name = 'edited';
  return profile;
}

describe('attacks --requirements', () => {
  it('holds the device to the profile’s freeze deadline, not to the design’s own expiry', async () => {
    const t = tempDir();
    try {
      const byDefault = captureIo(root);
      expect(await runCli(['attacks', '--update', lateFreeze, '--attack', 'tuf/indefinite-freeze'], byDefault)).toBe(1);
      expect(byDefault.stdout()).toMatch(/Deadlines from the requirement profile seven-properties-azure-sphere /);
      expect(byDefault.stdout()).toMatch(/the freeze was never reported \(72 h of replays; renewable-security\.max-freeze-detection ≤ 72 h\)/);

      const week = builtin();
      Object.assign(week.requirements['renewable-security']!.find((q) => q.id === FREEZE)!, { value: 168, ownChoice: true });
      const looser = captureIo(root);
      // The design's time sync stated authenticated: left unstated (as in the fixture), the freeze is undecided whatever the deadline.
      const lateFreezeTimeStated = t.write('late-freeze-time-stated.json', { ...(JSON.parse(readFileSync(lateFreeze, 'utf8')) as object), $schema: undefined, timeSync: 'authenticated' });
      expect(await runCli(['attacks', '--update', lateFreezeTimeStated, '--attack', 'tuf/indefinite-freeze', '--requirements', t.write('week.json', week)], looser)).toBe(0);
      expect(looser.stdout()).toMatch(/Deadlines from the requirement profile edited .*, which asks less than the built-in profile: renewable-security\.max-freeze-detection ≤ 168 hours \(built-in: 72\)/);
    } finally {
      t.cleanup();
    }
  });

  it('a profile without the deadline leaves the attack undecided (exit 3), naming the requirement; an unreadable one is exit 2', async () => {
    const t = tempDir();
    try {
      const without = builtin();
      without.requirements['renewable-security'] = without.requirements['renewable-security']!.filter((q) => q.id !== FREEZE);
      const undecided = captureIo(root);
      expect(await runCli(['attacks', '--attack', 'tuf/indefinite-freeze', '--requirements', t.write('without.json', without)], undecided)).toBe(3);
      expect(undecided.stdout()).toMatch(/undecided: the requirement profile edited \S+ has no requirement "renewable-security\.max-freeze-detection"/);

      const broken = captureIo(root);
      expect(await runCli(['attacks', '--attack', 'tuf/indefinite-freeze', '--requirements', t.write('broken.json', { schemaVersion: 1 })], broken)).toBe(2);
      expect(broken.stderr()).toMatch(/sevenfold attacks: cannot use the requirement profile .*broken\.json: fix the errors above first/);
      expect(broken.stderr()).toMatch(/broken\.json:\d+:\d+: error SF5201 RequirementsInvalid: /);
    } finally {
      t.cleanup();
    }
  });
});
