/**
 * A device maker's manifests name pins by their hardware definition ("$SAMPLE_LED"), so that is what they ask
 * `query reach` about: `--to '$SAMPLE_LED'` or `--to 'Gpio:$SAMPLE_LED'` is the raw value the product's hardware
 * definition gives it (was: "MT3620 has no Gpio $SAMPLE_LED", exit 2). A name the product cannot resolve, or
 * one of another type, stays a usage error: never a guessed pin.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli-in-process.js';
import { tempDir } from '../helpers.js';
import { blinkyAndDimmer, writeProduct } from './product-folder.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const helloWorld = resolve(root, 'examples/hello-world-hl/sevenfold.json');
const reach = (to: string, product = helloWorld) => runCliInProcess(['query', 'reach', '--product', product, '--from', 'HelloWorld_HighLevelApp', '--to', to]);
const t = tempDir();
afterAll(() => t.cleanup());

describe('query reach --to a "$NAME" of the hardware definition', () => {
  it('answers for the pin the name resolves to, with or without the capability', async () => {
    for (const to of ['$SAMPLE_LED', 'Gpio:$SAMPLE_LED', 'gpio:$SAMPLE_LED']) {
      const r = await reach(to);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('can HelloWorld_HighLevelApp reach Gpio 8? yes');
    }
  });

  it('is a usage error for an unknown name, a name of another type, or a product without a hardware definition', async () => {
    const unknown = await reach('$NO_SUCH_PIN');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('$NO_SUCH_PIN is not defined in the product\'s hardware definition');
    const otherType = await reach('Uart:$SAMPLE_LED');
    expect(otherType.code).toBe(2);
    expect(otherType.stderr).toContain('$SAMPLE_LED is a Gpio peripheral, not Uart');
    const product = writeProduct(t, 'raw', blinkyAndDimmer());
    const none = await runCliInProcess(['query', 'reach', '--product', product, '--from', 'Blinky', '--to', '$LED']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('names no hardwareDefinition');
  });
});
