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
  /** Meaningless for a real-time app (the high-level app acts for it). */
  highLevelOnly?: boolean;
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
  SoftwareUpdateDeferral: bool('SoftwareUpdateDeferralParseError', { highLevelOnly: true }),
  SpiMaster: peripherals('SpiMaster'),
  SystemEventNotifications: bool('SystemEventNotificationsParseError', { highLevelOnly: true }),
  SystemTime: bool('SystemTimeParseError'),
  TimeSyncConfig: bool('TimeSyncConfigParseError'),
  Uart: peripherals('Uart'),
  WifiConfig: bool('WifiParseError'),
};

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

/** Azure Sphere compares component IDs without regard to case (the samples mix cases). */
export function normalizeGuid(s: string): string {
  return s.replace(/^\{|\}$/g, '').toLowerCase();
}
