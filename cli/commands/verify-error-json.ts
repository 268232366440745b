/**
 * What `verify --format json` writes on stdout when it stops before deciding any property (exit 2): a CI step that
 * parses stdout gets a document saying why, not an empty stream it fails to parse with no hint. The document has the
 * `version` and `diagnostics` of the verdict document (same diagnostic objects), an `error` in their place of
 * `verdict` and `results`, and no `verdict` or `results` at all: nothing in it reads as a verdict.
 */
import type { Diagnostic } from '../../formats/diagnostics/diagnostic.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { diagnosticToJson } from '../../reports/diagnostics/format-diagnostics.js';
import { EXIT } from '../exit-codes.js';

/** usage: the options ask for something impossible (an unknown property); input: a file has errors. */
export type VerifyErrorKind = 'usage' | 'input';

export interface VerifyErrorContext {
  kind: VerifyErrorKind;
  message: string;
  /** The located errors behind an input error (every diagnostic of the product, warnings included). */
  diagnostics?: readonly Diagnostic[];
  product?: { file: string; source: string };
  requirements?: { file: string };
}

export function verifyErrorJson(context: VerifyErrorContext): Record<string, unknown> {
  return {
    version: 1,
    error: { kind: context.kind, message: context.message, exitCode: EXIT.usage },
    ...(context.product ? { product: { file: displayPath(context.product.file), source: context.product.source } } : {}),
    ...(context.requirements ? { requirements: { file: displayPath(context.requirements.file) } } : {}),
    diagnostics: (context.diagnostics ?? []).map(diagnosticToJson),
  };
}
