/**
 * One attacker search on the built-in protocol design in a process of its own, with the figures the
 * issue's bound is stated in: CPU seconds of the search, the process's peak resident memory (start-up
 * included), states, states/s and bytes/state (SearchStats). The bench row (attestation.bench.ts)
 * gives the ratio to the plain search; this gives the absolute figures the bound names.
 *
 *   npx tsx bench/attacker-search-process.ts <sessions> [plain]
 */
import { builtinProtocol } from '../model/attestation/load-protocol.js';
import { searchProtocol } from '../proofs/attacker-search/search.js';

const sessions = Number(process.argv[2] ?? 5);
const reductions = process.argv[3] !== 'plain';
const cpuBefore = process.cpuUsage();
const r = searchProtocol(builtinProtocol(), { bound: { sessions }, reductions });
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    sessions,
    reductions,
    verdict: r.verdict,
    states: r.stats.states,
    transitions: r.stats.transitions,
    searchCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    wallSeconds: Number((r.stats.timeMs / 1000).toFixed(2)),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    peakHeapGrowthMiB: Math.round(r.stats.peakHeapBytes / 2 ** 20),
    bytesPerState: r.stats.bytesPerState,
    statesPerCpuSecond: Math.round(r.stats.states / ((cpu.user + cpu.system) / 1e6)),
  }),
);
