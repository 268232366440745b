/** The committed fixtures are exactly what make-fixtures.ts makes: nothing in them is hand-edited or random. */
import { expect, it } from 'vitest';
import { makeFixtures } from '../fixtures/images/make-fixtures.js';
import { fixtureBytes } from './helpers.js';

it('regenerating the fixtures gives the committed bytes', async () => {
  for (const [name, content] of Object.entries(await makeFixtures())) {
    const expected = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    expect(Buffer.from(fixtureBytes(name)).equals(Buffer.from(expected)), `${name} differs: run npx tsx test/fixtures/images/make-fixtures.ts`).toBe(true);
  }
});
