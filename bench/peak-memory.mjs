// The peak resident memory of this process in MiB, for the bench's process figures (process-reporter.mjs,
// attacker-search-process.ts). Plain JavaScript so that a child `node` process can preload it without tsx.
// It is the address space's high-water mark (VmHWM in /proc/self/status, Linux), not getrusage's maxRSS:
// maxRSS survives exec, so a child spawned by a large parent (the bench itself, after its other rows)
// reported the parent's resident size (`--help` read 126 MB inside the whole bench, 51 MB alone).
// maxRSS where there is no /proc.
import { readFileSync } from 'node:fs';

export function peakResidentMiB() {
  try {
    const kB = /VmHWM:\s*(\d+)\s*kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (kB) return Number(kB[1]) / 1024;
  } catch {
    // no /proc: below
  }
  return process.resourceUsage().maxRSS / 1024;
}
