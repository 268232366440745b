/**
 * The catalogue of diagnostic codes. Where the device has an error for the same fault we reuse its
 * number (category << 20 | id, from Azure/azure-sphere-tools ParseDeviceLog/24.06/commonerror_yml), so a
 * finding here can be matched with what `az sphere device app start` would print. Sevenfold's own
 * codes (SFnnnn) cover what the device never sees: hardware-definition files, `$` references, the product file.
 */
import type { Severity } from './diagnostic.js';

export interface CodeInfo {
  code: number | string;
  severity: Severity;
  hint?: string;
  /** 'security' for the security lint; SARIF carries tags to code-scanning tools. */
  tags?: readonly string[];
}

const APP_MANIFEST = 2 << 20; // category 2 AppManifestError
const PERIPHERAL = 5 << 20; // category 5 PeripheralError

export const CODES = {
  // --- files and JSON (any input) ---
  InvalidJson: { code: APP_MANIFEST + 1, severity: 'error', hint: 'Fix the JSON syntax at this position.' },
  ErrorReadingFile: { code: APP_MANIFEST + 2, severity: 'error' },
  InvalidUtf8: { code: 'SF0001', severity: 'error', hint: 'Save the file as UTF-8 (a byte-order mark is allowed).' },
  FileTooLarge: { code: 'SF0002', severity: 'error', hint: 'Azure Sphere inputs are a few kilobytes; check that this is the right file.' },
  NestingTooDeep: { code: 'SF0003', severity: 'error', hint: 'Real manifests and hardware definitions nest at most a few levels.' },
  DuplicateKey: { code: 'SF0004', severity: 'warning', hint: 'JSON parsers keep only the last value; remove the duplicate key.' },
  NotAFile: { code: 'SF0005', severity: 'error', hint: 'Point at the JSON file itself, not a directory.' },
  ReservedKey: { code: 'SF0006', severity: 'error', hint: 'Keys such as __proto__ are not part of any Azure Sphere format.' },
  NotRecognised: { code: 'SF0007', severity: 'info' },
  NumberNotExact: { code: 'SF0010', severity: 'error', hint: 'Write the number the field means: Azure Sphere inputs hold small counts, ports, sizes and hours.' },
  InputDuplicateKey: { code: 'SF0009', severity: 'error', hint: 'Keep one of the two values.' },
  PathNotFound: { code: 'SF0008', severity: 'error', hint: 'Check the path: a relative path on the command line is resolved from the working directory.' },

  // --- application manifest, device codes (category 2) ---
  MissingEntryPoint: { code: APP_MANIFEST + 3, severity: 'error', hint: 'Add "EntryPoint": "/bin/app" (high-level) or the ELF name (real-time).' },
  MissingSchemaVersion: { code: APP_MANIFEST + 4, severity: 'error', hint: 'Add "SchemaVersion": 1.' },
  CmdArgParseError: { code: APP_MANIFEST + 5, severity: 'error', hint: 'CmdArgs is an array of strings, e.g. "CmdArgs": ["--verbose"].' },
  MissingCapabilitiesList: { code: APP_MANIFEST + 6, severity: 'error', hint: 'Add "Capabilities": {} even when the app needs none.' },
  ConnectionsParseError: { code: APP_MANIFEST + 9, severity: 'error', hint: 'AllowedConnections is an array of host names or IP addresses.' },
  GpioParseError: { code: APP_MANIFEST + 10, severity: 'error', hint: 'Gpio is an array of GPIO numbers or "$NAME" references.' },
  NetworkConfigParseError: { code: APP_MANIFEST + 11, severity: 'error', hint: 'NetworkConfig is true or false.' },
  PeripheralParseError: { code: APP_MANIFEST + 13, severity: 'error' },
  WifiParseError: { code: APP_MANIFEST + 15, severity: 'error', hint: 'WifiConfig is true or false.' },
  BadEntryPoint: { code: APP_MANIFEST + 16, severity: 'error', hint: 'EntryPoint is a non-empty string.' },
  IncompatibleSchemaVersion: { code: APP_MANIFEST + 17, severity: 'error', hint: 'SchemaVersion must currently be 1.' },
  UartNotAvailable: { code: APP_MANIFEST + 18, severity: 'error', hint: 'MT3620 UARTs are ISU0 to ISU4.' },
  ErrorParsingPolicyCapabilities: { code: APP_MANIFEST + 21, severity: 'error', hint: 'Remove the policy field: application manifests must not include one.' },
  DeviceAuthTenantIdParseError: { code: APP_MANIFEST + 24, severity: 'error', hint: 'DeviceAuthentication is the tenant ID, a GUID string.' },
  BadAppType: { code: APP_MANIFEST + 26, severity: 'error', hint: 'Use "Default" (high-level, A7) or "RealTimeCapable" (M4).' },
  NonStringAppType: { code: APP_MANIFEST + 27, severity: 'error', hint: 'ApplicationType is a string: "Default" or "RealTimeCapable".' },
  DeviceAuthTenantIdTooLong: { code: APP_MANIFEST + 29, severity: 'error', hint: 'DeviceAuthentication is a 36-character GUID.' },
  SystemTimeParseError: { code: APP_MANIFEST + 30, severity: 'error', hint: 'SystemTime is true or false.' },
  NonObjectMutableStorageType: { code: APP_MANIFEST + 31, severity: 'error', hint: 'Use "MutableStorage": { "SizeKB": 8 }.' },
  MutableStorageMissingRequiredField: { code: APP_MANIFEST + 32, severity: 'error', hint: 'Add "SizeKB" to MutableStorage.' },
  ErrorParsingMutableStorageField: { code: APP_MANIFEST + 33, severity: 'error', hint: 'SizeKB is a positive integer.' },
  MutableStorageRequestTooLarge: { code: APP_MANIFEST + 34, severity: 'error', hint: 'A high-level app gets at most 64 KB of mutable storage.' },
  RequestedPeripheralsRequireSamePin: { code: APP_MANIFEST + 35, severity: 'error' },
  AllowedTcpPortsParseError: { code: APP_MANIFEST + 36, severity: 'error', hint: 'AllowedTcpServerPorts is an array of integers.' },
  AllowedUdpPortsParseError: { code: APP_MANIFEST + 37, severity: 'error', hint: 'AllowedUdpServerPorts is an array of integers.' },
  IllegalTcpPortsValue: { code: APP_MANIFEST + 38, severity: 'error', hint: 'Ports are integers from 1 to 65535.' },
  IllegalUdpPortsValue: { code: APP_MANIFEST + 39, severity: 'error', hint: 'Ports are integers from 1 to 65535.' },
  TimeSyncConfigParseError: { code: APP_MANIFEST + 40, severity: 'error', hint: 'TimeSyncConfig is true or false.' },
  DhcpServiceParseError: { code: APP_MANIFEST + 41, severity: 'error', hint: 'DhcpService is true or false.' },
  SntpServiceParseError: { code: APP_MANIFEST + 42, severity: 'error', hint: 'SntpService is true or false.' },
  AllowedApplicationConnectionsParseError: { code: APP_MANIFEST + 43, severity: 'error', hint: 'AllowedApplicationConnections is an array of component-ID GUIDs.' },
  CertStoreParseError: { code: APP_MANIFEST + 44, severity: 'error', hint: 'CertStore is true or false.' },
  EnterpriseWifiConfigParseError: { code: APP_MANIFEST + 45, severity: 'error', hint: 'EnterpriseWifiConfig is true or false.' },
  SystemEventNotificationsParseError: { code: APP_MANIFEST + 46, severity: 'error', hint: 'SystemEventNotifications is true or false.' },
  SoftwareUpdateDeferralParseError: { code: APP_MANIFEST + 47, severity: 'error', hint: 'SoftwareUpdateDeferral is true or false.' },
  PowerControlsMalformedParseError: { code: APP_MANIFEST + 48, severity: 'error', hint: 'PowerControls is an array of distinct strings.' },
  PowerControlsEmptyParseError: { code: APP_MANIFEST + 49, severity: 'error', hint: 'Remove PowerControls or list at least one control.' },
  PowerControlsInvalidEntryParseError: { code: APP_MANIFEST + 50, severity: 'error', hint: 'Valid entries: ForcePowerDown, ForceReboot, SetPowerProfile.' },
  HardwareAddressConfigParseError: { code: APP_MANIFEST + 51, severity: 'error', hint: 'HardwareAddressConfig is true or false.' },
  ReadNetworkProxyConfigParseError: { code: APP_MANIFEST + 56, severity: 'error', hint: 'ReadNetworkProxyConfig is true or false.' },
  ResetMemoryWatermarksParseError: { code: APP_MANIFEST + 57, severity: 'error', hint: 'ResetMemoryWatermarks is true or false.' },
  HeapMemStatsParseError: { code: APP_MANIFEST + 58, severity: 'error', hint: 'HeapMemStats is true or false.' },
  MallocVersionParseError: { code: APP_MANIFEST + 59, severity: 'error', hint: 'MallocVersion is an integer (2 in current samples).' },

  // --- application manifest, device codes (other categories) ---
  InvalidComponentId: { code: (7 << 20) + 47, severity: 'error', hint: 'ComponentId is a GUID such as "1689d8b2-c835-2e27-27ad-e894d6d15fa9".' },
  UndefinedGpioInManifest: { code: PERIPHERAL + 3, severity: 'error', hint: 'Use a GPIO that the chip exposes, or a "$NAME" from the hardware definition.' },
  UndefinedPeripheralInManifest: { code: PERIPHERAL + 7, severity: 'error', hint: 'Use a peripheral name from the chip, e.g. "ISU0", or a "$NAME" from the hardware definition.' },

  // --- application manifest, Sevenfold codes ---
  MissingName: { code: 'SF1001', severity: 'error', hint: 'Add "Name": a short string; only its first 31 characters are stored in the image.' },
  NameTruncated: { code: 'SF1002', severity: 'warning', hint: 'Only the first 31 characters of Name are stored in the image package.' },
  MissingComponentId: { code: 'SF1003', severity: 'error', hint: 'Add "ComponentId": a GUID that identifies this app in deployments.' },
  MissingCmdArgs: { code: 'SF1004', severity: 'warning', hint: 'Add "CmdArgs": [] so every SDK version accepts the manifest.' },
  LegacyField: { code: 'SF1005', severity: 'warning', hint: 'This field moved out of the manifest in SDK 19.02 (now a build setting); remove it.' },
  UnknownField: { code: 'SF1006', severity: 'warning', hint: 'Check the spelling: field names are case-sensitive.' },
  UnknownCapability: { code: 'SF1007', severity: 'warning', hint: 'Check the spelling: capability names are case-sensitive.' },
  DeferralWithoutNotifications: { code: 'SF1008', severity: 'warning', hint: 'Also add "SystemEventNotifications": true; deferral works through update events.' },
  RealTimeOnlyCapability: { code: 'SF1009', severity: 'error', hint: 'Only RealTimeCapable apps (on an M4 core) may use this capability.' },
  RealTimeOnlyCapabilityUnconfirmed: { code: 'SF1010', severity: 'warning', hint: 'External interrupts are documented for real-time apps only.' },
  DuplicateEntry: { code: 'SF1011', severity: 'warning', hint: 'Remove the repeated entry.' },
  NonGuidPartner: { code: 'SF1012', severity: 'error', hint: 'Partner apps are named by their ComponentId GUID.' },
  EmptyHostName: { code: 'SF1013', severity: 'error', hint: 'Host names are non-empty strings.' },
  RealTimeAppUsesReference: { code: 'SF1014', severity: 'info', hint: 'Real-time apps are documented to use raw values; the build substitutes "$NAME" only when a hardware definition is configured.' },
  // SF1015 (RealTimeAppCapability, a warning for two update capabilities in real-time apps) is retired:
  // HighLevelOnlyCapability (SF6007) covers every capability a real-time app cannot hold.
  // The samples' CodeSnippets/** manifests hold only "Capabilities" (azure-sphere-facts §1.6): the
  // capabilities one snippet needs, to be merged into an app's manifest. Not deployable as they are,
  // hence a warning, but not four separate "missing field" errors either.
  DuplicateComponentId: { code: 'SF1017', severity: 'error', hint: 'Give each app of the product its own ComponentId (a new GUID); the device compares them without regard to case or braces.' },
  ComponentIdReused: { code: 'SF1018', severity: 'warning', hint: 'A copy of a sample keeps the sample\'s ComponentId: give each app its own GUID unless it is meant to replace the other.' },
  ManifestFragment: { code: 'SF1016', severity: 'warning', hint: 'A fragment is merged into an app manifest before it is deployed; a deployable manifest also needs SchemaVersion, Name, ComponentId and EntryPoint.' },

  // --- $NAME references, Sevenfold codes ---
  UnresolvedReference: { code: 'SF1101', severity: 'error', hint: 'Check the name, or pick the hardware definition the app is built against (--hardware).' },
  ReferenceTypeMismatch: { code: 'SF1102', severity: 'error' },
  IntPeripheralInManifest: { code: 'SF1103', severity: 'error', hint: 'Type "int" entries (PWM/ADC channels, SPI chip selects) are values for code, not peripherals; request the controller instead.' },
  ReferenceNotChecked: { code: 'SF1104', severity: 'info', hint: 'Pass --hardware <definition.json> to resolve "$NAME" references.' },

  // --- hardware definitions, Sevenfold codes ---
  HwMissingMetadata: { code: 'SF2001', severity: 'error', hint: 'Add "Metadata": { "Type": "Azure Sphere Hardware Definition", "Version": 1 }.' },
  HwBadMetadata: { code: 'SF2002', severity: 'error', hint: 'Metadata.Type is "Azure Sphere Hardware Definition" and Metadata.Version is 1.' },
  HwBadDescription: { code: 'SF2003', severity: 'warning', hint: 'Description has a Name string and MainCoreHeaderFileTopContent, an array of strings.' },
  HwBadImports: { code: 'SF2004', severity: 'error', hint: 'Imports is an array of { "Path": "file.json" }.' },
  HwMissingImport: { code: 'SF2005', severity: 'error', hint: 'Imports resolve relative to this file, then through --hardware-path (the SDK HardwareDefinitions folder).' },
  HwImportCycle: { code: 'SF2006', severity: 'error', hint: 'Remove one import so that the chain ends at the chip definition.' },
  HwBadPeripherals: { code: 'SF2007', severity: 'error', hint: 'Peripherals is an array of { Name, Type, Mapping | AppManifestValue + MainCoreHeaderValue }.' },
  HwBadPeripheral: { code: 'SF2008', severity: 'error' },
  HwDuplicateName: { code: 'SF2009', severity: 'error', hint: 'Peripheral names must be unique across a definition and everything it imports.' },
  HwUnknownMapping: { code: 'SF2010', severity: 'error', hint: 'Mapping names a peripheral defined in an imported file.' },
  HwMappingTypeMismatch: { code: 'SF2011', severity: 'error', hint: 'A mapping must keep the peripheral Type (Gpio maps to Gpio, Uart to Uart, ...).' },
  HwUnknownType: { code: 'SF2012', severity: 'warning', hint: 'Known types: Gpio, Pwm, Adc, I2cMaster, SpiMaster, Uart, I2sSubordinate, ExternalInterrupt, int.' },
  HwBadHeaderValue: { code: 'SF2013', severity: 'error', hint: 'MainCoreHeaderValue is a parenthesised integer such as "(8)" or "(-1)".' },
  HwAmbiguousImport: { code: 'SF2014', severity: 'warning', hint: 'Several files of that name lie under the hardware path; name the folder more precisely.' },
  HwUnknownField: { code: 'SF2015', severity: 'warning', hint: 'Check the spelling: field names are case-sensitive.' },
  HwMappingCycle: { code: 'SF2016', severity: 'error', hint: 'Mappings must end at an entry with an AppManifestValue.' },
  HwUnusedValue: { code: 'SF2017', severity: 'warning' },
  HwMappingTooLong: { code: 'SF2018', severity: 'error', hint: 'Real chains are a few hops (app definition → board → chip); map to the chip entry more directly.' },
  HwInvalidJson: { code: 'SF2019', severity: 'error', hint: 'A hardware definition is a JSON file (the SDK\'s HardwareDefinitions/*.json): fix the syntax at this position, or name the .json definition the app is built against.' },

  // --- security lint (SF6nnn): what a security reviewer checks in a manifest. Each rule's basis is in
  // model/lint/security/ next to the rule and in the README's lint table. ---
  PlaceholderTenant: { code: 'SF6001', severity: 'error', tags: ['security'], hint: 'Set DeviceAuthentication to the ID of the Azure Sphere tenant (catalog) the devices are claimed into (az sphere tenant show-selected / az sphere catalog show).' },
  IpLiteralConnection: { code: 'SF6002', severity: 'warning', tags: ['security'], hint: 'Name the server by its DNS host name, so that TLS can check its certificate against the name and the address can change without a new image.' },
  BroadcastConnection: { code: 'SF6003', severity: 'warning', tags: ['security'], hint: 'Send to the one host that needs the data; a broadcast address reaches every host on the local network.' },
  WildcardConnection: { code: 'SF6004', severity: 'error', tags: ['security'], hint: 'List the host names the app connects to; a wildcard on its own or over a whole top-level domain switches the app firewall off.' },
  ListeningPort: { code: 'SF6005', severity: 'warning', tags: ['security'], hint: 'Every listening port is reachable by any host on the network: check that the app authenticates what it accepts there, or remove the port.' },
  NetworkConfigWithoutConnections: { code: 'SF6006', severity: 'warning', tags: ['security'], hint: 'An app that sends and accepts nothing can still move the whole device to another network or DNS server: keep these capabilities in the one app that manages the network.' },
  // A warning, not an error: no device error code names this case (the device's app_manifest_error table
  // has none), so the manifest may well be accepted and the capability ignored; what soundness needs, that
  // the model grants the app nothing by it, holds either way. --fail-on warning makes a CI gate fail on it.
  HighLevelOnlyCapability: { code: 'SF6007', severity: 'warning', tags: ['security'], hint: 'Real-time apps get peripherals and partner links only; move this capability to the high-level partner app, or make the app high-level.' },
  PlaceholderHost: { code: 'SF6008', severity: 'warning', tags: ['security'], hint: 'Replace the placeholder with the real host name before the image is built; until then the app firewall admits a name nobody controls for you.' },
  SharedServiceWildcard: { code: 'SF6009', severity: 'warning', tags: ['security'], hint: 'Anyone can create a service under this shared cloud domain: list your own host (e.g. your-hub.azure-devices.net) instead of the wildcard.' },

  // --- CMakeLists.txt: the hardware definition an app is built against (SF7nnn) ---
  CmakeHardwareDefinitionConditional: { code: 'SF7001', severity: 'info', hint: 'Lint follows the board conditions as CMake would; --define NAME (or NAME=VALUE) sets a variable as cmake -D does, and --hardware overrides the lookup.' },
  CmakeHardwareDefinitionMissing: { code: 'SF7002', severity: 'error', hint: 'TARGET_DIRECTORY is relative to the folder of CMakeLists.txt; the SDK then looks in its own HardwareDefinitions folder (give it with --hardware-path).' },
  CmakeHardwareDefinitionUnknown: { code: 'SF7003', severity: 'info', hint: 'Pass --hardware-path <SDK>/HardwareDefinitions, --define NAME=VALUE for the variable, or --hardware <definition.json>.' },
  CmakeUnreadable: { code: 'SF7004', severity: 'warning', hint: 'Check the CMake syntax at this position (quotes, parentheses, bracket comments).' },

  // --- product file ---
  ProductInvalid: { code: 'SF3001', severity: 'error' },
  ProductFileMissing: { code: 'SF3002', severity: 'error', hint: 'Paths in the product file are relative to the product file.' },
  ProductUnknownChip: { code: 'SF3003', severity: 'error', hint: 'Built-in chip profiles: mt3620.' },
  ProductManifestDuplicateKey: { code: 'SF3005', severity: 'error', hint: 'Keep one of the two values: the device may read either, or refuse the manifest.' },
  ProductCapabilityNameVariant: { code: 'SF3006', severity: 'error', hint: 'Write the capability as Azure Sphere names it (e.g. "AllowedConnections"), or remove it: the device may grant it or ignore it.' },
  ProductReferenceUnresolved: { code: 'SF3004', severity: 'error', hint: 'Name the hardware definition the apps are built against in the product file ("hardwareDefinition"), or write raw values in the manifest.' },
  // A product whose stated hardware definition and an app's own build (CMakeLists.txt) give a "$NAME" two values (model/product/app-hardware-choice.ts).
  ProductHardwareMismatch: { code: 'SF3020', severity: 'error', hint: 'Name the definition the app is built against in apps[].hardwareDefinition (or make its CMakeLists.txt name the product\'s): the image carries the values its own build substituted.' },
  ProductDeviceCapabilityUnjudged: { code: 'SF3021', severity: 'warning', hint: 'No property reads this capability: the reference facts give no source for what a device carrying it accepts (fieldServicing: local servicing over USB). The verdicts are those of devices without it; remove it if the devices do not carry it.' },
  // app images (model/product/images.ts)
  ProductImageUnreadable: { code: 'SF3010', severity: 'error', hint: "apps[].image is the app's .imagepackage as the SDK builds it: signed metadata over an ASXipFS body that holds app_manifest.json." },
  ProductImageManifestMismatch: { code: 'SF3011', severity: 'warning', hint: "The device enforces the manifest inside the image: rebuild the image from this manifest, or point apps[].image at the image built from it." },
  // An image of another app (its ComponentId, ApplicationType or image type differ from the manifest's): every property places the app by its manifest (its core, its slot, its boot stage), so none may judge it.
  ProductImageOfAnotherApp: { code: 'SF3017', severity: 'error', hint: "The image is another app's (another identity or core): rebuild it from this manifest, or point apps[].image at this app's image." },
  ProductImageSignatureInvalid: { code: 'SF3012', severity: 'warning', hint: 'The device refuses an image whose signature does not verify; re-sign it with the key of the certificate it names.' },
  ProductImageUntrustedSigner: { code: 'SF3013', severity: 'warning', hint: 'Name the signing certificate in trustedImageCertificates (release) or testImageCertificates (development).' },
  ProductCertificateInvalid: { code: 'SF3014', severity: 'error', hint: 'trustedImageCertificates and testImageCertificates list X.509 P-256 certificates (PEM or DER), relative to the product file.' },
  ProductSdkTestCertificateTrusted: { code: 'SF3015', severity: 'warning', hint: 'The SDK test key is public: images it signs are test-signed whatever the product file says. Remove it from trustedImageCertificates.' },
  ProductCertificateAlsoTest: { code: 'SF3016', severity: 'warning', hint: 'A certificate the product calls a development certificate is never a production signer: remove it from one of the two lists.' },

  // --- platform design ---
  PlatformInvalid: { code: 'SF4001', severity: 'error', hint: 'See model/schema/platform.schema.json.' },
  PlatformUnknownReference: { code: 'SF4002', severity: 'error', hint: 'Ids refer to entries of components, assets, keys or attackers in the same design.' },
  PlatformDuplicateId: { code: 'SF4003', severity: 'error', hint: 'Every component, asset, key and attacker needs its own id.' },
  UpdateDesignInvalid: { code: 'SF5001', severity: 'error', hint: 'See model/schema/update.schema.json.' },
  ProtocolDesignInvalid: { code: 'SF5101', severity: 'error', hint: 'See model/schema/protocol.schema.json.' },
  ProtocolKeyNotInPlatform: { code: 'SF5102', severity: 'error', hint: 'attestation.signingKey and deviceCertificate.clientKey name assets of the product\'s platform design. A product on a platform with its own asset ids names its own protocol design (product field "protocol"): the built-in one names Azure Sphere\'s "device-identity-key".' },
  RequirementsInvalid: { code: 'SF5201', severity: 'error', hint: 'See model/schema/requirements.schema.json.' },
  PlatformBootGraph: { code: 'SF4004', severity: 'error', hint: 'Every image is loaded once, by a component that is itself immutable or loaded earlier.' },
  PlatformAccessRight: { code: 'SF4005', severity: 'error', hint: 'extend is for a register, use for a private key or key store, execute for memory or storage; write if the component can change the asset, read if it can see it.' },
  PlatformAssetLocation: { code: 'SF4006', severity: 'error', hint: 'Only an asset kept in eFuses is one-time programmable: flash, SRAM, I/O registers and Pluton\'s store can be written again. An asset is kept in Pluton only on a design with a component on the Pluton core.' },
  PlatformImageType: { code: 'SF4007', severity: 'error', hint: 'A component\'s imageType is an Azure Sphere image type name (OneBl, PlutonRuntime, WifiFirmware, SecurityMonitor, NormalWorldLoader, NormalWorldKernel, Services, Applications, Other, ...) as the facts spell it, and only mask ROM (no image type) is immutable: the rules read what the component is from it.' },
  PlatformAssetKind: { code: 'SF4008', severity: 'error', hint: 'An asset\'s flags must agree with its kind: a private key is secret.' },
} as const satisfies Record<string, CodeInfo>;

export type CodeName = keyof typeof CODES;
