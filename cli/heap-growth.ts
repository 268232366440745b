/**
 * How far V8 lets the heap grow between full collections, for the `sevenfold` process only (main.ts calls
 * this; tests running the CLI in-process, and programs importing Sevenfold's modules, keep V8's default).
 *
 * Why: on a machine with gigabytes of memory V8 lets the old generation grow up to 4× what survived the
 * last full collection before it collects again. `verify` keeps about 25 MB alive from one property to the
 * next but makes a great deal of short-lived data (images, boot runs, search states), so a whole run made
 * three full collections, its heap reached 100–130 MB that was mostly garbage, and the process peaked at
 * 185–237 MB (depending on when the collections fell). A growth of 1 + HEAP_GROWING_PERCENT/100 after each
 * full collection kept it at 150–166 MB. The price is more frequent full collections: one comparison of four
 * runs each measured about 0.35 s (5 %) more CPU for the whole `verify`, others were within the noise, and a
 * 4-session attacker search showed no difference (the processes rows of `npm run bench` report the peak of
 * `verify`; /usr/bin/time gives the same figure without the bench's own memory).
 *
 * Set at run time: a `#!/usr/bin/env -S node --flag` shebang is not portable (npx, Windows), and
 * NODE_OPTIONS would reach every child process. V8 reads the flag each time it sets the heap's next limit,
 * after a collection, so setting it as the process starts takes effect for the whole run.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
