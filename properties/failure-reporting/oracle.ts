/**
 * What "no failure is lost" means for one run, checked against the service at the end:
 *   - every failure the profile requires (required-recording.ts) was logged: the log's design did not
 *     leave it out by kind or app class;
 *   - every event the log made durable is at the service, under its sequence number, unchanged
 *     (a log that forgets, or reuses sequence numbers after a reset, fails here);
 *   - every power cut that hit the device while it was marked running was followed by a power-cut event;
 *   - a source whose events were counted instead of stored has an 'events-dropped' event at the service;
 *   - the log drained: nothing stayed on the device that the service would not take;
 *   - the device was never left with nothing to boot (then nothing after it can be reported);
 *   - every report the service took holds at most the profile's events, spanning at most its days.
 */
import { requirementsFor, type RequiredRecording } from './required-recording.js';
import type { ReportLimits } from './rule.js';
import type { RunTruth } from './scenario.js';

export function findLosses(truth: RunTruth, limits: ReportLimits, required: RequiredRecording): string[] {
  const problems: string[] = [];
  for (const u of truth.unrecorded) {
    const requirements = requirementsFor(required, u.kind, u.origin);
    if (requirements) problems.push(`${u.kind} of ${u.source === 'os' ? 'the OS' : u.source} was never logged: ${u.reason} (${requirements.join(', ')})`);
  }
  if (truth.bricked) problems.push(`a boot that failed verification left the device with nothing to boot: ${truth.bricked.reason}; that failure and every later one never reached the service`);
  const received = new Map(truth.service.received(truth.device.identity.deviceId).map((e) => [e.sequence, e]));
  for (const e of truth.durable) {
    const got = received.get(e.sequence);
    if (!got) problems.push(`event #${e.sequence} (${e.kind}: ${e.detail}) was logged at boot ${e.boot} but never reached the service`);
    else if (got.kind !== e.kind || got.detail !== e.detail || got.time !== e.time) problems.push(`event #${e.sequence} (${e.kind}: ${e.detail}) was lost: the service holds #${e.sequence} as ${got.kind}: ${got.detail} (sequence number reused)`);
  }
  if (truth.unreportedCut) problems.push('a power cut while the device was running was never reported');
  const markers = new Set([...received.values()].filter((e) => e.kind === 'events-dropped').map((e) => e.source));
  for (const source of truth.droppedFrom) if (!markers.has(source)) problems.push(`events of ${source} were dropped over capacity and nothing told the service`);
  if (!truth.drained) problems.push(`the log did not drain: ${truth.device.log?.pending().length ?? 'all'} events stayed on the device`);
  for (const report of truth.service.reports) {
    if (report.events.length > limits.maxEvents) problems.push(`a report held ${report.events.length} events, more than ${limits.maxEvents}`);
    const times = report.events.map((e) => e.time);
    if (times.length && Math.max(...times) - Math.min(...times) > limits.maxDays * 86_400) problems.push(`a report spanned more than ${limits.maxDays} days`);
  }
  return problems;
}
