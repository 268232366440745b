/**
 * `sevenfold image show|pack|sign|verify|keygen`: Azure Sphere image packages on disk. Exit codes as
 * everywhere: 0 ok/valid, 1 a malformed or invalid package, 2 a bad option or file, 3 no verdict (the two
 * signature implementations disagreed). Bad input is reported naming the option, the file and the
 * problem, never with a stack trace.
 */
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  ABI_TYPES,
  IMAGE_TYPES,
  ImageInputError,
  SignatureCrossCheckError,
  TEMPORARY_CHOICES,
  buildImagePackage,
  createTestSigningIdentity,
  describeImagePackage,
  formatImageDescription,
  identityOf,
  imageTypeName,
  isGuid,
  parseAbiType,
  parseImagePackage,
  parseImageType,
  readCertificate,
  readSigningKey,
  resignImagePackage,
  signatureInfoOf,
  signingKeyToPem,
  toHex,
  verifyImagePackage,
  type AbiIdentity,
  type ImageMetadataError,
  type SigningCertificate,
  type TemporaryChoice,
} from '../../formats/image-package/index.js';
import { EXIT, EXIT_CODES_HELP, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { nonEmpty } from '../options.js';

/** Real packages are a few MB; refusing far larger files keeps a wrong path from exhausting memory. */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** A file that cannot be read or written: exit 2 with this message. */
class CliFileError extends Error {}

type Format = 'text' | 'json';

export function registerImageCommands(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  const image = program.command('image').description('Read, build, sign and verify Azure Sphere image packages (.imagepackage).');
  const run = (command: string, action: () => ExitCode | Promise<ExitCode>) => guarded(command, io, action).then(setExit);
  const format = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

  image
    .command('show')
    .description('Decode every metadata section of a package, like `azsphere image-package show`. Exit 1 if the package is malformed.')
    .argument('<file>', 'image package', nonEmpty)
    .addOption(format())
    .addHelpText('after', `\nExample:\n  $ sevenfold image show app.imagepackage --format json\n\n${EXIT_CODES_HELP}`)
    .action((file: string, opts: { format: Format }) => run('image show', () => runShow(file, opts.format, io)));

  image
    .command('pack')
    .description('Build a signed package from a body (e.g. an ASXipFS image) and identity fields.')
    .requiredOption('--body <file>', 'the image body: every byte before the metadata', nonEmpty)
    .requiredOption('--type <name|number>', `image type, e.g. Applications or 10 (${Object.values(IMAGE_TYPES).join(', ')})`, imageTypeArg)
    .requiredOption('--component-id <guid>', 'component ID (the app manifest ComponentId)', guidArg)
    .requiredOption('--name <name>', 'image name, at most 31 UTF-8 bytes', nonEmpty)
    .option('--image-id <guid>', 'image ID (default: a new random GUID, as the SDK does for every build)', guidArg)
    .option('--build-date <iso|unix>', 'build time: ISO 8601 or Unix seconds (default: now)', buildDateArg)
    .addOption(new Option('--temporary <kind>', 'add a TemporaryImage section').choices(Object.keys(TEMPORARY_CHOICES)))
    .option('--abi-depends <list>', `ABI dependencies, e.g. ApplicationRuntime@5 (types: ${Object.values(ABI_TYPES).join(', ')})`, abiListArg)
    .requiredOption('--key <pem>', 'P-256 private key (PEM) that signs the package', nonEmpty)
    .requiredOption('--cert <pem>', 'X.509 certificate of that key; its SHA-1 thumbprint goes in the Signature section', nonEmpty)
    .requiredOption('-o, --output <file>', 'where to write the package', nonEmpty)
    .addHelpText(
      'after',
      `\nExample:\n  $ sevenfold image keygen --key-out test-key.pem --cert-out test-cert.pem\n  $ sevenfold image pack --body app.asxipfs --type Applications --component-id 1689d8b2-c835-2e27-27ad-e894d6d15fa9 \\\n        --name Blink --temporary under-development --key test-key.pem --cert test-cert.pem -o Blink.imagepackage\n\n${EXIT_CODES_HELP}`,
    )
    .action((opts: PackOptions) => run('image pack', () => runPack(opts, io)));

  image
    .command('sign')
    .description('Re-sign a package: put the certificate\'s thumbprint in the Signature section and replace the signature.')
    .argument('<file>', 'image package', nonEmpty)
    .requiredOption('--key <pem>', 'P-256 private key (PEM)', nonEmpty)
    .requiredOption('--cert <pem>', 'X.509 certificate of that key', nonEmpty)
    .requiredOption('-o, --output <file>', 'where to write the re-signed package (may be <file> itself)', nonEmpty)
    .addHelpText('after', `\nExample:\n  $ sevenfold image sign app.imagepackage --key test-key.pem --cert test-cert.pem -o app-resigned.imagepackage\n\n${EXIT_CODES_HELP}`)
    .action((file: string, opts: { key: string; cert: string; output: string }) => run('image sign', () => runSign(file, opts, io)));

  image
    .command('verify')
    .description('Check a package against a signing certificate: structure, thumbprint, signing type, signature. Exit 0 valid, 1 invalid.')
    .argument('<file>', 'image package', nonEmpty)
    .requiredOption('--cert <pem>', 'X.509 certificate (PEM or DER) expected to have signed the package', nonEmpty)
    .addOption(format())
    .addHelpText('after', `\nExample:\n  $ sevenfold image verify app.imagepackage --cert test-cert.pem\n\n${EXIT_CODES_HELP}`)
    .action((file: string, opts: { cert: string; format: Format }) => run('image verify', () => runVerifyImage(file, opts, io)));

  image
    .command('keygen')
    .description('Make a P-256 test signing key and a self-signed certificate for it (devices do not trust it; for trying pack/sign/verify).')
    .requiredOption('--key-out <pem>', 'where to write the private key (PKCS#8 PEM, mode 600)', nonEmpty)
    .requiredOption('--cert-out <pem>', 'where to write the certificate (PEM)', nonEmpty)
    .option('--subject <dn>', 'certificate subject, a distinguished name', subjectArg, 'CN=Sevenfold test signing key')
    .option('--days <n>', 'validity in days', daysArg, 365)
    .option('--force', 'overwrite existing files')
    .addHelpText('after', `\nExample:\n  $ sevenfold image keygen --key-out test-key.pem --cert-out test-cert.pem --subject "CN=My test signer"\n\n${EXIT_CODES_HELP}`)
    .action((opts: KeygenOptions) => run('image keygen', () => runKeygen(opts, io)));
}

// --- show ---

function runShow(file: string, format: Format, io: CliIo): ExitCode {
  const parsed = parseImagePackage(readInput(io, file, 'package'));
  if (!parsed.ok) return reportMalformed(file, parsed.error, format, io);
  const description = describeImagePackage(parsed.image);
  io.out(format === 'json' ? JSON.stringify({ version: 1, file, valid: true, ...description }, null, 2) : formatImageDescription(description, file));
  return EXIT.ok;
}

function reportMalformed(file: string, error: ImageMetadataError, format: Format, io: CliIo): ExitCode {
  if (format === 'json') io.out(JSON.stringify({ version: 1, file, valid: false, error }, null, 2));
  else io.out(formatMetadataError(file, error));
  return EXIT.findings;
}

const formatMetadataError = (file: string, e: ImageMetadataError): string => `${file}: error ${e.code} ${e.name} at byte ${e.offset}: ${e.message}`;

// --- pack ---

interface PackOptions {
  body: string;
  type: number;
  componentId: string;
  name: string;
  imageId?: string;
  buildDate?: number;
  temporary?: TemporaryChoice;
  abiDepends?: AbiIdentity[];
  key: string;
  cert: string;
  output: string;
}

/** The option behind each field of BuildImageOptions, for error messages. */
const PACK_OPTION_OF_FIELD: Record<string, string> = {
  body: '--body',
  imageType: '--type',
  componentId: '--component-id',
  imageId: '--image-id',
  name: '--name',
  buildDate: '--build-date',
  temporary: '--temporary',
  abiDepends: '--abi-depends',
};

function runPack(opts: PackOptions, io: CliIo): ExitCode {
  checkOutput(io, '-o', opts.output);
  const body = readInput(io, opts.body, '--body');
  const { key, cert } = readKeyAndCertificate(io, opts.key, opts.cert);
  const fields = { ...PACK_OPTION_OF_FIELD, key: `--key ${opts.key}`, certificate: `--cert ${opts.cert}` };
  const bytes = withField(fields, () =>
    buildImagePackage(
      {
        body,
        imageType: opts.type,
        componentId: opts.componentId,
        name: opts.name,
        certificate: cert,
        ...(opts.imageId ? { imageId: opts.imageId } : {}),
        ...(opts.buildDate !== undefined ? { buildDate: opts.buildDate } : {}),
        ...(opts.temporary ? { temporary: opts.temporary } : {}),
        ...(opts.abiDepends ? { abiDepends: opts.abiDepends } : {}),
      },
      key,
    ),
  );
  writeOutput(io, opts.output, bytes);
  io.out(`wrote ${opts.output}: ${bytes.length} bytes, ${summary(bytes)}, signed by ${cert.subject} (${toHex(cert.thumbprint)})`);
  return EXIT.ok;
}

// --- sign ---

function runSign(file: string, opts: { key: string; cert: string; output: string }, io: CliIo): ExitCode {
  checkOutput(io, '-o', opts.output);
  const parsed = parseImagePackage(readInput(io, file, 'package'));
  if (!parsed.ok) return reportMalformed(file, parsed.error, 'text', io);
  const { key, cert } = readKeyAndCertificate(io, opts.key, opts.cert);
  const before = toHex(signatureInfoOf(parsed.image)!.thumbprint);
  const bytes = withField({ key: `--key ${opts.key}` }, () => resignImagePackage(parsed.image, key, cert));
  writeOutput(io, opts.output, bytes);
  io.out(`wrote ${opts.output}: ${bytes.length} bytes, ${summary(bytes)}; signing certificate ${before} → ${toHex(cert.thumbprint)} (${cert.subject})`);
  return EXIT.ok;
}

// --- verify ---

function runVerifyImage(file: string, opts: { cert: string; format: Format }, io: CliIo): ExitCode {
  const bytes = readInput(io, file, 'package');
  const cert = readCertificateFile(io, opts.cert);
  const result = verifyImagePackage(bytes, cert);
  if (opts.format === 'json') {
    io.out(JSON.stringify({ version: 1, file, certificate: { subject: cert.subject, thumbprint: toHex(cert.thumbprint) }, ...result }, null, 2));
  } else {
    for (const c of result.checks) io.out(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(12)}  ${c.detail}`);
    if (result.error) io.out(formatMetadataError(file, result.error));
    io.out(`${file}: ${result.valid ? 'valid' : 'INVALID'} for ${cert.subject} (${toHex(cert.thumbprint)})`);
  }
  return result.valid ? EXIT.ok : EXIT.findings;
}

// --- keygen ---

interface KeygenOptions {
  keyOut: string;
  certOut: string;
  subject: string;
  days: number;
  force?: boolean;
}

async function runKeygen(opts: KeygenOptions, io: CliIo): Promise<ExitCode> {
  for (const [option, path] of [['--key-out', opts.keyOut], ['--cert-out', opts.certOut]] as const) {
    if (!opts.force && existsSync(resolve(io.cwd, path))) throw new CliFileError(`${option} ${path}: the file exists; pass --force to overwrite it`);
    // Both before either is written: a key without its certificate is half an identity.
    checkOutput(io, option, path);
  }
  let identity: Awaited<ReturnType<typeof createTestSigningIdentity>>;
  try {
    identity = await createTestSigningIdentity(opts.subject, opts.days);
  } catch (err) {
    throw new ImageInputError('--subject', `cannot make a certificate for subject ${JSON.stringify(opts.subject)} (${err instanceof Error ? err.message : String(err)})`);
  }
  const cert = readCertificate(identity.certificatePem);
  writeOutput(io, opts.keyOut, signingKeyToPem(identity.key), 0o600);
  writeOutput(io, opts.certOut, identity.certificatePem);
  io.out(`wrote ${opts.keyOut} (P-256 private key: keep it secret) and ${opts.certOut} (self-signed ${cert.subject}, thumbprint ${toHex(cert.thumbprint)}, valid to ${cert.validTo})`);
  io.out('Devices do not trust this certificate; use it to try `sevenfold image pack`, `sign` and `verify`.');
  return EXIT.ok;
}

// --- shared ---

/** Runs an action, turning input problems into exit 2 and a signature-implementation disagreement into exit 3. */
async function guarded(command: string, io: CliIo, action: () => ExitCode | Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof CliFileError) io.err(`sevenfold ${command}: ${err.message}`);
    else if (err instanceof ImageInputError) io.err(`sevenfold ${command}: ${err.field}: ${err.message}`);
    else if (err instanceof SignatureCrossCheckError) {
      io.err(`sevenfold ${command}: internal error: the two ECDSA implementations disagree, so there is no verdict: ${err.message}`);
      io.err('This is a bug in Sevenfold (or in @noble/curves or OpenSSL), not a finding about the package; please report it with the files.');
      return EXIT.unknown;
    } else throw err;
    return EXIT.usage;
  }
}

/** Renames an ImageInputError's field to the option (and file) the user gave. */
function withField<T>(names: Record<string, string>, action: () => T): T {
  try {
    return action();
  } catch (err) {
    if (err instanceof ImageInputError && names[err.field]) throw new ImageInputError(names[err.field]!, err.message);
    throw err;
  }
}

function readKeyAndCertificate(io: CliIo, keyPath: string, certPath: string) {
  const keyText = readInput(io, keyPath, '--key');
  const key = withField({ key: `--key ${keyPath}` }, () => readSigningKey(keyText));
  return { key, cert: readCertificateFile(io, certPath) };
}

function readCertificateFile(io: CliIo, path: string): SigningCertificate {
  const bytes = readInput(io, path, '--cert');
  return withField({ certificate: `--cert ${path}` }, () => readCertificate(bytes));
}

function readInput(io: CliIo, path: string, what: string): Uint8Array {
  const full = resolve(io.cwd, path);
  const label = what === 'package' ? path : `${what} ${path}`;
  try {
    const stat = statSync(full);
    if (stat.isDirectory()) throw new CliFileError(`${label}: is a directory, not a file`);
    if (stat.size > MAX_INPUT_BYTES) throw new CliFileError(`${label}: ${stat.size} bytes is larger than any image package (limit ${MAX_INPUT_BYTES})`);
    return new Uint8Array(readFileSync(full));
  } catch (err) {
    if (err instanceof CliFileError) throw err;
    throw new CliFileError(`${label}: cannot read the file (${fsReason(err)})`);
  }
}

/** An output file's folder must exist and be writable, checked before any work so nothing is left half-written. */
function checkOutput(io: CliIo, option: string, path: string): void {
  const full = resolve(io.cwd, path);
  const folder = dirname(full);
  if (existsSync(full) && statSync(full).isDirectory()) throw new CliFileError(`${option} ${path}: is a directory, not a file`);
  if (!existsSync(folder)) throw new CliFileError(`${option} ${path}: the folder ${dirname(path)} does not exist`);
  if (!statSync(folder).isDirectory()) throw new CliFileError(`${option} ${path}: ${dirname(path)} is a file, not a folder`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new CliFileError(`${option} ${path}: the folder ${dirname(path)} is not writable`);
  }
}

function writeOutput(io: CliIo, path: string, content: Uint8Array | string, mode?: number): void {
  try {
    writeFileSync(resolve(io.cwd, path), content, mode === undefined ? {} : { mode });
  } catch (err) {
    throw new CliFileError(`${path}: cannot write the file (${fsReason(err)})`);
  }
}

function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const known: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', EISDIR: 'is a directory', ENOTDIR: 'a parent is not a directory', EROFS: 'read-only file system' };
  return (code && known[code]) ?? (err instanceof Error ? err.message : String(err));
}

function summary(bytes: Uint8Array): string {
  const parsed = parseImagePackage(bytes);
  const id = parsed.ok ? identityOf(parsed.image) : undefined;
  return id ? `${imageTypeName(id.imageType)}, component ${id.componentId}, image ${id.imageId}` : 'unreadable metadata';
}

// --- option parsers (commander reports their errors as usage errors, exit 2) ---

function imageTypeArg(value: string): number {
  const type = parseImageType(value);
  if (type === undefined) throw new InvalidArgumentError(`not an image type; use a number or one of ${Object.values(IMAGE_TYPES).join(', ')}`);
  return type;
}

function guidArg(value: string): string {
  if (!isGuid(value)) throw new InvalidArgumentError('not a GUID (expected e.g. 1689d8b2-c835-2e27-27ad-e894d6d15fa9)');
  return value.trim().replace(/^\{|\}$/g, '').toLowerCase();
}

function buildDateArg(value: string): number {
  const seconds = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Math.floor(Date.parse(value) / 1000);
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new InvalidArgumentError('expected an ISO 8601 date (2024-05-01T12:00:00Z) or Unix seconds');
  return seconds;
}

function abiListArg(value: string, previous: AbiIdentity[] | undefined): AbiIdentity[] {
  const parsed = value
    .split(',')
    .filter(Boolean)
    .map((item) => {
      const match = /^([A-Za-z]+|\d+)@(\d+)$/.exec(item.trim());
      const type = match ? parseAbiType(match[1]!) : undefined;
      const version = match ? Number(match[2]) : NaN;
      if (type === undefined || !Number.isSafeInteger(version) || version > 0xffffffff) {
        throw new InvalidArgumentError(`"${item}" is not TYPE@VERSION (e.g. ApplicationRuntime@5; types: ${Object.values(ABI_TYPES).join(', ')})`);
      }
      return { type, version };
    });
  return [...(previous ?? []), ...parsed];
}

function subjectArg(value: string): string {
  if (!/^\s*[A-Za-z][\w.]*\s*=\s*\S/.test(value)) throw new InvalidArgumentError('expected a distinguished name such as "CN=My test signer, O=Example"');
  return value;
}

function daysArg(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > 36500) throw new InvalidArgumentError('expected a whole number of days from 1 to 36500');
  return n;
}
