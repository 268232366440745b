/**
 * Reading a protocol design: JSON with locations, the schema (model/schema/protocol.schema.json), then
 * the rules a schema cannot say (signed fields are carried; a nonce field needs a nonce policy; one
 * attestation connection). Errors carry the file, line, column and JSON pointer.
 */
import { resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import schema from '../schema/protocol.schema.json' with { type: 'json' };
import { displayPath } from '../diagnostics/display-path.js';
import { joinPointer } from '../diagnostics/diagnostic.js';
import { readLocatedJson } from '../json/read-input.js';
import { packageRoot } from '../product/builtin.js';
import type { ProtocolDesign } from './protocol-design.js';

const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

export interface ProtocolError {
  file: string;
  pointer: string;
  line: number;
  column: number;
  message: string;
}

export interface LoadedProtocol {
  file: string;
  design?: ProtocolDesign;
  errors: ProtocolError[];
}

export function builtinProtocolFile(): string {
  return resolve(packageRoot(), 'model', 'protocols', 'azure-sphere-attestation.json');
}

export function formatProtocolError(e: ProtocolError): string {
  return `${displayPath(e.file)}:${e.line}:${e.column}: ${e.message}${e.pointer ? ` [${e.pointer}]` : ''}`;
}

export function loadProtocol(file: string): LoadedProtocol {
  const path = resolve(file);
  const doc = readLocatedJson(path);
  const errors: ProtocolError[] = [];
  const report = (pointer: string, message: string) => {
    const { line, column } = doc.positionOf(pointer);
    errors.push({ file: path, pointer, line, column, message });
  };
  if (doc.value === undefined) {
    for (const d of doc.diagnostics) errors.push({ file: path, pointer: d.pointer, line: d.position.line, column: d.position.column, message: d.message });
    return { file: path, errors };
  }
  if (!validate(doc.value)) {
    for (const e of validate.errors ?? []) report(...describe(e));
    return { file: path, errors };
  }
  const design = doc.value as unknown as ProtocolDesign;
  checkRules(design, report);
  return errors.length ? { file: path, errors } : { file: path, design, errors };
}

/** The same rules for a design given as a value (tests, generated variants). */
export function validateProtocolDesign(value: unknown): string[] {
  if (!validate(value)) return (validate.errors ?? []).map((e) => describe(e).join(': '));
  const messages: string[] = [];
  checkRules(value as unknown as ProtocolDesign, (pointer, message) => messages.push(`${pointer}: ${message}`));
  return messages;
}

function checkRules(design: ProtocolDesign, report: (pointer: string, message: string) => void): void {
  const a = design.attestation;
  a.signedFields.forEach((f, i) => {
    if (!a.quoteFields.includes(f)) report(joinPointer('/attestation/signedFields', i), `"${f}" is signed but not carried in the quote (add it to quoteFields)`);
  });
  if (a.nonce === 'none' && a.quoteFields.includes('nonce')) report('/attestation/quoteFields', 'the quote carries a nonce but the nonce policy is "none"');
  if (a.nonce === 'service-nonce' && !a.quoteFields.includes('nonce')) report('/attestation/quoteFields', 'the nonce policy is "service-nonce" but the quote does not carry the nonce');
  if (!a.quoteFields.includes('deviceId')) report('/attestation/quoteFields', 'the quote must name the device ("deviceId"): the service looks up its registered key by it');
  if (!a.quoteFields.includes('clientKey')) report('/attestation/quoteFields', 'the quote must carry the client key ("clientKey") the certificate is issued for');
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

function describe(error: ErrorObject): [string, string] {
  const pointer = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const field = pointer ? `"${pointer.slice(1).replace(/\//g, '.')}"` : 'the protocol design';
  switch (error.keyword) {
    case 'additionalProperties':
      return [joinPointer(pointer, String(params['additionalProperty'])), `unknown field "${String(params['additionalProperty'])}"`];
    case 'required':
      return [pointer, `missing required field "${String(params['missingProperty'])}"`];
    case 'enum':
      return [pointer, `${field} must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`];
    case 'const':
      return [pointer, `${field} must be ${JSON.stringify(params['allowedValue'])}`];
    default:
      return [pointer, `${field} ${error.message ?? 'is invalid'}`];
  }
}

let builtin: ProtocolDesign | undefined;
/** The default design (model/protocols/azure-sphere-attestation.json), loaded once. */
export function builtinProtocol(): ProtocolDesign {
  if (!builtin) {
    const loaded = loadProtocol(builtinProtocolFile());
    if (!loaded.design) throw new Error(`the built-in protocol design is invalid: ${loaded.errors.map(formatProtocolError).join('; ')}`);
    builtin = loaded.design;
  }
  return builtin;
}
