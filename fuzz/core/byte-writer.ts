/**
 * A growable byte buffer for the binary targets' encoders: every input they make is written with it. The number
 * arrays they used (push(...bytes), then Uint8Array.from) cost most of making an update-metadata input whose
 * trailer runs to the document limit: a spread of 56,000 arguments and an array of 65,000 numbers per input.
 */
export class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private room(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + extra));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.length++] = v & 0xff;
  }

  /** Little-endian. */
  u16(v: number): void {
    this.room(2);
    this.buf[this.length++] = v & 0xff;
    this.buf[this.length++] = (v >>> 8) & 0xff;
  }

  /** Little-endian. */
  u32(v: number): void {
    this.room(4);
    this.buf[this.length++] = v & 0xff;
    this.buf[this.length++] = (v >>> 8) & 0xff;
    this.buf[this.length++] = (v >>> 16) & 0xff;
    this.buf[this.length++] = (v >>> 24) & 0xff;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** `b` cut or zero-padded to exactly `size` bytes (past `length` the buffer holds zeros: it is only appended to). */
  fixed(b: Uint8Array, size: number): void {
    this.room(size);
    this.buf.set(b.length > size ? b.subarray(0, size) : b, this.length);
    this.length += size;
  }

  /** The bytes written, a copy of their own. */
  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
