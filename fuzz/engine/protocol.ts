/** Messages between a campaign and its structure-aware worker threads. */

export interface WorkerSetup {
  kind: 'fuzz' | 'replay' | 'minimize';
  target: string;
  /** Absolute path of the compiled tree (dist-fuzz or a benchmark copy). */
  tree: string;
  seed: number;
  /** Corpus folder: read at start, new inputs written to it. */
  corpusDir?: string;
  /** Extra folders read at start (other workers' corpora, jsfuzz's). */
  extraDirs?: string[];
  /** fuzz: a folder to save a deterministic sample of the inputs run into (the throughput benchmark's baseline loops over it). */
  sampleDir?: string;
  useSeeds: boolean;
  coverage: boolean;
  runs?: number;
  deadline?: number;
  /** replay/minimize: the inputs. */
  inputs?: { name: string; bytes: Uint8Array }[];
  /** minimize: the crash key to keep. */
  key?: string;
  minimizeMs?: number;
  /** Shared with the campaign: Int32 [execs, running (0/1), input length, stop (0/1)], Float64 start time at 16, the current input at 24. */
  shared?: SharedArrayBuffer;
}

export const SHARED_INPUT_OFFSET = 24;
export const SHARED_BYTES = SHARED_INPUT_OFFSET + 65536;

export type WorkerMessage =
  | { type: 'ready'; corpus: number; instrumented: boolean }
  | { type: 'stats'; execs: number; corpus: number; features: number; covered: number }
  | { type: 'crash'; key: string; headline: string; stack: string; bytes: Uint8Array; atExec: number }
  | { type: 'new-input'; bytes: Uint8Array }
  | { type: 'replayed'; results: { name: string; ok: boolean; key?: string; headline?: string; stack?: string; ms: number }[] }
  | { type: 'minimized'; bytes: Uint8Array; key: string | undefined }
  | { type: 'done'; execs: number; corpus: number; features: number; covered: number }
  | { type: 'error'; message: string };
