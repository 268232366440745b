/**
 * The one default folder for corpora, crashes and results, relative to the working directory: where
 * `sevenfold fuzz` writes and `sevenfold report --fuzz` reads. A module of its own, importing nothing,
 * so that both commands can show it in --help without loading the fuzz engine.
 */
export const DEFAULT_FUZZ_OUT = 'fuzz-out';
