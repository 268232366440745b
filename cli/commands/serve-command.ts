/**
 * `sevenfold serve`: the security service and a cloud service on a loopback port, for a person to
 * attack with their own tools. Runs until interrupted (Ctrl-C), or for --exit-after milliseconds, or
 * for --max-requests requests. Exit 0 after a clean stop; 2 for a bad option, an unreadable protocol
 * file or a port that cannot be opened.
 */
import { Option, type Command } from 'commander';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { LOOPBACK_HOSTS, MAX_DEVICES } from '../../emulator/attestation/serve-limits.js';
import { EXIT, EXIT_CODES_HELP, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { nonEmpty, wholeNumber } from '../options.js';
import { resolve } from 'node:path';


export interface ServeCommandOptions {
  host: string;
  port: number;
  protocol?: string;
  devices: number;
  exitAfter?: number;
  maxRequests?: number;
}

export function registerServeCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('serve')
    .description('Run the security service and a cloud service on a loopback port, to attack with your own tools.')
    .addOption(new Option('--host <address>', 'loopback address to listen on').choices([...LOOPBACK_HOSTS]).default('127.0.0.1'))
    .option('--port <n>', 'port (0: any free port)', wholeNumber(0, 65_535), 0)
    .option('--protocol <file>', 'protocol design to serve (default: the built-in design; try test/fixtures/protocols/no-nonce.json)', nonEmpty)
    .option('--devices <n>', `simulated devices, 1 to ${MAX_DEVICES}; the last runs downgraded software from the second period on`, wholeNumber(1, MAX_DEVICES), 2)
    .option('--exit-after <ms>', 'stop after this many milliseconds', wholeNumber(1, Number.MAX_SAFE_INTEGER, 'ms'))
    .option('--max-requests <n>', 'stop after this many requests', wholeNumber(1, Number.MAX_SAFE_INTEGER))
    .addHelpText(
      'after',
      `
Endpoints (GET / lists them): POST /attestation and POST /cloud take CBOR messages; POST /devices/d1/attest
makes a simulated device attest honestly and returns the transcript; GET /pki/root.pem and friends give
the certificates; POST /period/next starts the next 24-hour attestation period.

Examples:
  $ sevenfold serve --port 8443
  $ curl -s -X POST http://127.0.0.1:8443/devices/d1/attest      # capture an honest transcript
  $ sevenfold serve --protocol test/fixtures/protocols/no-nonce.json --port 8443   # a flawed design to break

${EXIT_CODES_HELP}`,
    )
    .action(async (opts: ServeCommandOptions) => {
      setExit(await runServe(opts, io));
    });
}

export async function runServe(opts: ServeCommandOptions, io: CliIo): Promise<ExitCode> {
  // Loaded here, not at start-up: the server and the protocol reader are for this command only.
  const { builtinProtocolFile, loadProtocol } = await import('../../model/attestation/load-protocol.js');
  const { printDesignFileErrors } = await import('./command-error-output.js');
  const { ServeOptionError, startAttestationServer } = await import('../../emulator/attestation/server.js');
  const file = opts.protocol ? resolve(io.cwd, opts.protocol) : builtinProtocolFile();
  const loaded = loadProtocol(file);
  if (!loaded.design) {
    printDesignFileErrors(io, 'ProtocolDesignInvalid', loaded.errors);
    io.err(`sevenfold serve: cannot serve ${displayPath(file)}: fix the errors above first`);
    return EXIT.usage;
  }
  let server;
  try {
    server = await startAttestationServer({
      design: loaded.design,
      host: opts.host,
      port: opts.port,
      devices: opts.devices,
      ...(opts.maxRequests ? { maxRequests: opts.maxRequests } : {}),
      log: (line) => io.err(line),
    });
  } catch (err) {
    io.err(`sevenfold serve: ${err instanceof ServeOptionError ? err.message : `cannot listen on ${opts.host}:${opts.port} (${err instanceof Error ? err.message : String(err)})`}`);
    return EXIT.usage;
  }
  io.out(`sevenfold serve: ${loaded.design.name} (${displayPath(file)})`);
  io.out(`listening on ${server.url}`);
  for (const d of server.world.devices.values()) io.out(`  device ${d.id}: ${d.device.deviceIdHex} (software: ${d.software.join(', ')})`);
  io.out(`  try: curl -s ${server.url}/ ; curl -s -X POST ${server.url}/devices/d1/attest`);
  const stop = () => void server.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const timer = opts.exitAfter !== undefined ? setTimeout(stop, opts.exitAfter) : undefined;
  await server.closed;
  if (timer) clearTimeout(timer);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  io.out(`stopped after ${server.requests} request${server.requests === 1 ? '' : 's'}`);
  return EXIT.ok;
}
