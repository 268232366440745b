/**
 * Sideloading an app image over the local (USB) connection, as `az sphere device sideload deploy` does.
 * Only a device holding the appDevelopment capability accepts it, and then also development-signed
 * images (the SDK's key, whose certificate the OS knows); a device without the capability refuses any
 * sideload. Accepted images go to sideload/<slot> and run under the application manager, outside the
 * boot chain. Cloud deployments require the capability to be absent, so a group that receives app
 * deployments must refuse these.
 */
import { SIGNATURE_LENGTH, parseImagePackage, signatureInfoOf } from '../../formats/image-package/index.js';
import { hex } from './slots.js';
import { stamp, type UpdateDevice } from './update-device.js';

export type SideloadResult = { ok: true; developmentSigned: boolean } | { ok: false; reason: string };

export function sideload(device: UpdateDevice, slot: string, bytes: Uint8Array, now: number): SideloadResult {
  const refuse = (reason: string): SideloadResult => {
    device.report(now, 'update-failure', `sideload of ${slot} refused: ${reason}`);
    device.journal.push(`${stamp(now)} sideload ${slot}: refused: ${reason}`);
    return { ok: false, reason };
  };
  if (!device.isRunning) return { ok: false, reason: 'the device is not running' };
  if (!device.group.appDevelopmentCapability) return refuse(`devices in ${device.group.name} do not hold the appDevelopment capability`);
  const parsed = parseImagePackage(bytes);
  if (!parsed.ok) return refuse(`not an image package (${parsed.error.name})`);
  const info = signatureInfoOf(parsed.image);
  const certificate = device.developmentCertificate;
  const developmentSigned = info !== undefined && hex(info.thumbprint) === hex(certificate.thumbprint);
  if (!developmentSigned) return refuse('only development-signed images are sideloaded; production images come by deployment');
  if (!device.verifier.verify(bytes.subarray(0, bytes.length - SIGNATURE_LENGTH), bytes.subarray(bytes.length - SIGNATURE_LENGTH), certificate.publicKey)) return refuse('the development signature does not verify');
  device.flash.rewrite(`sideload/${slot}`, bytes, device.design.slots.writeBlockBytes, 'application-manager');
  device.journal.push(`${stamp(now)} sideload ${slot}: accepted, development-signed (${device.group.name} holds appDevelopment)`);
  return { ok: true, developmentSigned };
}
