/**
 * Target protocol-design: one attestation and authentication protocol design read by loadProtocol
 * (model/attestation/load-protocol.ts), as `verify` reads the design a product names; then what
 * certificate-authentication derives from it before it searches: the periods a certificate spans and the
 * validity dates the security service would write into one.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadProtocol } from '../../model/attestation/load-protocol.js';
import { lifetimePeriods, type ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { check } from '../core/oracle.js';
import { projectRoot } from '../core/project-root.js';
import type { NamedInput } from '../core/target.js';
import { designFileTarget, type DesignFileSpec, fileSeeds, idsOf, withoutDescriptions } from './design/design-file-target.js';

const SCHEMA = ['model', 'schema', 'protocol.schema.json'];
const BUILTIN = ['model', 'designs', 'azure-sphere-attestation.json'];
const FIXTURES = ['test', 'fixtures', 'protocols'];
/** Around the attestation world's first period (emulator/attestation/world.ts starts it in January 2026). */
const WORLD_START = Date.UTC(2026, 0, 5);
/** The last instant an X.509 GeneralizedTime can state. */
const LAST_X509_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);

/** The loader's rules, stated again from the schema's descriptions and the loader's header. */
export function protocolRuleProblems(d: ProtocolDesign): string[] {
  const problems: string[] = [];
  const a = d.attestation;
  if (!a.signedFields.every((f) => a.quoteFields.includes(f))) problems.push('a signed field is not in the quote');
  if (a.nonce === 'none' && a.quoteFields.includes('nonce')) problems.push('a nonce is carried with no nonce policy');
  if (a.nonce === 'service-nonce' && !a.quoteFields.includes('nonce')) problems.push('a service nonce is not carried');
  if (a.nonce === 'service-nonce' && a.nonceCheck === undefined) problems.push('a service nonce with no stated nonce check');
  if (a.nonce !== 'service-nonce' && a.nonceCheck !== undefined) problems.push('a nonce check with no service nonce');
  if (!a.quoteFields.includes('deviceId') || !a.quoteFields.includes('clientKey')) problems.push('the quote lacks deviceId or clientKey');
  if (d.connections.filter((c) => c.protocol === 'attestation').length !== 1) problems.push('not exactly one attestation connection');
  if (new Set(d.connections.map((c) => c.id)).size !== d.connections.length) problems.push('two connections share an id');
  for (const c of d.connections) {
    if (c.protocol === 'attestation' && c.server.role !== 'security-service') problems.push(`${c.id}: attestation against ${c.server.role}`);
    if (c.protocol === 'device-authentication' && c.server.role !== 'cloud-service') problems.push(`${c.id}: device authentication against ${c.server.role}`);
  }
  return problems;
}

/** What certificate-authentication derives from a design before it searches: the periods a certificate spans and the end of its validity. */
export interface ProtocolStatics {
  periods: number;
  /** When the last certificate of a search stops being valid (ms): issued some periods after the start, valid for its lifetime. */
  notAfter: number;
}

/** The static parts on a loaded design (code under test: the benchmark's plain loop runs them too). */
export function protocolStatics(d: ProtocolDesign): ProtocolStatics {
  const periods = lifetimePeriods(d);
  return { periods, notAfter: WORLD_START + (periods + 2) * d.attestation.periodHours * 3_600_000 + d.deviceCertificate.lifetimeHours * 3_600_000 };
}

/** Cheap checks of the statics' results (every input with a design). */
export function checkProtocolResults(d: ProtocolDesign, { periods, notAfter }: ProtocolStatics): string[] {
  check(Number.isSafeInteger(periods) && periods >= 1 && periods <= d.deviceCertificate.lifetimeHours, 'periods', () => `a ${d.deviceCertificate.lifetimeHours} h certificate spans ${periods} periods of ${d.attestation.periodHours} h`);
  check(Number.isFinite(new Date(notAfter).getTime()) && notAfter <= LAST_X509_TIME, 'certificate.dates', () => `a certificate would be valid until ${notAfter} ms: past what X.509 can state`);
  return [`periods:${Math.min(periods, 10)}`, `nonce:${d.attestation.nonce}`, `revocation:${d.deviceCertificate.revocation}`, `connections:${Math.min(d.connections.length, 4)}`];
}

/** The expensive check: the loader's rules restated. */
export function checkProtocolRules(d: ProtocolDesign): void {
  const rules = protocolRuleProblems(d);
  check(rules.length === 0, 'rules.independent', () => `the loader accepted a design that breaks its rules: ${rules.join('; ')}`);
}

function seeds(): NamedInput[] {
  const out = fileSeeds(BUILTIN, 'azure-sphere-attestation');
  const dir = join(projectRoot(), ...FIXTURES);
  for (const name of readdirSync(dir)) if (name.endsWith('.json')) out.push(...fileSeeds([...FIXTURES, name], `fixture-${name.replace(/\.json$/, '')}`).slice(1));
  return out;
}

/** The target as data (the shared design-file target takes it): tests wrap its parts. */
export const protocolDesignFile: DesignFileSpec<ProtocolDesign, ProtocolStatics> = {
  id: 'protocol-design',
  title: 'protocol design loader (loadProtocol) and what certificate-authentication derives from a design: periods per certificate, certificate validity',
  oracles: [
    'a loaded design keeps the loader rules, restated independently: signed fields carried, the nonce policy and the quote agree, deviceId and clientKey in the quote, one attestation connection, unique ids, each protocol against its server',
    'a certificate spans a whole number of periods between 1 and its lifetime in hours, and its validity ends at a time X.509 can state',
  ],
  schemaFile: SCHEMA,
  fileName: 'protocol.json',
  load: (file) => {
    const loaded = loadProtocol(file);
    return { issues: loaded.errors.map((e) => ({ ...e, severity: 'error' as const })), ...(loaded.design ? { design: loaded.design } : {}) };
  },
  exercise: protocolStatics,
  checkResults: checkProtocolResults,
  checkDesign: checkProtocolRules,
  seeds,
  strings: () => [...idsOf(withoutDescriptions(JSON.parse(new TextDecoder().decode(fileSeeds(BUILTIN, 'x')[1]!.bytes)))), 'device-identity-key', 'attestation', 'cloud'],
};

export const protocolDesignTarget = designFileTarget(protocolDesignFile);
