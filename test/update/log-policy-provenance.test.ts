/**
 * Azure Sphere's failure-log policy stands for a field an update design leaves out only where the log is Azure
 * Sphere's: on a platform whose OS is shown to be Microsoft's (model/update/failure-log-policy.ts,
 * unstatedLogPolicy over notAzureSphereOs). Before, a maker's own update design that left recordedKinds,
 * recordedApps, droppedEvents and erasableBy out got Azure Sphere's policy on any platform, and failure-reporting
 * held on a log nothing described (report-log-policy-unstated-maker-os). Likewise the built-in protocol design's report
 * channel (model/update/report-channel.ts builtinReportChannel): Azure Sphere's OS checks the service's certificate
 * against its root store; a maker's OS that names no protocol design has said nothing of it.
 */
import { describe, expect, it } from 'vitest';
import { unstatedLogPolicy } from '../../model/update/failure-log-policy.js';
import { checkFailureReporting } from '../../properties/failure-reporting/index.js';
import { context, fixtureProduct } from './helpers.js';

const check = (name: string) => checkFailureReporting(fixtureProduct(name), context('failure-reporting', 3, 20));

describe("failure-reporting: Azure Sphere's log policy only for Azure Sphere's log", () => {
  it("a maker-signed OS whose update design leaves the policy out: unknown, naming each field left out", async () => {
    const product = fixtureProduct('report-log-policy-unstated-maker-os');
    expect(unstatedLogPolicy(product.update!, product.platform).map((u) => u.pointer)).toEqual(['/failureReporting/recordedKinds', '/failureReporting/recordedApps', '/failureReporting/droppedEvents', '/failureReporting/erasableBy']);
    const result = await check('report-log-policy-unstated-maker-os');
    expect(result.verdict).toBe('unknown');
    expect(result.summary).toContain('/failureReporting/recordedKinds, /failureReporting/recordedApps, /failureReporting/droppedEvents, /failureReporting/erasableBy: not stated');
    expect(result.summary).toContain("its OS is not Azure Sphere's");
    const outcome = (id: string) => result.requirements?.find((r) => r.id === id)?.outcome;
    for (const id of ['failure-reporting.records-kind-app-crash', 'failure-reporting.records-high-level-app-failures', 'failure-reporting.dropped-events-reported', 'failure-reporting.erased-only-by-service', 'failure-reporting.every-failure-reported']) expect(outcome(id), id).toBe('unknown');
    expect(outcome('failure-reporting.persistent-log')).toBe('met');
  });

  it("the same update design on Microsoft's OS (the built-in platform): Azure Sphere's policy stands, holds", async () => {
    const product = fixtureProduct('report-log-policy-unstated-microsoft-os');
    expect(unstatedLogPolicy(product.update!, product.platform)).toEqual([]);
    expect((await check('report-log-policy-unstated-microsoft-os')).verdict).toBe('holds');
  });

  it("the maker-signed OS with the policy stated but no protocol design: the built-in protocol is Azure Sphere's, so the report channel is not stated and every-failure-reported is unknown", async () => {
    const result = await check('report-channel-builtin-protocol-maker-os');
    expect(result.verdict).toBe('unknown');
    expect(result.summary).toMatch(/^a forged acknowledgement erases nothing \(failure-reporting.every-failure-reported\): the product names no protocol design, and the built-in one .* describes Azure Sphere's OS/);
  });

  it('the maker-signed OS with the policy and its own protocol stated: decided on what it states, holds', async () => {
    const product = fixtureProduct('report-log-policy-stated-maker-os');
    expect(unstatedLogPolicy(product.update!, product.platform)).toEqual([]);
    expect((await check('report-log-policy-stated-maker-os')).verdict).toBe('holds');
  });
});
