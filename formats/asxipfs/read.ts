/**
 * Reads an ASXipFS file system (the body of an application image) into its files. Never throws: any
 * input gives either the entries or one error with the byte offset of the problem. Every offset is
 * checked against the file system's size before it is followed, directories are visited once (a
 * directory table that points back at itself cannot loop), and the walk stops at MAX_ENTRIES.
 */
import {
  ASXIPFS_MAGIC,
  INODE_LENGTH,
  ROOT_INODE_OFFSET,
  S_IFDIR,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_ISVTX,
  SUPERBLOCK_LENGTH,
  SUPPORTED_FLAGS,
} from './format.js';

export interface AsxipfsEntry {
  /** Path from the root, "/"-separated, no leading slash ("bin/app"). */
  path: string;
  kind: 'directory' | 'file' | 'symlink' | 'other';
  mode: number;
  size: number;
  /** The stored bytes of a regular file (a view into the body) or a symlink's target. */
  data?: Uint8Array;
  /** Byte offset of the entry's inode. */
  inodeOffset: number;
}

export interface AsxipfsSuperblock {
  size: number;
  flags: number;
  name: string;
  files: number;
}

export type ReadAsxipfsResult = { ok: true; superblock: AsxipfsSuperblock; entries: AsxipfsEntry[] } | { ok: false; offset: number; message: string };

/** No application image holds anywhere near this many files; a table claiming more is hostile. */
export const MAX_ENTRIES = 65_536;
const MAX_DEPTH = 64;

interface Inode {
  mode: number;
  size: number;
  nameLength: number;
  offset: number;
}

class ReadError {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

export function readAsxipfs(body: Uint8Array): ReadAsxipfsResult {
  try {
    return readOrThrow(body);
  } catch (err) {
    if (err instanceof ReadError) return { ok: false, offset: err.offset, message: err.message };
    throw err;
  }
}

function readOrThrow(body: Uint8Array): ReadAsxipfsResult {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (body.length < SUPERBLOCK_LENGTH + INODE_LENGTH) throw new ReadError(0, `the body has ${body.length} bytes; an ASXipFS file system has at least ${SUPERBLOCK_LENGTH + INODE_LENGTH} (superblock and root inode)`);
  const magic = view.getUint32(0, true);
  if (magic !== ASXIPFS_MAGIC) throw new ReadError(0, `the body does not start with the ASXipFS magic 0x${ASXIPFS_MAGIC.toString(16)} (found 0x${magic.toString(16).padStart(8, '0')})`);
  const size = view.getUint32(4, true);
  if (size < SUPERBLOCK_LENGTH + INODE_LENGTH || size > body.length) throw new ReadError(4, `the superblock gives the file system ${size} bytes, but the body has ${body.length}`);
  const flags = view.getUint32(8, true);
  if ((flags & ~SUPPORTED_FLAGS) !== 0) throw new ReadError(8, `unsupported flags 0x${(flags & ~SUPPORTED_FLAGS).toString(16)}: the kernel refuses to mount this file system`);
  const files = view.getUint32(44, true);
  const name = text(body.subarray(48, 64)).replace(/\0.*$/s, '');

  const inodeAt = (offset: number): Inode => {
    if (offset + INODE_LENGTH > size) throw new ReadError(offset, `an inode at byte ${offset} runs past the end of the file system (${size} bytes)`);
    const w0 = view.getUint32(offset, true);
    const w1 = view.getUint32(offset + 4, true);
    const w2 = view.getUint32(offset + 8, true);
    return { mode: w0 & 0xffff, size: w1 & 0xffffff, nameLength: (w2 & 0x3f) * 4, offset: (w2 >>> 6) * 4 };
  };
  const entries: AsxipfsEntry[] = [];
  const visited = new Set<number>();

  const walk = (dir: Inode, dirPath: string, depth: number): void => {
    if (dir.size === 0) return;
    if (depth > MAX_DEPTH) throw new ReadError(dir.offset, `directories nest deeper than ${MAX_DEPTH}`);
    const start = dir.offset;
    const end = start + dir.size;
    if (start < SUPERBLOCK_LENGTH + INODE_LENGTH || end > size) throw new ReadError(start, `directory "${dirPath || '/'}" lists its entries at bytes ${start}..${end}, outside the file system's ${size} bytes`);
    if (visited.has(start)) throw new ReadError(start, `directory "${dirPath || '/'}" reuses the entry table at byte ${start} (a cycle)`);
    visited.add(start);
    let pos = start;
    while (pos < end) {
      const inode = inodeAt(pos);
      const nameStart = pos + INODE_LENGTH;
      const nameEnd = nameStart + inode.nameLength;
      if (inode.nameLength === 0) throw new ReadError(pos, `an entry of "${dirPath || '/'}" at byte ${pos} has no name`);
      if (nameEnd > end) throw new ReadError(pos, `the name of the entry at byte ${pos} runs past the end of its directory's table (byte ${end})`);
      const entryName = text(body.subarray(nameStart, nameEnd)).replace(/\0+$/, '');
      if (entryName === '' || entryName.includes('/') || entryName.includes('\0') || entryName === '.' || entryName === '..') {
        throw new ReadError(nameStart, `an entry of "${dirPath || '/'}" has the invalid name ${JSON.stringify(entryName)}`);
      }
      const path = dirPath ? `${dirPath}/${entryName}` : entryName;
      if (entries.length >= MAX_ENTRIES) throw new ReadError(pos, `more than ${MAX_ENTRIES} entries`);
      entries.push(entryOf(inode, path, pos));
      if ((inode.mode & S_IFMT) === S_IFDIR) walk(inode, path, depth + 1);
      pos = nameEnd;
    }
  };

  const entryOf = (inode: Inode, path: string, inodeOffset: number): AsxipfsEntry => {
    const type = inode.mode & S_IFMT;
    const kind = type === S_IFDIR ? 'directory' : type === S_IFREG ? 'file' : type === S_IFLNK ? 'symlink' : 'other';
    const base = { path, kind, mode: inode.mode, size: inode.size, inodeOffset } as const;
    if (kind !== 'file' && kind !== 'symlink') return base;
    if (kind === 'file' && (inode.mode & S_ISVTX) === 0) throw new ReadError(inodeOffset, `"${path}" is not stored execute-in-place (no sticky bit): the device refuses such a file`);
    if (inode.size === 0) return { ...base, data: new Uint8Array(0) };
    const dataEnd = inode.offset + inode.size;
    if (inode.offset < SUPERBLOCK_LENGTH + INODE_LENGTH || dataEnd > size) throw new ReadError(inodeOffset, `the data of "${path}" (bytes ${inode.offset}..${dataEnd}) lies outside the file system's ${size} bytes`);
    return { ...base, data: body.subarray(inode.offset, dataEnd) };
  };

  const root = inodeAt(ROOT_INODE_OFFSET);
  if ((root.mode & S_IFMT) !== S_IFDIR) throw new ReadError(ROOT_INODE_OFFSET, 'the root inode is not a directory');
  walk(root, '', 0);
  return { ok: true, superblock: { size, flags, name, files }, entries };
}

/** The regular file at `path`, or why there is none. */
export function findAsxipfsFile(result: ReadAsxipfsResult, path: string): { ok: true; data: Uint8Array } | { ok: false; message: string } {
  if (!result.ok) return { ok: false, message: `the body is not a readable ASXipFS file system: ${result.message} (byte ${result.offset})` };
  const entry = result.entries.find((e) => e.path === path);
  if (!entry) return { ok: false, message: `the file system has no ${path} (it holds ${result.entries.filter((e) => e.kind === 'file').length} files: ${result.entries.filter((e) => e.kind === 'file').slice(0, 5).map((e) => e.path).join(', ') || 'none'})` };
  if (entry.kind !== 'file' || !entry.data) return { ok: false, message: `${path} in the file system is a ${entry.kind}, not a file` };
  return { ok: true, data: entry.data };
}

const text = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
