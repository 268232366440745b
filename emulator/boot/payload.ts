/**
 * What an attacker's image does once it runs. Image bodies are data, not code, so an attacker's body
 * starts with a marker the emulator executes: "rewrite my own memory with the genuine image kept in
 * flash slot S". That is how a tampered image defeats a measurement taken after it starts: by the time
 * it is measured, its memory holds the genuine bytes. A measurement taken before it runs sees the
 * tampered bytes, whatever the image does later.
 */

const MARKER = 'SEVENFOLD-PAYLOAD cover=';
const MARKER_BYTES = Buffer.from(MARKER, 'latin1');

/** A body of `length` bytes whose code covers its tracks with the genuine image in `coverSlot`. */
export function payloadBody(coverSlot: string, original: Uint8Array): Uint8Array {
  const body = original.slice();
  const text = new TextEncoder().encode(`${MARKER}${coverSlot}\n`);
  body.set(text.subarray(0, body.length));
  return body;
}

/** The flash slot a running payload copies over itself, or undefined for an ordinary image. */
export function payloadCoverSlot(body: Uint8Array): string | undefined {
  // Every stage of every boot runs through here: compare the marker's bytes in a loop (no Buffer made,
  // no call into C++), decode only an actual payload.
  if (body.length < MARKER_BYTES.length) return undefined;
  for (let i = 0; i < MARKER_BYTES.length; i++) if (body[i] !== MARKER_BYTES[i]) return undefined;
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 200));
  return head.toString('utf8', MARKER_BYTES.length).split('\n')[0];
}

export const coverSlot = (component: string) => `attacker/genuine-${component}`;
