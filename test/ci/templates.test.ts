/**
 * The CI templates, validated offline: the composite action (action.yml) and the example workflow with
 * @action-validator/core (SchemaStore's GitHub action and workflow schemas, plus its checks such as
 * unresolved `needs`), the GitLab template and the example .gitlab-ci.yml with GitLab's own CI schema (as
 * gitlab-ci-local ships it) under Ajv. Each validator is shown to reject a broken copy, so a pass means
 * something. The action and the GitLab template run the steps of ci/sevenfold-ci.sh, which
 * workflow-steps.test.ts runs locally.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const require = createRequire(import.meta.url);
const { validateAction, validateWorkflow } = require('@action-validator/core') as {
  validateAction(src: string): { errors: unknown[] };
  validateWorkflow(src: string): { errors: unknown[] };
};

async function gitlabValidator() {
  // GitLab's ci.json schema as gitlab-ci-local ships it (an ES module without type declarations).
  const module = 'gitlab-ci-local/src/schema/schema.js';
  const { schema } = (await import(module)) as { schema: object };
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

const ACTION = 'action.yml';
const WORKFLOW = 'examples/ci/.github/workflows/sevenfold.yml';
const GITLAB = 'ci/gitlab/sevenfold.gitlab-ci.yml';
const GITLAB_EXAMPLE = 'examples/ci/.gitlab-ci.yml';

describe('GitHub: the action and the example workflow', () => {
  it('action.yml is a valid composite action', () => {
    expect(validateAction(read(ACTION)).errors).toEqual([]);
    expect(parse(read(ACTION)).runs.using).toBe('composite');
  });

  it('the example workflow is valid, shards the fuzz campaign over a matrix and merges in a job that needs it', () => {
    expect(validateWorkflow(read(WORKFLOW)).errors).toEqual([]);
    const wf = parse(read(WORKFLOW));
    expect(wf.jobs.fuzz.strategy.matrix.shard).toEqual([1, 2, 3, 4]);
    expect(wf.jobs.fuzz.steps.find((s: { with?: { shard?: string } }) => s.with?.shard)?.with.shard).toBe('${{ matrix.shard }}/4');
    expect(wf.jobs['fuzz-merge'].needs).toBe('fuzz');
    expect(wf.jobs.check.permissions['security-events']).toBe('write');
  });

  it('the action uploads SARIF to code scanning and keeps the corpus with actions/cache', () => {
    const uses = parse(read(ACTION)).runs.steps.map((s: { uses?: string }) => s.uses).filter(Boolean);
    expect(uses).toEqual(expect.arrayContaining(['github/codeql-action/upload-sarif@v3', 'actions/cache/restore@v4', 'actions/cache/save@v4', 'actions/upload-artifact@v4', 'actions/download-artifact@v4']));
  });

  it('the validator rejects a broken action and a broken workflow', () => {
    expect(validateAction(read(ACTION).replace('using: composite', 'using: compost')).errors).not.toEqual([]);
    expect(validateAction(read(ACTION).replace(/\n {6}shell: bash\n/, '\n')).errors).not.toEqual([]);
    expect(validateWorkflow(read(WORKFLOW).replace('needs: fuzz', 'needs: fuzzing')).errors).not.toEqual([]);
    expect(validateWorkflow(read(WORKFLOW).replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest')).errors).not.toEqual([]);
  });
});

describe('GitLab: the template and the example', () => {
  it.each([GITLAB, GITLAB_EXAMPLE])('%s satisfies GitLab\'s CI schema', async (file) => {
    const validate = await gitlabValidator();
    const ok = validate(parse(read(file)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the template shards with parallel: CI_NODE_INDEX/CI_NODE_TOTAL and caches the corpus', () => {
    const t = parse(read(GITLAB));
    expect(t['sevenfold-fuzz'].parallel).toBe(4);
    expect(t['sevenfold-fuzz'].script.join('\n')).toContain('fuzz-shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"');
    expect(t['sevenfold-fuzz'].cache.policy).toBe('pull');
    expect(t['sevenfold-fuzz-merge'].cache.policy).toBe('push');
  });

  it('the schema rejects a broken template', async () => {
    const validate = await gitlabValidator();
    const broken = parse(read(GITLAB));
    broken['sevenfold-fuzz'].parallel = 'four';
    expect(validate(broken)).toBe(false);
    const misspelt = parse(read(GITLAB));
    misspelt['sevenfold-check'].scrip = misspelt['sevenfold-check'].script;
    delete misspelt['sevenfold-check'].script;
    expect(validate(misspelt)).toBe(false);
  });
});

describe('one set of steps', () => {
  const steps = (text: string) => [...text.matchAll(/SEVENFOLD_CI"? (lint|verify|fuzz-shard|fuzz-merge|gate)\b/g)].map((m) => m[1]).sort();
  it('the action and the GitLab template run the same ci/sevenfold-ci.sh steps', () => {
    const all = ['fuzz-merge', 'fuzz-shard', 'gate', 'lint', 'verify'];
    expect([...new Set(steps(read(ACTION)))]).toEqual(all);
    expect([...new Set(steps(read(GITLAB)))]).toEqual(all);
  });
});
