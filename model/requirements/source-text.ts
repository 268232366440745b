/**
 * A requirement's `source` that names none. The schema asks for a source and the loader refuses one that is only
 * white space, but "n/a", "-", "TODO" or "see above" pass both and say no more: a profile relaxing a bound with such a
 * source ("ownChoice": true, "source": "n/a") had its looser bound held as the requirement, with nothing saying why
 * the product need not meet the built-in's. Refused by the loader (load-requirements.ts), naming file and field.
 */
import { unmarkFreeText } from '../../formats/json/free-text.js';

/** Words that stand in for a source instead of being one, compared without case, spaces or punctuation around them. */
const STAND_INS = new Set(['n/a', 'na', 'none', 'null', 'nil', 'nothing', 'todo', 'tbd', 'tba', 'tbc', 'unknown', 'source', 'see above', 'see below', 'same', 'same as above', 'ditto']);

/** Why this source names nothing, or undefined when it names something. */
export function namesNoSource(source: string): string | undefined {
  const text = unmarkFreeText(source).trim();
  // No letter or digit: "-", "?", "…", "—".
  if (!/[\p{L}\p{N}]/u.test(text)) return 'it has no letter or digit';
  const bare = text.toLowerCase().replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '').replace(/\s+/g, ' ');
  if (STAND_INS.has(bare)) return `"${bare}" stands in for a source`;
  return undefined;
}
