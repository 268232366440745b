/**
 * One campaign in its own process: `node dist-fuzz/fuzz/engine/campaign-process.js '<options as JSON>'` prints
 * the result as JSON (crash inputs in base64). The benchmark runs each trial this way, so trials do not share
 * a heap, and no TypeScript loader (tsx) sits between the engines and the code under test.
 */
import { runCampaign, type CampaignOptions } from './campaign.js';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as Omit<CampaignOptions, 'reproduceCommand' | 'signal' | 'onProgress' | 'onCrash' | 'log'>;
  const result = await runCampaign({ ...options, reproduceCommand: (file) => `npx sevenfold fuzz ${options.target} --replay ${file}` });
  const out = { ...result, crashes: result.crashes.map((c) => ({ ...c, bytes: Buffer.from(c.bytes).toString('base64') })) };
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});
