/**
 * The real partner-app groups in ../shared/corpus: apps whose manifests list each other in
 * AllowedApplicationConnections, grouped within one source repository (the corpus holds copies of
 * the same samples in several repositories).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE_NAME } from '../../model/lint/lint.js';
import { walkPaths } from '../../model/lint/walk.js';
import { normalizeGuid } from '../../formats/manifest/capabilities.js';

export interface PartnerGroup {
  repository: string;
  manifests: string[];
}

interface Entry {
  file: string;
  id: string;
  partners: string[];
}

export function corpusPartnerGroups(corpus: string): PartnerGroup[] {
  const groups: PartnerGroup[] = [];
  const byRepo = new Map<string, Entry[]>();
  for (const { file } of walkPaths([corpus]).candidates) {
    if (!file.endsWith(MANIFEST_FILE_NAME)) continue;
    let json: { ComponentId?: unknown; Capabilities?: { AllowedApplicationConnections?: unknown } };
    try {
      json = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch {
      continue;
    }
    if (typeof json.ComponentId !== 'string') continue;
    const partners = Array.isArray(json.Capabilities?.AllowedApplicationConnections) ? (json.Capabilities.AllowedApplicationConnections as unknown[]).filter((p): p is string => typeof p === 'string').map(normalizeGuid) : [];
    const repo = file.slice(join(corpus, '/').length).split('/')[0]!;
    byRepo.set(repo, [...(byRepo.get(repo) ?? []), { file, id: normalizeGuid(json.ComponentId), partners }]);
  }
  for (const [repository, entries] of byRepo) {
    const mutual = (a: Entry, b: Entry) => a.id !== b.id && a.partners.includes(b.id) && b.partners.includes(a.id);
    const keys = new Set<string>();
    const add = (members: Entry[]) => {
      const key = members.map((m) => m.file).sort().join('|');
      if (!keys.has(key)) {
        keys.add(key);
        groups.push({ repository, manifests: members.map((m) => m.file) });
      }
    };
    for (const a of entries) {
      const partners = entries.filter((b) => mutual(a, b));
      // Every mutual pair is a deployment someone can make.
      for (const b of partners) add([a, b].sort((x, y) => x.file.localeCompare(y.file)));
      // An app whose partners sit beside it in one sample (e.g. MediaTek's HLApp, RTAppA, RTAppB) is deployed with all of them.
      const siblings = partners.filter((b) => parentOf(parentOf(b.file)) === parentOf(parentOf(a.file)));
      if (siblings.length > 1) add([a, ...siblings]);
    }
  }
  return groups;
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}
