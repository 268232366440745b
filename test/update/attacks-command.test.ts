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
    expect(out).toMatch(/2 attacks: 2 defended, 0 succeeded, 0 undecided, 0 failed to run — exit 0/);
  });

  it('exits 1 with the transcript when an attack succeeds against a flawed design', async () => {
    const { code, out } = await run('--attack', 'tuf/indefinite-freeze', '--update', 'test/fixtures/updates/freeze-undetected/update.json', '--format', 'text');
    expect(code).toBe(EXIT.findings);
    expect(out).toMatch(/tuf\/indefinite-freeze \(Indefinite freeze attack\) SUCCEEDED/);
    expect(out).toMatch(/FAILED: the freeze was never reported/);
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
