/**
 * The product's own images (product file apps[].image, read by the image-package reader into
 * product.apps[i].image). Two requirements, each finding located at the product file pointer
 * /apps/<i>/image:
 *  - images-chain-to-anchor (every deployment): an image whose signature does not verify, or whose
 *    signer is not a certificate the product trusts (not chained to the trusted anchors), is violated;
 *  - production-signed-images (every deployment that is not a development one): an image signed with
 *    the public SDK test certificate, or marked UnderDevelopment or Temporary, is violated. In a
 *    development deployment these are what development is; the evidence still lists them.
 * Apps without an image are listed: the boot emulator signs their stages with the platform's app key,
 * as the cloud deployment does, and appDevelopment decides whether anything else runs (app-development.ts).
 */
import { unstatedGroupStage } from '../../model/product/group-stage.js';
import type { Product, ProductApp } from '../../model/product/product.js';
import type { RuleInput, RuleOutcome } from './rule.js';

export const PRODUCTION_SIGNED_REQUIREMENT = 'hardware-root-of-trust.production-signed-images';
export const CHAIN_REQUIREMENT = 'hardware-root-of-trust.images-chain-to-anchor';
const SIGNED_RULE = 'images outside development are production-signed';
const TRUST_RULE = "the product's images verify under trusted keys";
/** TemporaryImage flags (product.apps[i].image.flags) that mark an image as not for production. */
const DEVELOPMENT_FLAGS = ['UnderDevelopment', 'Temporary'];

interface ImageFinding {
  app: ProductApp;
  problem: string;
}

const appName = (app: ProductApp) => app.manifest.name ?? app.manifestFile;
const imageLocation = (product: Product, finding: ImageFinding) => ({ file: product.file, pointer: `${finding.app.pointer}/image`, description: finding.problem, app: appName(finding.app) });

export function checkImageTrust(input: RuleInput): RuleOutcome {
  const { product } = input;
  const imaged = product.apps.filter((a) => a.image);
  const findings: ImageFinding[] = [];
  for (const app of imaged) {
    const image = app.image!;
    if (!image.signatureValid) findings.push({ app, problem: `${app.pointer}/image (${appName(app)}): the signature does not verify${image.signer === 'untrusted' ? ' (its signer is no certificate the product knows)' : ''}` });
    else if (image.signer === 'untrusted') findings.push({ app, problem: `${app.pointer}/image (${appName(app)}): signed by a certificate that does not chain to the keys the product trusts` });
  }
  return imageOutcome(input, { rule: TRUST_RULE, requirement: CHAIN_REQUIREMENT, imaged, findings, lines: imaged.map((a) => `${a.pointer}/image (${appName(a)}): signer ${a.image!.signer}, signature ${a.image!.signatureValid ? 'verifies' : 'DOES NOT verify'}`) });
}

export function checkImageSigners(input: RuleInput): RuleOutcome {
  const { product } = input;
  const imaged = product.apps.filter((a) => a.image);
  const development = product.deployment.group.stage === 'development';
  const findings: ImageFinding[] = [];
  for (const app of imaged) {
    const image = app.image!;
    const marks = [...(image.signer === 'sdk-test' ? ['signed with the public SDK test certificate'] : []), ...DEVELOPMENT_FLAGS.filter((f) => image.flags.includes(f)).map((f) => `marked ${f}`)];
    if (marks.length > 0) findings.push({ app, problem: `${app.pointer}/image (${appName(app)}): ${marks.join(', ')}` });
  }
  const lines = imaged.map((a) => `${a.pointer}/image (${appName(a)}): signer ${a.image!.signer}, flags ${a.image!.flags.join(', ') || 'none'}`);
  if (development && imaged.length > 0) {
    const summary = `a development deployment (${product.deployment.group.name}): test-signed and UnderDevelopment images are allowed${findings.length ? ` (${findings.length} here)` : ''}`;
    return { rule: SIGNED_RULE, requirement: PRODUCTION_SIGNED_REQUIREMENT, requirementOutcome: 'not-applicable', verdict: 'holds', summary, evidence: [{ title: `${SIGNED_RULE}: not applicable`, lines: [summary, ...findings.map((f) => f.problem), ...lines] }], extraBoots: [] };
  }
  const unstated = unstatedGroupStage(product.deployment, product.updateFile);
  if (unstated && findings.length > 0) {
    const summary = `${findings[0]!.problem}${findings.length > 1 ? ` (and ${findings.length - 1} more)` : ''}: a flaw unless the devices of the ${product.deployment.group.name} group are development devices, and ${unstated}`;
    return { rule: SIGNED_RULE, requirement: PRODUCTION_SIGNED_REQUIREMENT, verdict: 'unknown', summary, evidence: [{ title: `${SIGNED_RULE}: unknown`, lines: [summary, ...findings.map((f) => f.problem), ...lines], reproduce: input.reproduce }], extraBoots: [] };
  }
  return imageOutcome(input, { rule: SIGNED_RULE, requirement: PRODUCTION_SIGNED_REQUIREMENT, imaged, findings, lines, context: ` on devices of the ${product.deployment.group.name} group (${product.deployment.group.stage})` });
}

interface ImageRule {
  rule: string;
  requirement: string;
  imaged: ProductApp[];
  findings: ImageFinding[];
  lines: string[];
  context?: string;
}

function imageOutcome(input: RuleInput, r: ImageRule): RuleOutcome {
  const base = { rule: r.rule, requirement: r.requirement, extraBoots: [] };
  const without = input.product.apps.filter((a) => !a.image).map((a) => `${a.pointer} (${appName(a)}): no image package named; its stage boots the platform's app-signed image`);
  if (r.imaged.length === 0) {
    const summary = 'no app names an image package (apps[].image): there is no image of the product to check';
    return { ...base, verdict: 'holds', requirementOutcome: 'not-applicable', summary, evidence: [{ title: `${r.rule}: not applicable`, lines: [summary, ...without] }] };
  }
  if (r.findings.length > 0) {
    const summary = `${r.findings[0]!.problem}${r.context ?? ''}${r.findings.length > 1 ? ` (and ${r.findings.length - 1} more)` : ''}`;
    return { ...base, verdict: 'violated', summary, evidence: [{ title: `${r.rule}: violated`, lines: [...r.findings.map((f) => `${f.problem}${r.context ?? ''}`), ...r.lines, ...without], reproduce: input.reproduce, data: { locations: r.findings.map((f) => imageLocation(input.product, f)) } }] };
  }
  const summary = `${r.imaged.length} image${r.imaged.length === 1 ? '' : 's'} checked`;
  return { ...base, verdict: 'holds', summary, evidence: [{ title: `${r.rule}: holds`, lines: [...r.lines, ...without] }] };
}
