/**
 * `sevenfold image …` end to end, in-process: outputs, exit codes (0 ok, 1 malformed/invalid, 2 bad
 * option or file), and error messages that name the option and the file, never a stack trace.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImagePackage, verifyImagePackage } from '../../formats/image-package/index.js';
import { tempDir } from '../helpers.js';
import { SAMPLE_PACKAGE, fixturePath, runImageCli } from './helpers.js';

const SAMPLE = fixturePath('sample-app.imagepackage');
const TEST_CERT = fixturePath('test-signing-cert.pem');
const TEST_KEY = fixturePath('test-signing-key.pem');
const OTHER_CERT = fixturePath('other-signing-cert.pem');
const OTHER_KEY = fixturePath('other-signing-key.pem');
const COMPONENT = '1689d8b2-c835-2e27-27ad-e894d6d15fa9';

const noStack = (r: { stdout: string; stderr: string }) => {
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(r.stdout).not.toMatch(/\n\s+at /);
};

let t: ReturnType<typeof tempDir>;
beforeAll(() => {
  t = tempDir();
});
afterAll(() => t.cleanup());

describe('image show', () => {
  it('prints every section and exits 0', async () => {
    const r = await runImageCli(['image', 'show', SAMPLE]);
    expect(r.code).toBe(0);
    for (const text of ['Section: Identity', 'Applications (10)', COMPONENT, 'Cert Thumbprint:', 'ECDsa256 (1)', 'Sevenfold Sample App', '2020-09-10T03:40:38Z', 'Under development: true', 'ApplicationRuntime@5']) {
      expect(r.stdout).toContain(text);
    }
  });

  it('--format json gives the decoded sections', async () => {
    const r = await runImageCli(['image', 'show', SAMPLE, '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { valid: boolean; sections: { tag: string; fields: Record<string, unknown> }[] };
    expect(json.valid).toBe(true);
    expect(json.sections.find((s) => s.tag === 'ID')!.fields['imageTypeName']).toBe('Applications');
  });

  it('exits 1 with the category-42 name, code and offset for a malformed package', async () => {
    const file = t.write('truncated.imagepackage', Buffer.from(SAMPLE_PACKAGE.subarray(0, 8300)));
    const r = await runImageCli(['image', 'show', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/truncated\.imagepackage: error 4404019[0-9] (InvalidMetadata|SectionOverflowsMetadata) at byte \d+: /);
    const j = await runImageCli(['image', 'show', file, '--format', 'json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ valid: false, error: { code: expect.any(Number), offset: expect.any(Number) } });
    noStack(r);
  });

  it('exits 2 for a missing file or a directory', async () => {
    const missing = await runImageCli(['image', 'show', join(t.dir, 'nope.imagepackage')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/sevenfold image show: .*nope\.imagepackage: cannot read the file \(no such file or directory\)/);
    const dir = await runImageCli(['image', 'show', t.dir]);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toMatch(/is a directory/);
    noStack(missing);
  });
});

describe('image verify', () => {
  it('exits 0 and prints each check for the right certificate', async () => {
    const r = await runImageCli(['image', 'verify', SAMPLE, '--cert', TEST_CERT]);
    expect(r.code).toBe(0);
    for (const check of ['structure', 'thumbprint', 'signing-type', 'signature']) expect(r.stdout).toMatch(new RegExp(`ok +${check}`));
    expect(r.stdout).toMatch(/: valid for CN=Sevenfold test signing key/);
  });

  it('exits 1 for another certificate or a malformed package', async () => {
    const wrong = await runImageCli(['image', 'verify', SAMPLE, '--cert', OTHER_CERT]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/FAIL +thumbprint/);
    expect(wrong.stdout).toMatch(/FAIL +signature/);
    const file = t.write('garbage.imagepackage', Buffer.alloc(200, 7));
    const garbage = await runImageCli(['image', 'verify', file, '--cert', TEST_CERT, '--format', 'json']);
    expect(garbage.code).toBe(1);
    expect(JSON.parse(garbage.stdout)).toMatchObject({ valid: false, error: { name: 'InvalidMetadata' } });
  });

  it('exits 2 naming --cert and the file for a bad certificate', async () => {
    const notPem = t.write('not-a-cert.pem', 'hello');
    const r = await runImageCli(['image', 'verify', SAMPLE, '--cert', notPem]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sevenfold image verify: --cert .*not-a-cert\.pem: not an X\.509 certificate/);
    const key = await runImageCli(['image', 'verify', SAMPLE, '--cert', TEST_KEY]);
    expect(key.stderr).toMatch(/--cert .*test-signing-key\.pem: this is a private key, not a certificate/);
    noStack(r);
  });
});

describe('image keygen, pack, sign', () => {
  it('keygen → pack → show → verify → sign with another key → verify', async () => {
    const key = join(t.dir, 'k.pem');
    const cert = join(t.dir, 'c.pem');
    const gen = await runImageCli(['image', 'keygen', '--key-out', key, '--cert-out', cert, '--subject', 'CN=CLI test, O=Sevenfold']);
    expect(gen.code).toBe(0);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(gen.stdout).toMatch(/self-signed CN=CLI test, O=Sevenfold, thumbprint [0-9a-f]{40}/);

    const body = t.write('body.bin', Buffer.alloc(4096, 0x5a));
    const out = join(t.dir, 'app.imagepackage');
    const pack = await runImageCli([
      'image', 'pack', '--body', body, '--type', 'Applications', '--component-id', COMPONENT.toUpperCase(), '--name', 'Blink',
      '--image-id', '{0E3D632E-03B1-48E7-A9C2-3F5063AD0870}', '--build-date', '2024-05-01T12:00:00Z', '--temporary', 'under-development',
      '--abi-depends', 'ApplicationRuntime@5', '--key', key, '--cert', cert, '-o', out,
    ]);
    expect(pack.code, pack.stderr).toBe(0);
    expect(pack.stdout).toMatch(/wrote .*app\.imagepackage: 4\d{3} bytes, Applications, component 1689d8b2-c835-2e27-27ad-e894d6d15fa9, image 0e3d632e-03b1-48e7-a9c2-3f5063ad0870/);

    const show = await runImageCli(['image', 'show', out, '--format', 'json']);
    const sections = (JSON.parse(show.stdout) as { sections: { tag: string; fields: Record<string, unknown> }[] }).sections;
    expect(sections.map((s) => s.tag)).toEqual(['ID', 'SG', 'DB', 'TP', 'ND']);
    expect(sections[2]!.fields).toMatchObject({ name: 'Blink', buildDate: '2024-05-01T12:00:00Z' });

    expect((await runImageCli(['image', 'verify', out, '--cert', cert])).code).toBe(0);
    expect((await runImageCli(['image', 'verify', out, '--cert', TEST_CERT])).code).toBe(1);

    const resigned = join(t.dir, 'resigned.imagepackage');
    const sign = await runImageCli(['image', 'sign', out, '--key', OTHER_KEY, '--cert', OTHER_CERT, '-o', resigned]);
    expect(sign.code, sign.stderr).toBe(0);
    expect(sign.stdout).toMatch(/signing certificate [0-9a-f]{40} → 0b7d6ab21ddef1e532ffa1172755abffcb4636e6/);
    expect((await runImageCli(['image', 'verify', resigned, '--cert', OTHER_CERT])).code).toBe(0);
    expect((await runImageCli(['image', 'verify', resigned, '--cert', cert])).code).toBe(1);
  });

  it('pack accepts a type by number and a build date in Unix seconds', async () => {
    const out = join(t.dir, 'n.imagepackage');
    const r = await runImageCli(['image', 'pack', '--body', SAMPLE, '--type', '21', '--component-id', COMPONENT, '--name', 'board', '--build-date', '1700000000', '--key', TEST_KEY, '--cert', TEST_CERT, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const parsed = parseImagePackage(new Uint8Array(readFileSync(out)));
    expect(parsed.ok && parsed.image.sections[0]!.decoded).toMatchObject({ value: { imageType: 21 } });
    expect(verifyImagePackage(new Uint8Array(readFileSync(out)), readFileSync(TEST_CERT, 'utf8')).valid).toBe(true);
  });

  it('keygen will not overwrite a file unless --force', async () => {
    const key = t.write('existing.pem', 'keep me');
    const r = await runImageCli(['image', 'keygen', '--key-out', key, '--cert-out', join(t.dir, 'c2.pem')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--key-out .*existing\.pem: the file exists; pass --force/);
    expect(readFileSync(key, 'utf8')).toBe('keep me');
    expect((await runImageCli(['image', 'keygen', '--key-out', key, '--cert-out', join(t.dir, 'c2.pem'), '--force'])).code).toBe(0);
    expect((await runImageCli(['image', 'keygen', '--key-out', join(t.dir, 'k3.pem'), '--cert-out', join(t.dir, 'c3.pem'), '--subject', 'nonsense'])).code).toBe(2);
  });

  it('bad input to pack exits 2 naming the option and the file', async () => {
    const base = ['image', 'pack', '--body', SAMPLE, '--type', 'Applications', '--component-id', COMPONENT, '--name', 'x', '--key', TEST_KEY, '--cert', TEST_CERT, '-o', join(t.dir, 'o.imagepackage')];
    const swap = (option: string, value: string) => base.map((a, i) => (base[i - 1] === option ? value : a));
    const p384 = t.write('p384.pem', generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const cases: [string[], RegExp][] = [
      [swap('--key', p384), /--key .*p384\.pem: the key holds a key on curve secp384r1; Azure Sphere images are signed with P-256/],
      [swap('--key', OTHER_KEY), /--key .*other-signing-key\.pem: the private key does not belong to the certificate/],
      [swap('--key', TEST_CERT), /--key .*test-signing-cert\.pem: this is a certificate, not a private key/],
      [swap('--key', join(t.dir, 'absent.pem')), /--key .*absent\.pem: cannot read the file \(no such file or directory\)/],
      [swap('--body', join(t.dir, 'absent.bin')), /--body .*absent\.bin: cannot read the file/],
      [swap('--name', 'n'.repeat(40)), /--name: "n{40}" is 40 UTF-8 bytes; the image keeps at most 31/],
      [swap('--component-id', 'not-a-guid'), /option '--component-id <guid>' argument 'not-a-guid' is invalid\. not a GUID/],
      [swap('--type', 'Bogus'), /--type <name\|number>' argument 'Bogus' is invalid\. not an image type/],
      // Checked before the key is read and the package signed.
      [swap('-o', join(t.dir, 'no-such-dir', 'o.imagepackage')), /-o .*no-such-dir\/o\.imagepackage: the folder .*no-such-dir does not exist/],
      [[...base, '--build-date', 'yesterday'], /--build-date.*expected an ISO 8601 date/],
      [[...base, '--abi-depends', 'Runtime5'], /"Runtime5" is not TYPE@VERSION/],
    ];
    for (const [args, message] of cases) {
      const r = await runImageCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      noStack(r);
    }
  });

  it('sign exits 1 for a malformed package and 2 for a missing key', async () => {
    const bad = t.write('bad.imagepackage', Buffer.alloc(100));
    const r = await runImageCli(['image', 'sign', bad, '--key', TEST_KEY, '--cert', TEST_CERT, '-o', join(t.dir, 'x.imagepackage')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error 44040193 InvalidMetadata at byte 32/);
    const noKey = await runImageCli(['image', 'sign', SAMPLE, '--key', join(t.dir, 'none.pem'), '--cert', TEST_CERT, '-o', join(t.dir, 'x.imagepackage')]);
    expect(noKey.code).toBe(2);
  });

  it('sign can write over its input', async () => {
    const file = t.write('inplace.imagepackage', Buffer.from(SAMPLE_PACKAGE));
    expect((await runImageCli(['image', 'sign', file, '--key', OTHER_KEY, '--cert', OTHER_CERT, '-o', file])).code).toBe(0);
    expect(verifyImagePackage(new Uint8Array(readFileSync(file)), readFileSync(OTHER_CERT)).valid).toBe(true);
    writeFileSync(file, ''); // leave nothing signed by a test key behind
  });

  it('every image command has --help with an example', async () => {
    for (const command of ['show', 'pack', 'sign', 'verify', 'keygen']) {
      const r = await runImageCli(['image', command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`$ sevenfold image ${command}`);
    }
  });
});
