/**
 * A trace as a message sequence: who sent what to whom, and for every message a run received, where it
 * came from: passed on unchanged, replayed (sent earlier, to another run or in an earlier period), or
 * built by the attacker.
 */
import type { Action, Role } from './model.js';
import { showTerm, type Term } from './terms.js';

const PEER: Record<Role, string> = { 'device-attest': 'as3', service: 'device', 'device-connect': 'hub', hub: 'device' };

function actor(role: Role, agent: string): string {
  if (role === 'service') return 'as3';
  if (role === 'hub') return 'hub';
  return agent;
}

/**
 * `prefix`: the honest first attestations observed before the search; a message taken from them is
 * printed first, marked as observed, so a replay of it reads as one. `periodHours`: the design's
 * attestation period, printed where a period begins.
 */
export function formatTrace(trace: readonly Action[], prefix: readonly { device: string; messages: readonly Term[] }[] = [], periodHours?: number): string[] {
  const lines: string[] = [];
  const sentAt = new Map<number, { step: number; by: string; period: number }>();
  const observed = new Map<number, string>();
  for (const p of prefix) p.messages.forEach((m, i) => observed.set(m.id, `message ${i + 1} of ${p.device}'s first attestation, observed before the search`));
  const used = trace.flatMap((a) => (a.kind === 'deliver' && observed.has(a.message.id) ? [a.message] : []));
  for (const m of new Set(used)) lines.push(`  0. (seen) ${showTerm(m)}   [${observed.get(m.id)}]`);
  let period = 0;
  let step = 0;
  const send = (from: string, to: string, m: Term, run: string) => {
    step++;
    lines.push(`${String(step).padStart(3)}. ${from.padEnd(5)} → ${to.padEnd(5)} ${showTerm(m)}   [${run}, period ${period}]`);
    if (!sentAt.has(m.id)) sentAt.set(m.id, { step, by: run, period });
  };
  for (const a of trace) {
    if (a.kind === 'tick') {
      period = a.period;
      lines.push(`     ── period ${period} begins${periodHours === undefined ? '' : ` (${periodHours.toLocaleString('en-US')} h later)`}: devices reboot into this period's software, open sessions end ──`);
      continue;
    }
    const me = actor(a.role, a.agent);
    if (a.kind === 'start') {
      send(me, PEER[a.role] === 'device' ? 'device' : PEER[a.role], a.sent, a.run);
      continue;
    }
    const origin = sentAt.get(a.message.id);
    let how: string;
    if (!origin && observed.has(a.message.id)) how = `replay of ${observed.get(a.message.id)!.replace(', observed before the search', '')} (period 0)`;
    else if (!origin) how = 'built by the attacker from what it knows';
    else if (origin.period !== period) how = `replay of step ${origin.step} (period ${origin.period})`;
    else how = `passed on from step ${origin.step}`;
    step++;
    lines.push(`${String(step).padStart(3)}. atk   → ${me.padEnd(5)} ${showTerm(a.message)}   [${a.run} accepts; ${how}]`);
    if (a.sent) send(me, a.role === 'service' || a.role === 'hub' ? (a.role === 'service' ? a.agent : 'device') : PEER[a.role], a.sent, a.run);
  }
  return lines;
}

/** One-line summary: the run ids, in order of their first appearance. */
export function traceRuns(trace: readonly Action[]): string[] {
  const out: string[] = [];
  for (const a of trace) if (a.kind !== 'tick' && !out.includes(a.run)) out.push(a.run);
  return out;
}
