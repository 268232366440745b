/**
 * Certificate-based authentication: "Does the device use certificates instead of passwords for
 * authentication?" Decided on the product's protocol design (model/protocols/, or the one the product
 * names) in four parts:
 *
 *  1. the design itself: no password or shared secret in any connection, every connection mutual and
 *     certificate-based, the quote signed by a key that only Pluton may use (the platform design);
 *  2. the symbolic Dolev–Yao search (proofs/attacker-search): injective agreement, freshness, secrecy,
 *     no certificate for unmeasured or downgraded software, tenant isolation, up to a stated bound;
 *     every counterexample is replayed against the concrete protocol (emulator/attestation);
 *  3. forged certificate chains (fast-check) against the concrete validators under the design's trust
 *     anchors: expired, not-yet-valid, wrong-tenant, wrong-key-usage, broken-chain, self-signed;
 *  4. hostile input (fast-check) to every party: no receive throws, a rejected message changes nothing.
 */
import fc from 'fast-check';
import { displayPath } from '../../model/diagnostics/display-path.js';
import { builtinProtocolFile, formatProtocolError, loadProtocol } from '../../model/attestation/load-protocol.js';
import { SHARED_SECRET_KINDS, type ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { rightsOf, type PlatformDesign } from '../../model/platform/platform-design.js';
import type { Product } from '../../model/product/product.js';
import { AttestationWorld } from '../../emulator/attestation/world.js';
import { replayTrace } from './replay.js';
import { PROPERTY_TEXT } from '../../proofs/attacker-search/model.js';
import { DEFAULT_SCENARIO } from '../../model/attestation/attack-scenario.js';
import { verifyProtocol, type SearchResult } from '../../proofs/attacker-search/search.js';
import { formatTrace } from '../../proofs/attacker-search/trace.js';
import type { PropertyCheckContext } from '../registry.js';
import type { CheckTiming, Evidence, PropertyResult } from '../verdict.js';
import { decideForgery, describeForgery, forgeryArbitrary, type Forgery } from './forged-chains.js';
import { checkHostileInput, hostileInputArbitrary, makeRobustnessBench, RobustnessViolation } from './robustness.js';

const PROPERTY = 'certificate-authentication';
/** The symbolic search's time limit; past it the verdict is unknown. */
export const SEARCH_TIME_LIMIT_MS = 120_000;
/** Forged chains and hostile inputs per run of the property (at most; fewer with --runs). */
const MAX_SUITE_RUNS = 100;

export interface CertificateAuthenticationOptions {
  /** A protocol design file; default: the product's, else the built-in design. */
  protocolFile?: string;
  /** Skip the concrete suites (forged chains, hostile input): tests of the search alone. */
  symbolicOnly?: boolean;
}

export interface StaticFinding {
  pointer: string;
  message: string;
}

/** The rules a design must meet before any search: certificate-based, mutual, no shared secrets, a hardware-held quote key. */
export function checkDesignStatically(design: ProtocolDesign, platform: PlatformDesign): StaticFinding[] {
  const out: StaticFinding[] = [];
  design.connections.forEach((c, i) => {
    for (const side of ['client', 'server'] as const) {
      const credential = c[side].credential;
      const pointer = `/connections/${i}/${side}/credential`;
      if (SHARED_SECRET_KINDS.includes(credential)) out.push({ pointer, message: `${c.name}: the ${c[side].role} authenticates with a ${credential}, not a certificate` });
      else if (credential === 'none') out.push({ pointer, message: `${c.name}: the ${c[side].role} does not authenticate at all: authentication is not mutual` });
      else if (side === 'server' && credential !== 'certificate') out.push({ pointer, message: `${c.name}: the server proves itself with ${credential}, not a certificate chained to the device's root store` });
      else if (side === 'client' && c.protocol === 'device-authentication' && credential !== 'certificate') out.push({ pointer, message: `${c.name}: the device proves itself with ${credential}, not its device certificate` });
    }
  });
  const keyId = design.attestation.signingKey;
  const asset = platform.assets.find((a) => a.id === keyId);
  if (!asset) out.push({ pointer: '/attestation/signingKey', message: `the quote key "${keyId}" is not an asset of the platform design "${platform.name}"` });
  else {
    if (asset.kind !== 'private-key' || !asset.secret) out.push({ pointer: '/attestation/signingKey', message: `the quote key "${keyId}" is not a secret private key in the platform design` });
    if (asset.location !== 'pluton') out.push({ pointer: '/attestation/signingKey', message: `the quote key "${keyId}" is kept in ${asset.location}, not inside Pluton` });
    for (const c of platform.components) {
      const rights = rightsOf(platform, c.id, keyId);
      if (rights.includes('read') || rights.includes('write')) out.push({ pointer: '/attestation/signingKey', message: `${c.name} may ${rights.filter((r) => r === 'read' || r === 'write').join(' and ')} the quote key "${keyId}": it is not inseparable from the hardware` });
      else if (rights.includes('use') && c.core !== 'Pluton') out.push({ pointer: '/attestation/signingKey', message: `${c.name} (on ${c.core}) may use the quote key "${keyId}" directly: only Pluton may` });
    }
  }
  return out;
}

export async function checkCertificateAuthentication(product: Product, context: PropertyCheckContext, options: CertificateAuthenticationOptions = {}): Promise<PropertyResult> {
  const timings: CheckTiming[] = [];
  const file = options.protocolFile ?? product.protocolFile ?? builtinProtocolFile();
  const loaded = loadProtocol(file);
  if (!loaded.design) {
    return { property: PROPERTY, verdict: 'unknown', summary: `the protocol design ${displayPath(file)} cannot be read: ${loaded.errors[0] ? formatProtocolError(loaded.errors[0]) : 'unknown error'}`, evidence: [{ title: 'protocol design errors', lines: loaded.errors.map(formatProtocolError) }] };
  }
  const design = loaded.design;
  const where = displayPath(file);
  const reproduce = `${context.command} --seed ${context.seed}`;
  const evidence: Evidence[] = [];
  const violations: string[] = [];

  // 1. The design.
  let started = performance.now();
  const findings = checkDesignStatically(design, product.platform);
  timings.push({ check: 'design rules', ms: performance.now() - started });
  evidence.push({
    title: findings.length ? `design rules: ${findings.length} finding${findings.length > 1 ? 's' : ''} in ${where}` : `design rules: every connection mutual and certificate-based, quote key held by Pluton (${where})`,
    lines: findings.length ? findings.map((f) => `${where} ${f.pointer}: ${f.message}`) : design.connections.map((c) => `${c.name}: device ${c.client.credential}, ${c.server.role} ${c.server.credential}`),
    ...(findings.length ? { reproduce } : {}),
    data: { findings },
  });
  if (findings.length) violations.push(findings[0]!.message);

  // 2. The symbolic search, every counterexample replayed concretely.
  context.progress('searching the protocol under a Dolev–Yao attacker');
  const search = verifyProtocol(design, { timeLimitMs: SEARCH_TIME_LIMIT_MS });
  timings.push({ check: 'attacker search', ms: search.stats.timeMs });
  evidence.push(searchEvidence(search));
  for (const v of search.violations) {
    started = performance.now();
    const replay = await replayTrace(design, DEFAULT_SCENARIO, v.trace);
    timings.push({ check: `concrete replay (${v.property})`, ms: performance.now() - started });
    evidence.push({
      title: `${v.property}: ${v.detail}`,
      lines: [
        PROPERTY_TEXT[v.property],
        ...formatTrace(v.trace, search.prefix),
        replay.ok ? `concrete replay: the real parties (CBOR, X.509, P-256) accept every message of this attack (${replay.steps} steps)` : `concrete replay: ${replay.failure} (the abstract and concrete protocols disagree: a Sevenfold defect)`,
      ],
      reproduce,
      data: { property: v.property, trace: v.trace.map((a) => ({ ...a, ...('message' in a ? { message: String(a.message) } : {}), ...('sent' in a && a.sent ? { sent: String(a.sent) } : {}) })), replayed: replay.ok },
    });
    violations.push(`${v.property}: ${v.detail}`);
  }

  let suites = '';
  if (!options.symbolicOnly) {
    const runs = Math.min(context.runs, MAX_SUITE_RUNS);
    // 3. Forged chains.
    context.progress(`forged certificate chains (${runs} runs, seed ${context.seed})`);
    started = performance.now();
    const forged = await forgedChainSuite(design, runs, context.seed);
    timings.push({ check: 'forged chains', ms: performance.now() - started });
    evidence.push(forged.evidence);
    if (forged.violation) violations.push(forged.violation);
    // 4. Hostile input.
    context.progress(`hostile input to every party (${runs} runs, seed ${context.seed})`);
    started = performance.now();
    const hostile = await hostileInputSuite(design, runs, context.seed);
    timings.push({ check: 'hostile input', ms: performance.now() - started });
    evidence.push(hostile.evidence);
    if (hostile.violation) violations.push(hostile.violation);
    if (forged.unknown || hostile.unknown) {
      return { property: PROPERTY, verdict: violations.length ? 'violated' : 'unknown', summary: violations[0] ?? forged.unknown ?? hostile.unknown!, evidence, timings };
    }
    suites = `; ${runs} forged chains and ${runs} hostile inputs, seed ${context.seed}`;
  }

  if (violations.length) {
    const attack = search.violations.length ? ` (${search.violations.length} attack${search.violations.length > 1 ? 's' : ''} found with ≤ ${search.bound.sessions} session${search.bound.sessions > 1 ? 's' : ''}: ${search.violations.map((v) => v.property).join(', ')})` : '';
    return { property: PROPERTY, verdict: 'violated', summary: `${violations[0]}${attack}`, evidence, timings };
  }
  if (search.verdict !== 'holds') {
    return { property: PROPERTY, verdict: 'unknown', summary: `the attacker search did not finish: ${search.incomplete ?? 'unknown reason'}`, evidence, timings };
  }
  return {
    property: PROPERTY,
    verdict: 'holds',
    summary: `certificate-based, mutual, no shared secrets; attacker search holds for ≤ ${search.bound.sessions} sessions, ${search.scenario.devices.length} devices, attacker depth ${search.stats.maxDeliveries}`,
    bound: `${search.boundText}${suites}`,
    evidence,
    timings,
  };
}

function searchEvidence(s: SearchResult): Evidence {
  const rate = Math.round(s.stats.statesPerSecond).toLocaleString('en-US');
  return {
    title: `attacker search: ${s.verdict}${s.verdict === 'violated' ? ` (${s.violations.map((v) => v.property).join(', ')})` : ''} — ${s.stats.states.toLocaleString('en-US')} states in ${Math.round(s.stats.timeMs)} ms (${rate} states/s)`,
    lines: [
      `bound: ${s.boundText}`,
      `properties: ${Object.values(PROPERTY_TEXT).join('; ')}`,
      ...(s.cloudModelled ? [] : ['the device-to-cloud connection uses no certificates, so only the attestation protocol was searched']),
      ...(s.incomplete ? [`incomplete: ${s.incomplete}`] : []),
    ],
    data: { bound: s.bound, stats: s.stats, scenario: s.scenario, violated: s.violations.map((v) => v.property) },
  };
}

interface SuiteOutcome {
  evidence: Evidence;
  violation?: string;
  unknown?: string;
}

async function forgedChainSuite(design: ProtocolDesign, runs: number, seed: number): Promise<SuiteOutcome> {
  const world = await AttestationWorld.create(design);
  world.setPeriod(0);
  const ctx = { design, pki: world.pki, now: world.clock.now(), deviceName: world.deviceIdOf('d1') };
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

async function hostileInputSuite(design: ProtocolDesign, runs: number, seed: number): Promise<SuiteOutcome> {
  const bench = await makeRobustnessBench(design);
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
