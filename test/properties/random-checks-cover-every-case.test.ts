/**
 * --runs below the default: a randomised check holds only when its runs tried every case of its own enumeration (the
 * kinds its generator draws, for every app), never on a few runs that left some untried (s37 note: --runs 5 held with
 * most kinds of call never made). The minimum comes from the check's enumeration, not a number chosen here: the
 * compartmentalization suite's model-based and noninterference checks and failure-reporting's random runs each run
 * one case of every kind first (universe.ts oneCallOfEachKind, scenario.ts oneActionOfEachCase), and a holds whose
 * runs missed a case is unknown naming it and --runs (check-runner.ts coveredOrUnknown, random-runs.ts). Seen failing
 * with the covering first runs removed: at --runs 1 model-based left 35 (app, call) cases untried and noninterference
 * 20, and failure-reporting's gate then made it unknown (it held on main with the same runs).
 */
import { describe, expect, it, vi } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { bootDevice } from '../../emulator/app-device.js';
import { runCompartmentalizationSuite } from '../../properties/compartmentalization/suite.js';
import { syscallKinds, universeOf } from '../../properties/compartmentalization/universe.js';
import { coveredOrUnknown } from '../../properties/compartmentalization/check-runner.js';
import { actionCase, actionCases, type Action } from '../../properties/failure-reporting/scenario.js';
import { checkFailureReporting } from '../../properties/failure-reporting/index.js';
import { builtinProduct, context, defaultDesign, logKeptByKernel } from '../update/helpers.js';

const played = vi.hoisted(() => ({ actions: [] as Action[] }));
vi.mock('../../properties/failure-reporting/scenario.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../properties/failure-reporting/scenario.js')>();
  return {
    ...actual,
    runScenario: (...args: Parameters<typeof actual.runScenario>) => {
      played.actions.push(...args[1]);
      return actual.runScenario(...args);
    },
  };
});

const builtin = (): Product => loadProduct(builtinProductFile()).product!;

describe('a randomised check tries every case of its enumeration, whatever --runs', () => {
  for (const check of ['model-based', 'noninterference'] as const) {
    it(`${check} at --runs 1: every app made every kind of call the check draws`, () => {
      const spec = new IsolationSpec(builtin());
      const universe = universeOf(spec);
      const seen = new Set<string>();
      const [result] = runCompartmentalizationSuite(spec, {
        seed: 7,
        runs: 1,
        checks: [check],
        deviceFactory: (s) => {
          const booted = bootDevice(s.product);
          if (booted.ok) {
            const syscall = booted.device.syscall.bind(booted.device);
            booted.device.syscall = (app, call) => (seen.add(`${app} ${call.kind}`), syscall(app, call));
          }
          return booted;
        },
      });
      const kinds = syscallKinds(universe, { lifecycle: check === 'model-based' });
      const expected = universe.apps.flatMap((a) => kinds.map((k) => `${a.id} ${k}`));
      expect(expected.filter((c) => !seen.has(c))).toEqual([]);
      expect(result!.verdict).toBe('holds');
      expect(result!.runs).toBe(1);
    });
  }

  it('failure-reporting at --runs 1: its one run played every case the random runs draw', async () => {
    played.actions.length = 0;
    const product = logKeptByKernel(builtinProduct(defaultDesign()));
    const r = await checkFailureReporting(product, context('failure-reporting', 5, 1));
    expect(r.verdict).toBe('holds');
    const names = product.apps.map((a) => a.manifest.name!);
    const tried = new Set(played.actions.map((a) => actionCase(a, names)));
    expect(actionCases(names).filter((c) => !tried.has(c))).toEqual([]);
  }, 120_000);

  it('a holds whose runs missed a case is unknown, naming the cases and --runs', () => {
    const holds = { check: 'model-based' as const, verdict: 'holds' as const, runs: 3, seed: 1, summary: 'fine', timeMs: 0 };
    const r = coveredOrUnknown(holds, { expected: ['A: connect', 'A: listen', 'B: connect'], tried: new Set(['A: connect']) });
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toBe('3 runs, none failing, never tried 2 of the 3 cases the check draws from (A: listen, B: connect): nothing was decided about them; more --runs try every case');
    expect(coveredOrUnknown(holds, { expected: ['A: connect'], tried: new Set(['A: connect']) })).toBe(holds);
  });
});
