/**
 * What the device does each time it reaches the security service, in Azure Sphere's order: attest
 * (a failure is an 'attestation-failure' event, and without the update certificate attestation yields
 * the device can neither upload nor update this time), upload every pending error report (each within
 * the report bounds, forgetting events only once the service acknowledges them), then check for
 * updates. A report the path loses is simply sent again next time; the service stores each event once.
 */
import type { InstallHooks } from './installer.js';
import type { SecurityServiceConnection } from './service-api.js';
import { checkForUpdates, type CheckResult } from './update-agent.js';
import { stamp, type UpdateDevice } from './update-device.js';

export interface ConnectResult {
  attested: boolean;
  /** Events the service acknowledged in this connection. */
  uploaded: number;
  reports: number;
  check?: CheckResult;
}

export function connect(device: UpdateDevice, service: SecurityServiceConnection, now: number, options: { check?: boolean; hooks?: InstallHooks } = {}): ConnectResult {
  const result: ConnectResult = { attested: false, uploaded: 0, reports: 0 };
  if (!device.isRunning) return result;
  const attestation = service.attest(device.identity.deviceId);
  if (!attestation.ok) {
    device.report(now, 'attestation-failure', `attestation refused: ${attestation.reason ?? 'no reason given'}`);
    device.journal.push(`${stamp(now)} connect: attestation failed (${attestation.reason}): no upload, no update check`);
    return result;
  }
  result.attested = true;
  uploadReports(device, service, result);
  if (options.check ?? device.design.checks.onConnect) result.check = checkForUpdates(device, service, now, options.hooks);
  // Events the check itself logged go up now rather than a day later.
  if (result.check && device.isRunning) uploadReports(device, service, result);
  return result;
}

function uploadReports(device: UpdateDevice, service: SecurityServiceConnection, result: ConnectResult): void {
  // Each round forgets at least one event, so the loop ends; the bound only guards against a lying acknowledgement.
  for (let round = 0; round < 10_000 && device.log && device.log.pending().length > 0; round++) {
    const report = device.log.nextReport(device.identity.deviceId);
    const receipt = service.uploadErrorReport(report);
    if (!receipt.ok) return;
    const before = device.log.pending().length;
    device.log.acknowledge(receipt.value.acknowledgedThrough);
    result.reports++;
    result.uploaded += before - device.log.pending().length;
    if (device.log.pending().length === before) return;
  }
}
