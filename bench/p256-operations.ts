/**
 * What one P-256 operation costs, per operation, in this process: the public-point derivation of
 * signingKeyFromSecret (node:crypto) against noble's getPublicKey; node:crypto verification while
 * alternating keys (the kept KeyObjects of verifyWithNode) against a fresh key import per call; and,
 * for reference, noble's RFC 6979 sign and its verify (the cross-check), which no memo can make
 * cheaper for a distinct (key, message) or (key, signature, message). First uses (noble's base-point
 * table, the JIT) are timed apart from the steady state.
 * Run: npx tsx bench/p256-operations.ts
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { signingKeyFromSecret, verifyWithNode, verifyWithNoble } from '../formats/image-package/index.js';

const secretOf = (i: number) => p256.utils.randomSecretKey(new Uint8Array(48).fill(i + 1));
const secrets = Array.from({ length: 200 }, (_, i) => secretOf(i));
const message = new Uint8Array(2048).fill(7);

const perOp = (runs: number, body: (i: number) => unknown) => {
  const start = performance.now();
  for (let i = 0; i < runs; i++) body(i);
  return (performance.now() - start) / runs;
};
const once = (body: () => unknown) => perOp(1, body);
const ms = (x: number) => `${x.toFixed(3)} ms`;

const firstNobleKey = once(() => p256.getPublicKey(secrets[0]!, false)); // builds noble's base-point table
const firstSign = once(() => p256.sign(message, secrets[0]!, { prehash: true, format: 'compact' }));
const keys = secrets.map((s) => signingKeyFromSecret(s));
const signatures = keys.map((k, i) => p256.sign(Uint8Array.of(i, ...message.subarray(1)), k.secretKey, { prehash: true, format: 'compact' }));
const messageOf = (i: number) => Uint8Array.of(i, ...message.subarray(1));
const firstNobleVerify = once(() => verifyWithNoble(messageOf(0), signatures[0]!, keys[0]!.publicKey));

const rows: [string, number][] = [
  ['public point by node:crypto (signingKeyFromSecret)', perOp(200, (i) => signingKeyFromSecret(secrets[i]!))],
  ['public point by noble getPublicKey', perOp(200, (i) => p256.getPublicKey(secrets[i]!, false))],
  ['node verify, 4 keys alternating, kept keys (verifyWithNode)', perOp(400, (i) => verifyWithNode(messageOf(i % 4), signatures[i % 4]!, keys[i % 4]!.publicKey))],
  [
    'node verify, 4 keys alternating, key imported per call',
    perOp(400, (i) => {
      const point = keys[i % 4]!.publicKey;
      const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
      const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64(point.subarray(1, 33)), y: b64(point.subarray(33, 65)) }, format: 'jwk' });
      return nodeVerify('sha256', messageOf(i % 4), { key, dsaEncoding: 'ieee-p1363' }, signatures[i % 4]!);
    }),
  ],
  ['noble sign, RFC 6979 (steady state)', perOp(100, (i) => p256.sign(messageOf(i), secrets[i]!, { prehash: true, format: 'compact' }))],
  ['noble verify (steady state)', perOp(100, (i) => verifyWithNoble(messageOf(i), signatures[i]!, keys[i]!.publicKey))],
];
console.log(`first uses: noble getPublicKey ${ms(firstNobleKey)} (base-point table), first sign after it ${ms(firstSign)}, first verify ${ms(firstNobleVerify)}`);
for (const [name, cost] of rows) console.log(`${ms(cost).padStart(10)}  ${name}`);
