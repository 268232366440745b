/** The peak resident memory of this process in MiB (peak-memory.mjs). */
export declare function peakResidentMiB(): number;
