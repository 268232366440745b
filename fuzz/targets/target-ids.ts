/**
 * The ids of the fuzz targets, in the registry's order, for `sevenfold fuzz --help`: listing them from
 * the registry would load every target (readers, emulators, crypto) just to print the help. A second
 * copy of registry.ts's list: test/fuzz/target-ids.test.ts holds it equal to TARGETS' ids.
 */
export const FUZZ_TARGET_IDS = [
  'app-manifest',
  'hardware-definition',
  'image-package',
  'attestation-messages',
  'update-metadata',
  'metadata-key-set',
  'platform-design',
  'update-design',
  'protocol-design',
  'requirement-profile',
  'product-file',
  'attestation-session',
  'attestation-serve',
] as const;
