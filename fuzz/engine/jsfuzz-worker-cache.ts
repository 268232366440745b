/**
 * Preloaded (NODE_OPTIONS=--require, which jsfuzz's fork of its worker inherits) into jsfuzz 1.0.15's worker
 * (build/src/worker.js), which runs istanbul on every file the target requires, node_modules included, at every start:
 * most of a bytes-mode campaign's start-up (app-manifest: 16 of 18 s loading its target under load; platform-design:
 * 34 of 39 s). The instrumenter jsfuzz creates is wrapped so that its output for a file is kept in the compiled tree's
 * instrumentation cache (instrumentation-cache.ts) and read back by the next campaign: the same code, byte for byte,
 * that istanbul makes (the key holds istanbul's version, jsfuzz's options, the path and the code). In any other process
 * (jsfuzz's parent inherits the variable too) it does nothing.
 */
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { cachedInstrumentation } from './instrumentation-cache.js';

interface Instrumenter {
  instrumentSync(code: string, filename: string, inputSourceMap?: unknown): string;
}

const worker = process.argv[1];
if (worker && basename(worker) === 'worker.js' && basename(dirname(worker)) === 'src' && worker.includes('jsfuzz')) {
  try {
    const fromJsfuzz = createRequire(worker);
    const istanbul = fromJsfuzz('istanbul-lib-instrument') as { createInstrumenter(options: object): Instrumenter };
    const version = (fromJsfuzz('istanbul-lib-instrument/package.json') as { version: string }).version;
    const tree = join(__dirname, '..', '..');
    const create = istanbul.createInstrumenter;
    istanbul.createInstrumenter = (options: object) => {
      const instrumenter = create(options);
      const instrument = instrumenter.instrumentSync.bind(instrumenter);
      const kind = `jsfuzz-istanbul-${version}\0${JSON.stringify(options)}`;
      instrumenter.instrumentSync = (code, filename, inputSourceMap) =>
        inputSourceMap === undefined ? cachedInstrumentation(tree, kind, filename, code, () => instrument(code, filename)) : instrument(code, filename, inputSourceMap);
      return instrumenter;
    };
  } catch {
    // no istanbul where jsfuzz looks for it: jsfuzz instruments as it always did
  }
}
