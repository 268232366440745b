/**
 * One campaign in its own process: `node dist-fuzz/fuzz/engine/campaign-process.js '<options as JSON>'` prints
 * the result as JSON (crash inputs in base64). The benchmark runs each trial this way, so trials do not share
 * a heap, and no TypeScript loader (tsx) sits between the engines and the code under test.
 */
import { runCampaign, type CampaignOptions } from './campaign.js';

/** What the process writes on stderr when its second half starts (with `announceLaterHalf`; bench/fuzz/throughput-vs-loop.ts waits for it). */
const LATER_HALF_LINE = 'sevenfold-campaign: later half';

async function main(): Promise<void> {
  const { announceLaterHalf, ...options } = JSON.parse(process.argv[2] ?? '{}') as Omit<CampaignOptions, 'reproduceCommand' | 'signal' | 'onProgress' | 'onCrash' | 'log' | 'onLaterHalf'> & { announceLaterHalf?: boolean };
  const result = await runCampaign({
    ...options,
    reproduceCommand: (file) => `npx sevenfold fuzz ${options.target} --replay ${file}`,
    // The throughput benchmark's paired run alternates this process with a plain loop from here (a line on stderr).
    ...(announceLaterHalf ? { onLaterHalf: () => process.stderr.write(`${LATER_HALF_LINE}\n`) } : {}),
  });
  const out = { ...result, crashes: result.crashes.map((c) => ({ ...c, bytes: Buffer.from(c.bytes).toString('base64') })) };
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});
