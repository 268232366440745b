/**
 * Every command's --help is true: each example file it names exists, and defaults are shown in the
 * unit the option takes (a duration default as "60s", since a bare number means seconds).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, runCli } from '../../cli/program.js';
import { captureIo } from '../helpers.js';
import { DEFAULT_DEVICES, DEFAULT_PERIODS } from '../../properties/certificate-authentication/search-size.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

const program = buildProgram(captureIo(root), () => {});
const paths = [[], ...commandPaths(program)];

async function help(path: string[]): Promise<string> {
  const io = captureIo(root);
  expect(await runCli([...path, '--help'], io)).toBe(0);
  return io.stdout();
}

describe('--help', () => {
  it('covers every command', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(expect.arrayContaining(['lint', 'verify', 'query reach', 'diff', 'report', 'serve', 'attacks', 'fuzz', 'image pack']));
  });

  it.each(paths.map((p) => [p.join(' ') || '(top level)', p] as const))('%s: every file it names exists', async (_name, path) => {
    const text = await help([...path]);
    const named = [...text.matchAll(/(?:^|[\s=(])((?:test\/fixtures|products|examples|model)\/[\w./-]+\.(?:json|imagepackage|pem))/g)].map((m) => m[1]!);
    for (const file of named) expect(existsSync(resolve(root, file)), `${path.join(' ')} --help names ${file}`).toBe(true);
  });

  it('fuzz shows its duration defaults in the unit they are typed in (was: --time default 60000)', async () => {
    const text = (await help(['fuzz'])).replace(/\s+/g, ' ');
    expect(text).toMatch(/--time <duration> .*\(default: 60s\)/);
    expect(text).toMatch(/--input-timeout <duration> .*\(default: 10s\)/);
    expect(text).not.toMatch(/default: (60000|10000)\)/);
  });

  it.each(paths.map((p) => [p.join(' ') || '(top level)', p] as const))('%s: no option shows an empty list as its default', async (_name, path) => {
    // "--property <ids> … (default: [])" read as "no property": the default is every property (every attack, no folder).
    expect(await help([...path])).not.toMatch(/default: \[\]/);
  });

  it('verify --bound states the defaults the search uses (was: devices from the fleet size, 1 for a one-device fleet)', async () => {
    const text = (await help(['verify'])).replace(/\s+/g, ' ');
    expect(text).toContain(`default: 4 sessions, ${DEFAULT_DEVICES} devices, ${DEFAULT_PERIODS} periods, whatever the product's fleet size`);
    expect(text).not.toMatch(/one-device fleet/);
    expect(text).toMatch(/--property <ids> .*\(default: all 7\)/);
  });

  it('no command named is a usage error (exit 2, help on stderr); help asked for is exit 0 (was: 0 for both)', async () => {
    for (const argv of [[], ['query'], ['image']]) {
      const io = captureIo(root);
      expect(await runCli(argv, io), argv.join(' ')).toBe(2);
      expect(io.stdout()).toBe('');
      expect(io.stderr()).toContain('Usage: sevenfold');
    }
    for (const argv of [['--help'], ['help'], ['help', 'verify'], ['query', '--help'], ['--version']]) {
      const io = captureIo(root);
      expect(await runCli(argv, io), argv.join(' ')).toBe(0);
      expect(io.stdout()).not.toBe('');
    }
  });
});
