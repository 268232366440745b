/**
 * The audit reports show where each signing key is kept (keys[].custody) and, for a key no key-store update can revoke,
 * that renewable-security's verdict rests on it (model/update/signing-key-custody.ts irrevocableKeys). Before (s32's
 * left-alone item), the inventory, Markdown and HTML listed keys without their custody: a reader saw renewable-security
 * violated or unknown over `/keys/i/custody` and nothing in the report's key table said what the design stated there.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/audit/html.js';
import { reportToJson } from '../../reports/audit/json-report.js';
import { renderMarkdown } from '../../reports/audit/markdown.js';
import { buildAuditReport } from '../../reports/audit/report-model.js';
import { fabricatedBuiltinRun, loadOrThrow, root } from './fabricated-run.js';
import { auditReportValidator } from './validators.js';

const withProduct = (name: string) => ({ ...fabricatedBuiltinRun(), product: loadOrThrow(resolve(root, 'test/fixtures/products', name, 'sevenfold.json')) });

describe('the audit reports show key custody', () => {
  it('the built-in design: rom-anchor offline, and why renewable-security asks it; a key the store can replace: its custody alone', () => {
    const report = buildAuditReport(fabricatedBuiltinRun());
    const anchor = report.inventory.keys.find((k) => k.id === 'rom-anchor')!;
    expect(anchor.custody).toBe('offline');
    expect(anchor.irrevocable).toMatch(/^an anchor \(its hash is in rom-key-hash\)/);
    const app = report.inventory.keys.find((k) => k.id === 'app-signing')!;
    expect(app.irrevocable).toBeUndefined();
    const md = renderMarkdown(report);
    expect(md).toContain('| signing key | anchored in / certified by | chain to the anchor | custody | used by |');
    expect(md).toMatch(/\| offline; renewable-security rests on it: an anchor/);
  });

  it('an anchor kept online and one of unstated custody: shown as such in every format, the JSON valid', () => {
    const online = buildAuditReport(withProduct('renewal-anchor-signs-apps-online'));
    const key = online.inventory.keys.find((k) => k.custody === 'online' && k.irrevocable)!;
    expect(key).toBeDefined();
    expect(renderMarkdown(online)).toContain(`online; renewable-security rests on it: ${key.irrevocable}`);
    expect(renderHtml(online, { inlineMermaid: false })).toMatch(/<strong class="verdict violated">online; renewable-security rests on it/);
    const unstated = buildAuditReport(withProduct('renewal-anchor-signs-apps-custody-unstated'));
    expect(renderMarkdown(unstated)).toMatch(/\| not stated; renewable-security rests on it: an anchor/);
    expect(renderHtml(unstated, { inlineMermaid: false })).toMatch(/<strong class="verdict unknown">not stated; renewable-security rests on it/);
    const validate = auditReportValidator();
    const json = JSON.parse(JSON.stringify(reportToJson(online))) as { inventory: { keys: { custody?: string }[] } };
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.inventory.keys.some((k) => k.custody === 'online')).toBe(true);
  });
});
