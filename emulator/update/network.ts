/**
 * The path between a device and the security service. Honest by default; an attack scenario supplies
 * an Interceptor that sees each request and the genuine answer (it may call it, change what comes
 * back, replay something older, or answer on its own). Every request is logged, so a scenario's
 * trace shows what the device asked for and what it got.
 */
import type { ErrorReport } from './failure-log.js';
import type { AttestationOutcome, Chunk, Fetched, MetadataRequest, ReportReceipt, SecurityServiceConnection } from './service-api.js';

export interface Interceptor {
  /** Shown in traces. */
  name: string;
  metadata?(request: MetadataRequest, genuine: () => Fetched<Uint8Array>): Fetched<Uint8Array>;
  target?(sha256: string, genuine: () => Fetched<Iterable<Chunk>>): Fetched<Iterable<Chunk>>;
  upload?(report: ErrorReport, genuine: () => Fetched<ReportReceipt>): Fetched<ReportReceipt>;
  attest?(deviceId: string, genuine: () => AttestationOutcome): AttestationOutcome;
}

export class NetworkPath implements SecurityServiceConnection {
  readonly requests: string[] = [];

  constructor(
    private readonly service: SecurityServiceConnection,
    private readonly interceptor: Interceptor = { name: 'honest network' },
    /**
     * The device authenticates the security service on its error-report uploads (TLS to its root store): an
     * on-path party can drop an upload or pass the service's answer on, never answer it itself. The device's
     * own reading of model/update/report-channel.ts; test/update/report-channel.test.ts holds them together.
     */
    private readonly reportsAuthenticated = true,
  ) {}

  attest(deviceId: string): AttestationOutcome {
    this.requests.push(`attest ${deviceId}`);
    const genuine = () => this.service.attest(deviceId);
    return this.interceptor.attest ? this.interceptor.attest(deviceId, genuine) : genuine();
  }

  fetchMetadata(request: MetadataRequest): Fetched<Uint8Array> {
    this.requests.push(`metadata for ${request.product}/${request.deviceGroup}`);
    const genuine = () => this.service.fetchMetadata(request);
    return this.interceptor.metadata ? this.interceptor.metadata(request, genuine) : genuine();
  }

  fetchTarget(sha256: string): Fetched<Iterable<Chunk>> {
    this.requests.push(`target ${sha256.slice(0, 12)}…`);
    const genuine = () => this.service.fetchTarget(sha256);
    return this.interceptor.target ? this.interceptor.target(sha256, genuine) : genuine();
  }

  uploadErrorReport(report: ErrorReport): Fetched<ReportReceipt> {
    this.requests.push(`error report: ${report.events.length} events`);
    if (!this.interceptor.upload) return this.service.uploadErrorReport(report);
    let fromService: Fetched<ReportReceipt> | undefined;
    const genuine = () => (fromService = this.service.uploadErrorReport(report));
    const answer = this.interceptor.upload(report, genuine);
    // An answer the service did not give fails the handshake on an authenticated channel: the device forgets nothing.
    if (this.reportsAuthenticated && answer.ok && answer !== fromService) return { ok: false, reason: 'TLS: the answer to the error report did not come from the security service (its certificate does not chain to the trusted root store)' };
    return answer;
  }
}

/** The update service unreachable: metadata and downloads fail, the rest goes through. */
export const failingInterceptor = (name: string, reason: string): Interceptor => ({
  name,
  metadata: () => ({ ok: false, reason }),
  target: () => ({ ok: false, reason }),
});

/** No connection at all. */
export const OFFLINE: Interceptor = {
  name: 'offline',
  metadata: () => ({ ok: false, reason: 'no network' }),
  target: () => ({ ok: false, reason: 'no network' }),
  upload: () => ({ ok: false, reason: 'no network' }),
  attest: () => ({ ok: false, reason: 'no network' }),
};
