/**
 * GUIDs in the Identity section are stored the way .NET's Guid.ToByteArray() (Python's uuid bytes_le)
 * writes them: the first three groups little-endian, the last 8 bytes as written. Reading them in plain
 * (RFC 4122, big-endian) order would silently give a different component ID.
 */

const GUID_PATTERN = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

/** Byte order of bytes_le: index i of the output takes hex byte ORDER[i] of the GUID string. */
const BYTES_LE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

export const isGuid = (text: string): boolean => GUID_PATTERN.test(text.trim());

/** "00112233-4455-6677-8899-aabbccddeeff" (braces and any case accepted) → 16 bytes_le; undefined if not a GUID. */
export function guidToBytesLe(guid: string): Uint8Array | undefined {
  const match = GUID_PATTERN.exec(guid.trim());
  if (!match) return undefined;
  const hex = match.slice(1).join('');
  const plain = Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  return Uint8Array.from(BYTES_LE_ORDER, (i) => plain[i]!);
}

/** 16 bytes_le → lower-case GUID string "00112233-4455-6677-8899-aabbccddeeff". */
export function bytesLeToGuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`a GUID is 16 bytes, got ${bytes.length}`);
  const plain = new Uint8Array(16);
  BYTES_LE_ORDER.forEach((from, to) => (plain[from] = bytes[to]!));
  const hex = Array.from(plain, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
