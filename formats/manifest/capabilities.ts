/**
 * Every capability key Azure Sphere knows, with the shape of its value and the device error for a
 * value of the wrong shape (azure-sphere-facts §1.3; error names from the device's app_manifest_error table).
 */
import type { CodeName } from '../diagnostics/codes.js';
import type { PeripheralCapability } from '../chips/chip-profile.js';

export type CapabilityShape =
  | { kind: 'boolean' }
  | { kind: 'peripherals'; peripheral: PeripheralCapability }
  | { kind: 'hosts' }
  | { kind: 'partners' }
  | { kind: 'ports'; illegalValue: CodeName }
  | { kind: 'tenant' }
  | { kind: 'storage' }
  | { kind: 'power-controls' };

export interface CapabilitySpec {
  shape: CapabilityShape;
  /** Device error for a value of the wrong JSON type. */
  parseError: CodeName;
  /** Only real-time apps may use it: 'error' when documented, 'warning' when inferred. */
  realTimeOnly?: 'error' | 'warning';
}

const bool = (parseError: CodeName, extra: Partial<CapabilitySpec> = {}): CapabilitySpec => ({ shape: { kind: 'boolean' }, parseError, ...extra });
const peripherals = (peripheral: PeripheralCapability, parseError: CodeName = 'PeripheralParseError', extra: Partial<CapabilitySpec> = {}): CapabilitySpec => ({
  shape: { kind: 'peripherals', peripheral },
  parseError,
  ...extra,
});

export const CAPABILITIES: Record<string, CapabilitySpec> = {
  AllowedConnections: { shape: { kind: 'hosts' }, parseError: 'ConnectionsParseError' },
  AllowedTcpServerPorts: { shape: { kind: 'ports', illegalValue: 'IllegalTcpPortsValue' }, parseError: 'AllowedTcpPortsParseError' },
  AllowedUdpServerPorts: { shape: { kind: 'ports', illegalValue: 'IllegalUdpPortsValue' }, parseError: 'AllowedUdpPortsParseError' },
  AllowedApplicationConnections: { shape: { kind: 'partners' }, parseError: 'AllowedApplicationConnectionsParseError' },
  Adc: peripherals('Adc'),
  CertStore: bool('CertStoreParseError'),
  DeviceAuthentication: { shape: { kind: 'tenant' }, parseError: 'DeviceAuthTenantIdParseError' },
  DhcpService: bool('DhcpServiceParseError'),
  EnterpriseWifiConfig: bool('EnterpriseWifiConfigParseError'),
  ExternalInterrupt: peripherals('ExternalInterrupt', 'PeripheralParseError', { realTimeOnly: 'warning' }),
  Gpio: peripherals('Gpio', 'GpioParseError'),
  HardwareAddressConfig: bool('HardwareAddressConfigParseError'),
  HeapMemStats: bool('HeapMemStatsParseError'),
  I2cMaster: peripherals('I2cMaster'),
  I2sSubordinate: peripherals('I2sSubordinate', 'PeripheralParseError', { realTimeOnly: 'error' }),
  MutableStorage: { shape: { kind: 'storage' }, parseError: 'NonObjectMutableStorageType' },
  NetworkConfig: bool('NetworkConfigParseError'),
  PowerControls: { shape: { kind: 'power-controls' }, parseError: 'PowerControlsMalformedParseError' },
  Pwm: peripherals('Pwm'),
  ReadNetworkProxyConfig: bool('ReadNetworkProxyConfigParseError'),
  // Known to the device (error id 57) but undocumented; a boolean like its neighbours is our guess.
  ResetMemoryWatermarks: bool('ResetMemoryWatermarksParseError'),
  SntpService: bool('SntpServiceParseError'),
  SoftwareUpdateDeferral: bool('SoftwareUpdateDeferralParseError'),
  SpiMaster: peripherals('SpiMaster'),
  SystemEventNotifications: bool('SystemEventNotificationsParseError'),
  SystemTime: bool('SystemTimeParseError'),
  TimeSyncConfig: bool('TimeSyncConfigParseError'),
  Uart: peripherals('Uart'),
  WifiConfig: bool('WifiParseError'),
};

/**
 * Capabilities only a high-level app can hold. A real-time app runs on an M4 core on bare metal or an
 * RTOS, outside the Azure Sphere OS (learn.microsoft.com/azure-sphere/app-development/applications-overview:
 * high-level apps use the application libraries, communicate with the internet and broker certificate-based
 * trust; RTApps configure peripherals and communicate with high-level apps). So it may claim peripherals
 * (the I/O firewall hands their blocks to its core) and partner links (the inter-core mailbox), and
 * nothing else: every other capability gates an OS service it cannot reach: the network stack and app
 * firewall (AllowedConnections, server ports), device authentication and the certificate store, mutable
 * storage ("RT apps can't use flash", azure-sphere-facts §2.1 QA-MEM), update events and deferral
 * (DOC-DEFER, §1.4), and the Applibs configuration APIs (Wi-Fi, networking, time, power).
 */
export const HIGH_LEVEL_ONLY: ReadonlySet<string> = new Set(
  Object.entries(CAPABILITIES)
    .filter(([, spec]) => spec.shape.kind !== 'peripherals' && spec.shape.kind !== 'partners')
    .map(([key]) => key),
);

export const POWER_CONTROLS = ['ForcePowerDown', 'ForceReboot', 'SetPowerProfile'] as const;

export const TOP_LEVEL_FIELDS = new Set([
  'SchemaVersion',
  'Name',
  'ComponentId',
  'EntryPoint',
  'CmdArgs',
  'Capabilities',
  'ApplicationType',
  'MallocVersion',
]);
export const LEGACY_FIELDS = new Set(['TargetApplicationRuntimeVersion', 'TargetBetaApis']);

const GUID = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;

export function isGuid(s: string): boolean {
  if (!GUID.test(s)) return false;
  return s.startsWith('{') === s.endsWith('}');
}

/** The all-zero GUID: the DeviceAuthentication the samples ship (azure-sphere-facts §1.3), which names no tenant. */
export const NIL_GUID = '00000000-0000-0000-0000-000000000000';

/** Azure Sphere compares component IDs without regard to case (the samples mix cases). */
export function normalizeGuid(s: string): string {
  return s.replace(/^\{|\}$/g, '').toLowerCase();
}
