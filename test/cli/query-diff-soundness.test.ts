/**
 * `query reach` and `diff` never present an error state as a proof: a product with no firewall
 * assignment (an allocation conflict) is answered on its declared manifests with the conflict named,
 * and a resource the chip does not have is a usage error, not "proved unreachable".
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { captureIo, tempDir } from '../helpers.js';
import { blinkyAndDimmer, writeProduct } from './product-folder.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const crossCore = resolve(root, 'test/fixtures/products/cross-core-block/sevenfold.json');
const boardConfig = resolve(root, 'test/fixtures/products/board-config-owns-isu/sevenfold.json');

afterAll(() => shutdownZ3());

async function cli(args: string[]) {
  const io = captureIo(root);
  const code = await runCli(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('query reach on a product with no firewall assignment', () => {
  it('does not prove a GPIO the manifest declares unreachable: unknown (exit 3), the conflict named, the declared path shown', async () => {
    const r = await cli(['query', 'reach', '--product', crossCore, '--from', 'Dimmer', '--to', 'Gpio:14']);
    expect(r.code).toBe(3);
    expect(r.stdout).not.toMatch(/proved/);
    expect(r.stdout).toMatch(/unknown/);
    expect(r.stdout).toMatch(/GpioBlockConflict \(5242895\) on block GPIO-3/);
    expect(r.stdout).toMatch(/app_manifest\.json:\d+:\d+/);
    expect(r.stdout).toMatch(/declared path: .*Dimmer → Gpio 14/s);
  }, 60_000);

  it('a path through a partner app is unknown too, not "no"', async () => {
    const r = await cli(['query', 'reach', '--product', crossCore, '--from', 'Blinky', '--to', 'Gpio:15']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/Blinky → app Dimmer.*\n.*Dimmer → Gpio 15/);
  }, 60_000);

  it('proves "no" on the declared manifests, which holds whichever app the device refuses, and still names the conflict', async () => {
    const r = await cli(['query', 'reach', '--product', crossCore, '--from', 'Dimmer', '--to', 'Gpio:0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no: proved by Z3 on the manifests as declared/);
    expect(r.stdout).toMatch(/GpioBlockConflict/);
  }, 60_000);

  it('says so in JSON: status, basis and conflicts', async () => {
    const r = await cli(['query', 'reach', '--product', crossCore, '--from', 'Blinky', '--to', 'Gpio:12', '--format', 'json']);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout) as { status: string; conflicts: string[]; declaredWitness: string[] };
    expect(out.status).toBe('unknown');
    expect(out.conflicts[0]).toMatch(/GpioBlockConflict/);
    expect(out.declaredWitness).toEqual([expect.stringMatching(/^Blinky → Gpio 12/)]);
  }, 60_000);
});

describe('diff with a product that has no firewall assignment', () => {
  it('reports the GPIOs a new version adds to a real-time app (exit 1) and names the conflict, instead of "no new access, proved"', async () => {
    const t = tempDir();
    try {
      const before = writeProduct(t, 'v1', blinkyAndDimmer());
      const after = writeProduct(t, 'v2', blinkyAndDimmer([9, 10, 11, 17, 18]));
      const r = await cli(['diff', before, after]);
      expect(r.stdout).not.toMatch(/grants no access/);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/Dimmer → Gpio 9/);
      expect(r.stdout).toMatch(/no firewall assignment/);
      expect(r.stdout).toMatch(/GpioBlockConflict/);
      // Paths outside the working directory are printed as the absolute paths given (was: ../../tmp/…).
      expect(r.stdout).toContain(`declared by the manifests of ${after} `);
      expect(r.stdout).not.toContain('../');
    } finally {
      t.cleanup();
    }
  }, 90_000);

  it('cannot compare against an old version with a conflict: unknown (exit 3) with the conflict as the reason', async () => {
    const t = tempDir();
    try {
      const before = writeProduct(t, 'v1', blinkyAndDimmer([9]));
      const after = writeProduct(t, 'v2', blinkyAndDimmer());
      const r = await cli(['diff', before, after]);
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/unknown: the old product v1 has no firewall assignment, so there is no single set of accesses to compare with/);
      expect(r.stdout).toMatch(/GpioBlockConflict/);
    } finally {
      t.cleanup();
    }
  }, 90_000);
});

describe('query reach rejects resources and apps the product or chip does not have (exit 2, before any proof)', () => {
  it.each([
    [['--to', 'Gpio:999'], /--to "Gpio:999": MT3620 has no Gpio 999; GPIOs are 0-23, 26-48, 56-75, 80/],
    [['--to', 'Gpio:-1'], /--to "Gpio:-1": MT3620 has no Gpio -1; GPIOs are 0-23/],
    [['--to', 'Gpio:8.5'], /--to "Gpio:8\.5": MT3620 has no Gpio 8\.5/],
    [['--to', 'Uart:ISU9'], /--to "Uart:ISU9": MT3620 has no Uart ISU9; Uart values are ISU0, ISU1, ISU2, ISU3, ISU4/],
    [['--to', 'Pwm:'], /--to "Pwm:": write a peripheral as <Capability>:<value>/],
    [['--to', 'tcp:99999'], /--to "tcp:99999": ports are 1-65535/],
    [['--to', 'udp:0'], /--to "udp:0": ports are 1-65535/],
    [['--to', 'tcp:http'], /--to "tcp:http": ports are 1-65535/],
    [['--to', 'host:'], /--to "host:": expected/],
    [['--to', 'host:exa mple.com'], /--to "host:exa mple\.com": not a host name/],
    [['--to', 'app:Nobody'], /--to "app:Nobody": no app named Nobody/],
    [['--to', 'storage:'], /--to "storage:": no app named/],
    [['--to', 'nonsense'], /--to "nonsense": expected Gpio:8/],
    [['--from', 'Nobody'], /no app named "Nobody"/],
  ])('%j', async (args, message) => {
    const base = { '--from': 'Thermostat', '--to': 'Gpio:8' } as Record<string, string>;
    for (let i = 0; i < args.length; i += 2) base[args[i]!] = args[i + 1]!;
    const r = await cli(['query', 'reach', ...Object.entries(base).flat()]);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('a board configuration is not an app to ask from', async () => {
    const r = await cli(['query', 'reach', '--product', boardConfig, '--from', 'enc28j60-ethernet', '--to', 'Gpio:8']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"enc28j60-ethernet" is a board configuration, not an app/);
  });

  it('an interrupt goes with its GPIO\'s block: the fan app reaches EINT20 (its GPIO-5), not EINT3 (a block no core owns)', async () => {
    // The built-in product with busMasters [] (the fixture assumption): as it is, its "no" is unknown (graph-gaps.ts).
    const product = fileURLToPath(new URL('../fixtures/platforms/builtin-no-bus-masters/sevenfold.json', import.meta.url));
    const yes = await cli(['query', 'reach', '--product', product, '--from', 'FanControl_RTApp', '--to', 'ExternalInterrupt:EINT20']);
    expect(yes.code).toBe(1);
    expect(yes.stdout).toMatch(/block GPIO-5 is on M4-0/);
    const no = await cli(['query', 'reach', '--product', product, '--from', 'FanControl_RTApp', '--to', 'ExternalInterrupt:EINT3', '--format', 'json']);
    expect(no.code).toBe(0);
    expect(JSON.parse(no.stdout)).toMatchObject({ status: 'unreachable' });
    const unstated = await cli(['query', 'reach', '--from', 'FanControl_RTApp', '--to', 'ExternalInterrupt:EINT3', '--format', 'json']);
    expect(unstated.code).toBe(3);
    expect(JSON.parse(unstated.stdout).reason).toContain('(/busMasters)');
  });
});
