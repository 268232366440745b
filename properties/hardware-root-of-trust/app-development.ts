/**
 * Development-signed apps do not run outside development. The product's devices carry the device
 * capabilities its deployment states; the emulated Security Monitor consults them at run time. For
 * every app stage of the product, an app rebuilt and signed with the public SDK test key (what anyone
 * with the SDK can make) is written into the device and booted:
 *  - on devices without appDevelopment the app's checks refuse it (met, whatever the group);
 *  - on devices that carry appDevelopment it runs: in a development deployment that is what the
 *    capability is for (not applicable); in any other deployment it is the violation of
 *    hardware-root-of-trust.no-app-development-in-production, and the boot trace is the evidence.
 */
import { formatTrace, type BootRun } from '../../emulator/boot/index.js';
import { joinPointer } from '../../formats/diagnostics/diagnostic.js';
import { describeDeployment } from '../../model/product/deployment.js';
import { unstatedGroupStage } from '../../model/product/group-stage.js';
import type { Evidence } from '../verdict.js';
import { haltLine, stageName, stageRan, type RuleInput, type RuleOutcome } from './rule.js';

const RULE = 'development-signed apps do not run outside development';
export const APP_DEVELOPMENT_REQUIREMENT = 'hardware-root-of-trust.no-app-development-in-production';
const APP_IMAGE_TYPE = 'Applications';

export function checkAppDevelopment(input: RuleInput): RuleOutcome {
  const { lab, product, verifier } = input;
  const deployment = product.deployment;
  const development = deployment.group.stage === 'development';
  const capabilityIndex = deployment.deviceCapabilities.indexOf('appDevelopment');
  const carries = capabilityIndex >= 0;
  const devices = `devices of the ${deployment.group.name} group (${deployment.group.stage}) ${carries ? 'carrying appDevelopment' : 'without appDevelopment'}`;
  const appStages = lab.design.boot.filter((s) => lab.design.components.find((c) => c.id === s.image)?.imageType === APP_IMAGE_TYPE);
  const boots = appStages.map((stage) => {
    const plan = lab.attacker.sdkTestSigned(stage.image);
    return { stage: stage.image, run: lab.boot(verifier, { attack: plan, scenario: `${devices}: ${plan.description}` }) };
  });
  const ran = boots.filter((b) => stageRan(b.run, b.stage));
  const lines = [
    `deployment: ${describeDeployment(deployment)}`,
    ...(deployment.appDevelopmentFromGroup ? [`the update design's ${deployment.group.name} group accepts development-signed images (appDevelopmentCapability: true), so its devices carry appDevelopment`] : []),
    ...boots.map((b) => `${stageName(input, b.stage)} signed with the public SDK test key: ${stageRan(b.run, b.stage) ? 'RAN' : `refused, ${haltLine(b.run)}`}`),
  ];
  if (appStages.length === 0) lines.push('the product\'s device has no app stage to boot a development-signed app in');
  const base = { rule: RULE, requirement: APP_DEVELOPMENT_REQUIREMENT, extraBoots: boots.map((b) => b.run) };
  const traces = (runs: readonly { run: BootRun }[]): Evidence[] => runs.slice(0, 1).map(({ run }) => ({ title: `trace: ${run.trace.scenario}`, lines: formatTrace(run.trace), reproduce: input.reproduce, data: run.trace }));

  const unstated = unstatedGroupStage(deployment, product.updateFile);
  if (unstated && (carries || ran.length > 0)) {
    const shown = ran[0] ? `${stageName(input, ran[0].stage)} signed with the public SDK test key ran` : 'the capability lets any development-signed app run';
    const summary = `${devices}: ${shown}, a flaw unless these are development devices, and ${unstated}`;
    return { ...base, verdict: 'unknown', summary, evidence: [{ title: `${RULE}: unknown`, lines: [summary, ...lines], reproduce: input.reproduce }, ...traces(ran)] };
  }
  if (!development && (carries || ran.length > 0)) {
    const pointer = carries && !deployment.isDefault && !deployment.appDevelopmentFromGroup ? joinPointer('/deployment', 'deviceCapabilities', capabilityIndex) : '/deployment';
    const shown = ran[0] ? `${stageName(input, ran[0].stage)} signed with the public SDK test key ran` : 'no app stage of this product showed it, but the capability lets any development-signed app run';
    const summary = `${devices}: ${shown}`;
    return { ...base, verdict: 'violated', summary, evidence: [{ title: `${RULE}: violated`, lines: [summary, ...lines], reproduce: input.reproduce, data: { locations: [{ file: product.file, pointer, description: 'appDevelopment on devices outside a development deployment' }] } }, ...traces(ran)] };
  }
  if (development) {
    const summary = `a development deployment: development-signed apps may run there (${ran.length} of ${boots.length} ran on these devices)`;
    return { ...base, verdict: 'holds', requirementOutcome: 'not-applicable', summary, evidence: [{ title: `${RULE}: not applicable`, lines: [summary, ...lines] }] };
  }
  const summary = `${devices}: an app signed with the public SDK test key was refused at ${boots.length === 1 ? 'the app stage' : `each of ${boots.length} app stages`}`;
  return { ...base, verdict: 'holds', summary, evidence: [{ title: `${RULE}: holds`, lines: [summary, ...lines] }] };
}
