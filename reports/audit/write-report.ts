/**
 * Writes a report in the requested formats into one folder:
 *   report.md, report.html, report.json, report.sarif, diagrams/<id>.mmd and, when mermaid-cli and
 *   a Chromium are available, diagrams/<id>.svg.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderHtml } from './html.js';
import { reportToJson } from './json-report.js';
import { renderMarkdown } from './markdown.js';
import { loadMermaidBundle } from './mermaid-bundle.js';
import { buildAuditReport, type AuditReport } from './report-model.js';
import { renderSarif } from './sarif.js';
import { renderSvgs, type SvgOutcome } from './svg.js';
import type { VerificationRun } from './types.js';
import { REPORT_FORMATS, type ReportFormat } from './report-formats.js';
import { showControls } from '../../formats/diagnostics/visible-controls.js';

export const REPORT_FILES: Record<ReportFormat, string> = { md: 'report.md', html: 'report.html', json: 'report.json', sarif: 'report.sarif' };

export interface WriteReportOptions {
  outDir: string;
  formats: readonly ReportFormat[];
  /** 'auto': SVG files when mermaid-cli and a Chromium are found; 'off': never try. */
  svg: 'auto' | 'off';
  env?: NodeJS.ProcessEnv;
  progress?: (message: string) => void;
  generatedAt?: Date;
}

export interface WrittenReport {
  report: AuditReport;
  outDir: string;
  files: string[];
  svg?: SvgOutcome;
  /** What was skipped (also listed in the report itself). */
  skipped: string[];
}

/**
 * Why a report cannot be written into this folder, or undefined when it can: the folder (or the
 * first part of its path that exists) must be a writable folder. Asked before verifying, so a bad
 * --out fails in a second instead of after the whole verification.
 */
export function outputFolderProblem(outDir: string, cwd: string): string | undefined {
  let path = resolve(cwd, outDir);
  for (;;) {
    if (existsSync(path)) {
      if (!statSync(path).isDirectory()) return path === resolve(cwd, outDir) ? 'is a file, not a folder' : `${path} is a file, so the folder cannot be made`;
      try {
        accessSync(path, constants.W_OK);
      } catch {
        return `${path} is not writable`;
      }
      return undefined;
    }
    const parent = dirname(path);
    if (parent === path) return undefined;
    path = parent;
  }
}

export class ReportOutputError extends Error {}

export async function writeReport(run: VerificationRun, options: WriteReportOptions): Promise<WrittenReport> {
  const progress = options.progress ?? (() => {});
  const report = buildAuditReport(run, options.generatedAt);
  const outDir = resolve(run.cwd, options.outDir);
  const problem = outputFolderProblem(outDir, run.cwd);
  if (problem) throw new ReportOutputError(problem);
  const files: string[] = [];
  const skipped: string[] = [];
  mkdirSync(outDir, { recursive: true });
  const write = (name: string, content: string) => {
    const file = join(outDir, name);
    writeFileSync(file, content);
    files.push(file);
  };
  const wantsDiagrams = options.formats.includes('md') || options.formats.includes('html');

  let svg: SvgOutcome | undefined;
  if (wantsDiagrams) {
    const diagramDir = join(outDir, 'diagrams');
    if (existsSync(diagramDir)) for (const f of readdirSync(diagramDir)) if (f.endsWith('.svg') || f.endsWith('.mmd')) rmSync(join(diagramDir, f));
    mkdirSync(diagramDir, { recursive: true });
    for (const d of report.diagrams) write(join('diagrams', `${d.id}.mmd`), d.source + '\n');
    if (options.svg === 'auto') {
      progress(`rendering ${report.diagrams.length} diagrams to SVG with mermaid-cli…`);
      svg = await renderSvgs(report.diagrams, diagramDir, { cwd: run.cwd, env: options.env ?? process.env });
      for (const d of report.diagrams) {
        const file = join(diagramDir, `${d.id}.svg`);
        if (existsSync(file)) {
          d.svg = `diagrams/${d.id}.svg`;
          files.push(file);
        }
      }
      if (svg.status !== 'written') skipped.push(svg.reason);
    } else {
      skipped.push('SVG files were not written (--no-svg).');
    }
  }

  let inlineMermaid = true;
  if (options.formats.includes('html')) {
    try {
      loadMermaidBundle();
    } catch (err) {
      inlineMermaid = false;
      skipped.push(`mermaid was not found in node_modules (${err instanceof Error ? err.message.split('\n')[0] : String(err)}): the HTML report shows the diagrams as source only.`);
    }
  }
  report.notes.push(...skipped);

  for (const format of REPORT_FORMATS) {
    if (!options.formats.includes(format)) continue;
    progress(`writing ${REPORT_FILES[format]}…`);
    switch (format) {
      case 'md':
        write(REPORT_FILES.md, renderMarkdown(report) + '\n');
        break;
      case 'html':
        write(REPORT_FILES.html, renderHtml(report, { inlineMermaid }));
        break;
      case 'json':
        write(REPORT_FILES.json, jsonText(reportToJson(report)));
        break;
      case 'sarif':
        write(REPORT_FILES.sarif, jsonText(renderSarif(report)));
        break;
    }
  }
  progress('');
  return { report, outDir, files, ...(svg ? { svg } : {}), skipped };
}

/**
 * A JSON report file: its controls and a maker's marked line feeds (formats/json/free-text.ts) shown as `\uXXXX`
 * escapes, which inside a JSON string are the same characters: the data stays exact, and nothing in the file starts a
 * line or reorders text in an editor or a viewer that shows it raw.
 */
function jsonText(value: unknown): string {
  return showControls(JSON.stringify(value, null, 2)) + '\n';
}
