/**
 * Bugs planted in copies of the fuzz targets' code (never in the shipped code): each is a small edit of one
 * model file, applied to a copy under fuzz-out/bench/planted/<id>/ and compiled on its own. An edit whose
 * text no longer matches the model fails the benchmark loudly, so the list stays in step with model/.
 *
 * They differ in depth: how much format structure an input needs to reach the bug, and whether it sits
 * behind the signature check (reachable only by re-signing).
 */
export interface PlantedBug {
  id: string;
  target: 'app-manifest' | 'hardware-definition' | 'image-package' | 'update-metadata' | 'metadata-key-set' | 'attestation-messages' | 'attestation-session';
  /** What the bug is, and what an input needs to show it. */
  description: string;
  /** Which oracle or exception shows it. */
  shownBy: string;
  edits: { file: string; find: string; replace: string }[];
}

export const PLANTED_BUGS: readonly PlantedBug[] = [
  {
    id: 'manifest-port-zero',
    target: 'app-manifest',
    description: 'server ports checked from 0 instead of 1: port 0 is kept (an off-by-one in a bounds check; one byte away from the seeds)',
    shownBy: 'oracle model.port',
    edits: [{ file: 'formats/manifest/read-manifest.ts', find: 'item < 1 || item > 65535', replace: 'item < 0 || item > 65535' }],
  },
  {
    id: 'manifest-hint-table',
    target: 'app-manifest',
    description: 'the ReferenceTypeMismatch hint looks the capability up in a table that lacks I2sSubordinate and ExternalInterrupt: a "$NAME" of another type listed under either throws',
    shownBy: 'TypeError in resolveName (called by resolveReferences)',
    edits: [
      {
        file: 'formats/manifest/resolve-references.ts',
        find: "export function resolveReferences(",
        replace: "const CAPABILITY_LABEL: Record<string, string> = { Gpio: 'GPIO', Pwm: 'PWM', Adc: 'ADC', Uart: 'UART', I2cMaster: 'I2C', SpiMaster: 'SPI' };\n\nexport function resolveReferences(",
      },
      {
        file: 'formats/manifest/resolve-references.ts',
        find: 'or pick a ${capability} entry from the hardware definition.',
        replace: 'or pick a ${CAPABILITY_LABEL[capability]!.toLowerCase()} entry from the hardware definition.',
      },
    ],
  },
  {
    id: 'hardware-comment-type',
    target: 'hardware-definition',
    description: 'a peripheral\'s Comment is assumed to be a string when it is reported: a number, array or object there throws',
    shownBy: 'TypeError in readPeripheralEntry',
    edits: [
      {
        file: 'formats/hardware/hardware-definition.ts',
        find: "if (comment !== undefined && typeof comment !== 'string') doc.report('HwBadPeripheral', joinPointer(pointer, 'Comment'), `peripheral ${name}: \"Comment\" must be a string`);",
        replace: "if (comment !== undefined && typeof comment !== 'string') doc.report('HwBadPeripheral', joinPointer(pointer, 'Comment'), `peripheral ${name}: \"Comment\" must be a string, not ${(comment as unknown as string).split('\\n')[0]}`);",
      },
    ],
  },
  {
    id: 'hardware-merged-chain',
    target: 'hardware-definition',
    description: 'a Mapping chain that joins an already-resolved chain is not checked against the hop limit: more than 32 hops resolve',
    shownBy: 'oracle resolve.chain',
    edits: [
      {
        file: 'formats/hardware/hardware-set.ts',
        find: 'if (merged.length > MAX_MAPPING_HOPS + 1) result = tooLong(merged);\n        else result =',
        replace: 'result =',
      },
    ],
  },
  {
    id: 'image-abi-count-u16',
    target: 'image-package',
    description: 'the ABI section length is computed in 16 bits: a count with 8 × count ≡ 0 (mod 65536) passes the length check and the reader runs off the section',
    shownBy: 'RangeError in decodeSection (the parser must never throw)',
    edits: [{ file: 'formats/image-package/sections.ts', find: 'checkLength(name, data.length, 4 + 8 * count,', replace: 'checkLength(name, data.length, (4 + 8 * count) & 0xffff,' }],
  },
  {
    id: 'image-debug-name-aliasing',
    target: 'image-package',
    description: 'sections are views of the input, and a Debug name without a NUL is terminated in place: the parser writes into the caller\'s bytes',
    shownBy: 'oracle state.input',
    edits: [
      { file: 'formats/image-package/parse.ts', find: 'const sectionData = bytes.slice(dataStart, dataStart + length);', replace: 'const sectionData = bytes.subarray(dataStart, dataStart + length);' },
      {
        file: 'formats/image-package/sections.ts',
        find: '  const end = field.indexOf(0);\n',
        replace: '  let end = field.indexOf(0);\n  if (end < 0) {\n    field[DEBUG_NAME_LENGTH - 1] = 0;\n    end = DEBUG_NAME_LENGTH - 1;\n  }\n',
      },
    ],
  },
  {
    id: 'image-signing-type-384',
    target: 'image-package',
    description: 'the verifier accepts signing type ECDsa384 (2) as well as ECDsa256 (1) while checking a P-256 signature: needs a package re-signed after the edit',
    shownBy: 'oracle verify.differential',
    edits: [{ file: 'formats/image-package/verify.ts', find: 'const ecdsa256 = sg.signingType === SIGNING_TYPE.ECDsa256;', replace: 'const ecdsa256 = sg.signingType === SIGNING_TYPE.ECDsa256 || sg.signingType === SIGNING_TYPE.ECDsa384;' }],
  },
  {
    id: 'metadata-name-dotdot-inside',
    target: 'update-metadata',
    description: 'a name-validation bug in a binary format: target names are checked for a "/../" step only, so "..", "image/..", "../x" and "a..b" pass; reached only by editing a name character by character behind its length byte (the fixed name list holds only "image/../key-store", which the buggy check still rejects)',
    shownBy: 'oracle model.target',
    edits: [{ file: 'formats/update-metadata/metadata.ts', find: "if (!NAME_PATTERN.test(name) || name.includes('..'))", replace: "if (!NAME_PATTERN.test(name) || name.includes('/../'))" }],
  },
  {
    id: 'metadata-thirty-day-grace',
    target: 'update-metadata',
    description: 'a "grace" rule stores a lifetime of exactly 30 days one second short; needs expiresAt = issuedAt + 2,592,000, a value computed at run time that no dictionary (fixed lists, interesting values, the code\'s literals 30 and 86400) holds: found by copying the compared value into the field (input-to-state)',
    shownBy: 'oracle roundtrip.signed',
    edits: [{ file: 'formats/update-metadata/metadata.ts', find: 'metadata: { sequence, issuedAt, expiresAt, product,', replace: 'metadata: { sequence, issuedAt, expiresAt: expiresAt === issuedAt + 30 * 86_400 ? expiresAt - 1 : expiresAt, product,' }],
  },
  {
    id: 'key-set-trailing-bytes',
    target: 'metadata-key-set',
    description: 'the key set reader checks the length only from below and takes the 64 bytes after the keys as the signature: bytes after the signature are ignored, so one signed set has many encodings and a device keeps whatever follows (needs a root-signed set with a trailer)',
    shownBy: 'oracle model.format',
    edits: [
      { file: 'formats/update-metadata/metadata-key-set.ts', find: 'if (bytes.length !== end + SIGNATURE_BYTES)', replace: 'if (bytes.length < end + SIGNATURE_BYTES)' },
      { file: 'formats/update-metadata/metadata-key-set.ts', find: 'signature: bytes.slice(end),', replace: 'signature: bytes.slice(end, end + SIGNATURE_BYTES),' },
    ],
  },
  {
    id: 'attestation-noncanonical-heads',
    target: 'attestation-messages',
    description: 'the message decoder runs cborg without strict and its canonical re-encoding check is gone: integers and lengths in non-minimal heads (a one-byte value in a two-, three-, five- or nine-byte head) are accepted, so one message has many encodings; needs a head rewritten after encoding',
    shownBy: 'oracle roundtrip.length',
    edits: [
      { file: 'formats/attestation/messages.ts', find: '  strict: true,\n', replace: '  strict: false,\n' },
      { file: 'formats/attestation/messages.ts', find: "  if (!bytesEqual(encode(value), bytes)) return { ok: false, reason: 'not canonical CBOR' };\n", replace: '' },
    ],
  },
  {
    id: 'attestation-type-trimmed',
    target: 'attestation-messages',
    description: 'a name-validation bug in a binary format: the message type is trimmed before it is looked up, so "hello " or "\\u00a0hello" is read as a hello; needs a space inserted at either end of a CBOR text string',
    shownBy: 'oracle roundtrip.length',
    edits: [{ file: 'formats/attestation/messages.ts', find: "  const type = value.get('t');\n", replace: "  const rawType = value.get('t');\n  const type = typeof rawType === 'string' ? rawType.trim() : rawType;\n" }],
  },
  {
    id: 'session-quote-nonce-unchecked',
    target: 'attestation-session',
    description: 'an acceptance bug in one party: the security service verifies the quote\'s signature over the nonce the quote carries and never compares it with the nonce it sent in that session, so an old quote moved into a new session (its session field replaced) is accepted; needs an honest attestation, a second session opened, and the old quote spliced with the new session',
    shownBy: 'oracle session.quote-nonce',
    edits: [
      {
        file: 'emulator/attestation/security-service.ts',
        find: "    if (!session.nonce || !q.nonce || !bytesEqual(q.nonce, session.nonce)) return { ok: false, reason: \"the quote does not answer this session's nonce\" };\n    return { ok: true, value: session.nonce };\n",
        replace: "    if (!q.nonce) return { ok: false, reason: 'the quote carries no nonce' };\n    return { ok: true, value: q.nonce };\n",
      },
    ],
  },
];
