import { builtinProtocol } from './model/attestation/load-protocol.js';
import { proveProtocolUnbounded } from './proofs/horn/prove.js';
for (let i = 0; i < 3; i++) { const r = proveProtocolUnbounded(builtinProtocol()); console.log(Math.round(r.stats.timeMs), r.stats.generated); }
