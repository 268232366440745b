import { displayPath } from '../../formats/diagnostics/display-path.js';
import { describeResource } from '../../model/isolation/resource-names.js';
import { proveNoNewAccess } from '../../proofs/access-diff-proof.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { errorOutput } from './command-error-output.js';
import { loadSpecForCommand } from './load-spec.js';
import { printConflicts, witnessStep } from './query-command.js';

export interface DiffOptions {
  format: 'text' | 'json';
  timeout: number;
}

/**
 * Exit 0: the new product grants nothing the old one did not; 1: new access (each with a witness);
 * 3: unknown (an undecided check, or an old product with no firewall assignment). A new product with
 * no firewall assignment is compared on its declared manifests, and its grants are reported as such.
 */
export async function runDiff(oldFile: string, newFile: string, options: DiffOptions, io: CliIo): Promise<ExitCode> {
  const oldLoaded = loadSpecForCommand('diff', oldFile, io);
  const newLoaded = loadSpecForCommand('diff', newFile, io);
  if (!oldLoaded.spec || !newLoaded.spec) {
    // Both products' errors, in one document: stderr has them both too.
    const failed = [oldLoaded, newLoaded].flatMap((l) => (l.spec ? [] : [l]));
    return errorOutput('diff', options.format, io).document({
      kind: 'input',
      message: failed.map((l) => l.message).join('; '),
      diagnostics: failed.flatMap((l) => l.diagnostics),
      inputs: { old: displayPath(oldLoaded.file), new: displayPath(newLoaded.file) },
    });
  }
  const oldSpec = oldLoaded.spec;
  const newSpec = newLoaded.spec;
  const result = await proveNoNewAccess(oldSpec, newSpec, { timeoutMs: options.timeout });
  const grants = result.status === 'unknown' ? [] : result.grants;
  if (options.format === 'json') {
    io.out(
      JSON.stringify(
        {
          version: 1,
          old: displayPath(oldSpec.product.file),
          new: displayPath(newSpec.product.file),
          status: result.status,
          ...(result.status === 'unknown' ? { reason: result.reason } : {}),
          basis: result.basis,
          conflicts: result.conflicts,
          grants: grants.map((g) => ({ app: newSpec.compartment(g.app)?.name ?? g.app, appId: g.app, resource: g.resource, witness: g.witness.map((e) => witnessStep(newSpec, e)) })),
          capabilityGrants: result.capabilityGrants.map((g) => ({ app: g.appName, appId: g.app, capability: g.capability, newApp: g.newApp })),
          secretGrants: result.secretGrants.map((g) => ({ app: g.appName, appId: g.app, reach: g.reach, asset: g.asset, because: g.message, newApp: g.newApp })),
        },
        null,
        2,
      ),
    );
  } else {
    const declared = result.basis === 'declared-manifests';
    const shownNew = displayPath(newSpec.product.file);
    const capabilities = result.capabilityGrants;
    const secrets = result.status === 'unknown' ? [] : result.secretGrants;
    if (result.status === 'unknown') io.out(`unknown: ${result.reason}`);
    else if (grants.length === 0 && capabilities.length === 0 && secrets.length === 0) {
      io.out(`${shownNew} grants no access that ${displayPath(oldSpec.product.file)} did not (proved by Z3${declared ? ' on its manifests as declared, so it holds whichever part of it the device refuses' : ''})`);
    } else if (grants.length) {
      const what = `${grants.length} new access${grants.length > 1 ? 'es' : ''}`;
      io.out(declared ? `${what} declared by the manifests of ${shownNew} (the device refuses part of it, but each is an access its manifests ask for):` : `${what} in ${shownNew}:`);
      for (const g of grants) {
        io.out(`  ${newSpec.compartment(g.app)?.name ?? g.app} → ${describeResource(newSpec, g.resource)}`);
        for (const e of g.witness) io.out(`      ${witnessStep(newSpec, e)}`);
      }
    }
    if (capabilities.length) {
      io.out(`${capabilities.length} new OS capabilit${capabilities.length > 1 ? 'ies' : 'y'} in ${shownNew}:`);
      for (const g of capabilities) io.out(`  ${g.appName} → ${g.capability}  (its manifest lists it${g.newApp ? '; a new app' : ''})`);
    }
    if (secrets.length) {
      io.out(`${secrets.length} secret${secrets.length > 1 ? 's' : ''} of another compartment newly within an app's reach in ${shownNew}:`);
      for (const g of secrets) io.out(`  ${g.appName} ${g.reach} ${g.asset}  (${g.message})`);
    }
    if (declared) printConflicts(newSpec, result.conflicts, io);
  }
  return result.status === 'no-new-access' ? EXIT.ok : result.status === 'new-access' ? EXIT.findings : EXIT.unknown;
}
