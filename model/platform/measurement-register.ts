/**
 * Which `register` assets are measurement registers: the one question every property that counts a measurement register
 * as an asset deciding trust asks (defense-in-depth's critical assets, model/platform/critical-assets.ts; small-tcb's
 * trust-deciding writers, model/platform/tcb.ts). A design states two things as a `register`: a measurement register
 * (what attestation reports the device ran, azure-sphere-facts §4; kept in Pluton in the built-in design) and a
 * hardware FIFO or mailbox register in the I/O registers, which carries one core's words to another and which the
 * data-path rules read as a message carrier (model/platform/data-paths.ts carriesMessages). A register is a measurement
 * register when a boot stage is measured into it, or when it is kept anywhere but the I/O registers; a register in the
 * I/O registers that no stage is measured into is a FIFO. Before (s32), every `register` was a measurement register:
 * an RT app writing its FIFO to the kernel made the FIFO a critical asset "falling to 0 compromises" (defense-in-depth
 * violated for the wrong reason) and put the app and the kernel in the TCB (small-tcb), where the same words passed
 * through an SRAM window did neither.
 */
import type { PlatformAsset, PlatformDesign } from './platform-design.js';

export function isMeasurementRegister(asset: Pick<PlatformAsset, 'id' | 'kind' | 'location'>, design: Pick<PlatformDesign, 'boot'>): boolean {
  if (asset.kind !== 'register') return false;
  return asset.location !== 'io-registers' || design.boot.some((s) => s.measurement?.register === asset.id);
}
