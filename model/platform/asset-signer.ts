/**
 * Whether a component that may write a signed flash asset can get what it writes signed. A reader's "verifies before it
 * parses" exception for flash input (attack-surface.ts, defense-in-depth.exceptions-flash-only) turns away bytes nobody
 * signed: the flash writer's, and another component's that may write the asset. It does not turn away content signed
 * under the key the reader checks: a writer that may use that key (or read it, or set it), or that signs under it
 * itself, writes what the reader parses, and the signature verifies. So who signs the asset decides whether the
 * exception covers a writer, and the design states it as the asset's `signedBy`:
 *  - a key of /keys: signed off the device by the key's holder (Microsoft's, the device maker's signing server, as
 *    the boot images are); a component on the device puts signed content in place and cannot make new content pass;
 *  - a private-key asset of the design: signed on the device, and every component that may read, write or use that
 *    key signs what it wants (a use is enough: the key signs for it, model/platform/key-use.ts).
 * A trusted key store kept as a signed image names its signer in signedImage.signedBy, read the same way. Left out on
 * an asset another component writes, whether the exception covers that writer is unstated: defense-in-depth builds its
 * graph both ways and is unknown, naming /assets/i/signedBy, where the verdict turns on it (never a silent hold).
 * Before (s36) the exception covered every writer, and an app slot writing a signed failure log the Security Monitor
 * parses, with a use right on the log's signing key, held defense in depth.
 *
 * Read by attack-graph.ts (the derived writer-to-reader exploit through a flash asset) and defense-in-depth
 * (properties/defense-in-depth/index.ts); its second reading is test/differential/attack-reach.ts (`fedBy`).
 */
import type { PlatformAsset, PlatformDesign } from './platform-design.js';
import { reachRules } from './bus-masters.js';

/** 'cannot': the writer cannot make its own content pass the signature; 'can': it can; 'unstated': the design does not say who signs. */
export type WriterSigning = 'cannot' | 'can' | 'unstated';

/** The signer the design states for the asset: its signedBy, or a trusted key store's signedImage.signedBy. */
export function statedSigner(asset: Pick<PlatformAsset, 'signedBy' | 'signedImage'>): string | undefined {
  return asset.signedBy ?? asset.signedImage?.signedBy;
}

/** Whether `writer` can get content it writes into `asset` signed, by the asset's stated signer (see the header). */
export function writerSigning(design: Pick<PlatformDesign, 'keys' | 'assets' | 'access' | 'busMasters'>, asset: Pick<PlatformAsset, 'signedBy' | 'signedImage'>, writer: string): WriterSigning {
  const signer = statedSigner(asset);
  if (signer === undefined) return 'unstated';
  if (design.keys.some((k) => k.id === signer)) return 'cannot';
  const onDevice = design.assets.find((a) => a.id === signer);
  if (!onDevice) return 'unstated';
  return reachRules(design).some((r) => r.component === writer && r.asset === onDevice.id && r.rights.some((x) => x === 'read' || x === 'write' || x === 'use')) ? 'can' : 'cannot';
}
