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
  /**
   * fuzz: a folder to save a sample of the inputs run in the second half of the campaign's time into (up to
   * LATER_SAMPLE_MAX, each input run since the campaign flagged the second half equally likely to be in it): the
   * throughput benchmark's row loops the code under test over it, against the engine's rate in that same half.
   */
  laterSampleDir?: string;
  /**
   * fuzz: report stats as soon as this worker has run this many inputs (the campaign's laterHalfFromExec, its share):
   * the campaign looks for the second half on a stats message, and one every 500 ms may come only after a short
   * campaign (a fast target, a quiet machine) is over, which then had no second half at all.
   */
  statsAtExec?: number;
  useSeeds: boolean;
  coverage: boolean;
  runs?: number;
  deadline?: number;
  /** replay/minimize: the inputs. */
  inputs?: { name: string; bytes: Uint8Array }[];
  /** minimize: the crash key to keep. */
  key?: string;
  minimizeMs?: number;
  /**
   * Shared with the campaign: Int32 [execs, running (0/1), input length, stop (0/1), second half (0/1)] (SHARED_INTS),
   * Float64 start time of the current input at SHARED_STARTED_OFFSET, the current input at SHARED_INPUT_OFFSET.
   */
  shared?: SharedArrayBuffer;
}

export const SHARED_INTS = 5;
/** Index in the shared Int32s: the campaign sets it to 1 where its second half (CampaignResult.laterHalf) starts. */
export const SHARED_LATER_HALF = 4;
export const SHARED_STARTED_OFFSET = 24;
export const SHARED_INPUT_OFFSET = 32;
export const SHARED_BYTES = SHARED_INPUT_OFFSET + 65536;

export type WorkerMessage =
  | { type: 'ready'; corpus: number; instrumented: boolean; expensiveSampleOneIn?: number }
  | { type: 'stats'; execs: number; corpus: number; features: number; covered: number; thoroughRuns: number }
  | { type: 'crash'; key: string; headline: string; stack: string; bytes: Uint8Array; atExec: number }
  | { type: 'new-input'; bytes: Uint8Array }
  | { type: 'replayed'; results: { name: string; ok: boolean; key?: string; headline?: string; stack?: string; ms: number }[] }
  | { type: 'minimized'; bytes: Uint8Array; key: string | undefined }
  | { type: 'done'; execs: number; corpus: number; features: number; covered: number; thoroughRuns: number }
  | { type: 'error'; message: string };
