/**
 * What a device asks of the security service when it connects, as an interface: the in-process
 * UpdateService implements it, and a network path (honest or an attacker's, see network.ts) sits in
 * between. Attestation is another engineer's service (emulator/attestation/); it plugs in through
 * AttestationGate. The order at each connection is Azure Sphere's: attest (which yields the update
 * certificate), upload pending error reports, then check for updates.
 */
import type { ErrorReport } from './failure-log.js';

export type Fetched<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface MetadataRequest {
  deviceId: string;
  product: string;
  deviceGroup: string;
}

/** One piece of a download as it arrives, with the seconds it took to arrive. */
export interface Chunk {
  bytes: Uint8Array;
  seconds: number;
}

export interface ReportReceipt {
  /** Every event up to this sequence is stored by the service; the device may forget them. */
  acknowledgedThrough: number;
}

/** Upload at next connection: what the device's error reporting calls. */
export interface ErrorReportSink {
  uploadErrorReport(report: ErrorReport): Fetched<ReportReceipt>;
}

export interface UpdateSource {
  /** The signed metadata for the device's product and group, as bytes (the device parses them). */
  fetchMetadata(request: MetadataRequest): Fetched<Uint8Array>;
  /** A target by its SHA-256 (hex), as a stream of chunks; the device decides how much to read. */
  fetchTarget(sha256: string): Fetched<Iterable<Chunk>>;
}

export interface AttestationOutcome {
  ok: boolean;
  reason?: string;
}

export interface AttestationGate {
  attest(deviceId: string): AttestationOutcome;
}

export interface SecurityServiceConnection extends UpdateSource, ErrorReportSink, AttestationGate {}
