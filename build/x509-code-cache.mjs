/**
 * Build step (build/bundle-cli.mjs runs it in a process of its own, after writing dist/bundle/x509.cjs):
 * writes V8's code cache beside the bundled @peculiar/x509 (formats/x509/commonjs-code-cache.ts), after
 * running the library through the work a `verify` gives it first (building a certificate, parsing it,
 * reading its fields and extensions), so the cache holds those functions compiled too.
 *
 * Under the CLI's own V8 flags (cli/v8-flags.ts, as the bin sets them before anything loads the library):
 * V8 rejects a cache made under other flags, and the CLI would compile the file from source again (correct,
 * only slower; test/cli/bundle.test.ts holds that it is accepted).
 *
 * usage: node build/x509-code-cache.mjs <dist/bundle/x509.cjs>
 */
import { webcrypto } from 'node:crypto';
import { setCliV8Flags } from '../dist/cli/v8-flags.js';
import { runCommonJs, writeCodeCache } from '../dist/formats/x509/commonjs-code-cache.js';

setCliV8Flags();
const file = process.argv[2];
if (!file) throw new Error('usage: node build/x509-code-cache.mjs <dist/bundle/x509.cjs>');
const loaded = runCommonJs(file);
const { x509, asn1X509, asn1Schema } = loaded.exports;

const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
const made = await x509.X509CertificateGenerator.createSelfSigned(
  {
    serialNumber: '01',
    name: 'CN=code cache, O=Sevenfold',
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2045-01-01T00:00:00Z'),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1'], false),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'code-cache.sevenfold.test' }], false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
    ],
  },
  webcrypto,
);
const parsed = new x509.X509Certificate(made.rawData);
void [parsed.subject, parsed.issuer, parsed.serialNumber, parsed.notBefore, parsed.notAfter, parsed.subjectName.getField('CN'), parsed.publicKey.rawData];
for (const id of ['2.5.29.19', '2.5.29.15', '2.5.29.37', '2.5.29.17', '2.5.29.14']) parsed.getExtension(id);
asn1Schema.AsnConvert.serialize(asn1Schema.AsnConvert.parse(made.rawData, asn1X509.Certificate));
writeCodeCache(loaded, file);
