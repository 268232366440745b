/**
 * Reading a protocol design: JSON with locations, the schema (model/schema/protocol.schema.json), then
 * the rules a schema cannot say (signed fields are carried; a nonce field needs a nonce policy; one
 * attestation connection). Errors carry the file, line, column and JSON pointer.
 */
import { resolve } from 'node:path';
import { lazyValidator } from '../../formats/json/lazy-validator.js';
import schema from '../schema/protocol.schema.json' with { type: 'json' };
import { joinPointer } from '../../formats/diagnostics/diagnostic.js';
import { designProblems, formatLocatedError, loadDesignFile, type LoadedDesign, type LocatedError } from '../../formats/json/design-file.js';
import { packageRoot } from '../product/builtin.js';
import { describesDeviceToCloud, type ProtocolDesign } from './protocol-design.js';

const validate = lazyValidator(schema);

export type ProtocolError = LocatedError;

export type LoadedProtocol = LoadedDesign<ProtocolDesign>;

export function builtinProtocolFile(): string {
  return resolve(packageRoot(), 'model', 'designs', 'azure-sphere-attestation.json');
}

export const formatProtocolError = formatLocatedError;

export function loadProtocol(file: string): LoadedProtocol {
  return loadDesignFile<ProtocolDesign>(file, validate, 'the protocol design', checkRules);
}

/** The same rules for a design given as a value (tests, generated variants). */
export function validateProtocolDesign(value: unknown): string[] {
  return designProblems<ProtocolDesign>(value, validate, 'the protocol design', checkRules);
}

function checkRules(design: ProtocolDesign, report: (pointer: string, message: string) => void): void {
  const a = design.attestation;
  a.signedFields.forEach((f, i) => {
    if (!a.quoteFields.includes(f)) report(joinPointer('/attestation/signedFields', i), `"${f}" is signed but not carried in the quote (add it to quoteFields)`);
  });
  if (a.nonce === 'none' && a.quoteFields.includes('nonce')) report('/attestation/quoteFields', 'the quote carries a nonce but the nonce policy is "none"');
  if (a.nonceCheck !== undefined && a.nonce !== 'service-nonce') report('/attestation/nonceCheck', `"nonceCheck" says which nonce the service verifies the quote over, but the nonce policy is "${a.nonce}"`);
  if (a.nonce === 'service-nonce' && !a.quoteFields.includes('nonce')) report('/attestation/quoteFields', 'the nonce policy is "service-nonce" but the quote does not carry the nonce');
  // Which nonce the service checks decides replay (an old quote verifies when the service takes the quote's own):
  // an unstated check is no reason to assume the safe one.
  if (a.nonce === 'service-nonce' && a.nonceCheck === undefined) report('/attestation', 'the nonce policy is "service-nonce" but "nonceCheck" does not say which nonce the security service verifies the quote over: state "sent-nonce" (the one it sent in this session) or "quote-nonce" (whichever the quote carries)');
  // Which releases the service takes as good matters only where the quote reports the measurements.
  if (a.knownGood !== undefined && !a.quoteFields.includes('measurements')) report('/attestation/knownGood', '"knownGood" says which measurements the service accepts, but the quote does not carry the measurements (quoteFields)');
  if (!a.quoteFields.includes('deviceId')) report('/attestation/quoteFields', 'the quote must name the device ("deviceId"): the service looks up its registered key by it');
  if (!a.quoteFields.includes('clientKey')) report('/attestation/quoteFields', 'the quote must carry the client key ("clientKey") the certificate is issued for');
  // Only the device-to-cloud connection's relying party acts on a device ID: without it the field would be read by no rule.
  if (design.deviceCertificate.statusUnreachable !== undefined && design.deviceCertificate.revocation !== 'status-check') report('/deviceCertificate/statusUnreachable', '"statusUnreachable" says what a relying party does when its status check gets no answer, but revocation is not "status-check"');
  if (design.cloudService.deviceIdFrom !== undefined && !describesDeviceToCloud(design)) report('/cloudService/deviceIdFrom', '"deviceIdFrom" says which device the cloud takes a certificate-authenticated connection to be from, but no device-authentication connection has certificates on both sides');
  const attestation = design.connections.filter((c) => c.protocol === 'attestation');
  if (attestation.length !== 1) report('/connections', `exactly one connection must run the attestation protocol (found ${attestation.length})`);
  const ids = new Set<string>();
  design.connections.forEach((c, i) => {
    if (ids.has(c.id)) report(joinPointer('/connections', i, 'id'), `connection id "${c.id}" is used twice`);
    ids.add(c.id);
    if (c.protocol === 'attestation' && c.server.role !== 'security-service') report(joinPointer('/connections', i, 'server', 'role'), 'the attestation protocol runs against the security service');
    if (c.protocol === 'device-authentication' && c.server.role !== 'cloud-service') report(joinPointer('/connections', i, 'server', 'role'), 'device authentication runs against a cloud service');
  });
}


let builtin: ProtocolDesign | undefined;
/** The default design (model/designs/azure-sphere-attestation.json), loaded once. */
export function builtinProtocol(): ProtocolDesign {
  if (!builtin) {
    const loaded = loadProtocol(builtinProtocolFile());
    if (!loaded.design) throw new Error(`the built-in protocol design is invalid: ${loaded.errors.map(formatProtocolError).join('; ')}`);
    builtin = loaded.design;
  }
  return builtin;
}
