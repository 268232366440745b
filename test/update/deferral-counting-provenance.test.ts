/**
 * deferral.countedFrom left out reads as first-notice (Azure Sphere's documented counting, facts §3.5) only on a
 * platform whose OS is shown to be Microsoft's (model/update/policy.ts unstatedDeferralCounting): the window is
 * counted by the OS's update agent. Before, a maker-signed OS whose own update design left it out held
 * renewable-security on Azure Sphere's counting, and the emulated reach played it.
 */
import { describe, expect, it } from 'vitest';
import { unstatedDeferralCounting } from '../../model/update/policy.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { context, fixtureProduct, timeAndRecoveryStated, builtinProduct } from './helpers.js';

describe("renewable-security: Azure Sphere's deferral counting only on Azure Sphere's OS", () => {
  it('a maker-signed OS leaving countedFrom out, with an app that may defer: max-deferral and max-reach unknown, naming /deferral/countedFrom', async () => {
    const product = fixtureProduct('renewal-deferral-counting-unstated-maker-os');
    expect(unstatedDeferralCounting(product.update!, product.platform)).toMatch(/does not state \/deferral\/countedFrom$/);
    const result = await checkRenewableSecurity(product, context('renewable-security', 1, 20));
    expect(result.verdict).toBe('unknown');
    expect(result.summary).toContain('/deferral/countedFrom is not stated');
    const outcome = (id: string) => result.requirements?.find((r) => r.id === id)?.outcome;
    expect(outcome('renewable-security.max-deferral')).toBe('unknown');
    expect(outcome('renewable-security.max-reach')).toBe('unknown');
  });

  it('the same design stating first-notice holds; the built-in design (Microsoft OS) leaving it out holds too', async () => {
    expect((await checkRenewableSecurity(fixtureProduct('renewal-deferral-counting-stated-maker-os'), context('renewable-security', 1, 20))).verdict).toBe('holds');
    const builtin = timeAndRecoveryStated(builtinProduct());
    expect(builtin.update!.deferral.countedFrom).toBeUndefined();
    expect(unstatedDeferralCounting(builtin.update!, builtin.platform)).toBeUndefined();
  });
});
