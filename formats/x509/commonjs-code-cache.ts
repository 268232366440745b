/**
 * A CommonJS file run as Node's loader runs it (the same wrapper, `require` resolving beside the file),
 * but compiled with V8's code cache when one was written beside it: V8 then skips parsing and compiling
 * what the cache holds. For the bundled @peculiar/x509 (x509-library.mts), 0.8 MB that every `verify`
 * loads on its main thread and again on its proof worker: loading it and parsing a first certificate took
 * 64–76 ms of CPU compiled from source and 34–38 ms from a cache written after the same work (one process
 * each, alternated, on the 2-core session machine; issue 15).
 *
 * A cache only ever saves time: V8 checks it against the source and against the V8 version and flags of
 * the process, and compiles from source when it does not fit (codeCache 'rejected'), with the same result.
 * build/x509-code-cache.mjs writes it under the CLI's own V8 flags (cli/heap-growth.ts), which the check
 * includes; test/cli/bundle.test.ts holds that the CLI's process accepts it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export type CodeCacheUse = 'accepted' | 'rejected' | 'absent';

export interface LoadedCommonJs {
  exports: unknown;
  codeCache: CodeCacheUse;
  script: Script;
}

/** Where the code cache of `file` is kept: beside it. */
export const codeCacheFileOf = (file: string): string => `${file}.v8-cache`;

/** Node's CommonJS wrapper, on the source's first line as Node puts it (stack traces keep their line numbers). */
const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;

/** Runs `file` as a CommonJS module, compiled with `cachedData` when given. */
export function runCommonJs(file: string, cachedData?: Buffer): LoadedCommonJs {
  const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  const body = script.runInThisContext() as (this: unknown, ...args: unknown[]) => void;
  body.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, codeCache: cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted', script };
}

/** Runs `file` with the code cache beside it, if there is one. */
export function runWithCodeCache(file: string): LoadedCommonJs {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(codeCacheFileOf(file));
  } catch {
    cachedData = undefined; // no cache written (or unreadable): compiled from source
  }
  return runCommonJs(file, cachedData);
}

/** Writes the code cache of a file run here: what V8 compiled so far, so run it through the work it should cover first. */
export function writeCodeCache(loaded: LoadedCommonJs, file: string): void {
  writeFileSync(codeCacheFileOf(file), loaded.script.createCachedData());
}
