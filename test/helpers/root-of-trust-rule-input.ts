/**
 * What a hardware-root-of-trust rule part is given (RuleInput), for a product of test/fixtures/platforms/<name>/:
 * the product as verify loads it, a boot lab of seed 5, and the device's normal boot. For tests that call one part
 * on its own, e.g. with another rule mocked out, so that the emulator's reading alone must decide.
 */
import { BootLab, CrossCheckedVerifier } from '../../emulator/boot/index.js';
import type { RuleInput } from '../../properties/hardware-root-of-trust/rule.js';
import { builtinProfile } from './check-context.js';
import { loadPlatformFixture } from './platform-fixture.js';

export async function rootOfTrustRuleInput(name: string): Promise<RuleInput> {
  const product = loadPlatformFixture(name);
  const lab = await BootLab.shared(product.platform, { seed: 5 });
  const verifier = new CrossCheckedVerifier();
  return { product, requirements: builtinProfile(), lab, verifier, normal: lab.boot(verifier), attacks: [], reproduce: 'sevenfold verify' };
}
