/**
 * `sevenfold image show|pack|sign|verify|keygen`: Azure Sphere image packages on disk. Exit codes as
 * everywhere: 0 ok/valid, 1 a malformed or invalid package, 2 a bad option or file, 3 no verdict (the two
 * signature implementations disagreed). Bad input is reported naming the option, the file and the
 * problem, never with a stack trace. This module only declares the commands (options, help, argument
 * parsers); the work is in image-action.ts, loaded when a command runs, so --help does not load the
 * package reader, the signers or X.509.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ABI_TYPES, IMAGE_TYPES, TEMPORARY_CHOICES, parseAbiType, parseImageType, type TemporaryChoice } from '../../formats/image-package/enums.js';
import { isGuid } from '../../formats/image-package/guid.js';
import type { AbiIdentity } from '../../formats/image-package/types.js';
import { EXIT_CODES_HELP, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { nonEmpty } from '../options.js';

type ImageWork = typeof import('./image-action.js');

export type Format = 'text' | 'json';

export interface PackOptions {
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

export interface KeygenOptions {
  keyOut: string;
  certOut: string;
  subject: string;
  days: number;
  force?: boolean;
}

export function registerImageCommands(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  const image = program.command('image').description('Read, build, sign and verify Azure Sphere image packages (.imagepackage).');
  const run = (command: string, action: (work: ImageWork) => ExitCode | Promise<ExitCode>, format?: Format) =>
    import('./image-action.js').then((work) => work.guarded(command, io, () => action(work), format)).then(setExit);
  const format = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

  image
    .command('show')
    .description('Decode every metadata section of a package, like `azsphere image-package show`. Exit 1 if the package is malformed.')
    .argument('<file>', 'image package', nonEmpty)
    .addOption(format())
    .addHelpText('after', `\nExample:\n  $ sevenfold image show app.imagepackage --format json\n\n${EXIT_CODES_HELP}`)
    .action((file: string, opts: { format: Format }) => run('image show', (work) => work.runShow(file, opts.format, io), opts.format));

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
    .action((opts: PackOptions) => run('image pack', (work) => work.runPack(opts, io)));

  image
    .command('sign')
    .description('Re-sign a package: put the certificate\'s thumbprint in the Signature section and replace the signature.')
    .argument('<file>', 'image package', nonEmpty)
    .requiredOption('--key <pem>', 'P-256 private key (PEM)', nonEmpty)
    .requiredOption('--cert <pem>', 'X.509 certificate of that key', nonEmpty)
    .requiredOption('-o, --output <file>', 'where to write the re-signed package (may be <file> itself)', nonEmpty)
    .addHelpText('after', `\nExample:\n  $ sevenfold image sign app.imagepackage --key test-key.pem --cert test-cert.pem -o app-resigned.imagepackage\n\n${EXIT_CODES_HELP}`)
    .action((file: string, opts: { key: string; cert: string; output: string }) => run('image sign', (work) => work.runSign(file, opts, io)));

  image
    .command('verify')
    .description('Check a package against a signing certificate: structure, thumbprint, signing type, signature. Exit 0 valid, 1 invalid.')
    .argument('<file>', 'image package', nonEmpty)
    .requiredOption('--cert <pem>', 'X.509 certificate (PEM or DER) expected to have signed the package', nonEmpty)
    .addOption(format())
    .addHelpText('after', `\nExample:\n  $ sevenfold image verify app.imagepackage --cert test-cert.pem\n\n${EXIT_CODES_HELP}`)
    .action((file: string, opts: { cert: string; format: Format }) => run('image verify', (work) => work.runVerifyImage(file, opts, io), opts.format));

  image
    .command('keygen')
    .description('Make a P-256 test signing key and a self-signed certificate for it (devices do not trust it; for trying pack/sign/verify).')
    .requiredOption('--key-out <pem>', 'where to write the private key (PKCS#8 PEM, mode 600)', nonEmpty)
    .requiredOption('--cert-out <pem>', 'where to write the certificate (PEM)', nonEmpty)
    .option('--subject <dn>', 'certificate subject, a distinguished name', subjectArg, 'CN=Sevenfold test signing key')
    .option('--days <n>', 'validity in days', daysArg, 365)
    .option('--force', 'overwrite existing files')
    .addHelpText('after', `\nExample:\n  $ sevenfold image keygen --key-out test-key.pem --cert-out test-cert.pem --subject "CN=My test signer"\n\n${EXIT_CODES_HELP}`)
    .action((opts: KeygenOptions) => run('image keygen', (work) => work.runKeygen(opts, io)));
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
