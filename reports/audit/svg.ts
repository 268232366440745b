/**
 * SVG files for the diagrams, through mermaid-cli (mmdc) and a Chromium already on the machine,
 * both found at run time: mermaid-cli is never a dependency and no browser is ever downloaded.
 * All diagrams go through one mmdc call (one browser start, about 2 s) as a Markdown batch.
 * Without either, the caller reports what was skipped and the rest of the report is unaffected.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { packageRoot } from '../../model/product/builtin.js';
import type { Diagram } from './diagrams.js';

export interface SvgEnvironment {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export type SvgOutcome = { status: 'written'; count: number; mmdc: string; chromium: string } | { status: 'skipped'; reason: string } | { status: 'failed'; reason: string };

const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** mermaid-cli's mmdc: $SEVENFOLD_MMDC, node_modules/.bin of the working directory or of Sevenfold, then PATH. */
export function findMermaidCli({ cwd, env }: SvgEnvironment): string | undefined {
  const candidates = [env['SEVENFOLD_MMDC'], join(cwd, 'node_modules', '.bin', 'mmdc')];
  try {
    candidates.push(join(packageRoot(), 'node_modules', '.bin', 'mmdc'));
  } catch {
    // not inside the package: PATH only
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) candidates.push(join(dir, 'mmdc'));
  return candidates.find((c): c is string => typeof c === 'string' && c !== '' && isFile(c));
}

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** A Chromium: $SEVENFOLD_CHROMIUM, $PUPPETEER_EXECUTABLE_PATH, $CHROME_PATH, then Debian's and Google's usual places. */
export function findChromium({ env }: Pick<SvgEnvironment, 'env'>): string | undefined {
  return [env['SEVENFOLD_CHROMIUM'], env['PUPPETEER_EXECUTABLE_PATH'], env['CHROME_PATH'], ...CHROMIUM_PATHS].find((c): c is string => typeof c === 'string' && c !== '' && isFile(c));
}

/** Flags for a headless Chromium that does not phone home; --no-sandbox only when running as root, where the sandbox cannot start. */
export function chromiumArgs(): string[] {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return ['--headless', ...(root ? ['--no-sandbox'] : []), '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
}

export async function renderSvgs(diagrams: Diagram[], dir: string, where: SvgEnvironment, timeoutMs = 60_000 + 5_000 * diagrams.length): Promise<SvgOutcome> {
  if (diagrams.length === 0) return { status: 'skipped', reason: 'no diagrams' };
  const mmdc = findMermaidCli(where);
  const chromium = findChromium(where);
  if (!mmdc || !chromium) {
    const missing = [
      ...(mmdc ? [] : ['mermaid-cli (mmdc) was not found (PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-save @mermaid-js/mermaid-cli, or set SEVENFOLD_MMDC)']),
      ...(chromium ? [] : [`no Chromium was found (apt-get install -y chromium, or set SEVENFOLD_CHROMIUM; looked in ${CHROMIUM_PATHS.join(', ')})`]),
    ];
    return { status: 'skipped', reason: `SVG files were not written: ${missing.join('; ')}. The diagrams are in the Markdown and HTML reports and as .mmd files.` };
  }
  const work = mkdtempSync(join(tmpdir(), 'sevenfold-svg-'));
  try {
    const config = join(work, 'puppeteer.json');
    writeFileSync(config, JSON.stringify({ executablePath: chromium, args: chromiumArgs() }));
    const input = join(work, 'diagrams.md');
    writeFileSync(input, diagrams.map((d) => `## ${d.id}\n\n\`\`\`mermaid\n${d.source}\n\`\`\`\n`).join('\n'));
    mkdirSync(dir, { recursive: true });
    const artefacts = join(work, 'svg');
    mkdirSync(artefacts);
    const env = { ...where.env, PUPPETEER_SKIP_DOWNLOAD: '1', PUPPETEER_EXECUTABLE_PATH: chromium };
    const failure = await new Promise<string | undefined>((done) => {
      execFile(mmdc, ['-q', '-i', input, '-o', join(work, 'out.md'), '-a', artefacts, '-e', 'svg', '-p', config], { cwd: work, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) => {
        if (!err) return done(undefined);
        const reason = err.killed ? `timed out after ${timeoutMs} ms` : (String(stderr).trim().split('\n').slice(-3).join(' ') || err.message);
        done(reason);
      });
    });
    if (failure) return { status: 'failed', reason: `mermaid-cli (${mmdc}) failed: ${failure}` };
    let count = 0;
    diagrams.forEach((d, i) => {
      const made = join(artefacts, `out-${i + 1}.svg`);
      if (!existsSync(made)) return;
      renameSync(made, resolve(dir, `${d.id}.svg`));
      count++;
    });
    if (count < diagrams.length) return { status: 'failed', reason: `mermaid-cli wrote ${count} of ${diagrams.length} SVG files` };
    return { status: 'written', count, mmdc, chromium };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
