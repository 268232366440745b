/**
 * ComponentIds that the device takes for one app. The device compares them as GUIDs, without regard
 * to case or braces (azure-sphere-facts §1.4: the samples mix cases and still pair up), so the
 * manifest reader keeps them normalised and equal IDs are plain string equality here. "Each component
 * in a deployment must have a unique GUID" (learn.microsoft.com …/deployment/create-a-deployment,
 * §1.2): a second app with the same ID replaces the first instead of running beside it.
 */
import type { CodeName } from '../diagnostics/codes.js';
import { displayPath } from '../diagnostics/display-path.js';
import type { LocatedJson } from '../json/located-json.js';
import type { AppManifest } from './app-manifest.js';

export interface ManifestOnDevice {
  manifest: AppManifest;
  doc: LocatedJson;
}

/**
 * Reports every app whose ComponentId another app also has, at its own /ComponentId, naming the
 * others. DuplicateComponentId (error) when the apps share a device (a product); ComponentIdReused
 * (warning) when they merely lie in one tree.
 */
export function reportEqualComponentIds(apps: readonly ManifestOnDevice[], name: Extract<CodeName, 'DuplicateComponentId' | 'ComponentIdReused'>): void {
  const byId = new Map<string, ManifestOnDevice[]>();
  for (const app of apps) {
    const id = app.manifest.componentId;
    if (id === undefined) continue;
    byId.set(id, [...(byId.get(id) ?? []), app]);
  }
  for (const [id, group] of byId) {
    if (group.length < 2) continue;
    for (const app of group) {
      const others = group.filter((o) => o !== app).map(describe);
      const shown = others.slice(0, 3).join(', ') + (others.length > 3 ? ` and ${others.length - 3} more` : '');
      const consequence = name === 'DuplicateComponentId' ? 'the device takes them for one app: installing one replaces the other' : 'on one device they would be one app: installing one replaces the other';
      app.doc.report(name, '/ComponentId', `ComponentId ${id} is also the ComponentId of ${shown} (compared without regard to case or braces); ${consequence}`);
    }
  }
}

function describe(app: ManifestOnDevice): string {
  const where = `${displayPath(app.doc.file)}:${app.doc.positionOf('/ComponentId').line}`;
  return app.manifest.name ? `"${app.manifest.name}" (${where})` : where;
}
