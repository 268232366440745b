import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { runCliInProcess } from '../cli-in-process.js';

async function run(...args: string[]) {
  const { code, stdout, stderr } = await runCliInProcess(['attacks', ...args]);
  return { code, out: stdout, err: stderr };
}

describe('sevenfold attacks', () => {
  it('lists the attacks it ran with their standard ids and results', async () => {
    const { code, out } = await run('--attack', 'tuf/rollback,THREAT.IMG.EXPIRED');
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/tuf\/rollback +Rollback attack +defended/);
    expect(out).toMatch(/suit\/img-expired +THREAT\.IMG\.EXPIRED +defended/);
    expect(out).toMatch(/2 attacks: 2 defended, 0 succeeded, 0 undecided, 0 not applicable to this design, 0 failed to run — exit 0/);
  });

  it('exits 1 with the transcript when an attack succeeds against a flawed design', async () => {
    const { code, out } = await run('--attack', 'tuf/indefinite-freeze', '--update', 'test/fixtures/updates/freeze-undetected/update.json', '--format', 'text');
    expect(code).toBe(EXIT.findings);
    expect(out).toMatch(/tuf\/indefinite-freeze \(Indefinite freeze attack\) SUCCEEDED/);
    expect(out).toMatch(/FAILED: the freeze was never reported/);
  });

  // A step not played is never defended: the built-in design does not state timeSync, so the network attacker's
  // time answer in the freeze is not played and the attack is undecided (exit 3); its twins state it.
  it('exits 3 when an attack is undecided and none succeeded: the freeze on the built-in design, which does not state timeSync', async () => {
    const { code, out } = await run('--attack', 'tuf/indefinite-freeze');
    expect(code).toBe(EXIT.unknown);
    expect(out).toMatch(/tuf\/indefinite-freeze +Indefinite freeze attack +undecided +.*the design does not state timeSync/);
    expect(out).toMatch(/tuf\/indefinite-freeze \(Indefinite freeze attack\) UNDECIDED/);
    expect(out).toMatch(/1 attacks: 0 defended, 0 succeeded, 1 undecided, 0 not applicable to this design, 0 failed to run — exit 3/);
    const json = await run('--attack', 'tuf/indefinite-freeze', '--format', 'json');
    expect(json.code).toBe(EXIT.unknown);
    expect((JSON.parse(json.out) as { results: unknown[] }).results).toMatchObject([{ id: 'tuf/indefinite-freeze', verdict: 'undecided', summary: expect.stringMatching(/^undecided: .*timeSync/) }]);
    // A succeeded attack outweighs an undecided one: exit 1.
    const both = await run('--attack', 'tuf/indefinite-freeze,THREAT.NET.REDIRECT', '--update', 'test/fixtures/updates/counter-raised-before-verify/update.json');
    expect(both.code).toBe(EXIT.findings);
  });

  it("its twins: timeSync 'authenticated' is defended (exit 0), 'unauthenticated' succeeded (exit 1)", async () => {
    const sound = await run('--attack', 'tuf/indefinite-freeze', '--product', 'test/fixtures/products/renewal-time-sync-authenticated/sevenfold.json');
    expect(sound.code, sound.out).toBe(EXIT.ok);
    expect(sound.out).toMatch(/tuf\/indefinite-freeze +Indefinite freeze attack +defended/);
    const flawed = await run('--attack', 'tuf/indefinite-freeze', '--update', 'test/fixtures/updates/time-sync-unauthenticated/update.json');
    expect(flawed.code).toBe(EXIT.findings);
    expect(flawed.out).toMatch(/FAILED: the freeze was never reported/);
  });

  it('writes JSON, including the threats set aside', async () => {
    const { code, out } = await run('--attack', 'uptane/drop-request', '--format', 'json');
    expect(code).toBe(EXIT.ok);
    const json = JSON.parse(out) as { results: { id: string; verdict: string }[]; notApplicable: { standardId: string }[] };
    expect(json.results).toMatchObject([{ id: 'uptane/drop-request', verdict: 'defended' }]);
    expect(json.notApplicable.map((n) => n.standardId)).toContain('THREAT.UPD.WRONG_PRECURSOR');
  });

  it('exits 2 on an unknown attack or an unreadable design', async () => {
    expect((await run('--attack', 'tuf/nonsense')).code).toBe(EXIT.usage);
    const missing = await run('--update', 'no/such/update.json');
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toMatch(/no\/such\/update\.json/);
  });
});
