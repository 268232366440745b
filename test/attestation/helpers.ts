import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProtocol } from '../../model/attestation/load-protocol.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';

export const root = resolve(fileURLToPath(import.meta.url), '../../..');
export const fixtureDir = resolve(root, 'test/fixtures/protocols');

export function fixture(name: string): ProtocolDesign {
  const loaded = loadProtocol(resolve(fixtureDir, `${name}.json`));
  if (!loaded.design) throw new Error(`fixture ${name}: ${JSON.stringify(loaded.errors)}`);
  return loaded.design;
}

export const fixtureNames = (): string[] => readdirSync(fixtureDir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();

/** What each flawed variant must be caught for (a subset of what the search reports). */
export const EXPECTED_VIOLATIONS: Record<string, string[]> = {
  'no-nonce': ['injective-agreement', 'freshness', 'untrusted-software'],
  'nonce-not-signed': ['injective-agreement', 'untrusted-software'],
  'measurements-not-signed': ['untrusted-software'],
  'accepts-every-signed-release': ['untrusted-software'],
  'ten-year-certificate': ['untrusted-software'],
  'ten-year-status-check-fails-open': ['untrusted-software'],
  'accepts-any-ca': ['injective-agreement', 'tenant-isolation', 'untrusted-software'],
  'accepts-any-tenant': ['tenant-isolation'],
  'device-trusts-any-server': ['injective-agreement', 'secrecy'],
  'device-skips-server-name': ['injective-agreement', 'secrecy'],
  'verifier-trusts-quote-nonce': ['injective-agreement', 'freshness', 'untrusted-software'],
};

/**
 * Variants the search finds no attack in: shared-secret-cloud is caught by the design rules, and
 * yearly-attestation only by the requirement profile (in its own periods it is as fresh as daily).
 */
export const SOUND_UNDER_SEARCH = ['ten-year-with-status-check', 'shared-secret-cloud', 'yearly-attestation'];

/** Variants that fail the profile's freshness requirements (in hours), with the requirements they fail. */
export const FAILS_FRESHNESS: Record<string, string[]> = {
  'yearly-attestation': ['certificate-authentication.max-certificate-lifetime', 'certificate-authentication.max-attestation-interval'],
  'ten-year-certificate': ['certificate-authentication.max-certificate-lifetime'],
  'ten-year-status-check-fails-open': ['certificate-authentication.max-certificate-lifetime'],
  'hourly-attestation-48h-certificates': ['certificate-authentication.max-certificate-lifetime'],
};
