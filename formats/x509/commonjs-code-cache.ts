/**
 * A CommonJS file run as Node's loader runs it (the same wrapper, `require` resolving beside the file),
 * but compiled with V8's code cache when one was written beside it: V8 then skips parsing and compiling
 * what the cache holds. For the bundled @peculiar/x509 (x509-library.mts), 0.8 MB that every `verify`
 * loads on its main thread and again on its proof worker: loading it and parsing a first certificate took
 * 64–76 ms of CPU compiled from source and 34–38 ms from a cache written after the same work (one process
 * each, alternated, on the 2-core session machine; issue 15).
 *
 * A cache only ever saves time: it is used only when it was written from these very bytes (the cache file
 * begins with a SHA-256 of the source, checked here, 'stale' otherwise: V8's own check compares the
 * source's length alone, so a file edited to the same length would have run its old code), and V8 checks
 * it against its version and the process's flags, compiling from source when it does not fit (codeCache
 * 'rejected'), with the same result. The build writes it under the CLI's own V8 flags (cli/v8-flags.ts),
 * which V8's check includes; test/cli/bundle.test.ts holds that the CLI's process accepts it.
 *
 * The whole CLI runs this way too, for `verify` (cli/start.ts, dist/bundle/cli.cjs). A file run here must
 * not call import(): Node 20 loses a script's dynamic-import loader when V8 deserialises it from a cache
 * (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so build/bundle-cli.mjs turns the CLI's into require() calls.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export type CodeCacheUse = 'accepted' | 'rejected' | 'stale' | 'absent';

export interface LoadedCommonJs {
  exports: unknown;
  codeCache: CodeCacheUse;
  script: Script;
  /** The SHA-256 of the source run, which writeCodeCache puts before V8's data. */
  sourceHash: Buffer;
}

/** Where the code cache of `file` is kept: beside it. */
export const codeCacheFileOf = (file: string): string => `${file}.v8-cache`;

/** The bytes of SHA-256 that begin a cache file. */
const HASH_BYTES = 32;

/** Node's CommonJS wrapper, on the source's first line as Node puts it (stack traces keep their line numbers). */
const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;

/**
 * Runs `file` as a CommonJS module, compiled with the V8 data of `cache` when it was written from the
 * same source bytes (a cache file's contents, codeCacheFileOf).
 */
export function runCommonJs(file: string, cache?: Buffer): LoadedCommonJs {
  const bytes = readFileSync(file);
  const sourceHash = createHash('sha256').update(bytes).digest();
  const fits = cache !== undefined && cache.length > HASH_BYTES && sourceHash.equals(cache.subarray(0, HASH_BYTES));
  const script = new Script(wrap(bytes.toString('utf8')), {
    filename: file,
    ...(fits ? { cachedData: cache.subarray(HASH_BYTES) } : {}),
  });
  const module = { exports: {} as unknown };
  const body = script.runInThisContext() as (this: unknown, ...args: unknown[]) => void;
  body.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  const codeCache: CodeCacheUse = cache === undefined ? 'absent' : !fits ? 'stale' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return { exports: module.exports, codeCache, script, sourceHash };
}

/** Runs `file` with the code cache beside it, if there is one. */
export function runWithCodeCache(file: string): LoadedCommonJs {
  let cache: Buffer | undefined;
  try {
    cache = readFileSync(codeCacheFileOf(file));
  } catch {
    cache = undefined; // no cache written (or unreadable): compiled from source
  }
  return runCommonJs(file, cache);
}

/** Writes the code cache of a file run here (the source's SHA-256, then what V8 compiled so far): run it through the work it should cover first. */
export function writeCodeCache(loaded: LoadedCommonJs, file: string): void {
  writeFileSync(codeCacheFileOf(file), Buffer.concat([loaded.sourceHash, loaded.script.createCachedData()]));
}
