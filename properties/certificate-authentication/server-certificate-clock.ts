/**
 * The device rejects an expired or not-yet-valid server certificate (the forged-chain suite's expired and
 * not-yet-valid cases, under certificate-authentication.attestation-protocol: its parties reject forged chains) only
 * by its own clock. An app that may set that clock (model/update/clock.ts, the rule renewable-security's freeze
 * detection reads: SystemTime sets it, TimeSyncConfig names the server it is set from, azure-sphere-facts §1.3),
 * once compromised, moves it to inside the validity of a certificate the service retired, and the OS's connections
 * to the security service (attestation, updates, error reports: §4) and the other apps' accept it. Expiry is what
 * retires a server key; a clock one app sets takes that from every connection of the device, not only its own.
 * Read statically here; suites.ts clockMovedChainPlay plays the same apps against the device's validator.
 * Nor may the network: an update design that states its time sync unauthenticated (model/update/clock.ts
 * timeSourceFinding, the reading renewable-security's freeze detection makes of it) lets an attacker on the path
 * answer the time sync and move the clock the same way, with no app needed. (Before s38 only apps were read here:
 * test/fixtures/updates/time-sync-unauthenticated held certificate-authentication; its sound twin is
 * products/renewal-time-sync-authenticated.) An unstated time sync is left to renewable-security, which is unknown on it.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { Product } from '../../model/product/product.js';
import { clockSettingApps, timeSourceFinding } from '../../model/update/clock.js';
import type { UpdateDesign } from '../../model/update/update-design.js';

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

/** The network's hand on the clock: an update design that states its time sync unauthenticated; [] otherwise. */
export function networkClockFindings(update: { design?: Pick<UpdateDesign, 'timeSync'>; file: string }): ServerCertificateClockFinding[] {
  if (!update.design || timeSourceFinding(update.design) !== 'unauthenticated') return [];
  const where = `${displayPath(update.file)} /timeSync`;
  return [{ app: 'the network', where, message: `the device sets its clock from an unauthenticated time sync (${where}): an attacker on the path answers it and moves the clock inside the validity of an expired or not-yet-valid server certificate, which the device then accepts on every connection, the security service's included` }];
}
