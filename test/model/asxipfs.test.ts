/**
 * ASXipFS, the file system in an app image's body: what the writer lays out, the reader gives back; the
 * reader refuses what the kernel refuses (wrong magic, unsupported flags, files not stored execute-in-place)
 * and never follows an offset outside the file system, loops on a cyclic directory table or throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASXIPFS_MAGIC, INODE_LENGTH, PAGE_SIZE, ROOT_INODE_OFFSET, S_IFDIR, S_IFREG, S_ISVTX } from '../../formats/asxipfs/format.js';
import { findAsxipfsFile, readAsxipfs } from '../../formats/asxipfs/read.js';
import { writeAsxipfs } from '../../formats/asxipfs/write.js';

const text = (s: string) => new TextEncoder().encode(s);
const MANIFEST = text('{"SchemaVersion":1}\n');

function sample(): Uint8Array {
  return writeAsxipfs([
    { path: 'app_manifest.json', data: MANIFEST },
    { path: 'bin/app', data: text('\x7fELF...'), executable: true },
    { path: 'bin/empty', data: new Uint8Array(0) },
  ]);
}

/** The first inode of the root's entry table (the writer puts it right after the root inode). */
const FIRST_ENTRY = ROOT_INODE_OFFSET + INODE_LENGTH;

describe('ASXipFS', () => {
  it('reads back what it writes: paths, kinds, bytes; files page-aligned and the size a whole number of pages', () => {
    const fs = sample();
    expect(fs.length % PAGE_SIZE).toBe(0);
    const view = new DataView(fs.buffer);
    expect(view.getUint32(0, true)).toBe(ASXIPFS_MAGIC);
    const read = readAsxipfs(fs);
    if (!read.ok) throw new Error(read.message);
    expect(read.entries.map((e) => [e.path, e.kind])).toEqual([
      ['app_manifest.json', 'file'],
      ['bin', 'directory'],
      ['bin/app', 'file'],
      ['bin/empty', 'file'],
    ]);
    expect(read.superblock.files).toBe(5);
    expect(findAsxipfsFile(read, 'app_manifest.json')).toEqual({ ok: true, data: MANIFEST });
    const app = read.entries.find((e) => e.path === 'bin/app')!;
    expect(app.mode & S_ISVTX).toBe(S_ISVTX);
    expect(app.mode & 0o777).toBe(0o755);
    expect(app.data!.byteOffset % PAGE_SIZE).toBe(0);
  });

  it('writes the same bytes for the same files', () => {
    expect(Buffer.from(sample()).equals(Buffer.from(sample()))).toBe(true);
  });

  it('refuses a body that is not ASXipFS, with the offset', () => {
    const body = sample();
    body[0] = 0;
    expect(readAsxipfs(body)).toMatchObject({ ok: false, offset: 0 });
    expect(readAsxipfs(new Uint8Array(10))).toMatchObject({ ok: false });
  });

  it('refuses flags the kernel does not mount', () => {
    const body = sample();
    new DataView(body.buffer).setUint32(8, 0x1000, true);
    expect(readAsxipfs(body)).toMatchObject({ ok: false, offset: 8 });
  });

  it('refuses a regular file that is not stored execute-in-place (no sticky bit), as the kernel does', () => {
    const body = sample();
    const view = new DataView(body.buffer);
    const mode = view.getUint32(FIRST_ENTRY, true) & 0xffff;
    expect(mode & S_IFREG).toBe(S_IFREG);
    view.setUint16(FIRST_ENTRY, mode & ~S_ISVTX, true);
    const read = readAsxipfs(body);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toContain('execute-in-place');
  });

  it('refuses file data outside the file system', () => {
    const body = sample();
    const view = new DataView(body.buffer);
    const w2 = view.getUint32(FIRST_ENTRY + 8, true);
    view.setUint32(FIRST_ENTRY + 8, (w2 & 0x3f) | ((body.length / 4) << 6), true);
    expect(readAsxipfs(body)).toMatchObject({ ok: false, offset: FIRST_ENTRY });
  });

  it('refuses a directory whose entry table points back at itself instead of looping', () => {
    const body = sample();
    const view = new DataView(body.buffer);
    // Make "bin" (the second root entry) a directory whose table is the root's table.
    const binEntry = FIRST_ENTRY + INODE_LENGTH + 20; // app_manifest.json: 12-byte inode + 20-byte padded name
    const rootW1 = view.getUint32(ROOT_INODE_OFFSET + 4, true);
    const rootW2 = view.getUint32(ROOT_INODE_OFFSET + 8, true);
    expect(view.getUint32(binEntry, true) & 0o170000).toBe(S_IFDIR);
    view.setUint32(binEntry + 4, rootW1, true);
    view.setUint32(binEntry + 8, (view.getUint32(binEntry + 8, true) & 0x3f) | (rootW2 & ~0x3f), true);
    const read = readAsxipfs(body);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toContain('cycle');
  });

  it('says what is missing when the app manifest is not there', () => {
    const read = readAsxipfs(writeAsxipfs([{ path: 'bin/app', data: text('x'), executable: true }]));
    const found = findAsxipfsFile(read, 'app_manifest.json');
    expect(found.ok).toBe(false);
    if (!found.ok) expect(found.message).toContain('no app_manifest.json');
  });

  it('never throws on mutated or random bytes', () => {
    const base = sample();
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(base.length - 1), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 24 }), (edits) => {
        const body = base.slice();
        for (const e of edits) body[e.at] = e.value;
        const read = readAsxipfs(body);
        expect(typeof read.ok).toBe('boolean');
      }),
      { numRuns: 400, seed: 20261204 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expect(typeof readAsxipfs(bytes).ok).toBe('boolean');
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
