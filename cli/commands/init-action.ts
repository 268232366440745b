/**
 * `sevenfold init` (init-command.ts declares it): finds the app manifests, drafts the product file
 * (model/product/draft-product.ts), writes it, and loads it as verify will, printing what does not load yet.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { PRODUCT_FILE_NAME } from '../../model/product/builtin.js';
import { draftApps, draftProduct } from '../../model/product/draft-product.js';
import { findAppManifests, MANIFEST_FILE_NAME } from '../../model/product/find-manifests.js';
import { loadProduct } from '../../model/product/product.js';
import { formatDiagnostic } from '../../reports/diagnostics/format-diagnostics.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { InitOptions } from './init-command.js';
import { showControls } from '../../formats/diagnostics/visible-controls.js';
import { fsReason } from '../fs-reason.js';

const isDirectory = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

export function runInit(paths: string[], options: InitOptions, io: CliIo): ExitCode {
  // --out naming a folder means the product file in it, as --product reads a folder (it was written over: EISDIR). So
  // does a path that does not exist yet and does not end in .json (or ends in a separator): a folder to make, as the
  // help says; it was written as a file by that name.
  const outGiven = resolve(io.cwd, options.out ?? PRODUCT_FILE_NAME);
  const aFolder = isDirectory(outGiven) || (options.out !== undefined && !existsSync(outGiven) && (!/\.json$/i.test(outGiven) || /[\\/]$/.test(options.out)));
  const out = aFolder ? join(outGiven, PRODUCT_FILE_NAME) : outGiven;
  if (existsSync(out) && !options.force) {
    io.err(`sevenfold init: ${displayPath(out, io.cwd)} exists; verify it with \`sevenfold verify --product ${displayPath(out, io.cwd)}\`, or pass --force to write a new draft over it`);
    return EXIT.usage;
  }
  const hardwarePath = options.hardwarePath.map((d) => resolve(io.cwd, d));
  for (const d of hardwarePath) {
    if (!isDirectory(d)) {
      io.err(`sevenfold init: --hardware-path ${displayPath(d, io.cwd)}: not a folder`);
      return EXIT.usage;
    }
  }
  // Each path: a manifest, or a folder whose manifests are found as they are under the current folder.
  const manifests: string[] = [];
  for (const p of paths.length ? paths : ['.']) {
    const given = resolve(io.cwd, p);
    if (isDirectory(given)) {
      const found = findAppManifests(given);
      if (found.files.length === 0) {
        io.err(`sevenfold init: ${displayPath(given, io.cwd)} holds no ${MANIFEST_FILE_NAME}${found.truncated ? ' within the first 20,000 entries searched' : ''}`);
        return EXIT.usage;
      }
      manifests.push(...found.files);
    } else if (existsSync(given)) manifests.push(given);
    else {
      io.err(`sevenfold init: ${p}: no such file or folder`);
      return EXIT.usage;
    }
  }
  // The project's folders (the folders given, and this one) are where a definition for an app without a CMakeLists.txt is looked for.
  const projectFolders = [...(paths.length ? paths : []), '.'].map((p) => resolve(io.cwd, p)).map((p) => (isDirectory(p) ? p : dirname(p)));
  const { apps, problems } = draftApps([...new Set(manifests)], hardwarePath, [...new Set(projectFolders)]);
  const draft = problems.length ? { ok: false as const, problems } : draftProduct(apps, { outDir: dirname(out), name: options.name ?? basename(resolve(io.cwd)), hardwarePath });
  if (!draft.ok) {
    for (const p of draft.problems) io.err(`sevenfold init: ${p}`);
    io.err('sevenfold init: nothing written');
    return EXIT.usage;
  }
  // Controls and marked line feeds as JSON escapes: the same data, and no name starts a line in the file (free-text.ts).
  // A missing folder on the way is made (as report --out makes its folder); what cannot be written is an I/O error, exit 2.
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, showControls(JSON.stringify(draft.product, null, 2)) + '\n');
  } catch (err) {
    io.err(`sevenfold init: cannot write ${displayPath(out, io.cwd)}: ${fsReason(err)}${options.out === undefined ? '' : ' (--out)'}`);
    io.err('sevenfold init: nothing written');
    return EXIT.usage;
  }
  io.out(`wrote ${displayPath(out, io.cwd)}: ${apps.map((a) => `${a.name} (${a.kind})`).join(', ')}`);
  for (const note of draft.notes) io.out(`  note: ${note}`);
  // Loaded as verify loads it: a draft that does not load says so now, with each error located.
  const loaded = loadProduct(out);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (loaded.hasErrors) {
    for (const d of errors) io.err(formatDiagnostic(d, { color: io.color }));
    io.err(`sevenfold init: ${displayPath(out, io.cwd)} does not load yet: fix the errors above, then run \`sevenfold verify${out === join(resolve(io.cwd), PRODUCT_FILE_NAME) ? '' : ` --product ${displayPath(out, io.cwd)}`}\``);
    return EXIT.usage;
  }
  io.out(`next: sevenfold verify${out === join(resolve(io.cwd), PRODUCT_FILE_NAME) ? '' : ` --product ${displayPath(out, io.cwd)}`}`);
  return EXIT.ok;
}
