/**
 * The enumerations stored in image metadata. Image types are the REST `ImageMetadata.Type` enum
 * (facts §3.3); the other names follow Microsoft's image-metadata library, so `show` prints what
 * `azsphere image-package show` prints.
 */

/** Image types by number (REST-IMG). Gaps (11, 12, 14, 15, 18) are not defined. */
export const IMAGE_TYPES: Readonly<Record<number, string>> = {
  0: 'InvalidImageType',
  1: 'OneBl',
  2: 'PlutonRuntime',
  3: 'WifiFirmware',
  4: 'SecurityMonitor',
  5: 'NormalWorldLoader',
  6: 'NormalWorldDtb',
  7: 'NormalWorldKernel',
  8: 'RootFs',
  9: 'Services',
  10: 'Applications',
  13: 'FwConfig',
  16: 'BootManifest',
  17: 'Nwfs',
  19: 'TrustedKeystore',
  20: 'Policy',
  21: 'CustomerBoardConfig',
  22: 'UpdateCertStore',
  23: 'BaseSystemUpdateManifest',
  24: 'FirmwareUpdateManifest',
  25: 'CustomerUpdateManifest',
  26: 'RecoveryManifest',
  27: 'ManifestSet',
  28: 'Other',
};

/** Other spellings in use (the SDK's image_metadata.dll and WIZIO az_const.py), accepted on input. */
const IMAGE_TYPE_ALIASES: Readonly<Record<string, number>> = {
  invalid: 0,
  firmwareconfig: 13,
  normalworldfilesystem: 17,
  app: 10,
  application: 10,
};

export const imageTypeName = (type: number): string => IMAGE_TYPES[type] ?? `Unknown(${type})`;

/** Reads an image type given by name (any case) or by number; undefined when it is neither. */
export function parseImageType(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const n = Number(trimmed);
    return n <= 0xffff ? n : undefined;
  }
  const key = trimmed.toLowerCase();
  for (const [n, name] of Object.entries(IMAGE_TYPES)) if (name.toLowerCase() === key) return Number(n);
  return IMAGE_TYPE_ALIASES[key];
}

/** Signature section: how the image is signed. Only ECDsa256 (P-256, SHA-256, 64-byte signature) is handled here. */
export const SIGNING_TYPE = { Invalid: 0, ECDsa256: 1, ECDsa384: 2 } as const;

export const signingTypeName = (type: number): string =>
  (Object.entries(SIGNING_TYPE).find(([, v]) => v === type)?.[0]) ?? `Unknown(${type})`;

/**
 * TemporaryImage section: a u32 of flags. The values 0 None, 1 RemoveAtBoot, 2 UnderDevelopment are the
 * ones seen (facts §3.2); Microsoft's library tests them as bits, so an unknown value is shown bit by bit.
 */
export const TEMPORARY_FLAG = { RemoveAtBoot: 1, UnderDevelopment: 2 } as const;

export const TEMPORARY_CHOICES = { none: 0, 'remove-at-boot': TEMPORARY_FLAG.RemoveAtBoot, 'under-development': TEMPORARY_FLAG.UnderDevelopment } as const;
export type TemporaryChoice = keyof typeof TEMPORARY_CHOICES;

export function temporaryFlagNames(flags: number): string[] {
  const names = Object.entries(TEMPORARY_FLAG).filter(([, bit]) => (flags & bit) !== 0).map(([name]) => name);
  const unknown = flags & ~(TEMPORARY_FLAG.RemoveAtBoot | TEMPORARY_FLAG.UnderDevelopment);
  if (unknown !== 0) names.push(`0x${(unknown >>> 0).toString(16)}`);
  return names.length > 0 ? names : ['None'];
}

/**
 * What an ABI identity in ABIDepends/ABIProvides names (Microsoft's library: AbiDependsType). ANVIL's
 * test app carries ND = [1, 5, 3]: one identity, ApplicationRuntime version 5.
 */
export const ABI_TYPES: Readonly<Record<number, string>> = {
  0: 'NoDependency',
  1: 'SecureWorldRuntime',
  2: 'OSRuntime',
  3: 'ApplicationRuntime',
};

export const abiTypeName = (type: number): string => ABI_TYPES[type] ?? `Unknown(${type})`;

export function parseAbiType(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) <= 0xffffffff ? Number(text) : undefined;
  const entry = Object.entries(ABI_TYPES).find(([, name]) => name.toLowerCase() === text.toLowerCase());
  return entry ? Number(entry[0]) : undefined;
}
