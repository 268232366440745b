/**
 * Secure boots per second of the built-in design's chain, against the bound its distinct ECDSA
 * verifications set: the distinct (key, signature, message) triples one boot verifies (same messages,
 * keys and verifier: node:crypto, the boot path's P-256 code), verified back to back. A boot asks
 * about some triples more than once (a certificate up the chain, per check); the verifier remembers a
 * verdict, so only the distinct ones are irreducible. Each measured boot starts with the verifier's
 * verdicts forgotten (its imported keys kept, as the baseline keeps them), so every boot pays for its
 * own distinct verifications. Forgetting keeps the verifier's private copy of each triple, which every
 * lookup still compares byte for byte: a verifier that is never told to forget copies a triple once, so
 * copying it again per boot measured the benchmark's forgetting, not a boot. The ratio says how much of a
 * boot is anything other than those verifications (parsing, hashing, counters, measurements, the trace);
 * the goal is ≥ 0.8. What the emulator
 * remembers by exact bytes across boots (parsed packages and their SHA-256, key stores, anchor key
 * hashes, register extensions: emulator/boot/bytes-memo.ts) is still looked up, byte for byte, on
 * every boot; only the verdicts are forgotten.
 */
import type { PlatformDesign } from '../model/platform/platform-design.js';
import { loadPlatform, builtinPlatformFile } from '../model/platform/load-platform.js';
import { bootDevice, NodeP256Verifier, provisionDevice, Vendor, type SignatureVerifier } from '../emulator/boot/index.js';
import { verdictId } from '../formats/image-package/index.js';
import type { BenchRow } from './harness.js';

export async function secureBootRow(seed = 1): Promise<BenchRow | string> {
  const design: PlatformDesign | undefined = loadPlatform(builtinPlatformFile()).design;
  if (!design) return 'secure boot: skipped (the built-in platform design does not load)';
  const device = provisionDevice(await Vendor.create(design, { seed }));
  const verifier = new NodeP256Verifier();

  // One boot, recording every verification it makes: the baseline repeats exactly these.
  const calls: [Uint8Array, Uint8Array, Uint8Array][] = [];
  const recorder: SignatureVerifier = {
    name: 'recorder',
    get verifications() {
      return calls.length;
    },
    verify: (data, signature, key) => {
      calls.push([data, signature, key]);
      return verifier.verify(data, signature, key);
    },
  };
  const first = bootDevice(device.clone(), { verifier: recorder });
  if (first.outcome !== 'booted') return `secure boot: skipped (the built-in design does not boot: halted at ${first.haltedAt})`;

  const booting = device.clone();
  const distinct = [...new Map(calls.map((c) => [verdictId(...c), c])).values()];
  const boot = () => {
    booting.bus.clear(); // keep only the current boot's bus log, as a device would not keep a log at all
    verifier.forgetVerdicts();
    return bootDevice(booting, { verifier });
  };
  const verifyAll = () => {
    let valid = 0;
    for (const [data, signature, key] of distinct) if (verifier.decide(data, signature, key)) valid++;
    return valid;
  };
  // The boot path is much more code than the baseline loop: give the JIT time on both before the
  // harness's short warm-up, or the first samples of the subject measure the compiler.
  for (const started = performance.now(); performance.now() - started < 1500; ) {
    boot();
    verifyAll();
  }
  return {
    name: 'secure boot (built-in chain)',
    unit: 'boots/s',
    baselineDescription: `the ${distinct.length} distinct ECDSA P-256 verifications among the ${calls.length} one boot asks for (node:crypto, as the boot uses) back to back: verify rate / ${distinct.length}`,
    itemsPerCall: 1,
    subject: boot,
    baseline: verifyAll,
    clock: 'cpu',
  };
}
