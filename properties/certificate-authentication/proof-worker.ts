/**
 * The worker thread of proofs-in-worker.ts: the attacker search, then the unbounded proof of one input
 * (workerData), each posted as soon as it is known, and then it ends (the property runs the concrete
 * suites itself). It loads the two proofs alone (no X.509, no fast-check, no emulator), so the search
 * begins tens of milliseconds after the thread. What it posts is checked by the receiver
 * (proofs/attacker-search/transfer.ts, proofs/horn/transfer.ts, proofs-in-worker.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { verifyProtocol } from '../../proofs/attacker-search/search.js';
import { encodeSearchResult } from '../../proofs/attacker-search/transfer.js';
import { attemptUnboundedProof } from './unbounded-proof.js';
import type { SymbolicProofInput } from './symbolic-proofs.js';
import type { FromProofWorker } from './proofs-in-worker.js';

const input = workerData as SymbolicProofInput;
const post = (message: FromProofWorker) => parentPort!.postMessage(message);

try {
  const search = verifyProtocol(input.design, {
    scenario: input.scenario,
    bound: { sessions: input.sessions },
    timeLimitMs: input.searchTimeLimitMs,
    ...(input.searchMemoryLimitBytes !== undefined ? { memoryLimitBytes: input.searchMemoryLimitBytes } : {}),
  });
  post({ kind: 'search', result: encodeSearchResult(search) });
} catch (err) {
  post({ kind: 'search-failed', reason: err instanceof Error ? err.message : String(err) });
}
post({ kind: 'horn', result: attemptUnboundedProof(input.design, input.hornBudget) });

