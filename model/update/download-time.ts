/**
 * Whether a genuine image can arrive before the device gives up on it. The update client abandons a download
 * that takes longer than download.timeoutSeconds (its defence against slow retrieval) and refuses any image
 * over download.maxImageBytes. Both are the design's; how slow a link the device must still update over and how
 * large a genuine image may be are the requirement profile's (renewable-security.min-link-rate,
 * renewable-security.largest-image, each with its source), never the design's. The update lab's images are a
 * few kilobytes and its service answers at once, so without this rule a timeout no real download could meet
 * (one second for a megabyte) would hold.
 *
 * Decided: violated when a genuine image of the profile's largest size is refused (maxImageBytes below it) or
 * cannot arrive in time at the profile's rate; holds when even an image of the design's own maxImageBytes
 * arrives in time; unknown between the two (the design accepts images larger than the profile's largest, which
 * it then could not download, and whether a genuine one is that large is not known).
 * Read by renewable-security (properties/renewable-security/download.ts); the update lab's service times its
 * genuine downloads from the same two numbers (emulator/update/service.ts, UpdateLabOptions.link).
 */
import type { UpdateDesign } from './update-design.js';

export interface DownloadFinding {
  verdict: 'holds' | 'violated' | 'unknown';
  /** The design field the finding is about. */
  pointer: '/download/timeoutSeconds' | '/download/maxImageBytes';
  reason: string;
}

/** Seconds an image of `bytes` takes at `bytesPerSecond`. */
export const transferSeconds = (bytes: number, bytesPerSecond: number): number => bytes / bytesPerSecond;

export function downloadFinding(design: Pick<UpdateDesign, 'download'>, bytesPerSecond: number, largestImageBytes: number): DownloadFinding {
  const { timeoutSeconds, maxImageBytes } = design.download;
  const seconds = (n: number) => `${Math.round(transferSeconds(n, bytesPerSecond) * 10) / 10} s`;
  if (maxImageBytes < largestImageBytes) {
    return { verdict: 'violated', pointer: '/download/maxImageBytes', reason: `the device refuses any image over ${maxImageBytes} bytes, but a genuine image may be ${largestImageBytes} bytes: such an update is never installed` };
  }
  if (timeoutSeconds < transferSeconds(largestImageBytes, bytesPerSecond)) {
    return { verdict: 'violated', pointer: '/download/timeoutSeconds', reason: `a genuine image of ${largestImageBytes} bytes takes ${seconds(largestImageBytes)} at ${bytesPerSecond} bytes/s, more than the ${timeoutSeconds} s download timeout: the device abandons every such download` };
  }
  if (timeoutSeconds >= transferSeconds(maxImageBytes, bytesPerSecond)) {
    return { verdict: 'holds', pointer: '/download/timeoutSeconds', reason: `even an image of ${maxImageBytes} bytes (the most the device accepts) arrives in ${seconds(maxImageBytes)} at ${bytesPerSecond} bytes/s, within the ${timeoutSeconds} s timeout` };
  }
  return { verdict: 'unknown', pointer: '/download/timeoutSeconds', reason: `an image of ${largestImageBytes} bytes arrives in time (${seconds(largestImageBytes)} at ${bytesPerSecond} bytes/s), but the device accepts images up to ${maxImageBytes} bytes, which take ${seconds(maxImageBytes)}, over the ${timeoutSeconds} s timeout; whether a genuine image is that large is not known` };
}
