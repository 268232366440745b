/**
 * Who can reach, read or write what is the design's effective access: its own access rules and the reach of the bus
 * masters its components program (model/platform/bus-masters.ts reachRules; the emulator's own reading is
 * emulator/boot/access-rules.ts `reach`/`reaches`). s37 added bus masters and taught five readers; the rest still read
 * `design.access` (or the spec's rightsOf, or the device's one-requester `decide`), and an app whose DMA engine
 * reached what they guard passed them: crash containment, the failure log's writers, the counters', the measurement
 * register's and the anchor's writers, the asset signer, the storage rights and more (s38-dmareaders; fixtures in
 * test/properties/bus-master-readers.test.ts). This fails on any source that reads the declared rules where the
 * effective access is meant: every read of a platform design's `access` in model/, properties/ and proofs/, and
 * every `design.access` or `.decide(` in emulator/ and the properties' plays, must be in a file listed below with why
 * it means the declared rules (or one requester's own request) on purpose.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourcesUnder } from '../differential/second-reading-imports.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The source without its comments (a comment may name `design.access`; only code is read). */
const code = (file: string): string =>
  readFileSync(resolve(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** The spec's reads of the declared rules: `x.access` on a design (not the device's `profile.access`, not an index field `r.access`), and rightsOf. */
const SPEC_RAW = /\b(?:design|platform|basePlatform|d)\??\.access\b|\brightsOf\(/g;
/** The emulator's: the design's rules read directly, or one requester's own decision where a component's reach is meant. */
const EMULATOR_RAW = /\b(?:design|platform)\??\.access\b|\.decide\((?!data)/g;

const SPEC_DECLARED: Record<string, string> = {
  'model/platform/bus-masters.ts': 'the effective access itself: the declared rules followed by the bus masters\' reach',
  'model/platform/load-platform.ts': 'validates each declared rule where the file states it (/access/i names a component and an asset)',
  'model/product/instantiate.ts': "builds the product's instance: drops the declared rules of empty app slots (the bus masters are kept as written)",
  'model/platform/platform-design.ts': "rightsOf: the declared rights, read only by tests of the device's own-request decisions (the bus, Pluton's mailbox)",
  'properties/hardware-root-of-trust/rule.ts': "accessPointer: maps an instance's rule index to the file's /access/i (past the declared rules it asks reachPointer)",
};

const EMULATOR_DECLARED: Record<string, string> = {
  'emulator/boot/access-rules.ts': 'the access controller: reads the declared rules and the bus masters itself; `reach` is built on `decide`',
  'emulator/boot/asset-bus.ts': "carries one requester's own load or store (a component's, or an engine's as dma:<id>): compromised-component.ts tries the engines next",
  'emulator/boot/boot-read-gate.ts': "a boot stage's own read of what it loads or checks (model/platform/boot-reads.ts reads the declared reads): an engine carries no boot read",
  'emulator/boot/pluton.ts': "Pluton's mailbox answers the requester's own request: no DMA engine is a mailbox requester",
  'emulator/update/log-access.ts': "builds the device's access controller from the design it is given (it may lack busMasters) and reads its reaches",
};

const offenders = (files: string[], pattern: RegExp, allowed: Record<string, string>) =>
  files.flatMap((file) => (allowed[file] === undefined && pattern.test((pattern.lastIndex = 0, code(file))) ? [`${file}: ${code(file).match(pattern)!.join(', ')}`] : []));

describe('every reader of who can reach what reads the effective access', () => {
  const spec = ['model', 'properties', 'proofs'].flatMap((d) => sourcesUnder(root, d));
  const emulator = [...sourcesUnder(root, 'emulator'), ...sourcesUnder(root, 'properties')];

  it('finds the readers it guards (the scan reads code, not comments)', () => {
    expect(spec.length).toBeGreaterThan(200);
    expect(code('model/platform/bus-masters.ts')).toMatch(SPEC_RAW);
    expect(code('model/platform/failure-log-access.ts')).toContain('reachRules(design)');
  });

  it('no spec reader reads the declared access rules alone, outside the files that mean them on purpose', () => {
    expect(offenders(spec, SPEC_RAW, SPEC_DECLARED)).toEqual([]);
  });

  it('no emulated path reads the declared rules or one requester\'s decision where a component\'s reach is meant', () => {
    expect(offenders(emulator, EMULATOR_RAW, { ...SPEC_DECLARED, ...EMULATOR_DECLARED })).toEqual([]);
  });

  it('every file on the lists still reads the declared rules (a stale entry widens the door)', () => {
    const stale = [
      ...Object.keys(SPEC_DECLARED).filter((f) => !new RegExp(SPEC_RAW.source).test(code(f))),
      ...Object.keys(EMULATOR_DECLARED).filter((f) => !new RegExp(EMULATOR_RAW.source).test(code(f))),
    ];
    expect(stale).toEqual([]);
  });
});
