/**
 * One attacker search on the built-in protocol design in a process of its own, with the figures the
 * issue's bound is stated in: CPU seconds of the search, the process's peak resident memory (start-up
 * included), states, states/s and bytes/state (SearchStats). The bench row (attestation.bench.ts)
 * gives the ratio to the plain search; this gives the absolute figures the bound names.
 *
 *   npx tsx bench/attacker-search-process.ts <sessions> [plain | verify]
 *
 * `plain`: the search with no reduction; `verify`: 1, 2, … <sessions> sessions one after the other, as
 * `verify` runs it (verifyProtocol). The reductions applied are printed with the figures.
 */
import { builtinProtocol } from '../model/attestation/load-protocol.js';
import { searchProtocol, verifyProtocol } from '../proofs/attacker-search/search.js';
import { peakResidentMiB } from './peak-memory.mjs';

const sessions = Number(process.argv[2] ?? 5);
const mode = process.argv[3] ?? 'reduced';
const reductions = mode !== 'plain';
// The design is read (and its schema compiled) before the clock starts: the figure is the search's alone.
const design = builtinProtocol();
const cpuBefore = process.cpuUsage();
const r = (mode === 'verify' ? verifyProtocol : searchProtocol)(design, { bound: { sessions }, reductions });
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    sessions,
    mode,
    reductions: r.reductions,
    verdict: r.verdict,
    states: r.stats.states,
    transitions: r.stats.transitions,
    searchCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    wallSeconds: Number((r.stats.timeMs / 1000).toFixed(2)),
    peakRssMiB: Math.round(peakResidentMiB()),
    peakHeapGrowthMiB: Math.round(r.stats.peakHeapBytes / 2 ** 20),
    bytesPerState: r.stats.bytesPerState,
    statesPerCpuSecond: Math.round(r.stats.states / ((cpu.user + cpu.system) / 1e6)),
  }),
);
