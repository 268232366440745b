/**
 * What the device does each time it reaches the security service, in Azure Sphere's order: attest
 * (a failure is an 'attestation-failure' event, and without the update certificate attestation yields
 * the device can neither upload nor update this time), upload every pending error report (each within
 * the report bounds, forgetting events only once the service acknowledges them), then check for
 * updates (on connecting, when the design says so, and whenever the periodic check is due: checkDue).
 * A report the path loses is simply sent again next time; the service stores each event once.
 */
import type { InstallHooks } from './installer.js';
import type { SecurityServiceConnection } from './service-api.js';
import { checkForUpdates, type CheckResult } from './update-agent.js';
import { stamp, type UpdateDevice } from './update-device.js';
import { SECONDS_PER_HOUR } from './agent-policy.js';

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
  if (options.check ?? checkDue(device, now)) {
    // The timer restarts at the check; an install's reboot inside the check clears it again (RAM).
    device.checkTimerFrom = now;
    // The agent judges metadata (expiry, fast-forward) by the device's own clock, which an app may have set.
    result.check = checkForUpdates(device, service, device.clockAt(now), options.hooks);
  } else {
    device.checkTimerFrom ??= now;
    device.journal.push(`${stamp(now)} connect: no update check (checks.onConnect is false; the next periodic check is due at ${stamp(device.checkTimerFrom + device.design.checks.intervalHours * SECONDS_PER_HOUR)})`);
  }
  // Events the check itself logged go up now rather than a day later.
  if (result.check && device.isRunning) uploadReports(device, service, result);
  return result;
}

/**
 * Whether this connection checks for updates. With checks.onConnect every connection does (callers
 * connect at the moments the device checks). Without it the first connection after power-on does not,
 * but it starts the periodic timer, and any later connection checks once checks.intervalHours have passed
 * since that start or since the last check: the design still checks periodically, it only skips the
 * check on connecting.
 */
function checkDue(device: UpdateDevice, now: number): boolean {
  if (device.design.checks.onConnect) return true;
  return device.checkTimerFrom !== undefined && now - device.checkTimerFrom >= device.design.checks.intervalHours * SECONDS_PER_HOUR;
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
