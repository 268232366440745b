/**
 * Behaviour feature texts made once per process, found again by the parts they are joined from: the loop looks
 * every feature of every input up in its set, and a text joined anew for each input (`d:${name}`) had to be
 * flattened and hashed there again; the parts (a diagnostic's name, a capability) are mostly the readers' own
 * constant strings, whose hashes V8 keeps. The text is the parts joined by ':', as a template literal joins them, so
 * the features are the same. Kept out of fuzz/targets/ (instrumented for coverage, engine/coverage.ts): a branch
 * here taken the first time a text is made would count as an input's new coverage.
 */

interface Node {
  text?: string;
  next?: Map<string, Node>;
}

const root: Node = {};
let made = 0;
/** Texts remembered at most (all forgotten at once past it): the parts come from the targets' tables, so they stay few. */
const MAX_TEXTS = 20_000;

/** `parts.join(':')`, the same string object for the same parts each time. */
export function featureText(...parts: string[]): string {
  let node = root;
  for (const part of parts) {
    const next = (node.next ??= new Map());
    let child = next.get(part);
    if (child === undefined) {
      if (made >= MAX_TEXTS) {
        root.next = undefined;
        made = 0;
        return parts.join(':');
      }
      next.set(part, (child = {}));
    }
    node = child;
  }
  if (node.text === undefined) {
    made++;
    node.text = parts.join(':');
  }
  return node.text;
}
