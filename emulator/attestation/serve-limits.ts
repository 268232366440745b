/**
 * What the attestation server accepts, apart from the server itself: the command line states these in
 * its options, and should not load the attestation world (certificates, keys) just to print its help.
 */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;
export const MAX_DEVICES = 16;
