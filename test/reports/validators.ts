/** Validators for the report outputs: the official SARIF 2.1.0 schema and Sevenfold's audit-report schema. */
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import auditSchema from '../../reports/schema/audit-report.schema.json' with { type: 'json' };
import sarifSchema from '../../reports/schema/sarif-2.1.0.schema.json' with { type: 'json' };

const require = createRequire(import.meta.url);

/** The SARIF 2.1.0 schema (JSON Schema 2020-12, with its uri, uri-reference, date-time and uuid formats). */
export function sarifValidator() {
  const Ajv2020 = require('ajv/dist/2020.js').default as typeof Ajv;
  const addFormats = require('ajv-formats').default as (ajv: Ajv) => Ajv;
  // strict off: the official schema lists required properties inside anyOf branches, which Ajv's strict mode rejects.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(sarifSchema);
}

export function auditReportValidator() {
  return new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(auditSchema);
}
