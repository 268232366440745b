/**
 * The security service with a planted bug, for the stateful campaign's test: bench/fuzz/planted-bugs.ts's
 * edit of emulator/attestation/security-service.ts (the benchmark's one statement of the bug) applied to a
 * copy of the source in a scratch folder, its relative imports pointed back at this tree, and imported.
 * The shipped file is never edited.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../fuzz/core/project-root.js';
import { PLANTED_BUGS } from '../../bench/fuzz/planted-bugs.js';
import type { SecurityService } from '../../emulator/attestation/security-service.js';

export async function plantedSecurityService(bugId: string): Promise<typeof SecurityService> {
  const bug = PLANTED_BUGS.find((b) => b.id === bugId);
  if (!bug) throw new Error(`no planted bug ${bugId}`);
  const root = projectRoot();
  const file = 'emulator/attestation/security-service.ts';
  let text = readFileSync(join(root, file), 'utf8');
  for (const edit of bug.edits) {
    if (edit.file !== file) throw new Error(`planted bug ${bugId} edits ${edit.file}, not the security service`);
    if (text.split(edit.find).length !== 2) throw new Error(`planted bug ${bugId}: its edit no longer matches ${file} exactly once`);
    text = text.replace(edit.find, () => edit.replace);
  }
  const from = dirname(join(root, file));
  text = text.replace(/from '(\.\.?\/[^']+)'/g, (_m, rel: string) => `from '${pathToFileURL(resolve(from, rel.replace(/\.js$/, '.ts'))).href}'`);
  const copy = join(mkdtempSync(join(tmpdir(), 'sevenfold-planted-')), 'security-service.ts');
  writeFileSync(copy, text);
  const module = (await import(pathToFileURL(copy).href)) as { SecurityService: typeof SecurityService };
  return module.SecurityService;
}
