/**
 * How the Z3 allocation proof grows with the product: generated products of 10, 100 and 1,000 apps
 * on a scaled chip (one A7, one M4-like core per real-time app, two I/O blocks per app), three fixed
 * claims per app. Two rows per size, each against native z3 (/usr/bin/z3) solving the same SMT-LIB
 * text (the proof's toSmtlib2()) in the same run:
 *  - "allocation proof": the whole proveAllocation (encode from the spec + check), WASM;
 *  - "allocation SMT-LIB": the same text parsed and checked in WASM (solver only).
 * The native run is a whole process (start, parse, solve); ratio = WASM time / native time.
 *
 * These measurements are one-shot and async (a 1,000-app proof takes seconds), which tinybench's
 * time-boxed sampling in harness.ts does not suit, so this file has its own small loop.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChipProfile, IoBlock } from '../formats/chips/chip-profile.js';
import { IsolationSpec } from '../model/isolation/isolation-spec.js';
import type { AppManifest, PeripheralRequest } from '../formats/manifest/app-manifest.js';
import type { InstalledSoftware } from '../model/product/product.js';
import { proveAllocation } from '../proofs/allocation-proof.js';
import { newSolver, timedCheck } from '../proofs/z3-session.js';
import type { BenchResult } from './harness.js';

export const NATIVE_Z3 = '/usr/bin/z3';
const ISU_FUNCTIONS = ['Uart', 'SpiMaster', 'I2cMaster'] as const;

/** A chip with one high-level core, `realTimeCores` M4-like cores and `blocks` blocks (4 GPIOs and an ISU each). */
export function scaledChip(realTimeCores: number, blocks: number): ChipProfile {
  const ioBlocks: IoBlock[] = Array.from({ length: blocks }, (_, i) => ({
    id: `BLK${i}`,
    gpios: [0, 1, 2, 3].map((k) => 4 * i + k),
    functions: { Uart: `ISU${i}`, SpiMaster: `ISU${i}`, I2cMaster: `ISU${i}` },
  }));
  const isus = ioBlocks.map((b) => b.functions.Uart!);
  return {
    id: `scaled-${realTimeCores}x${blocks}`,
    name: `scaled chip (${realTimeCores} real-time cores, ${blocks} blocks)`,
    cores: [{ id: 'A7', kind: 'high-level', description: 'high-level core' }, ...Array.from({ length: realTimeCores }, (_, i) => ({ id: `M4-${i}`, kind: 'real-time' as const, description: `real-time core ${i}` }))],
    blocks: ioBlocks,
    peripherals: { Gpio: ioBlocks.flatMap((b) => b.gpios), Pwm: [], Adc: [], Uart: isus, I2cMaster: isus, SpiMaster: isus, I2sSubordinate: [], ExternalInterrupt: [] },
    limits: { realTimeCores, mutableStorageMaxKB: 64, appNameStoredChars: 31 },
  };
}

/**
 * `apps` apps (one high-level, the rest real-time: every app needs a core of its own) and one board
 * configuration per 20 apps. App i uses block 2i as an ISU function and two pins of block 2i+1; each
 * board configuration takes one more block. Satisfiable, with every real-time core in use.
 */
export function scaledProduct(apps: number): InstalledSoftware {
  const boards = Math.floor(apps / 20);
  const chip = scaledChip(apps - 1, 2 * apps + boards);
  const request = (capability: PeripheralRequest['capability'], value: string | number, i: number): PeripheralRequest => ({
    capability,
    raw: value,
    value,
    pointer: `/Capabilities/${capability}/${i}`,
    position: { line: 1, column: 1 },
  });
  return {
    file: '/virtual/scaled/sevenfold.json',
    name: `scaled product (${apps} apps)`,
    chip,
    apps: Array.from({ length: apps }, (_, i) => {
      const file = `/virtual/scaled/app${i}/app_manifest.json`;
      const manifest: AppManifest = {
        file,
        name: `App${i}`,
        componentId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
        kind: i === 0 ? 'high-level' : 'real-time',
        peripherals: [request(ISU_FUNCTIONS[i % 3]!, `ISU${2 * i}`, 0), request('Gpio', 4 * (2 * i + 1), 0), request('Gpio', 4 * (2 * i + 1) + 2, 1)],
        allowedConnections: [],
        tcpServerPorts: [],
        udpServerPorts: [],
        partners: [],
        enabled: [],
        powerControls: [],
      };
      return { manifest, manifestFile: file };
    }),
    boardConfigs: Array.from({ length: boards }, (_, b) => ({ name: `board${b}`, claims: { SpiMaster: [`ISU${2 * apps + b}`] } })),
  };
}

/** Runs fn until timeMs have passed (at least once, at most 25 times); the median run's time and result. */
async function median<T>(fn: () => Promise<T> | T, timeMs: number): Promise<{ ms: number; value: T }> {
  const runs: { ms: number; value: T }[] = [];
  const start = performance.now();
  while (runs.length === 0 || (performance.now() - start < timeMs && runs.length < 25)) {
    const t = performance.now();
    const value = await fn();
    runs.push({ ms: performance.now() - t, value });
  }
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)]!;
}

export interface ScalingReport {
  results: BenchResult[];
  /** Lines for a person: per size the split of the proof's time, and growth per 10× apps. */
  notes: string[];
}

export async function allocationScaling(timeMs: number, sizes = [10, 100, 1000]): Promise<ScalingReport> {
  const native = existsSync(NATIVE_Z3);
  const notes: string[] = native ? [] : [`allocation scaling: native z3 comparison skipped (${NATIVE_Z3} not found)`];
  const results: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sevenfold-bench-'));
  // Warm up: z3 init and the first check's worker start would otherwise land in the first row.
  await proveAllocation(new IsolationSpec(scaledProduct(3)));
  let previous: { apps: number; ms: number } | undefined;
  try {
    for (const apps of sizes) {
      const spec = new IsolationSpec(scaledProduct(apps));
      const first = await proveAllocation(spec, { smtlib: true, timeoutMs: 120_000 });
      if (first.status !== 'sat' || !first.smtlib) throw new Error(`allocation scaling: ${apps} apps gave ${first.status}, expected sat`);
      const claims = spec.claims.length;
      const file = join(dir, `allocation-${apps}.smt2`);
      writeFileSync(file, first.smtlib);
      const proof = await median(() => proveAllocation(spec, { timeoutMs: 120_000 }), timeMs);
      const wasm = await median(async () => {
        const { solver } = await newSolver({ timeoutMs: 120_000 });
        solver.fromString(first.smtlib!);
        const outcome = await timedCheck(solver);
        if (outcome.status !== 'sat') throw new Error(`WASM z3 on ${file}: ${outcome.status}`);
      }, timeMs);
      const nativeMs = native ? (await median(() => runNative(file), timeMs)).ms : NaN;
      const proofMs = proof.ms;
      const baselineDescription = `native ${NATIVE_Z3} on the same SMT-LIB (${apps} apps, ${claims} claims), whole process; ratio = WASM/native time`;
      results.push(row(`allocation proof, ${apps} apps`, proofMs, nativeMs, baselineDescription));
      results.push(row(`allocation SMT-LIB, ${apps} apps`, wasm.ms, nativeMs, baselineDescription));
      const growth = previous ? `; ${(proofMs / previous.ms).toFixed(1)}x the time of ${previous.apps} apps for ${apps / previous.apps}x the apps` : '';
      const { encodeMs, solveMs } = proof.value.stats;
      notes.push(`${apps} apps (${claims} claims): proof ${proofMs.toFixed(0)} ms = encode ${encodeMs.toFixed(0)} ms + solve ${solveMs.toFixed(0)} ms (median run)${growth}`);
      previous = { apps, ms: proofMs };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { results, notes };
}

function runNative(file: string): void {
  const run = spawnSync(NATIVE_Z3, ['-smt2', file], { encoding: 'utf8' });
  if (run.stdout.trim() !== 'sat') throw new Error(`native z3 on ${file}: ${run.stdout || run.stderr}`);
}

function row(name: string, subjectMs: number, baselineMs: number, baselineDescription: string): BenchResult {
  return { name, unit: 'ms/check', figure: subjectMs, baseline: baselineMs, ratio: subjectMs / baselineMs, baselineDescription };
}
