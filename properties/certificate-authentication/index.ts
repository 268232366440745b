/**
 * Certificate-based authentication: "Does the device use certificates instead of passwords for
 * authentication?" Decided for the product in two parts.
 *
 * The product's apps (app-connections.ts): every host in every app's AllowedConnections, judged from
 * the manifest (DeviceAuthentication for Azure IoT endpoints) and the product file's stated method, and
 * every port an app listens on (AllowedTcpServerPorts/AllowedUdpServerPorts, stated as "tcp:N"/"udp:N");
 * an undecided connection or port is unknown, and so is an image whose manifest differs from the app's in
 * what it connects to (the device enforces the image's); an app that neither connects nor listens is not
 * applicable.
 *
 * The attestation every Azure Sphere device performs with the security service, on the product's
 * protocol design (model/designs/azure-sphere-attestation.json, or the one the product names):
 *  1. design rules: no password or shared secret, every connection mutual and certificate-based, the
 *     quote signed by a key that only Pluton may use (the platform design); freshness in hours against
 *     the requirement profile (freshness.ts);
 *  2. the symbolic Dolev–Yao search (proofs/attacker-search), bounded by --bound or by the product
 *     (search-size.ts): injective agreement, freshness, secrecy, no certificate for unmeasured or
 *     downgraded software, tenant isolation; every counterexample is replayed against the concrete
 *     protocol (emulator/attestation);
 *  3. forged certificate chains (fast-check) against the concrete validators under the design's trust
 *     anchors: expired, not-yet-valid, wrong-tenant, wrong-key-usage, broken-chain, self-signed; and the device's
 *     validity check with its clock moved by each app that may set it (SystemTime, TimeSyncConfig: statically
 *     server-certificate-clock.ts, played by suites.ts clockMovedChainPlay);
 *  4. hostile input (fast-check) to every party: no receive throws, a rejected message changes nothing;
 *  5. the unbounded proof (proofs/horn, unbounded-proof.ts): secrecy, non-injective agreement, no
 *     certificate for bad software and tenant isolation for any number of sessions and devices; an
 *     abstract attack counts only when the search above found it concretely, else it is unknown.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { builtinProtocolFile, formatProtocolError, loadProtocol } from '../../model/attestation/load-protocol.js';
import { describesDeviceToCloud } from '../../model/attestation/protocol-design.js';
import { describeServerNames, serverNameUnstated } from '../../model/attestation/server-name-check.js';
import { statusCheckEnforced, statusFailureUnstated } from '../../model/attestation/status-check.js';
import { designFieldPlace } from '../../model/product/design-field-hint.js';
import type { Product } from '../../model/product/product.js';
import { refer, type RequirementProfile, type RequirementRef } from '../../model/requirements/requirement-profile.js';
import { DEFAULT_EPOCH } from '../../emulator/attestation/world.js';
import { createPki, type Pki } from '../../emulator/attestation/pki.js';
import { replayTrace } from './replay.js';
import { PROPERTY_TEXT } from '../../proofs/attacker-search/model.js';
import { MEMORY_CHECK_EVERY, verifyProtocol, type SearchResult } from '../../proofs/attacker-search/search.js';
import { formatTrace } from '../../proofs/attacker-search/trace.js';
import type { PropertyCheckContext } from '../registry.js';
import type { CheckTiming, Evidence, PropertyResult } from '../verdict.js';
import { asks, notAskedText } from '../asked-rules.js';
import { ATTESTATION_PROTOCOL } from './rules.js';
import { CERTIFICATES_NOT_SECRETS, CLOUD_DEVICE_AUTHENTICATION, formatLocation, reviewAppConnections, type AppConnectionsReview } from './app-connections.js';
import { azureIotRelyingPartyOf } from './azure-iot-endpoints.js';
import { checkDesignStatically, clientKeyProvisioningUnstated, clientKeyUnstated, describeClientKey, describeQuoteCheck, identityProvisioningUnstated } from './design-rules.js';
import { acceptanceWindowHours, MAX_ATTESTATION_INTERVAL, MAX_CERTIFICATE_LIFETIME, reviewFreshness } from './freshness.js';
import { clockMovedChainPlay, forgedChainSuite, hostileInputSuite } from './suites.js';
import { networkClockFindings, serverCertificateClockFindings } from './server-certificate-clock.js';
import { updateDesignOf } from '../../model/update/product-update.js';
import { chooseSearchSize, describeSearchSize, searchCoverage } from './search-size.js';
import { SEARCH_TIME_LIMIT_MS, symbolicProofInput } from './symbolic-proofs.js';
import { proveUnbounded, replayedViolations, reviewUnbounded, undecidedBeyondBound, unboundedEvidence, unboundedSummary } from './unbounded-proof.js';
import { enforcedManifest } from '../../model/product/enforced-manifest.js';

const PROPERTY = 'certificate-authentication';
export { SEARCH_TIME_LIMIT_MS };

export interface CertificateAuthenticationOptions {
  /** A protocol design file; default: the product's, else the built-in design. */
  protocolFile?: string;
  /** Skip the concrete suites (forged chains, hostile input): tests of the search alone. */
  symbolicOnly?: boolean;
  /** Limits of the search (tests make them small to see it stop). */
  searchTimeLimitMs?: number;
  searchMemoryLimitBytes?: number;
  /** Budget of the unbounded proof's saturation (tests make it small to see it stop). */
  unboundedBudget?: { maxClauses?: number; timeLimitMs?: number };
}

export async function checkCertificateAuthentication(product: Product, context: PropertyCheckContext, options: CertificateAuthenticationOptions = {}): Promise<PropertyResult> {
  const profile = context.requirements;
  const timings: CheckTiming[] = [];
  // One PKI (its keys and certificates) for every concrete world of this check: the replays and both suites.
  let sharedPki: Promise<Pki> | undefined;
  const pki = () => (sharedPki ??= createPki(DEFAULT_EPOCH));
  const evidence: Evidence[] = [];
  const violations: string[] = [];
  const unknowns: string[] = [];
  const reproduce = `${context.command}${context.bound ? ` --bound ${boundOptionText(context.bound)}` : ''} --seed ${context.seed}`;

  // Each part is keyed to the rule it tests; a rule the profile switches off is not checked (asked-rules.ts):
  // a connection's finding counts only under a requirement the profile asks for, and the attestation
  // protocol's search, proof and suites run only when attestation-protocol is asked.
  const protocolAsked = asks(profile, ATTESTATION_PROTOCOL);
  const secretsAsked = asks(profile, CERTIFICATES_NOT_SECRETS);
  const asked = (c: { requirement: string }) => asks(profile, c.requirement);

  // The platform's attestation protocol (read first: an app's own certificate over its quote key is judged by it).
  const file = options.protocolFile ?? product.protocolFile ?? builtinProtocolFile();
  const loaded = loadProtocol(file);

  // The product's apps and the hosts they connect to.
  let started = performance.now();
  const apps = reviewAppConnections(product, loaded.design ? { quoteKey: loaded.design.attestation.signingKey } : {});
  timings.push({ check: 'app connections', ms: performance.now() - started });
  evidence.push(appEvidence(apps, asked));
  const connections = apps.apps.flatMap((a) => a.connections);
  for (const c of connections.filter((x) => x.outcome === 'violated' && asked(x))) violations.push(`${c.reason} (${formatLocation(c.location)})`);
  const undecided = connections.filter((c) => c.outcome === 'unknown' && asked(c));
  if (undecided.length) unknowns.push(`${undecided.length} connection${undecided.length > 1 ? 's' : ''} undecided: ${undecided[0]!.reason}`);

  if (!loaded.design) {
    const why = `the protocol design ${displayPath(file)} cannot be read: ${loaded.errors[0] ? formatProtocolError(loaded.errors[0]) : 'unknown error'}`;
    evidence.push({ title: 'protocol design errors', lines: loaded.errors.map(formatProtocolError) });
    return finish({ verdict: violations.length ? 'violated' : 'unknown', summary: violations[0] ?? why, evidence, timings, warnings: apps.warnings, requirements: [...requirementRefs(profile, apps, { designSecrets: 'unknown', protocol: 'unknown' }), refer(profile, MAX_CERTIFICATE_LIFETIME, 'unknown'), refer(profile, MAX_ATTESTATION_INTERVAL, 'unknown')] });
  }
  const design = loaded.design;
  const where = displayPath(file);

  // Apps that present the device certificate rely on what the design says the relying party checks; a
  // design without the device-to-cloud connection says nothing about that, so those uses stay undecided.
  const relyingOnDesign = connections.filter((c) => c.outcome === 'certificate' && c.method === 'device-certificate');
  const cloudUndescribed = relyingOnDesign.length > 0 && !describesDeviceToCloud(design) && relyingOnDesign.some(asked);
  if (cloudUndescribed) unknowns.push(`${relyingOnDesign.length} app connection${relyingOnDesign.length > 1 ? 's use' : ' uses'} the device certificate (${relyingOnDesign[0]!.host}), but the protocol design ${where} has no device-authentication connection with certificates on both sides: what the relying party checks (trust anchors, revocation, tenant isolation) was not searched`);

  // 1. Design rules and freshness against the profile.
  started = performance.now();
  // A finding on the attestation is attestation-protocol's, one on another connection certificates-not-secrets'.
  const findings = checkDesignStatically(design, product.platform).filter((f) => (f.pointer.startsWith('/attestation') || f.attestation ? protocolAsked : secretsAsked));
  // The search takes the client key to be one nobody outside the chip knows: on a platform where nothing says
  // which key that is, a holds would rest on Azure Sphere's hardware, not on the design.
  const clientKeyUndecided = secretsAsked ? clientKeyUnstated(design, product.platform) : undefined;
  if (clientKeyUndecided) unknowns.push(`${where}: ${clientKeyUndecided} ("deviceCertificate": { "clientKey": … }) ${designFieldPlace('protocol', file)}`);
  // The search gives each device its own client key: a named key whose provisioning nothing states leaves a holds resting on the search's assumption.
  const clientProvisioningUndecided = secretsAsked && !clientKeyUndecided ? clientKeyProvisioningUnstated(design, product.platform) : undefined;
  if (clientProvisioningUndecided) unknowns.push(`${displayPath(product.platformFile)}: ${clientProvisioningUndecided} ${designFieldPlace('platform', product.platformFile)}`);
  // The search gives each device its own quote key: on a platform that does not say so, and whose Pluton is not Microsoft's, a holds would rest on Azure Sphere's factory.
  const provisioningUndecided = protocolAsked ? identityProvisioningUnstated(product.platform) : undefined;
  if (provisioningUndecided) unknowns.push(`${displayPath(product.platformFile)} /identityKeyProvisioning: ${provisioningUndecided}`);
  // The search runs a device that checks server host names when the design does not say (model/attestation/server-name-check.ts).
  const serverNamesUndecided = protocolAsked ? serverNameUnstated(design) : undefined;
  if (serverNamesUndecided) unknowns.push(`${serverNamesUndecided} ${designFieldPlace('protocol', file)}`);
  // The search and the freshness review take a status check with no answer to refuse when the design does not say (model/attestation/status-check.ts).
  const statusFailureUndecided = protocolAsked ? statusFailureUnstated(design) : undefined;
  if (statusFailureUndecided) unknowns.push(`${statusFailureUndecided} ${designFieldPlace('protocol', file)}`);
  // Apps that present the device certificate to an Azure IoT service: relying parties the design does not run (freshness.ts).
  // A DNS-SD entry admits whatever host an answer names, IoT Hub among them (azureIotRelyingPartyOf).
  const azureIot = relyingOnDesign.flatMap((c) => {
    const service = c.endpoint ?? (c.port || c.imageField ? undefined : azureIotRelyingPartyOf(c.host)?.service);
    return service ? [{ app: c.app, host: c.host, service }] : [];
  });
  const freshness = reviewFreshness(design, profile, azureIot);
  if (freshness.undecided) unknowns.push(freshness.undecided);
  timings.push({ check: 'design rules', ms: performance.now() - started });
  evidence.push({
    title: findings.length ? `design rules: ${findings.length} finding${findings.length > 1 ? 's' : ''} in ${where}` : clientKeyUndecided ? `design rules: every connection mutual and certificate-based, quote key held by Pluton; client key not decided (${where})` : `design rules: every connection mutual and certificate-based, quote and client keys held by Pluton (${where})`,
    lines: [...(findings.length ? findings.map((f) => `${where} ${f.pointer}: ${f.message}`) : design.connections.map((c) => `${c.name}: device ${c.client.credential}, ${c.server.role} ${c.server.credential}`)), `quote check: ${describeQuoteCheck(design)}`, describeClientKey(design, product.platform), `server certificates: ${describeServerNames(design)}`],
    ...(findings.length ? { reproduce } : {}),
    data: { findings },
  });
  if (findings.length) violations.push(findings[0]!.message);
  evidence.push({ title: `freshness against the requirement profile: ${freshness.findings.length ? 'violated' : 'met'}`, lines: [...freshness.lines, ...freshness.findings.map((f) => `${where} ${f.pointer}: ${f.message}`)], data: { findings: freshness.findings } });
  for (const f of freshness.findings) violations.push(`${where} ${f.pointer}: ${f.message}`);
  // The device's validity checks on server certificates rest on its clock: an app that may set it defeats them (server-certificate-clock.ts).
  const clockFindings = protocolAsked ? [...serverCertificateClockFindings(product), ...networkClockFindings(updateDesignOf(product))] : [];
  const appSetters = clockFindings.filter((f) => f.app !== 'the network').length;
  const setters = [...(appSetters ? [`${appSetters} app${appSetters > 1 ? 's' : ''}`] : []), ...(appSetters < clockFindings.length ? ['the network'] : [])].join(' and ');
  evidence.push({ title: `server certificates judged by the device's clock: ${clockFindings.length ? `${setters} may set it` : 'no app sets it'}`, lines: clockFindings.length ? clockFindings.map((f) => f.message) : ['no high-level app of the product holds SystemTime or TimeSyncConfig'], ...(clockFindings.length ? { reproduce } : {}) });
  for (const f of clockFindings) violations.push(f.message);

  // 2.–5. Only when the profile asks for the attestation protocol (the parts below test nothing else).
  const protocolRun = protocolAsked ? await checkProtocol() : undefined;
  if (!protocolRun) evidence.push({ title: `attestation protocol: ${notAskedText([ATTESTATION_PROTOCOL])}`, lines: ['no attacker search, unbounded proof, forged chains or hostile input'] });
  const { coverage, search, unbounded, proofUndecided, suites, suitesUnknown, suitesViolated } = protocolRun ?? { coverage: undefined, search: undefined, unbounded: undefined, proofUndecided: undefined, suites: '', suitesUnknown: false, suitesViolated: false };
  const size = chooseSearchSize(product, context.bound);

  async function checkProtocol() {
    // 2. The symbolic search, every counterexample replayed concretely.
    const size = chooseSearchSize(product, context.bound);
    // The smallest search the profile accepts for the parts only the search decides (read before it runs: a
    // profile without these requirements cannot decide, whatever the search finds).
    const coverage = searchCoverage(size, profile);
    if (coverage.short) unknowns.push(coverage.short);
    const input = symbolicProofInput(design, size, { ...context, acceptanceWindowHours: acceptanceWindowHours(profile), ...(options.symbolicOnly ? { symbolicOnly: true } : {}) }, options);
    const scenario = input.scenario;
    // The search and the unbounded proof from the worker verify started early, when it was started with
    // this very input (proofs-in-worker.ts), else here. The suites below always run here.
    const early = context.prestarted?.certificateAuthentication?.take(input);
    context.progress(`searching the protocol under a Dolev–Yao attacker (${describeSearchSize(size)})${early ? ' in a worker thread' : ''}`);
    started = performance.now();
    const fromWorker = early ? await early : undefined;
    if (fromWorker) timings.push({ check: 'waiting for the proof worker (attacker search and unbounded proof)', ms: performance.now() - started });
    const search =
      fromWorker?.search ??
      verifyProtocol(design, { scenario, bound: { sessions: input.sessions }, timeLimitMs: input.searchTimeLimitMs, ...(input.searchMemoryLimitBytes !== undefined ? { memoryLimitBytes: input.searchMemoryLimitBytes } : {}) });
    timings.push({ check: 'attacker search', ms: search.stats.timeMs });
    evidence.push(searchEvidence(search, describeSearchSize(size)));
    const replayedOk = new Map<string, boolean>();
    for (const v of search.violations) {
      started = performance.now();
      const replay = await replayTrace(design, scenario, v.trace, { pki: await pki() });
      replayedOk.set(v.property, replay.ok);
      timings.push({ check: `concrete replay (${v.property})`, ms: performance.now() - started });
      evidence.push({
        title: `${v.property}: ${v.detail}`,
        lines: [
          PROPERTY_TEXT[v.property],
          ...formatTrace(v.trace, search.prefix, design.attestation.periodHours),
          replay.ok ? `concrete replay: the real parties (CBOR, X.509, P-256) accept every message of this attack (${replay.steps} steps)` : `concrete replay: ${replay.failure} (the abstract and concrete protocols disagree: a Sevenfold defect)`,
        ],
        reproduce,
        data: { property: v.property, trace: v.trace.map((a) => ({ ...a, ...('message' in a ? { message: String(a.message) } : {}), ...('sent' in a && a.sent ? { sent: String(a.sent) } : {}) })), replayed: replay.ok },
      });
      violations.push(`${v.property}: ${v.detail}`);
    }
    if (search.verdict === 'unknown') unknowns.push(`the attacker search did not finish: ${search.incomplete ?? 'unknown reason'}`);

    // 5. The unbounded proof: what it proves widens the bounded search's claim to any number of sessions
    // and devices. A query it left unknown (timeout, budget, failure, an abstract attack the search did not
    // confirm) leaves that claim undecided: the property is unknown, never holds on the bound alone.
    context.progress('proving the protocol for any number of sessions and devices (Horn clauses)');
    // Its time budget is --timeout, like every solver call's.
    started = performance.now();
    const unbounded = fromWorker ? reviewUnbounded(fromWorker.horn, replayedViolations(search, replayedOk)) : proveUnbounded(design, search, replayedOk, input.hornBudget);
    // A proof reused from earlier in the process costs ~0; one from the worker, its saturation's time there.
    timings.push({ check: 'unbounded proof (Horn clauses)', ms: fromWorker ? fromWorker.horn.stats.timeMs : performance.now() - started });
    evidence.push(unboundedEvidence(unbounded));
    const proofUndecided = undecidedBeyondBound(unbounded, search);
    if (proofUndecided) unknowns.push(proofUndecided);

    let suites = '';
    let suitesUnknown = false;
    let suitesViolated = false;
    if (input.suites) {
      const { runs, seed } = input.suites;
      // 3. Forged chains.
      context.progress(`forged certificate chains (${runs} runs, seed ${seed})`);
      started = performance.now();
      const forged = await forgedChainSuite(design, runs, seed, await pki());
      timings.push({ check: 'forged chains', ms: performance.now() - started });
      evidence.push(forged.evidence);
      if (forged.violation) violations.push(forged.violation);
      // 4. Hostile input.
      context.progress(`hostile input to every party (${runs} runs, seed ${seed})`);
      started = performance.now();
      const hostile = await hostileInputSuite(design, runs, seed, await pki());
      timings.push({ check: 'hostile input', ms: performance.now() - started });
      evidence.push(hostile.evidence);
      if (hostile.violation) violations.push(hostile.violation);
      // 3b. The same validator with the device clock moved by each app the emulated OS lets move it.
      const moved = await clockMovedChainPlay(design, seed, await pki(), product.apps.map((a) => ({ name: a.manifest.name ?? displayPath(a.manifestFile), kind: enforcedManifest(a).kind, enabled: enforcedManifest(a).enabled })));
      evidence.push(moved.evidence);
      if (moved.violation) violations.push(moved.violation);
      for (const u of [forged.unknown, hostile.unknown]) if (u) unknowns.push(u);
      suitesUnknown = Boolean(forged.unknown || hostile.unknown);
      suitesViolated = Boolean(forged.violation || hostile.violation || moved.violation);
      suites = `; ${runs} forged chains and ${runs} hostile inputs, seed ${seed}`;
    }
    return { coverage, search, unbounded, proofUndecided, suites, suitesUnknown, suitesViolated };
  }

  // Credential findings are about certificates instead of secrets; a quote key software can use breaks the protocol itself.
  const protocolViolated = Boolean(search?.violations.length) || suitesViolated || clockFindings.length > 0 || findings.some((f) => f.pointer.startsWith('/attestation') || f.attestation);
  const protocol: RequirementRef['outcome'] = !protocolAsked ? 'not-applicable' : protocolViolated ? 'failed' : !search || search.verdict === 'unknown' || suitesUnknown || proofUndecided || coverage?.short || provisioningUndecided ? 'unknown' : 'met';
  // Every finding that is not the attestation's is a secret a connection rests on: a credential, or the client key
  // (/deviceCertificate/clientKey: software can read it, or every device holds it). Only /connections counted, so a
  // client-key finding made the verdict violated while its requirement read met.
  const designSecrets: RequirementRef['outcome'] = findings.some((f) => !(f.pointer.startsWith('/attestation') || f.attestation)) ? 'failed' : clientKeyUndecided || clientProvisioningUndecided ? 'unknown' : 'met';
  const requirements = [...requirementRefs(profile, apps, { designSecrets, protocol, cloudUndescribed }), ...(coverage?.requirements ?? []), ...freshness.requirements];
  const warnings = [...apps.warnings, ...size.warnings];
  const bound = search ? `${search.boundText}${suites}` : `attestation protocol not asked (${ATTESTATION_PROTOCOL} off)`;

  if (violations.length) {
    const attack = search?.violations.length ? ` (${search.violations.length} attack${search.violations.length > 1 ? 's' : ''} found with ≤ ${search.bound.sessions} session${search.bound.sessions > 1 ? 's' : ''}: ${search.violations.map((v) => v.property).join(', ')})` : '';
    return finish({ verdict: 'violated', summary: `${violations[0]}${attack}`, bound, evidence, timings, warnings, requirements });
  }
  if (unknowns.length) return finish({ verdict: 'unknown', summary: unknowns.join('; '), bound, evidence, timings, warnings, requirements });
  return finish({
    verdict: 'holds',
    summary: `${appSummary(apps)}; attestation: certificate-based and mutual, no shared secrets, accepted ≤ ${statusCheckEnforced(design) ? Math.min(design.deviceCertificate.lifetimeHours, design.attestation.periodHours) : design.deviceCertificate.lifetimeHours} h, attested every ${design.attestation.periodHours} h; ${search && unbounded ? `attacker search holds for ≤ ${search.bound.sessions} sessions, ${search.scenario.devices.length} device${search.scenario.devices.length > 1 ? 's' : ''}, ${size.periods} period${size.periods > 1 ? 's' : ''}; ${unboundedSummary(unbounded)}` : `attestation protocol not searched (${ATTESTATION_PROTOCOL} is off in the profile)`}`,
    bound,
    evidence,
    timings,
    warnings,
    requirements,
  });
}

function finish(r: Omit<PropertyResult, 'property'> & { warnings?: string[] }): PropertyResult {
  const { warnings, ...rest } = r;
  return { property: PROPERTY, ...rest, ...(warnings?.length ? { warnings } : {}) };
}

function boundOptionText(b: NonNullable<PropertyCheckContext['bound']>): string {
  return Object.entries(b).map(([k, v]) => `${k}=${v}`).join(',');
}

/** Every requirement this verdict tested, with its outcome. */
function requirementRefs(profile: RequirementProfile, apps: AppConnectionsReview, platform: { designSecrets: RequirementRef['outcome']; protocol: RequirementRef['outcome']; cloudUndescribed?: boolean }): RequirementRef[] {
  const connections = apps.apps.flatMap((a) => a.connections);
  const under = (id: string) => connections.filter((c) => c.requirement === id);
  const outcomeOf = (list: typeof connections, otherwise: RequirementRef['outcome']): RequirementRef['outcome'] =>
    list.some((c) => c.outcome === 'violated') ? 'failed' : list.some((c) => c.outcome === 'unknown') ? 'unknown' : otherwise;
  const cloud = under(CLOUD_DEVICE_AUTHENTICATION);
  const secrets = outcomeOf(under(CERTIFICATES_NOT_SECRETS), 'met');
  const secretsOverall: RequirementRef['outcome'] = platform.designSecrets === 'failed' || secrets === 'failed' ? 'failed' : secrets === 'unknown' || platform.designSecrets === 'unknown' ? 'unknown' : 'met';
  // A rule the profile switches off was not checked: its findings were not counted (not asked).
  return [
    refer(profile, CERTIFICATES_NOT_SECRETS, asks(profile, CERTIFICATES_NOT_SECRETS) ? secretsOverall : 'not-applicable'),
    refer(profile, CLOUD_DEVICE_AUTHENTICATION, cloud.length && asks(profile, CLOUD_DEVICE_AUTHENTICATION) ? outcomeOf(cloud, platform.cloudUndescribed ? 'unknown' : 'met') : 'not-applicable'),
    refer(profile, ATTESTATION_PROTOCOL, asks(profile, ATTESTATION_PROTOCOL) ? platform.protocol : 'not-applicable'),
  ];
}

function appEvidence(review: AppConnectionsReview, asked: (c: { requirement: string }) => boolean): Evidence {
  const lines: string[] = [];
  for (const app of review.apps) {
    if (!app.connections.length) {
      lines.push(`${app.app} (${app.pointer}): no AllowedConnections and no server port, takes part in no connection: not applicable`);
      continue;
    }
    lines.push(`${app.app} (${app.pointer}): ${describeCount(app.connections)}`);
    for (const c of app.connections) lines.push(`  ${c.outcome === 'certificate' ? 'certificate' : !asked(c) ? `not asked (${c.requirement} is off in the profile), would be ${c.outcome}` : c.outcome === 'violated' ? 'VIOLATED' : 'unknown'} (decided by ${c.decidedBy}): ${c.reason} [${formatLocation(c.location)}]`);
  }
  const connections = review.apps.flatMap((a) => a.connections);
  const count = (o: string) => connections.filter((c) => c.outcome === o).length;
  return {
    title: `app connections: ${describeCount(connections)} in ${review.apps.filter((a) => a.connections.length).length} of ${review.apps.length} apps — ${count('certificate')} certificate, ${count('violated')} violated, ${count('unknown')} undecided`,
    lines,
    data: { apps: review.apps.map((a) => ({ app: a.app, pointer: a.pointer, manifest: displayPath(a.manifestFile), applicable: a.connections.length > 0, connections: a.connections.map((c) => ({ host: c.host, ...(c.port ? { listening: { protocol: c.port.protocol, port: c.port.number } } : {}), outcome: c.outcome, method: c.method ?? null, decidedBy: c.decidedBy, endpoint: c.endpoint ?? null, requirement: c.requirement, reason: c.reason, file: displayPath(c.location.file), pointer: c.location.pointer, line: c.location.position.line, column: c.location.position.column })) })) },
  };
}

function appSummary(review: AppConnectionsReview): string {
  const connecting = review.apps.filter((a) => a.connections.length);
  const silent = review.apps.filter((a) => !a.connections.length).map((a) => a.app);
  const parts = connecting.map((a) => {
    // A connection that is no certificate reaches a holds only under a rule the profile switched off: said as such.
    const methods = [...new Set(a.connections.map((c) => (c.outcome !== 'certificate' ? `${c.method ?? 'no certificate'} (under ${c.requirement}, not asked)` : c.method === 'device-certificate' ? 'device certificate' : 'client certificate')))];
    return `${a.app} → ${describeCount(a.connections)} by ${methods.join(' or ')}`;
  });
  if (silent.length) parts.push(`${silent.join(', ')} open${silent.length === 1 ? 's' : ''} no connection and listen${silent.length === 1 ? 's' : ''} on no port (not applicable)`);
  return `apps: ${parts.join('; ')}`;
}

/** "2 hosts", "1 listening port", "2 hosts and 1 listening port". */
function describeCount(connections: readonly { port?: unknown; imageField?: string }[]): string {
  const ports = connections.filter((c) => c.port).length;
  const images = connections.filter((c) => c.imageField).length;
  const hosts = connections.length - ports - images;
  const parts = [
    ...(hosts || (!ports && !images) ? [`${hosts} host${hosts === 1 ? '' : 's'}`] : []),
    ...(ports ? [`${ports} listening port${ports === 1 ? '' : 's'}`] : []),
    ...(images ? [`${images} image difference${images === 1 ? '' : 's'}`] : []),
  ];
  return parts.join(' and ');
}

function searchEvidence(s: SearchResult, size: string): Evidence {
  const rate = Math.round(s.stats.statesPerSecond).toLocaleString('en-US');
  return {
    title: `attacker search: ${s.verdict}${s.verdict === 'violated' ? ` (${s.violations.map((v) => v.property).join(', ')})` : ''} — ${s.stats.states.toLocaleString('en-US')} states in ${Math.round(s.stats.timeMs)} ms (${rate} states/s)`,
    lines: [
      `bound: ${s.boundText}`,
      `bound chosen: ${size}`,
      `memory: peak heap growth ${(s.stats.peakHeapBytes / 2 ** 20).toFixed(1)} MiB during the largest search, ${s.stats.bytesPerState.toLocaleString('en-US')} bytes per state (sampled every ${MEMORY_CHECK_EVERY} states)`,
      `properties: ${Object.values(PROPERTY_TEXT).join('; ')}`,
      ...(s.cloudModelled ? [] : ['the device-to-cloud connection uses no certificates, so only the attestation protocol was searched']),
      ...(s.incomplete ? [`incomplete: ${s.incomplete}`] : []),
    ],
    data: { bound: s.bound, completeSessions: s.completeSessions, stats: s.stats, scenario: s.scenario, violated: s.violations.map((v) => v.property) },
  };
}
