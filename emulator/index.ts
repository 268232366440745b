export { bootDevice, Device, prepareBoot, type BootOptions, type BootResult, type EmulatedDevice, type PreparedBoot } from './app-device.js';
export type { AppState, Observation } from './app.js';
export { FAULT_NAMES, activeFaults, type EmulatorFaults, type FaultName } from './faults.js';
export { FailureLog, type FailureEvent, type FailureKind } from './failure-log.js';
export { programFirewall, type FirewallVerdict, type IoFirewall } from './firewall.js';
export { capabilitiesFromManifest, hostEntryMatches, type OsCapabilities } from './os-capabilities.js';
export { describeResult, describeSyscall, normalizeComponentId, type EmulatorErrno, type Syscall, type SyscallKind, type SyscallResult } from './syscalls.js';
