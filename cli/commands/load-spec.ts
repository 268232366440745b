import type { Diagnostic } from '../../formats/diagnostics/diagnostic.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { chooseProductFile } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { formatDiagnostic } from '../../reports/diagnostics/format-diagnostics.js';
import type { CliIo } from '../io.js';

export type LoadedSpec =
  | { spec: IsolationSpec; file: string; source: string }
  /** The product could not be loaded: its errors are on stderr; these are for the command's --format json document. */
  | { spec?: undefined; file: string; source: string; message: string; diagnostics: readonly Diagnostic[] };

/** Loads a product for a command that needs its isolation spec; prints its errors on stderr when it cannot. */
export function loadSpecForCommand(command: string, productFile: string | undefined, io: CliIo): LoadedSpec {
  const { file, source, refusal } = chooseProductFile(productFile, io.cwd);
  if (refusal) {
    io.err(`sevenfold ${command}: ${refusal}`);
    return { file, source, message: refusal, diagnostics: [] };
  }
  const loaded = loadProduct(file);
  if (loaded.hasErrors || !loaded.product) {
    for (const d of loaded.diagnostics) io.err(formatDiagnostic(d, { color: io.color }));
    const message = `cannot use ${displayPath(file)}`;
    io.err(`sevenfold ${command}: ${message}: fix the errors above first`);
    return { file, source, message, diagnostics: loaded.diagnostics };
  }
  return { spec: new IsolationSpec(loaded.product), file, source };
}
