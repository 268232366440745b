import { describe, expect, it } from 'vitest';
import { fuzzExitCode } from '../../cli/commands/fuzz-action.js';
import type { CampaignResult } from '../../fuzz/engine/campaign.js';

const campaign = (over: Partial<CampaignResult>): CampaignResult => ({
  target: 'app-manifest', mode: 'structured', execs: 100, elapsedMs: 1000, execsPerSec: 100, startupMs: 10, coverage: 5, corpus: 3, crashes: [], stoppedBy: 'time', ...over,
});

describe('fuzz exit code: a campaign that did not fuzz is never "no crash"', () => {
  it('0 when every campaign ran inputs and found no crash', () => {
    expect(fuzzExitCode([campaign({}), campaign({ mode: 'bytes' })])).toBe(0);
  });
  it('3 when an engine did not start in time, even if its seeds ran', () => {
    expect(fuzzExitCode([campaign({}), campaign({ stoppedBy: 'startup', execs: 16 })])).toBe(3);
  });
  it('3 when a campaign ran no input', () => {
    expect(fuzzExitCode([campaign({ execs: 0 })])).toBe(3);
  });
  it('1 when a crash was found, whatever else happened', () => {
    const crash = { key: 'k', headline: 'h', stack: '', file: 'f', reportFile: 'r', size: 1, originalSize: 1, foundAtMs: 1, known: false } as unknown as CampaignResult['crashes'][number];
    expect(fuzzExitCode([campaign({ stoppedBy: 'startup', execs: 0 }), campaign({ crashes: [crash] })])).toBe(1);
  });
});
