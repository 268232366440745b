/**
 * The work of `sevenfold image show|pack|sign|verify|keygen` (declared in image-command.ts): read, build,
 * sign and verify image packages, with every file problem reported as the option and file it concerns.
 */
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  ImageInputError,
  SignatureCrossCheckError,
  buildImagePackage,
  createTestSigningIdentity,
  describeImagePackage,
  formatImageDescription,
  identityOf,
  imageTypeName,
  parseImagePackage,
  readCertificate,
  readSigningKey,
  resignImagePackage,
  signatureInfoOf,
  signingKeyToPem,
  toHex,
  verifyImagePackage,
  type ImageMetadataError,
  type SigningCertificate,
} from '../../formats/image-package/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { Format, KeygenOptions, PackOptions } from './image-command.js';
import { errorOutput } from './command-error-output.js';
import { fsReason } from '../fs-reason.js';

/** Real packages are a few MB; refusing far larger files keeps a wrong path from exhausting memory. */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** A file that cannot be read or written: exit 2 with this message. */
class CliFileError extends Error {}

// --- show ---

export function runShow(file: string, format: Format, io: CliIo): ExitCode {
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

export function runPack(opts: PackOptions, io: CliIo): ExitCode {
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

export function runSign(file: string, opts: { key: string; cert: string; output: string }, io: CliIo): ExitCode {
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

export function runVerifyImage(file: string, opts: { cert: string; format: Format }, io: CliIo): ExitCode {
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

export async function runKeygen(opts: KeygenOptions, io: CliIo): Promise<ExitCode> {
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

/**
 * Runs an action, turning input problems into exit 2 (with --format json, also the error document on stdout) and a
 * signature-implementation disagreement into exit 3.
 */
export async function guarded(command: string, io: CliIo, action: () => ExitCode | Promise<ExitCode>, format: Format = 'text'): Promise<ExitCode> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof CliFileError) return errorOutput(command, format, io).stop({ kind: 'input', message: err.message });
    if (err instanceof ImageInputError) return errorOutput(command, format, io).stop({ kind: 'input', message: `${err.field}: ${err.message}` });
    if (err instanceof SignatureCrossCheckError) {
      io.err(`sevenfold ${command}: internal error: the two ECDSA implementations disagree, so there is no verdict: ${err.message}`);
      io.err('This is a bug in Sevenfold (or in @noble/curves or OpenSSL), not a finding about the package; please report it with the files.');
      return EXIT.unknown;
    }
    throw err;
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

function summary(bytes: Uint8Array): string {
  const parsed = parseImagePackage(bytes);
  const id = parsed.ok ? identityOf(parsed.image) : undefined;
  return id ? `${imageTypeName(id.imageType)}, component ${id.componentId}, image ${id.imageId}` : 'unreadable metadata';
}
