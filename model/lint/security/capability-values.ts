/** The raw JSON of a manifest's capability, for rules that report at each entry of a list. */
import { isObject, type JsonValue, type LocatedJson } from '../../../formats/json/located-json.js';

export function capabilityList(doc: LocatedJson, key: string): JsonValue[] {
  const root = doc.value;
  const caps = isObject(root) ? root['Capabilities'] : undefined;
  const value = isObject(caps) && Object.hasOwn(caps, key) ? caps[key] : undefined;
  return Array.isArray(value) ? value : [];
}
