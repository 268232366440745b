/**
 * "Who an attacker runs as" was read one way by the rollback-counter rule (model/update/rollback.ts counterWeakness: a
 * normal-world or untrusted writer) and another by the takeover rule (model/platform/verifier-takeover.ts: attackers'
 * starts, untrusted, network parsers, unchecked flash code, closed over write→execute and privilege): a secure-world
 * network agent with the write right on the apps' eFuse counter held, while the same agent in the normal world was
 * violated (s33's open item, s35-identity). The rule now reads the takeover rule's components too, and the emulated
 * device plays it on its own (properties/hardware-root-of-trust/counter-writer-play.ts: its reading of whom an attacker
 * runs as, its access controller, a raised counter and the genuine release refused). Here the rule is blinded
 * (verifier-takeover.ts mocked to name no component) to show the play alone still finds the flaw; the rule's own
 * findings are held in rollback-counters-and-unbooted-images.test.ts. The trusted key store's writers were read the
 * same narrow way (key-confinement.ts: secure-world firmware by world and privilege): a network co-processor's firmware
 * on a core of its own held key-store-writes-confined; it now reads both the takeover rule and the device's reading, and
 * with the rule blinded the device's reading alone still finds it.
 */
import { describe, expect, it, vi } from 'vitest';
import { rootOfTrustRuleInput } from '../helpers/root-of-trust-rule-input.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';
import { checkRollbackCounters } from '../../properties/hardware-root-of-trust/rollback-counter.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { checkContext } from '../helpers/check-context.js';

vi.mock('../../model/platform/verifier-takeover.js', () => ({ verifiersAnAttackerTakesOver: () => [], componentsAnAttackerTakesOver: () => new Map() }));

describe('the rollback-counter part with the takeover rule blinded', () => {
  it('a secure-world network agent that may write the apps\' eFuse counter: the emulated device raises it and the genuine apps are refused: violated', async () => {
    const outcome = checkRollbackCounters(await rootOfTrustRuleInput('app-counter-network-agent-writes'));
    expect(outcome.verdict, outcome.summary).toBe('violated');
    expect(outcome.summary).toMatch(/^arc-apps is raised by secure-net-agent, which the emulated device says an attacker runs as \(it takes network traffic\), and the genuine release is then refused at hl-app, rt-app-0, rt-app-1, secure-net-agent; .* the two readings disagree$/);
  }, 60_000);

  it('the same agent without the write right holds', async () => {
    const outcome = checkRollbackCounters(await rootOfTrustRuleInput('app-counter-network-agent-without-right'));
    expect(outcome.verdict, outcome.summary).toBe('holds');
  }, 60_000);
});

describe('key-store-writes-confined with the takeover rule blinded', () => {
  const rootOfTrust = (name: string) => checkHardwareRootOfTrust(loadPlatformFixture(name), checkContext({ seed: 7, runs: 5, timeoutMs: 10_000, command: 'sevenfold verify --property hardware-root-of-trust' }));
  it('a secure-world firmware network co-processor that may write the trusted key store: the emulated device\'s reading names it, violated', async () => {
    const r = await rootOfTrust('key-store-written-by-network-coprocessor');
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.requirements?.find((q) => q.id === 'hardware-root-of-trust.key-store-writes-confined')?.outcome).toBe('failed');
    expect((r.evidence ?? []).flatMap((e) => e.lines).join('\n')).toMatch(/an attacker of the design runs as net-coprocessor: it takes network traffic \(only the emulated device says so: the two readings disagree\)/);
  }, 60_000);

  it('the same co-processor without the right holds', async () => {
    const r = await rootOfTrust('network-coprocessor-without-key-store');
    expect(r.requirements?.find((q) => q.id === 'hardware-root-of-trust.key-store-writes-confined')?.outcome).toBe('met');
  }, 60_000);
});
