/**
 * The stateful campaign (fuzz target attestation-session) finds an acceptance bug planted in one party —
 * the security service no longer compares the quote's nonce with the one it sent (bench/fuzz/planted-bugs.ts,
 * session-quote-nonce-unchecked) — within a budget of inputs that CI's per-target slice runs, and finds
 * nothing on the real parties in the same budget. Deterministic: one engine seed, a fixed input budget.
 */
import { describe, expect, it } from 'vitest';
import { attestationSessionTarget, sessionRunner } from '../../fuzz/targets/attestation-session.js';
import { inProcessParties } from '../../fuzz/targets/attestation-session/parties.js';
import { StructuredLoop, type StepResult } from '../../fuzz/engine/structured-loop.js';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { DEFAULT_EPOCH } from '../../emulator/attestation/world.js';
import type { SecurityService } from '../../emulator/attestation/security-service.js';
import { reject } from '../../emulator/attestation/common.js';
import { decodeMessage } from '../../formats/attestation/messages.js';
import { plantedSecurityService } from './planted-session.js';

/**
 * Inputs per campaign, seeds included: CI gives each target 15 s in the structure-aware engine, and this
 * target runs 5 to 30 inputs/s on the 2-core runner (fuzz/README.md), so CI runs at least this many.
 */
const BUDGET = 30;

async function campaign(service?: typeof SecurityService): Promise<{ crash?: NonNullable<StepResult['crash']>; inputs: number }> {
  const design = builtinProtocol();
  const runner = sessionRunner(async (pki) => inProcessParties(design, await pki(), DEFAULT_EPOCH, 1, service));
  const loop = new StructuredLoop(attestationSessionTarget, runner, 1);
  for (const seed of attestationSessionTarget.seeds()) {
    const r = await loop.addInitialAsync(seed.bytes);
    if (r.crash) return { crash: r.crash, inputs: loop.execs };
  }
  while (loop.execs < BUDGET) {
    const r = await loop.stepAsync();
    if (r.crash) return { crash: r.crash, inputs: loop.execs };
  }
  return { inputs: loop.execs };
}

describe('stateful campaign on the attestation parties', () => {
  it('finds the planted bug (the security service does not compare the nonce) within the budget, by the nonce rule', async () => {
    const found = await campaign(await plantedSecurityService('session-quote-nonce-unchecked'));
    expect(found.crash?.identity.key).toMatch(/session\.quote-nonce/);
    expect(found.inputs).toBeLessThanOrEqual(BUDGET);
  });

  it('finds nothing on the real parties in the same budget', async () => {
    const clean = await campaign();
    expect(clean.crash?.identity.headline).toBeUndefined();
    expect(clean.inputs).toBe(BUDGET);
  });

  it('flags a party that rejects a message after changing its state', async () => {
    const design = builtinProtocol();
    // The service opens the session (a state change), then answers as if it had refused the hello.
    const runner = sessionRunner(async (pki) => {
      const parties = await inProcessParties(design, await pki(), DEFAULT_EPOCH, 1);
      const handle = parties.toService;
      parties.toService = async (bytes) => {
        const step = await handle(bytes);
        const m = decodeMessage(bytes);
        return m.ok && m.value.type === 'hello' ? reject('refused after opening a session') : step;
      };
      return parties;
    });
    const honest = attestationSessionTarget.seeds().find((s) => s.name === 'honest-attest')!;
    await expect(Promise.resolve(runner.run(honest.bytes))).rejects.toThrow(/session\.rejected-changes-state/);
  });
});
