/**
 * The protocol design target with one rule of the loader's own dropped (a design need not have exactly one
 * attestation connection): a bug only the expensive stage's oracle (the loader rules restated, `rules.independent`)
 * can see. Shared by amortised-oracle-planted.test.ts and make-ahead.test.ts.
 */
import { lazyValidator } from '../../formats/json/lazy-validator.js';
import { loadDesignFile } from '../../formats/json/design-file.js';
import { validateProtocolDesign } from '../../model/attestation/load-protocol.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import schema from '../../model/schema/protocol.schema.json' with { type: 'json' };
import { designFileTarget } from '../../fuzz/targets/design/design-file-target.js';
import { protocolDesignFile } from '../../fuzz/targets/protocol-design.js';

const validate = lazyValidator(schema);
/** The loader with one rule of its own dropped: a design need not have exactly one attestation connection. */
const plantedLoad = (file: string) => {
  const loaded = loadDesignFile<ProtocolDesign>(file, validate, 'the protocol design', (design, report) => {
    for (const problem of validateProtocolDesign(design)) if (!/exactly one connection must run the attestation protocol/.test(problem)) report('', problem);
  });
  return { issues: loaded.errors.map((e) => ({ ...e, severity: 'error' as const })), ...(loaded.design ? { design: loaded.design } : {}) };
};
export const plantedProtocolTarget = designFileTarget({ ...protocolDesignFile, load: plantedLoad });
