/**
 * Files read as located JSON once each, for writers that place many findings in the same few files (the SARIF
 * regions, the report's positions): a missing, unreadable or non-JSON file is `null`, never an error, because a
 * finding without a position is still a finding.
 */
import { existsSync } from 'node:fs';
import type { LocatedJson } from './located-json.js';
import { readLocatedJson } from './read-input.js';

export class LocatedJsonCache {
  private readonly docs = new Map<string, LocatedJson | null>();

  get(path: string): LocatedJson | null {
    let doc = this.docs.get(path);
    if (doc === undefined) {
      try {
        const read = existsSync(path) ? readLocatedJson(path) : null;
        doc = read && read.value !== undefined ? read : null;
      } catch {
        doc = null;
      }
      this.docs.set(path, doc);
    }
    return doc;
  }
}
