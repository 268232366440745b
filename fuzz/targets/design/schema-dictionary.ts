/**
 * A mutation dictionary read off a design file's JSON Schema: at any path the mutator asks about, the value
 * the schema expects there (an enum member, an id from the seeds, a number at or just past a bound, an object
 * with its required members), and the members an object may gain. So the structure-aware mode spends its
 * inputs on schema-valid designs with odd values, where the loaders' own rules and the checks live, instead of
 * on schema errors.
 */
import { jarr, jbool, jnull, jnum, jobj, jstr, type JNode } from '../../core/json-tree.js';
import type { JsonDictionary, JsonPath } from '../../core/json-mutate.js';
import type { Rng } from '../../core/rng.js';

export type Schema = { [key: string]: unknown };

/** Numbers past every kind of bound: the encodings' (u32, safe integers, doubles) and their own. */
const EXTREME_NUMBERS = ['0', '-0', '1', '-1', '0.5', '1e-300', '5e-324', '1e9', '1e15', '1e308', '1e999', '4294967295', '4294967296', '9007199254740993', '2147483648'];

export interface SchemaDictionaryOptions {
  /** Strings worth using where the schema wants an id or a free string: ids, names and paths of the seeds. */
  strings: readonly string[];
  /** Keys the schema does not list but the loaders might meet (typos, reserved names). */
  extraKeys?: readonly string[];
}

export function schemaDictionary(schema: Schema, options: SchemaDictionaryOptions): JsonDictionary {
  const keys = new Set<string>(options.extraKeys ?? []);
  const enumStrings = new Set<string>();
  const numbers = new Set<string>(EXTREME_NUMBERS);
  walk(schema, (node) => {
    const props = node['properties'];
    if (isSchema(props)) for (const k of Object.keys(props)) keys.add(k);
    for (const v of [...asArray(node['enum']), node['const']]) {
      if (typeof v === 'string') enumStrings.add(v);
      if (typeof v === 'number') numbers.add(String(v));
    }
    for (const bound of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'minLength', 'maxLength']) {
      const b = node[bound];
      if (typeof b === 'number') for (const n of [b, b - 1, b + 1, b + 0.5, b * 2]) numbers.add(String(n));
    }
  });
  const strings = [...new Set([...enumStrings, ...options.strings])];
  const numberList = [...numbers];
  const resolve = (node: unknown): Schema | undefined => resolveRef(schema, node);
  // The subschema at a path depends on its member names only (every item of an array has the same schema), and
  // the mutator asks about the same few paths input after input: each is walked once.
  const places = new Map<string, Schema | undefined>();
  const schemaFor = (path: JsonPath): Schema | undefined => {
    const key = path.map((step) => (typeof step === 'number' ? '#' : `.${step}`)).join('\u0000');
    if (places.has(key)) return places.get(key);
    const at = schemaAt(schema, path);
    if (places.size >= 4096) places.clear();
    places.set(key, at);
    return at;
  };

  const generate = (node: Schema | undefined, rng: Rng, depth: number): JNode => {
    node = resolve(node);
    if (!node) return rng.chance(0.5) ? jstr(rng.pick(strings)) : jnum(rng.pick(numberList));
    const branches = [...asArray(node['oneOf']), ...asArray(node['anyOf'])].filter(isSchema);
    if (branches.length) return generate(rng.pick(branches), rng, depth);
    if ('const' in node) return fromScalar(node['const']);
    const choices = asArray(node['enum']);
    if (choices.length) return fromScalar(rng.pick(choices));
    const types = asArray(node['type']).map(String);
    const type = types.length ? rng.pick(types) : 'string';
    switch (type) {
      case 'integer':
      case 'number':
        return jnum(numberFor(node, type === 'integer', rng, numberList));
      case 'boolean':
        return jbool(rng.chance(0.5));
      case 'null':
        return jnull();
      case 'array': {
        if (depth <= 0) return jarr([]);
        const min = typeof node['minItems'] === 'number' ? node['minItems'] : 0;
        const n = rng.chance(0.1) ? 0 : Math.max(min, rng.int(3));
        return jarr(Array.from({ length: n }, () => generate(resolve(node['items']), rng, depth - 1)));
      }
      case 'object': {
        if (depth <= 0) return jobj([]);
        const props = isSchema(node['properties']) ? node['properties'] : {};
        const required = new Set(asArray(node['required']).map(String));
        const members: [string, JNode][] = [];
        for (const [k, sub] of Object.entries(props)) {
          if (k === '$schema') continue;
          if (required.has(k) || rng.chance(0.3)) members.push([k, generate(resolve(sub), rng, depth - 1)]);
        }
        if (isSchema(node['additionalProperties']) && rng.chance(0.5)) members.push([rng.pick(strings), generate(resolve(node['additionalProperties']), rng, depth - 1)]);
        return jobj(members);
      }
      default:
        return jstr(stringFor(node, rng, strings));
    }
  };

  return {
    keys: [...keys],
    strings,
    numbers: numberList,
    valueAt(path: JsonPath, rng: Rng) {
      const at = schemaFor(path);
      return at ? generate(at, rng, 3) : undefined;
    },
    memberAt(path: JsonPath, rng: Rng) {
      const at = schemaFor(path);
      const props = at && isSchema(at['properties']) ? Object.keys(at['properties']).filter((k) => k !== '$schema') : [];
      if (props.length === 0) return undefined;
      const key = rng.pick(props);
      return [key, generate(schemaFor([...path, key]), rng, 3)];
    },
  };
}

/**
 * A JSON pointer as a place in the schema, for behaviour features: indexes as `#`, a member the schema names
 * where it stands by its name, any other member (a key of a map, an unknown field, a reserved key, a name the
 * schema uses elsewhere) as `*`; below a place the schema does not describe, nothing more (the rest is the
 * input's own shape). So the features of a design file are bounded by its schema, whatever names the input holds.
 */
export function schemaPlace(root: Schema, pointer: string): string {
  if (pointer === '') return '';
  let nodes: Schema[] = [resolveRef(root, root)!];
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = /^\d+$/.test(token);
    const next: Schema[] = [];
    let named = false;
    for (const node of nodes.flatMap((n) => expand(root, n))) {
      const props = node['properties'];
      if (index) {
        const items = resolveRef(root, node['items']);
        if (items) next.push(items);
      } else if (isSchema(props) && Object.hasOwn(props, token)) {
        named = true;
        const sub = resolveRef(root, props[token]);
        if (sub) next.push(sub);
      } else {
        const sub = resolveRef(root, node['additionalProperties']);
        if (sub) next.push(sub);
      }
    }
    out += index ? '/#' : named ? `/${token}` : '/*';
    if (next.length === 0) return out;
    nodes = next;
  }
  return out;
}

/** The subschema that describes the value at `path`, following $ref, properties, additionalProperties, items and oneOf branches. */
export function schemaAt(root: Schema, path: JsonPath): Schema | undefined {
  let nodes: Schema[] = [resolveRef(root, root)!];
  for (const step of path) {
    const next: Schema[] = [];
    for (const node of nodes.flatMap((n) => expand(root, n))) {
      if (typeof step === 'number') {
        const items = resolveRef(root, node['items']);
        if (items) next.push(items);
      } else {
        const props = node['properties'];
        const sub = isSchema(props) && Object.hasOwn(props, step) ? resolveRef(root, props[step]) : resolveRef(root, node['additionalProperties']);
        if (sub) next.push(sub);
      }
    }
    if (next.length === 0) return undefined;
    nodes = next;
  }
  return nodes[0];
}

/** A schema node and the branches of its oneOf/anyOf, each with its $ref followed. */
function expand(root: Schema, node: Schema): Schema[] {
  const branches = [...asArray(node['oneOf']), ...asArray(node['anyOf'])].map((b) => resolveRef(root, b)).filter((b): b is Schema => b !== undefined);
  return [node, ...branches];
}

function resolveRef(root: Schema, node: unknown): Schema | undefined {
  if (!isSchema(node)) return undefined;
  const ref = node['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) target = isSchema(target) ? target[part] : undefined;
  return isSchema(target) ? target : undefined;
}

function walk(node: unknown, visit: (node: Schema) => void, seen = new Set<unknown>()): void {
  if (!isSchema(node) || seen.has(node)) return;
  seen.add(node);
  visit(node);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach((v) => walk(v, visit, seen));
    else walk(value, visit, seen);
  }
}

/** A number at a bound, just past it, inside the range, or one of the encodings' extremes. */
function numberFor(node: Schema, integer: boolean, rng: Rng, pool: readonly string[]): string {
  const lo = typeof node['minimum'] === 'number' ? node['minimum'] : typeof node['exclusiveMinimum'] === 'number' ? node['exclusiveMinimum'] : undefined;
  const hi = typeof node['maximum'] === 'number' ? node['maximum'] : typeof node['exclusiveMaximum'] === 'number' ? node['exclusiveMaximum'] : undefined;
  const roll = rng.int(10);
  if (roll < 3 && hi !== undefined) return String(rng.pick([hi, hi - 1, hi + 1, integer ? hi : hi - 0.5]));
  if (roll < 6 && lo !== undefined) return String(rng.pick([lo, lo + 1, lo - 1, integer ? lo : lo + 1e-9]));
  if (roll < 8) {
    const from = lo ?? 0;
    const to = hi ?? 100_000;
    const n = from + rng.int(Math.max(1, Math.min(to - from, 1_000_000)) + 1);
    return String(integer ? Math.floor(n) : n + rng.pick([0, 0.25, 0.5]));
  }
  return rng.pick(pool);
}

function stringFor(node: Schema, rng: Rng, strings: readonly string[]): string {
  const max = typeof node['maxLength'] === 'number' ? node['maxLength'] : undefined;
  switch (rng.int(10)) {
    case 0:
      return max !== undefined ? 'x'.repeat(rng.pick([max, max + 1])) : '';
    case 1:
      return rng.pick(['', ' ', '__proto__', 'constructor', 'a.b-c_d', '\u00e9', '../x']);
    default:
      return rng.pick(strings);
  }
}

function fromScalar(v: unknown): JNode {
  if (typeof v === 'string') return jstr(v);
  if (typeof v === 'number') return jnum(v);
  if (typeof v === 'boolean') return jbool(v);
  return jnull();
}

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
