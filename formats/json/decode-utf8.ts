/**
 * Strict UTF-8 decoding that says where the first bad byte is. The device rejects such files; a
 * TextDecoder in fatal mode would tell us only that something is wrong, not where.
 */
export type Utf8Result = { ok: true; text: string } | { ok: false; byteOffset: number };

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(bytes: Uint8Array): Utf8Result {
  try {
    // The default ignoreBOM: false strips a leading UTF-8 BOM, which Azure Sphere tooling accepts.
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    return { ok: false, byteOffset: firstInvalidByte(bytes) };
  }
}

/**
 * Offset of the lead byte of the first ill-formed sequence (Unicode §3.9, table 3-7). A round trip
 * through a lenient decoder is not enough: U+FFFD re-encodes as EF BF BD, which can match the start of
 * an invalid sequence such as EF 41 and move the reported offset past the bad byte.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let trail: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) trail = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      trail = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      trail = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= trail; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += trail + 1;
  }
  return bytes.length;
}
