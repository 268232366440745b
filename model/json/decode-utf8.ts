/**
 * Strict UTF-8 decoding that says where the first bad byte is. The device rejects such files; a
 * TextDecoder in fatal mode would tell us only that something is wrong, not where.
 */
export type Utf8Result = { ok: true; text: string } | { ok: false; byteOffset: number };

const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(bytes: Uint8Array): Utf8Result {
  try {
    // The default ignoreBOM: false strips a leading UTF-8 BOM, which Azure Sphere tooling accepts.
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    return { ok: false, byteOffset: firstInvalidByte(bytes) };
  }
}

function firstInvalidByte(bytes: Uint8Array): number {
  // Re-encoding the lenient decoding reproduces every valid sequence byte for byte, so the first
  // difference is the first invalid sequence.
  const roundTrip = Buffer.from(lenient.decode(bytes), 'utf8');
  const bomSkip = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = 0; i + bomSkip < bytes.length; i++) {
    if (roundTrip[i] !== bytes[i + bomSkip]) return i + bomSkip;
  }
  return bytes.length;
}
