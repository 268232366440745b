/**
 * The attacker search's bound: an option (--bound), defaulting from the product (devices from the
 * fleet size), printed as explored, and never `holds` when the search ran out of time or memory.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { parseBoundOption } from '../../proofs/attacker-search/bound-option.js';
import { scenarioFor } from '../../model/attestation/attack-scenario.js';
import { searchProtocol, verifyProtocol } from '../../proofs/attacker-search/search.js';
import { checkCertificateAuthentication } from '../../properties/certificate-authentication/index.js';
import { chooseSearchSize } from '../../properties/certificate-authentication/search-size.js';
import { captureIo, tempDir } from '../helpers.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';
import { root } from './helpers.js';

const builtin = (): Product => productAssumingNoBusMasters(loadProduct(builtinProductFile()).product!);
const withFleet = (fleetSize: number | undefined): Product => {
  const p = builtin();
  const { fleetSize: _omit, ...rest } = p.deployment;
  return { ...p, deployment: fleetSize === undefined ? rest : { ...rest, fleetSize } };
};

describe('--bound sessions=N,devices=M,periods=K', () => {
  it('parses any subset of the three keys', () => {
    expect(parseBoundOption('sessions=2,devices=1,periods=3')).toEqual({ ok: true, bound: { sessions: 2, devices: 1, periods: 3 } });
    expect(parseBoundOption(' devices = 1 ')).toEqual({ ok: true, bound: { devices: 1 } });
  });

  for (const [text, message] of [
    ['', /empty/],
    ['sessions=0', /sessions=0: must be at least 1/],
    ['sessions=-1', /not a whole number/],
    ['sessions=2.5', /not a whole number/],
    ['sessions=', /"sessions" has no value/],
    ['sessions', /"sessions" has no value/],
    ['sesions=2', /unknown bound "sesions"/],
    ['sessions=2,sessions=3', /given twice/],
    ['devices=1000', /at most 8/],
  ] as const) {
    it(`refuses "${text}" with a clear message`, () => {
      const r = parseBoundOption(text);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).toMatch(message);
        expect(r.message).toMatch(/expected sessions=N,devices=M,periods=K/);
      }
    });
  }

  it('bad values are usage errors: exit 2 before anything runs', async () => {
    for (const bad of ['sessions=0', 'devices=x', 'frobs=1']) {
      const io = captureIo(root);
      expect(await runCli(['verify', '--property', 'certificate-authentication', '--bound', bad], io)).toBe(2);
      expect(io.stderr()).toMatch(/--bound/);
      expect(io.stdout()).not.toMatch(/verdict:/);
    }
  });

  it('--bound and --faults with --property leaving their property out are usage errors, not silently ignored', async () => {
    for (const [flag, value, other] of [['--bound', 'sessions=2', 'small-tcb'], ['--faults', '2', 'small-tcb']] as const) {
      const io = captureIo(root);
      expect(await runCli(['verify', '--property', other, flag, value], io)).toBe(2);
      expect(io.stderr()).toMatch(new RegExp(`${flag} sets .* but --property leaves`));
      expect(io.stdout()).not.toMatch(/verdict:/);
    }
  });

  it('the printed bound is the one explored (under a profile that accepts so small a search)', async () => {
    const t = tempDir();
    const io = captureIo(root);
    // The built-in product with busMasters [] (the fixture assumption): as it is, its apps' connections are undecided.
    const product = resolve(root, 'test/fixtures/platforms/builtin-no-bus-masters/sevenfold.json');
    const code = await runCli(['verify', '--product', product, '--property', 'certificate-authentication', '--bound', 'sessions=1,devices=1,periods=1', '--runs', '14', '--seed', '3', '--requirements', t.write('small-search.json', smallSearchProfile())], io);
    t.cleanup();
    expect(code, io.stdout()).toBe(0);
    expect(io.stdout()).toMatch(/certificate-authentication: holds \[≤ 1 session, 1 device, 1 attestation period, /);
    expect(io.stdout()).toMatch(/bound chosen: sessions 1 \(--bound\), devices 1 \(--bound\), attestation periods 1 \(--bound\)/);
    expect(io.stdout()).toMatch(/attacker search holds for ≤ 1 sessions?, 1 device, 1 period/);
  }, 60_000);
});

describe('the search size defaults from the product', () => {
  it('devices: 2 whatever fleet the product states: a fleet of one does not lower the search (it searched one device, trying no attack between devices)', () => {
    expect(chooseSearchSize(withFleet(undefined))).toMatchObject({ devices: 2, sessions: 4, periods: 2, origin: { devices: 'default' } });
    expect(chooseSearchSize(withFleet(1))).toMatchObject({ devices: 2, origin: { devices: expect.stringMatching(/^default; the product's fleet of 1 does not lower it/) } });
    expect(chooseSearchSize(withFleet(2))).toMatchObject({ devices: 2 });
    expect(chooseSearchSize(withFleet(500))).toMatchObject({ devices: 2, origin: { devices: 'default' } });
  });

  it('--bound overrides each number', () => {
    const s = chooseSearchSize(withFleet(1), { devices: 2, sessions: 1 });
    expect(s).toMatchObject({ devices: 2, sessions: 1, periods: 2, origin: { devices: '--bound', sessions: '--bound', periods: 'default' } });
    expect(s.warnings).toEqual([]);
  });

  it('the scenario has the chosen devices and periods, one good device throughout and the others turning bad', () => {
    const two = scenarioFor({ devices: 2, periods: 2 });
    expect(two.devices).toEqual([{ id: 'd1', software: ['good', 'good'] }, { id: 'd2', software: ['good', 'downgraded'] }]);
    expect(scenarioFor({ devices: 1, periods: 2 }).devices).toEqual([{ id: 'd1', software: ['good', 'downgraded'] }]);
    expect(scenarioFor({ devices: 3, periods: 3 }).devices.map((d) => d.software)).toEqual([['good', 'good', 'good'], ['good', 'downgraded', 'downgraded'], ['good', 'unmeasured', 'unmeasured']]);
  });

  it('a product stating a one-device fleet is searched with two devices, and --bound devices=1 below the profile\'s minimum is unknown for it too', async () => {
    const product = loadProduct(resolve(root, 'test/fixtures/products/cert-no-network/sevenfold.json')).product!;
    expect(product.deployment.fleetSize).toBe(1);
    const r = await checkCertificateAuthentication(product, checkContext({ bound: { sessions: 2 }, requirements: smallSearchProfile() }), { symbolicOnly: true });
    expect(r.verdict).toBe('holds');
    expect(r.bound).toMatch(/^≤ 2 sessions, 2 devices, 2 attestation periods/);
    expect(r.summary).toMatch(/Blinky opens no connection and listens on no port \(not applicable\)/);
    expect(r.summary).toMatch(/≤ 2 sessions, 2 devices, 2 periods/);
    // The built-in profile asks two devices of every product; the product's fleet of one does not lower it.
    const one = await checkCertificateAuthentication(product, checkContext({ bound: { devices: 1 } }), { symbolicOnly: true });
    expect(one.verdict).toBe('unknown');
    expect(one.summary).toMatch(/1 devices searched, certificate-authentication\.min-search-devices asks 2/);
    expect(one.requirements!.find((q) => q.id === 'certificate-authentication.min-search-devices')?.outcome).toBe('unknown');
  }, 60_000);
});

describe('a search that runs out of time or memory is unknown, and says what it explored', () => {
  it('out of memory: the search stops at its heap limit with unknown', () => {
    const r = searchProtocol(builtinProtocol(), { bound: { sessions: 3 }, memoryLimitBytes: 1 });
    expect(r.verdict).toBe('unknown');
    expect(r.incomplete).toMatch(/memory limit/);
  });

  it('verifyProtocol prints the largest session count it searched to the end, not the one it was asked for', () => {
    const r = verifyProtocol(builtinProtocol(), { bound: { sessions: 3, maxStates: 300 } });
    expect(r.verdict).toBe('unknown');
    expect(r.completeSessions).toBeLessThan(3);
    expect(r.boundText).toMatch(new RegExp(`^≤ ${r.completeSessions} sessions? searched to the end \\(the search at ${r.completeSessions + 1} sessions stopped at the state limit`));
    expect(r.boundText).not.toMatch(/^≤ 3 sessions/);
  });

  it('the property is unknown, never holds, when the search runs out of time', async () => {
    const r = await checkCertificateAuthentication(builtin(), checkContext(), { symbolicOnly: true, searchTimeLimitMs: 1 });
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/the attacker search did not finish: stopped at the time limit/);
    expect(r.requirements!.find((q) => q.id === 'certificate-authentication.attestation-protocol')!.outcome).toBe('unknown');
  });

  it('the property is unknown when the search runs out of memory', async () => {
    const r = await checkCertificateAuthentication(builtin(), checkContext(), { symbolicOnly: true, searchMemoryLimitBytes: 1 });
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/memory limit/);
  });
});
