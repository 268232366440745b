/**
 * The work of `sevenfold attacks` (declared in attacks-command.ts): load the product and its update
 * design, run the selected attacks on the update emulator, print each result.
 */
import { profileRelaxations } from '../../model/requirements/relaxation.js';
import { resolve } from 'node:path';
import { ATTACKS, NOT_APPLICABLE, UpdateLab, runAttacks, type AttackCase, type AttackResult } from '../../emulator/update/index.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { makeDiagnostic } from '../../formats/json/located-json.js';
import { chooseProductFile } from '../../model/product/builtin.js';
import { profileLabel } from '../../model/requirements/requirement-profile.js';
import { chooseRequirements } from '../../properties/requirements-option.js';
import { loadProduct } from '../../model/product/product.js';
import { checkAgainstPlatform, loadUpdateDesign } from '../../model/update/load-update.js';
import { updateDesignOf } from '../../model/update/product-update.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { formatDiagnostic } from '../../reports/diagnostics/format-diagnostics.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { AttacksOptions } from './attacks-command.js';
import { designFileDiagnostics, errorOutput, printDesignFileErrors, productInput } from './command-error-output.js';

export async function runAttacksCommand(options: AttacksOptions, io: CliIo): Promise<ExitCode> {
  // Every stop before the attacks run: stderr as before and, with --format json, a document on stdout that says why.
  const output = errorOutput('attacks', options.format, io);
  const selected: AttackCase[] = [];
  for (const id of options.attack) {
    const attack = ATTACKS.find((a) => a.id === id || a.standardId.toLowerCase() === id.toLowerCase());
    if (!attack) return output.stop({ kind: 'usage', message: `unknown attack "${id}". Known: ${ATTACKS.map((a) => a.id).join(', ')}` });
    if (!selected.includes(attack)) selected.push(attack);
  }
  const { file, source, refusal } = chooseProductFile(options.product, io.cwd);
  const inputs = productInput(file, source);
  if (refusal) return output.stop({ kind: 'usage', message: refusal, inputs });
  const loaded = loadProduct(file);
  if (loaded.hasErrors || !loaded.product) {
    for (const d of loaded.diagnostics) io.err(formatDiagnostic(d, { color: io.color }));
    return output.stop({ kind: 'input', message: `cannot use ${displayPath(file)}`, diagnostics: loaded.diagnostics, inputs }, ': fix the errors above first');
  }
  const product = loaded.product;
  let design: UpdateDesign;
  let designFile: string;
  if (options.update) {
    // Relative to the run's folder, as --product is (chooseProductFile), not to the process's.
    const own = loadUpdateDesign(resolve(io.cwd, options.update));
    if (!own.design) {
      printDesignFileErrors(io, 'UpdateDesignInvalid', own.errors);
      return output.stop({
        kind: 'input',
        message: `cannot use the update design ${displayPath(own.file)}`,
        diagnostics: designFileDiagnostics('UpdateDesignInvalid', own.errors),
        inputs: { ...inputs, updateDesign: displayPath(own.file) },
      });
    }
    design = own.design;
    designFile = own.file;
  } else {
    const own = updateDesignOf(product);
    if (!own.design) {
      // The built-in update design is broken (a packaging fault): its errors are already formatted, so no diagnostics.
      for (const e of own.errors) io.err(e);
      return output.document({ kind: 'input', message: `cannot use the update design ${displayPath(own.file)}: ${own.errors.join('; ')}`, inputs: { ...inputs, updateDesign: displayPath(own.file) } });
    }
    design = own.design;
    designFile = own.file;
  }
  const problems = checkAgainstPlatform(design, product.platform);
  if (problems.length) {
    for (const p of problems) io.err(`${displayPath(designFile)}: ${p}`);
    return output.stop({
      kind: 'input',
      message: `the update design does not fit ${displayPath(product.platformFile)}`,
      // Each problem names the design file, but checkAgainstPlatform gives no pointer: the whole file is the location.
      diagnostics: problems.map((p) => makeDiagnostic('UpdateDesignInvalid', designFile, '', { line: 1, column: 1 }, p)),
      inputs: { ...inputs, updateDesign: displayPath(designFile) },
    });
  }
  const requirements = chooseRequirements(options.requirements, io.cwd);
  if (!requirements.ok) {
    printDesignFileErrors(io, 'RequirementsInvalid', requirements.located);
    io.err(`sevenfold attacks: cannot use the requirement profile ${displayPath(requirements.file)}: fix the errors above first`);
    return EXIT.usage;
  }
  io.progress(`provisioning the update lab (seed ${options.seed})…`);
  const lab = await UpdateLab.open(product.platform, design, { seed: options.seed, product: product.name });
  io.progress(`running ${selected.length || ATTACKS.length} attacks…`);
  const apps = product.apps.map((a) => ({ name: a.manifest.name ?? a.manifestFile, kind: a.manifest.kind, enabled: a.manifest.enabled }));
  const results = await runAttacks(lab, requirements.profile, selected.length ? selected : ATTACKS, apps);
  io.progress('');
  const count = (v: AttackResult['verdict']) => results.filter((r) => r.verdict === v).length;
  // An attack not decided (a step not played, a deadline the profile lacks) or a scenario that broke is never 'defended': exit 3 unless one succeeded.
  // One whose threat the design lacks (not-applicable) played nothing: it does not stop exit 0, but a run that defended nothing is not 0 either.
  const exit = count('succeeded') ? EXIT.findings : count('undecided') || count('error') || !count('defended') ? EXIT.unknown : EXIT.ok;
  if (options.format === 'json') {
    io.out(JSON.stringify({ version: 1, product: product.name, updateDesign: displayPath(designFile), requirements: `${profileLabel(requirements.profile)} (${displayPath(requirements.file)})`, seed: options.seed, results, notApplicable: NOT_APPLICABLE }, null, 2));
    return exit;
  }
  io.out(`Update attacks on ${design.name} (${displayPath(designFile)}), product ${product.name}, seed ${options.seed}`);
  // A deadline the profile relaxed below the built-in's is named, as verify's header names it (relaxation.ts).
  const relaxes = profileRelaxations(requirements.profile).filter((x) => x.startsWith('renewable-security.'));
  io.out(`Deadlines from the requirement profile ${profileLabel(requirements.profile)} (${displayPath(requirements.file)})${relaxes.length ? `, which asks less than the built-in profile: ${relaxes.join('; ')}` : ''}`);
  io.out('');
  const width = Math.max(...results.map((r) => r.id.length));
  const standardWidth = Math.max(...results.map((r) => r.standardId.length));
  const verdictWidth = Math.max(9, ...results.map((r) => r.verdict.length));
  io.out(`${'attack'.padEnd(width)}  ${'standard id'.padEnd(standardWidth)}  ${'result'.padEnd(verdictWidth)}  scenario`);
  for (const r of results) io.out(`${r.id.padEnd(width)}  ${r.standardId.padEnd(standardWidth)}  ${r.verdict.padEnd(verdictWidth)}  ${r.verdict === 'defended' ? r.title : `${r.title}: ${r.summary}`}`);
  if (!options.attack.length) {
    io.out('');
    io.out('Not applicable:');
    for (const n of NOT_APPLICABLE) io.out(`  ${n.standardId}: ${n.reason}`);
  }
  for (const r of results.filter((r) => r.verdict !== 'defended')) {
    io.out('');
    io.out(`${r.id} (${r.standardId}) ${r.verdict.toUpperCase()}: ${r.title}`);
    io.out(`  attacker: ${r.attacker}`);
    for (const line of r.lines) io.out(`  ${line}`);
  }
  io.out('');
  io.out(`${results.length} attacks: ${count('defended')} defended, ${count('succeeded')} succeeded, ${count('undecided')} undecided, ${count('not-applicable')} not applicable to this design, ${count('error')} failed to run — exit ${exit}`);
  return exit;
}
