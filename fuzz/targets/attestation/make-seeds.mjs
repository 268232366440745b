// Records the seeds of the attestation-messages target: every message of an honest attestation and
// connection (emulator/attestation/world.ts) under three designs, plus the quote bodies Pluton signs.
// Run from the project root: npx tsx fuzz/targets/attestation/make-seeds.mjs  (not compiled: the world
// needs @peculiar/x509 and async certificate issuance, which the synchronous CommonJS target cannot run).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttestationWorld, MEASUREMENTS } from '../../../emulator/attestation/world.ts';
import { builtinProtocol, loadProtocol } from '../../../model/attestation/load-protocol.ts';
import { decodeMessage, encodeMessage, quoteTbs } from '../../../formats/attestation/messages.ts';

const dir = join('fuzz', 'targets', 'attestation', 'seeds');
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) rmSync(join(dir, f));
const designs = [
  ['builtin', builtinProtocol()],
  ['no-nonce', loadProtocol('test/fixtures/protocols/no-nonce.json').design],
  ['measurements-not-signed', loadProtocol('test/fixtures/protocols/measurements-not-signed.json').design],
];
for (const [name, design] of designs) {
  const world = await AttestationWorld.create(design);
  const a = await world.attest('d1');
  if (!a.ok) throw new Error(`${name}: attest ${a.reason}`);
  const c = await world.connect('d1');
  if (!c.ok) throw new Error(`${name}: connect ${c.reason}`);
  [...a.transcript, ...c.transcript].forEach((m, i) => {
    const d = decodeMessage(m);
    if (!d.ok) throw new Error(d.reason);
    writeFileSync(join(dir, `${name}-${i}-${d.value.type}.cbor`), m);
  });
  const pluton = world.device('d1').pluton;
  const body = quoteTbs(design, { deviceId: world.device('d1').device.deviceId, nonce: new Uint8Array(32).fill(7), measurements: MEASUREMENTS.good, clientKey: pluton.clientPublicKey() });
  writeFileSync(join(dir, `${name}-quote-body.cbor`), body);
}
writeFileSync(join(dir, 'error.cbor'), encodeMessage({ type: 'error', reason: 'the challenge signature does not verify' }));
console.log(readdirSync(dir).join('\n'));
