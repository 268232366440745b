/**
 * The README's command synopses are what a new user copies from: each must name exactly the options the
 * command takes (commander's own list, as --help prints it), so an option added to the CLI is not left out of the
 * README (was: verify without --requirements and --bound, report without --timeout, --requirements and --jobs)
 * and an option removed from the CLI is not still advertised. `fuzz` shows several forms of one command
 * (--list, --replay, --shard, --merge) rather than one synopsis, so there every option the README names must exist.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../cli/program.js';
import { captureIo } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');

/** The lines of each code block with no language (```), where the README writes synopses. */
function plainCodeBlocks(): string[][] {
  const blocks: string[][] = [];
  let inside: string[] | undefined;
  let fenced = false;
  for (const line of readme.split('\n')) {
    if (line.trimStart().startsWith('```')) {
      if (fenced) {
        if (inside) blocks.push(inside);
        inside = undefined;
        fenced = false;
      } else {
        fenced = true;
        inside = line.trim() === '```' ? [] : undefined;
      }
    } else inside?.push(line);
  }
  return blocks;
}

/** Each synopsis in the README's plain code blocks: the command path and the option flags it names. */
function readmeSynopses(): Map<string, Set<string>> {
  const synopses = new Map<string, Set<string>>();
  for (const block of plainCodeBlocks()) {
    let current: Set<string> | undefined;
    for (const line of block) {
      if (line.startsWith('sevenfold ')) {
        const words = line.slice('sevenfold '.length).split(/\s+/);
        const end = words.findIndex((w) => /^[<[-]/.test(w) || w === '');
        const path = words.slice(0, end === -1 ? words.length : end).join(' ');
        current = synopses.get(path) ?? new Set<string>();
        synopses.set(path, current);
      } else if (!/^\s/.test(line)) current = undefined;
      if (!current) continue;
      // Options only: the text after a run of spaces at the end of a form is a comment.
      const synopsis = line.replace(/(\S)\s{3,}\S.*$/, '$1');
      for (const m of synopsis.matchAll(/(?<![\w-])(--?[a-zA-Z][\w-]*)/g)) current.add(m[1]!);
    }
  }
  return synopses;
}

function commands(command: Command, prefix: string[] = []): [string, Command][] {
  return command.commands.flatMap((c) => [[[...prefix, c.name()].join(' '), c] as [string, Command], ...commands(c, [...prefix, c.name()])]);
}

const program = buildProgram(captureIo(root), () => {});
const byPath = new Map(commands(program));
const synopses = readmeSynopses();

/** Every flag of a command as the README may write it: the long form, or the short one where there is one. */
function flagsOf(command: Command): { long: string; short?: string }[] {
  return command.options.map((o) => ({ long: o.long!, ...(o.short ? { short: o.short } : {}) }));
}

describe('README synopses', () => {
  it('cover the main commands', () => {
    expect([...synopses.keys()]).toEqual(expect.arrayContaining(['verify', 'query reach', 'diff', 'lint', 'report', 'fuzz', 'image pack', 'attacks', 'export', 'serve']));
  });

  it.each([...synopses.keys()])('sevenfold %s names only options it takes', (path) => {
    const command = byPath.get(path);
    expect(command, `README names a command "sevenfold ${path}" the CLI does not have`).toBeDefined();
    const known = new Set(flagsOf(command!).flatMap((f) => [f.long, ...(f.short ? [f.short] : [])]));
    expect([...synopses.get(path)!].filter((flag) => !known.has(flag))).toEqual([]);
  });

  it.each([...synopses.keys()].filter((p) => p !== 'fuzz'))('sevenfold %s names every option it takes', (path) => {
    const named = synopses.get(path)!;
    const missing = flagsOf(byPath.get(path)!).filter((f) => !named.has(f.long) && !(f.short && named.has(f.short)));
    expect(missing.map((f) => f.long)).toEqual([]);
  });
});
