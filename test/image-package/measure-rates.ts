/**
 * Sign/verify rates of the image-package code, noble and node:crypto separately and as used (each verdict
 * cross-checked). Not a test (vitest ignores it); run: npx tsx test/image-package/measure-rates.ts
 */
import { sign as nodeSign, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { p256 } from '@noble/curves/nist.js';
import {
  parseImagePackage,
  readCertificate,
  readSigningKey,
  signImagePackage,
  signP256,
  verifyImagePackage,
  verifyP256,
  verifyWithNode,
  verifyWithNoble,
} from '../../formats/image-package/index.js';
import { fixturePath } from './helpers.js';

const key = readSigningKey(readFileSync(fixturePath('test-signing-key.pem'), 'utf8'));
const cert = readCertificate(readFileSync(fixturePath('test-signing-cert.pem')));
const nodeKey = createPrivateKey(readFileSync(fixturePath('test-signing-key.pem'), 'utf8'));
const pkg = new Uint8Array(readFileSync(fixturePath('sample-app.imagepackage')));
const parsed = parseImagePackage(pkg);
if (!parsed.ok) throw new Error('fixture');
const msg = pkg.subarray(0, pkg.length - 64); // the 8 340 signed bytes of the fixture
const sig = pkg.subarray(pkg.length - 64);

function rate(name: string, fn: () => unknown, ms = 2000): void {
  for (let i = 0; i < 20; i++) fn(); // warm up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    fn();
    n++;
  }
  const per = (performance.now() - start) / n;
  console.log(`${name.padEnd(58)} ${Math.round(1000 / per).toString().padStart(7)} ops/s  ${(per * 1000).toFixed(0).padStart(6)} µs`);
}

console.log(`message: ${msg.length} bytes (the fixture package without its signature); node ${process.version}`);
rate('noble p256.sign (RFC 6979, sha256 prehash)', () => p256.sign(msg, key.secretKey));
rate('node:crypto sign (ieee-p1363)', () => nodeSign('sha256', msg, { key: nodeKey, dsaEncoding: 'ieee-p1363' }));
rate('noble verify (lowS: false)', () => verifyWithNoble(msg, sig, cert.publicKey));
rate('node:crypto verify', () => verifyWithNode(msg, sig, cert.publicKey));
rate('signP256 = noble sign + node:crypto check', () => signP256(msg, key));
rate('verifyP256 = noble verify + node:crypto verify', () => verifyP256(msg, sig, cert.publicKey));
rate('signImagePackage (pack + sign, 8 KiB body)', () => signImagePackage(parsed.image, key));
rate('verifyImagePackage (parse + 4 checks, 8 KiB body)', () => verifyImagePackage(pkg, cert));
