import { displayPath } from '../../formats/diagnostics/display-path.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { chooseProductFile } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { formatDiagnostic } from '../../reports/diagnostics/format-diagnostics.js';
import type { CliIo } from '../io.js';

/** Loads a product for a command that needs its isolation spec; prints errors and returns undefined when it cannot. */
export function loadSpecForCommand(command: string, productFile: string | undefined, io: CliIo): IsolationSpec | undefined {
  const { file, refusal } = chooseProductFile(productFile, io.cwd);
  if (refusal) {
    io.err(`sevenfold ${command}: ${refusal}`);
    return undefined;
  }
  const loaded = loadProduct(file);
  if (loaded.hasErrors || !loaded.product) {
    for (const d of loaded.diagnostics) io.err(formatDiagnostic(d, { color: io.color }));
    io.err(`sevenfold ${command}: cannot use ${displayPath(file)}: fix the errors above first`);
    return undefined;
  }
  return new IsolationSpec(loaded.product);
}
