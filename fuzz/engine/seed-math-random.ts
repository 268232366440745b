/**
 * Preloaded (node --require) into the jsfuzz parent process when a campaign has --seed: jsfuzz picks its
 * mutations with Math.random, so seeding it makes a bytes campaign's mutation sequence repeatable.
 */
import { Rng } from '../core/rng.js';

const seed = Number(process.env['SEVENFOLD_FUZZ_SEED']);
if (Number.isSafeInteger(seed)) {
  const rng = new Rng(seed);
  Math.random = () => rng.float();
}
