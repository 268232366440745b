/**
 * The product-file target's behaviour features (fuzz/targets/product-file.ts, diagnosticFeature): bounded by the
 * product schema, so a name the mutator plants does not make a new feature (each new feature adds the input to the
 * corpus, which pays the expensive stage and a comparison-logging re-run), while different places and kinds stay apart.
 */
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../fuzz/core/target.js';
import { productFileTarget } from '../../fuzz/targets/product-file.js';

describe('product-file features', () => {
  const runner = productFileTarget.setup();
  const seed = productFileTarget.seeds().find((s) => s.name === 'custom-group.json')!;
  const text = new TextDecoder().decode(seed.bytes);
  const features = (t: string) => [...runner.stage!(utf8(t)).features].sort();
  const withDeployment = (extra: string) => text.replace('"deployment":{', `"deployment":{${extra},`);

  it('an unknown field is one feature whatever its name, and the JSON reader\'s findings on a member one wherever the member is', () => {
    expect(text).toContain('"deployment":{');
    const unknownA = features(withDeployment('"zzz":1'));
    expect(unknownA.length).toBeGreaterThan(0);
    expect(features(withDeployment('"qqq":1'))).toEqual(unknownA);
    // A key written twice, in the deployment and at the top level.
    const twiceInDeployment = features(withDeployment('"fleetSize":5,"fleetSize":6'));
    const twiceAtTop = features(text.replace(/^\{/, '{"fleetSize":5,"fleetSize":6,'));
    expect(twiceInDeployment.filter((f) => /DuplicateKey/.test(f))).toEqual(twiceAtTop.filter((f) => /DuplicateKey/.test(f)));
    expect(twiceInDeployment.some((f) => /DuplicateKey/.test(f))).toBe(true);
  });

  it('keeps different places apart', () => {
    expect(features(withDeployment('"zzz":1'))).not.toEqual(features(text.replace(/^\{/, '{"zzz":1,')));
  });
});
