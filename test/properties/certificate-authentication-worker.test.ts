/**
 * certificate-authentication's symbolic proofs (attacker search and unbounded proof) in a worker thread
 * that `verify` starts early (properties/certificate-authentication/proofs-in-worker.ts):
 * - a search result and a proof cross the thread boundary unchanged, and what is malformed is refused;
 * - a worker that throws, exits, is stopped or sends malformed data leaves the property unknown with
 *   the reason, never holds; the search's time and memory limits still give unknown in the worker;
 * - the built CLI, run from another folder, starts one worker for certificate-authentication and none
 *   for other properties, with the verdicts and evidence of the in-thread run (`--jobs 2` decides the
 *   property inside a property worker, where nothing is started early).
 * The worker parts run the built dist/ (a worker thread loads .js).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { scenarioFor } from '../../model/attestation/attack-scenario.js';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { verifyProtocol } from '../../proofs/attacker-search/search.js';
import { formatTrace } from '../../proofs/attacker-search/trace.js';
import { decodeSearchResult, encodeSearchResult, MalformedSearchResult } from '../../proofs/attacker-search/transfer.js';
import { decodeHornResult, MalformedHornResult } from '../../proofs/horn/transfer.js';
import { acceptanceWindowHours } from '../../properties/certificate-authentication/freshness.js';
import { chooseSearchSize } from '../../properties/certificate-authentication/search-size.js';
import { symbolicProofInput, type SymbolicProofInput } from '../../properties/certificate-authentication/symbolic-proofs.js';
import { attemptUnboundedProof } from '../../properties/certificate-authentication/unbounded-proof.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { fixture, fixtureDir } from '../attestation/helpers.js';
import { tempDir } from '../helpers.js';
import { checkContext } from '../helpers/check-context.js';
import { bundleClosure } from '../helpers/bundle-closure.js';
import { staticImportClosure } from '../helpers/static-import-closure.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const dist = (path: string) => pathToFileURL(resolve(root, 'dist', path)).href;
type Built = typeof import('../../properties/certificate-authentication/proofs-in-worker.js');
type BuiltCheck = typeof import('../../properties/certificate-authentication/index.js');
const built = async () => (await import(dist('properties/certificate-authentication/proofs-in-worker.js'))) as Built;

const WAITING = 'waiting for the proof worker (attacker search and unbounded proof)';
const temp = tempDir();
afterAll(() => temp.cleanup());

const builtinProduct = () => loadProduct(builtinProductFile()).product!;
/** The input the property makes for the built-in product (the symbolic part alone unless `suites`), with the limits a test sets. */
const builtinInput = (limits: Parameters<typeof symbolicProofInput>[3] = {}, suites = false): SymbolicProofInput =>
  symbolicProofInput(builtinProtocol(), chooseSearchSize(builtinProduct()), { ...checkContext(), acceptanceWindowHours: acceptanceWindowHours(checkContext().requirements), symbolicOnly: !suites }, limits);

describe('a search result across threads', () => {
  it('keeps every counterexample: the same trace, the same terms, the same figures', () => {
    const search = verifyProtocol(fixture('no-nonce'), { scenario: scenarioFor({ devices: 2, periods: 2 }), bound: { sessions: 3 } });
    expect(search.violations.length).toBeGreaterThan(0);
    const copy = decodeSearchResult(structuredClone(encodeSearchResult(search)));
    expect(copy.violations.map((v) => formatTrace(v.trace, copy.prefix, 24))).toEqual(search.violations.map((v) => formatTrace(v.trace, search.prefix, 24)));
    // Interned again, equal terms are the same objects (the concrete replay and the trace printer compare ids).
    expect(copy.violations[0]!.trace).toEqual(search.violations[0]!.trace);
    expect(copy.prefix.flatMap((p) => p.messages).every((m, i) => m === search.prefix.flatMap((p) => p.messages)[i])).toBe(true);
    const { violations: _v, prefix: _p, ...rest } = copy;
    const { violations: _ov, prefix: _op, ...originalRest } = search;
    expect(JSON.stringify(rest)).toBe(JSON.stringify(originalRest));
  });

  it('refuses a result that claims holds without having finished, or that is not a search result', () => {
    const holds = encodeSearchResult(verifyProtocol(builtinProtocol(), { bound: { sessions: 1 } }));
    expect(holds.verdict).toBe('holds');
    expect(decodeSearchResult(structuredClone(holds)).verdict).toBe('holds');
    const bad: [string, unknown][] = [
      ['holds with a reason to stop', { ...holds, incomplete: 'stopped at the time limit (1 ms)' }],
      ['holds short of its bound', { ...holds, completeSessions: 0 }],
      ['holds with a violation', { ...holds, violations: [{ property: 'secrecy', detail: 'x', trace: [] }] }],
      ['unknown without a reason', { ...holds, verdict: 'unknown' }],
      ['an unknown verdict', { ...holds, verdict: 'proved' }],
      ['no stats', { ...holds, stats: undefined }],
      ['a term naming a later one', { ...holds, terms: [['tuple', '', [1]], ['const', 'a', []]] }],
      ['a term of no kind', { ...holds, terms: [['string', 'a', []]] }],
      ['a prefix message out of the table', { ...holds, prefix: [{ device: 'd1', messages: [holds.terms.length] }] }],
      ['nothing', undefined],
    ];
    for (const [what, sent] of bad) expect(() => decodeSearchResult(sent), what).toThrow(MalformedSearchResult);
  });

  it('an unbounded proof is refused when it claims a query proved by an unfinished saturation, or drops a query', () => {
    const horn = attemptUnboundedProof(builtinProtocol());
    expect(decodeHornResult(structuredClone(horn))).toEqual(horn);
    expect(() => decodeHornResult({ ...horn, stats: { ...horn.stats, complete: false } })).toThrow(MalformedHornResult);
    expect(() => decodeHornResult({ ...horn, results: horn.results.slice(1) })).toThrow(MalformedHornResult);
    expect(() => decodeHornResult({ ...horn, results: horn.results.map((r) => ({ ...r, verdict: 'holds' })) })).toThrow(MalformedHornResult);
  });
});

/** A stand-in worker script (plain ESM), for the ways a worker can fail. */
function fakeWorker(name: string, body: string): URL {
  return pathToFileURL(temp.write(`${name}.mjs`, `import { parentPort } from 'node:worker_threads';\n${body}\n`));
}

describe('a proof worker that fails', () => {
  const cases: [string, string, RegExp][] = [
    ['throws while it starts', "throw new Error('boom in the worker');", /failed: boom in the worker/],
    ['exits before answering', 'process.exit(3);', /exit code 3/],
    ['sends a malformed holds', "parentPort.postMessage({ kind: 'search', result: { verdict: 'holds' } }); parentPort.postMessage({ kind: 'horn', result: { results: [] } }); setTimeout(() => {}, 5000);", /malformed/],
    ['sends something else', "parentPort.postMessage('holds');", /unexpected message/],
  ];
  for (const [what, body, reason] of cases) {
    it(`leaves the search and the unbounded proof unknown when it ${what}`, async () => {
      const { ProofsInWorker } = await built();
      const input = builtinInput({}, true);
      const job = ProofsInWorker.start(input, fakeWorker(what.replace(/\W+/g, '-'), body))!;
      const { search, horn } = await job.take(input)!;
      await job.stop();
      expect(search.verdict).toBe('unknown');
      expect(search.incomplete).toMatch(reason);
      expect(search.boundText).toMatch(/no session count searched to the end/);
      expect(horn.results.every((q) => q.verdict === 'unknown')).toBe(true);
      expect(horn.results[0]!.reason).toMatch(/worker thread/);
    }, 60_000);
  }

  it('refuses a message about suites: the worker does not run them', async () => {
    const { ProofsInWorker } = await built();
    const input = builtinInput({}, true);
    const body = "parentPort.postMessage({ kind: 'suites', forged: { evidence: { title: 'forged chains: all rejected', lines: [] }, ms: 1 }, hostile: { evidence: { title: 'hostile input: fine', lines: [] }, ms: 1 } });";
    const job = ProofsInWorker.start(input, fakeWorker('sends-suites', body))!;
    const { search } = await job.take(input)!;
    await job.stop();
    expect(search.verdict).toBe('unknown');
    expect(search.incomplete).toMatch(/unexpected message/);
  }, 60_000);

  it('makes the property unknown with the reason, never holds', async () => {
    const { ProofsInWorker } = await built();
    const { checkCertificateAuthentication } = (await import(dist('properties/certificate-authentication/index.js'))) as BuiltCheck;
    const input = builtinInput();
    const job = ProofsInWorker.start(input, fakeWorker('exits', 'process.exit(5);'))!;
    const r = await checkCertificateAuthentication(builtinProduct(), checkContext({ prestarted: { certificateAuthentication: job } }), { symbolicOnly: true });
    await job.stop();
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/the attacker search did not finish: stopped: its worker thread stopped \(exit code 5\)/);
    expect(r.timings!.map((t) => t.check)).toContain(WAITING);
  }, 60_000);

  it('stopped while it searches, leaves the search unknown', async () => {
    const { ProofsInWorker } = await built();
    const input = symbolicProofInput(builtinProtocol(), { ...chooseSearchSize(builtinProduct()), sessions: 8 }, { ...checkContext(), symbolicOnly: true });
    const job = ProofsInWorker.start(input)!;
    const results = job.take(input)!;
    await new Promise((r) => setTimeout(r, 200));
    await job.stop();
    const { search } = await results;
    expect(search.verdict).toBe('unknown');
    expect(search.incomplete).toMatch(/worker thread stopped/);
  }, 60_000);

  it('the search in the worker still stops at its time and memory limits, unknown with the reason', async () => {
    const { ProofsInWorker } = await built();
    for (const [limits, reason] of [
      [{ searchTimeLimitMs: 1 }, /stopped at the time limit \(1 ms\)/],
      [{ searchMemoryLimitBytes: 1 }, /stopped at the memory limit/],
    ] as const) {
      const input = builtinInput(limits);
      const job = ProofsInWorker.start(input)!;
      const { search, horn } = await job.take(input)!;
      await job.stop();
      expect(search.verdict).toBe('unknown');
      expect(search.incomplete).toMatch(reason);
      expect(horn.stats.complete).toBe(true);
    }
  }, 60_000);

  it('is sent the input without its suites, answers the proofs and ends, and the property input (suites included) still takes them', async () => {
    const { ProofsInWorker } = await built();
    const input = builtinInput({}, true);
    expect(input.suites).toBeDefined();
    const told = ProofsInWorker.start(input, fakeWorker('tells-its-input', "import { workerData } from 'node:worker_threads';\nparentPort.postMessage({ kind: 'search-failed', reason: `suites sent: ${workerData.suites !== undefined}` });"))!;
    expect((await told.take(input)!).search.incomplete).toMatch(/suites sent: false/);
    await told.stop();

    const job = ProofsInWorker.start(input)!;
    let exited = false;
    (job as unknown as { worker: { on: (e: string, f: () => void) => void } }).worker.on('exit', () => (exited = true));
    const { search, horn } = await job.take(input)!;
    expect(search.verdict).toBe('holds');
    expect(horn.stats.complete).toBe(true);
    // Its normal end after the proofs leaves them as they were. It ends on its own (stop() below would end it
    // anyway, so it is asked only after): a fixed 300 ms wait failed under load with the worker still exiting.
    await vi.waitFor(() => expect(exited).toBe(true), { timeout: 15_000, interval: 50 });
    await job.stop();
  }, 60_000);

  it('is not started on a machine with one CPU', async () => {
    const { startSymbolicProofs } = (await import(dist('properties/certificate-authentication/early-start.js'))) as typeof import('../../properties/certificate-authentication/early-start.js');
    const settings = { timeoutMs: 10_000, runs: 5, seed: 1 };
    expect(startSymbolicProofs(builtinProduct(), settings, 1)).toBeUndefined();
    const job = startSymbolicProofs(builtinProduct(), settings, 2);
    expect(job).toBeDefined();
    await job!.stop();
  }, 60_000);

  it('is used only for the input it was started with', async () => {
    const { ProofsInWorker } = await built();
    const job = ProofsInWorker.start(builtinInput())!;
    expect(job.take(builtinInput({ searchTimeLimitMs: 5 }))).toBeUndefined();
    expect(job.take(builtinInput())).toBeDefined();
    expect(job.take(builtinInput()), 'taken once').toBeUndefined();
    await job.stop();
  }, 60_000);
});

describe('what the proof worker loads before its search starts', () => {
  it('the proofs alone: no emulator, no X.509, no fast-check, no Ajv (the suites load theirs after the proofs)', () => {
    const closure = staticImportClosure(resolve(root, 'dist/properties/certificate-authentication/proof-worker.js'));
    const files = closure.files.map((f) => relative(resolve(root, 'dist'), f));
    expect(files).toEqual(expect.arrayContaining(['proofs/attacker-search/search.js', 'proofs/horn/prove.js']));
    expect(files.filter((f) => f.startsWith('emulator/') || f.startsWith('cli/') || f.startsWith('reports/') || (f.startsWith('properties/') && !/^properties\/certificate-authentication\/(proof-worker|unbounded-proof)\.js$/.test(f)))).toEqual([]);
    const packages = closure.bare.filter((b) => !b.startsWith('node:'));
    expect(packages.filter((b) => /x509|fast-check|ajv|@noble\/curves|z3/.test(b))).toEqual([]);
  });

  it('bundled as the built CLI starts it (dist/bundle/proof-worker.js): the same, with the suites in chunks of their own', () => {
    const closure = bundleClosure(root, 'proof-worker.js');
    expect(closure.modules).toEqual(expect.arrayContaining(['properties/certificate-authentication/proof-worker.js', 'proofs/attacker-search/search.js', 'proofs/horn/prove.js']));
    expect(closure.modules.filter((f) => f.startsWith('emulator/') || f.startsWith('cli/') || f.startsWith('reports/') || (f.startsWith('properties/') && !/^properties\/certificate-authentication\/(proof-worker|unbounded-proof)\.js$/.test(f)))).toEqual([]);
    expect(closure.bare.filter((b) => /x509|fast-check|ajv|@noble\/curves|z3/.test(b))).toEqual([]);
  });
});

describe('verify with the built CLI, from another folder', () => {
  const cli = resolve(root, 'dist/cli/main.js');
  const verify = (args: string[]) => {
    const run = spawnSync(process.execPath, [cli, 'verify', '--runs', '5', '--seed', '3', '--format', 'json', ...args], { cwd: temp.dir, encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'worker' } });
    const workers = [...run.stderr.matchAll(/create new worker URL[\s\S]*?href: '([^']+)'/g)].map((m) => m[1]!.replace(/.*\/dist\//, 'dist/'));
    return { status: run.status, workers, results: (JSON.parse(run.stdout) as { results: PropertyResult[] }).results };
  };
  /** Evidence without measured times (the only thing allowed to differ), and without the waiting line. */
  const comparable = (r: PropertyResult) => JSON.stringify({ ...r, timings: undefined }).replace(/\d+(\.\d+)? ?ms\b/g, '<ms>').replace(/"(timeMs|statesPerSecond|peakHeapBytes|bytesPerState|clausesPerSecond)":[\d.e+-]+/g, '"$1":0').replace(/[\d,]+ states\/s|[\d,]+ clauses\/s|heap growth [\d.]+ MiB|[\d,]+ bytes (of heap )?per state/g, '<n>');

  it('starts no worker for properties other than certificate-authentication', () => {
    const run = verify(['--property', 'small-tcb']);
    // Unknown: the built-in design leaves busMasters out and its apps drive peripheral blocks (s37-dma).
    expect(run.results.map((r) => r.verdict)).toEqual(['unknown']);
    expect(run.workers).toEqual([]);
  }, 120_000);

  // A design with attacks: counterexample traces cross the thread boundary and are replayed concretely
  // in the main thread. (The built-in product, which holds, was compared the same way by hand: the
  // same JSON but for measured figures; a test of it would double this file's time.)
  it('gives the verdict and evidence of the in-thread run, counterexamples and replays included', () => {
    const folder = join(temp.dir, 'product-no-nonce');
    cpSync(resolve(root, 'products/mt3620-reference'), folder, { recursive: true });
    const file = join(folder, 'sevenfold.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), protocol: resolve(fixtureDir, 'no-nonce.json') }));
    const early = verify(['--product', file, '--property', 'certificate-authentication,small-tcb']);
    const inThread = verify(['--product', file, '--property', 'certificate-authentication,small-tcb', '--jobs', '2']);
    expect(early.workers).toEqual(['dist/bundle/proof-worker.js']);
    expect(inThread.workers).toContain('dist/bundle/property-worker.js');
    expect(early.results[0]!.timings!.map((t) => t.check)).toContain(WAITING);
    expect(inThread.results[0]!.timings!.map((t) => t.check)).not.toContain(WAITING);
    expect(early.results[0]!.verdict).toBe('violated');
    expect(JSON.stringify(early.results[0]!.evidence)).toMatch(/concrete replay: the real parties/);
    expect(early.status).toBe(inThread.status);
    expect(early.results.map(comparable)).toEqual(inThread.results.map(comparable));
  }, 180_000);
});
