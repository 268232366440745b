/**
 * certificate-authentication's concrete suites against the real parties (CBOR, X.509, P-256) under
 * the protocol design's trust anchors, each a fast-check run with a seed:
 *  - forged certificate chains: expired, not-yet-valid, wrong-tenant, wrong-key-usage, broken-chain,
 *    self-signed, against the validators of both sides, genuine chains as controls;
 *  - hostile input to every party: no receive throws, and a rejected message changes nothing.
 * They read the design, the seed, the runs and a PKI; the outcome is plain data, so the proof worker
 * (proof-worker.ts) can run them too.
 */
import fc from 'fast-check';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { AttestationWorld } from '../../emulator/attestation/world.js';
import type { Pki } from '../../emulator/attestation/pki.js';
import type { Evidence } from '../verdict.js';
import { decideForgery, describeForgery, forgeryArbitrary, forgeryKeys, type Forgery } from './forged-chains.js';
import { checkHostileInput, hostileInputArbitrary, makeRobustnessBench, RobustnessViolation } from './robustness.js';

export interface SuiteOutcome {
  evidence: Evidence;
  violation?: string;
  unknown?: string;
}

export async function forgedChainSuite(design: ProtocolDesign, runs: number, seed: number, pki: Pki): Promise<SuiteOutcome> {
  const world = await AttestationWorld.create(design, { pki });
  world.setPeriod(0);
  const ctx = { design, pki: world.pki, now: world.clock.now(), deviceName: world.deviceIdOf('d1'), keys: forgeryKeys(seed) };
  const seen = new Map<string, number>();
  let problem: { forgery: Forgery; accepted: boolean; reason?: string } | undefined;
  const details = await fc.check(
    fc.asyncProperty(forgeryArbitrary(), async (f) => {
      const d = await decideForgery(f, ctx);
      seen.set(f.kind, (seen.get(f.kind) ?? 0) + 1);
      if (d.accepted !== d.expected) {
        problem = { forgery: f, accepted: d.accepted, ...(d.reason ? { reason: d.reason } : {}) };
        return false;
      }
      return true;
    }),
    { seed, numRuns: runs, endOnFailure: true },
  );
  const counts = [...seen].map(([k, n]) => `${k} ${n}`).join(', ');
  if (details.failed && problem) {
    const f = problem.forgery;
    const verdict = problem.accepted ? `accepts ${describeForgery(f)}` : `rejects ${describeForgery(f)} (${problem.reason})`;
    const who = f.side === 'server-certificate' ? 'the device' : 'the cloud service';
    if (!problem.accepted) return { evidence: { title: 'forged chains: the genuine control was rejected', lines: [`${who} ${verdict}`] }, unknown: `forged-chain suite: ${who} ${verdict}; the suite cannot decide` };
    return { evidence: { title: `forged chains: ${who} ${verdict}`, lines: [`seed ${seed}, counterexample ${JSON.stringify(f)}`, `cases: ${counts}`], reproduce: `seed ${seed}` }, violation: `${who} ${verdict}` };
  }
  if (details.failed) return { evidence: { title: 'forged chains: the suite failed internally', lines: [String(details.errorInstance)] }, unknown: `forged-chain suite failed internally: ${String(details.errorInstance)}` };
  return { evidence: { title: `forged chains: all ${details.numRuns} rejected, genuine ones accepted (seed ${seed})`, lines: [`cases: ${counts}`, `anchors: cloud ${design.cloudService.deviceTrustAnchors}, device ${design.device.serverTrustAnchors}`] } };
}

export async function hostileInputSuite(design: ProtocolDesign, runs: number, seed: number, pki: Pki): Promise<SuiteOutcome> {
  const bench = await makeRobustnessBench(design, { pki });
  let failure: string | undefined;
  const details = await fc.check(
    fc.asyncProperty(hostileInputArbitrary(), async (h) => {
      try {
        await checkHostileInput(h, bench);
        return true;
      } catch (err) {
        if (err instanceof RobustnessViolation) failure = err.message;
        throw err;
      }
    }),
    { seed, numRuns: runs, endOnFailure: true },
  );
  if (details.failed && failure) return { evidence: { title: `hostile input: ${failure}`, lines: [`seed ${seed}`], reproduce: `seed ${seed}` }, violation: failure };
  if (details.failed) return { evidence: { title: 'hostile input: the suite failed internally', lines: [String(details.errorInstance)] }, unknown: `hostile-input suite failed internally: ${String(details.errorInstance)}` };
  return { evidence: { title: `hostile input: ${details.numRuns} messages to 5 receivers, none threw, every rejection left the state unchanged (seed ${seed})`, lines: [] } };
}
