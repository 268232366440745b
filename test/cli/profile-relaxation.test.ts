/**
 * Requirement profiles from the command line, as a user runs them (the built dist/, a fresh process): a profile
 * with every rule off leaves a property with nothing to check `unknown` (exit 3), never `holds`; a search smaller
 * than the profile's minimum (`--bound sessions=1`) is `unknown`; a profile that relaxes a requirement without
 * saying so, or poses as the built-in, is an input error naming the file and field (exit 2, no stack trace), in
 * text and in JSON. Sound twins: one rule off, a relaxation marked as the profile's own choice, a profile that
 * accepts a one-session search. Fixtures: test/fixtures/requirements (make-profiles.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const builtCli = resolve(root, 'dist/cli/main.js');
const profile = (name: string) => `test/fixtures/requirements/${name}/profile.json`;

// The built-in product is unknown under small-tcb and hardware-root-of-trust (its design leaves busMasters out, s37-dma);
// what these tests read is the profile's effect, so they verify it with no bus master (a fixture assumption,
// test/fixtures/bus-masters-stated.ts), where the built-in profile holds.
const PRODUCT = 'test/fixtures/platforms/builtin-no-bus-masters';

function verify(args: string[]) {
  const run = spawnSync(process.execPath, [builtCli, 'verify', '--product', PRODUCT, '--seed', '1', ...args], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

type Doc = { verdict?: string; error?: { kind: string; exitCode: number }; diagnostics?: { file: string; pointer: string; line: number; message: string }[]; results?: { property: string; verdict: string; summary: string }[] };

describe.skipIf(!existsSync(builtCli))('verify --requirements: what the profile did not ask is never holds', () => {
  it('every rule off: hardware-root-of-trust has nothing left to check, unknown naming the profile (exit 3); one rule off: small-tcb holds and names it', () => {
    const off = verify(['--property', 'hardware-root-of-trust', '--requirements', profile('every-rule-off'), '--format', 'json']);
    expect(off.status).toBe(3);
    const doc = JSON.parse(off.stdout) as Doc;
    expect(doc.verdict).toBe('unknown');
    expect(doc.results![0]!.summary).toMatch(/^nothing checked: the requirement profile every-rule-off 2026\.12 switches off or does not state every requirement of hardware-root-of-trust/);
    const one = verify(['--property', 'small-tcb', '--requirements', profile('one-rule-off')]);
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/not checked, switched off by the requirement profile one-rule-off 2026\.12: small-tcb\.keys-in-vault/);
    // The header names what the profile relaxes; under the built-in profile it names nothing.
    expect(one.stdout).toContain('requirements: one-rule-off 2026.12 (test/fixtures/requirements/one-rule-off/profile.json); asks less than the built-in profile in 1 requirement: small-tcb.keys-in-vault switched off (built-in: on)');
    expect(verify(['--property', 'small-tcb']).stdout).toMatch(/requirements: seven-properties-azure-sphere 2026\.12 \([^)]*\)\n/);
  }, 60_000);

  it("every hardware-root-of-trust rule off: unknown (exit 3) although another section's rule it reads is met; one of its own left on: holds, naming the nine not checked", () => {
    const off = verify(['--property', 'hardware-root-of-trust', '--requirements', profile('hardware-root-of-trust-rules-off'), '--format', 'json']);
    expect(off.status, off.stdout).toBe(3);
    const summary = (JSON.parse(off.stdout) as Doc).results![0]!.summary;
    expect(summary).toMatch(/^nothing checked: the requirement profile hardware-root-of-trust-rules-off 2026\.12 switches off or does not state every requirement of hardware-root-of-trust that bears on this product \(hardware-root-of-trust\./);
    expect(summary).toContain("renewable-security.rollback-counter-per-stage met, a requirement of another property's section, decides nothing of hardware-root-of-trust");
    const on = verify(['--property', 'hardware-root-of-trust', '--requirements', profile('hardware-root-of-trust-one-rule-on'), '--format', 'json']);
    expect(on.status, on.stdout).toBe(0);
    expect((JSON.parse(on.stdout) as Doc).results![0]!.summary).toMatch(/^attacks on the boot chain are rejected; .*not checked, switched off by the requirement profile hardware-root-of-trust-one-rule-on 2026\.12: /);
  }, 60_000);

  it('--bound sessions=1 under the built-in profile: certificate-authentication unknown (exit 3), naming min-search-sessions; under a profile that accepts it: holds, naming the relaxation', () => {
    const small = verify(['--property', 'certificate-authentication', '--runs', '14', '--bound', 'sessions=1']);
    expect(small.status, small.stdout).toBe(3);
    expect(small.stdout).toMatch(/1 sessions searched, certificate-authentication\.min-search-sessions asks 4/);
    const accepted = verify(['--property', 'certificate-authentication', '--runs', '14', '--bound', 'sessions=1', '--requirements', profile('search-one-session')]);
    expect(accepted.status, accepted.stdout).toBe(0);
    expect(accepted.stdout).toMatch(/which asks less than the built-in profile: certificate-authentication\.min-search-sessions ≥ 1 sessions \(built-in: 4\)/);
  }, 120_000);

  it.each([
    ['freeze-ten-years-citing-builtin', '/requirements/renewable-security/3/value', /asks less than the built-in profile \(≤ 87,600 hours \(built-in: 72\)\) but cites the built-in's source/],
    ['rules-off-citing-builtin-sources', '/requirements/hardware-root-of-trust/0/value', /asks less than the built-in profile \(switched off \(built-in: on\)\)/],
    ['posing-as-builtin', '/version', /named and versioned as the built-in one .* give an edited profile its own name or version/],
    ['bounds-asking-nothing', '/requirements/defense-in-depth/0/value', /"defense-in-depth.min-compromises" asks nothing at 0: "at least 0" is met by every design/],
  ])('%s: an input error naming the file and field, exit 2, no stack trace, in text and JSON', (name, pointer, message) => {
    const text = verify(['--property', 'small-tcb', '--requirements', profile(name)]);
    expect(text.status).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain(`${profile(name)}:`);
    expect(text.stderr).toContain(`[${pointer}]`);
    expect(text.stderr).toMatch(message);
    expect(text.stderr).not.toMatch(/^\s+at /m);
    const json = verify(['--property', 'small-tcb', '--requirements', profile(name), '--format', 'json']);
    expect(json.status).toBe(2);
    const doc = JSON.parse(json.stdout) as Doc;
    expect(doc.verdict).toBeUndefined();
    expect(doc.error).toMatchObject({ kind: 'input', exitCode: 2 });
    expect(doc.diagnostics!.map((d) => d.pointer)).toContain(pointer);
  });

  it('sound twins load: a relaxation marked as the profile\'s own choice holds and names it; a stricter value citing the built-in source loads', () => {
    const own = verify(['--property', 'small-tcb', '--requirements', profile('freeze-ten-years-own-choice')]);
    expect(own.status, own.stderr).toBe(0);
    const strict = verify(['--property', 'small-tcb', '--requirements', profile('freeze-two-days-builtin-source')]);
    expect(strict.status, strict.stderr).toBe(0);
    const least = verify(['--property', 'small-tcb', '--requirements', profile('bounds-asking-least')]);
    expect(least.status, least.stderr).toBe(0);
  });
});
