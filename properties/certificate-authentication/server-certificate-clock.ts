/**
 * The device rejects an expired or not-yet-valid server certificate (the forged-chain suite's expired and
 * not-yet-valid cases, under certificate-authentication.attestation-protocol: its parties reject forged chains) only
 * by its own clock. An app that may set that clock (model/update/clock.ts, the rule renewable-security's freeze
 * detection reads: SystemTime sets it, TimeSyncConfig names the server it is set from, azure-sphere-facts §1.3),
 * once compromised, moves it to inside the validity of a certificate the service retired, and the OS's connections
 * to the security service (attestation, updates, error reports: §4) and the other apps' accept it. Expiry is what
 * retires a server key; a clock one app sets takes that from every connection of the device, not only its own.
 * Read statically here; suites.ts clockMovedChainPlay plays the same apps against the device's validator.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { Product } from '../../model/product/product.js';
import { clockSettingApps } from '../../model/update/clock.js';

export interface ServerCertificateClockFinding {
  app: string;
  /** manifest file and pointer of the capability that lets it set the clock. */
  where: string;
  message: string;
}

export function serverCertificateClockFindings(product: Pick<Product, 'apps'>): ServerCertificateClockFinding[] {
  return clockSettingApps(product).map((s) => {
    const where = `${displayPath(s.manifestFile)} ${s.capabilityPointer}`;
    const how = s.capabilityPointer.endsWith('/TimeSyncConfig') ? 'may point the time sync at a server of its own' : 'may set the system time';
    return {
      app: s.app,
      where,
      message: `${s.app} (${s.pointer}) ${how} (${where}): the device judges a server certificate's validity by that clock, so a compromised ${s.app} makes it accept an expired or not-yet-valid server certificate on every connection, the security service's included`,
    };
  });
}
