/**
 * Writes an ASXipFS file system the way an application image body is laid out (format.ts): the
 * superblock, the root inode, every directory's entry table (sorted by name, as the SORTED_DIRS flag
 * promises), then each file's bytes, uncompressed and page-aligned so it can execute in place. The
 * same files always give the same bytes, so fixtures built from it are reproducible.
 */
import { crc32 } from 'node:zlib';
import {
  ASXIPFS_MAGIC,
  ASXIPFS_SIGNATURE,
  FLAG,
  INODE_LENGTH,
  MAX_FILE_SIZE,
  MAX_NAME_BYTES,
  MAX_OFFSET_WORDS,
  PAGE_SIZE,
  ROOT_INODE_OFFSET,
  S_IFDIR,
  S_IFREG,
  S_ISVTX,
  SUPERBLOCK_LENGTH,
} from './format.js';

export interface AsxipfsFileInput {
  /** "/"-separated path from the root ("bin/app"); directories on the way are created. */
  path: string;
  data: Uint8Array;
  /** rwx for everyone instead of read-only (the app's executable). */
  executable?: boolean;
}

interface DirNode {
  kind: 'directory';
  children: Map<string, DirNode | FileNode>;
  tableOffset?: number;
  tableLength?: number;
}
interface FileNode {
  kind: 'file';
  input: AsxipfsFileInput;
  dataOffset?: number;
}

const encoder = new TextEncoder();
const align = (n: number, to: number) => Math.ceil(n / to) * to;
const entryLength = (name: string) => INODE_LENGTH + align(encoder.encode(name).length, 4);

export function writeAsxipfs(files: readonly AsxipfsFileInput[], options: { name?: string } = {}): Uint8Array {
  const root: DirNode = { kind: 'directory', children: new Map() };
  let inodes = 1;
  for (const file of files) {
    const parts = file.path.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..')) throw new RangeError(`invalid path ${JSON.stringify(file.path)}`);
    if (file.data.length > MAX_FILE_SIZE) throw new RangeError(`${file.path} has ${file.data.length} bytes; an ASXipFS file holds at most ${MAX_FILE_SIZE}`);
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      let next = dir.children.get(part);
      if (!next) {
        next = { kind: 'directory', children: new Map() };
        dir.children.set(part, next);
        inodes++;
      }
      if (next.kind !== 'directory') throw new RangeError(`${file.path}: ${part} is a file`);
      dir = next;
    }
    const name = parts[parts.length - 1]!;
    if (encoder.encode(name).length > MAX_NAME_BYTES) throw new RangeError(`${name}: names are at most ${MAX_NAME_BYTES} bytes`);
    if (dir.children.has(name)) throw new RangeError(`${file.path} is given twice`);
    dir.children.set(name, { kind: 'file', input: file });
    inodes++;
  }

  // Entry tables, breadth first, right after the root inode.
  let pos = ROOT_INODE_OFFSET + INODE_LENGTH;
  const queue: DirNode[] = [root];
  const fileNodes: FileNode[] = [];
  while (queue.length) {
    const dir = queue.shift()!;
    const sorted = [...dir.children.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    dir.children = new Map(sorted);
    dir.tableLength = sorted.reduce((n, [name]) => n + entryLength(name), 0);
    dir.tableOffset = dir.tableLength ? pos : 0;
    pos += dir.tableLength;
    for (const [, child] of sorted) (child.kind === 'directory' ? queue.push(child) : fileNodes.push(child));
  }
  for (const f of fileNodes) {
    if (f.input.data.length === 0) continue;
    pos = align(pos, PAGE_SIZE);
    f.dataOffset = pos;
    pos += f.input.data.length;
  }
  const size = align(Math.max(pos, PAGE_SIZE), PAGE_SIZE);
  if (size / 4 > MAX_OFFSET_WORDS) throw new RangeError(`the file system would have ${size} bytes, more than an inode offset can address`);

  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const writeInode = (at: number, mode: number, length: number, nameBytes: number, offset: number) => {
    view.setUint32(at, mode & 0xffff, true); // uid 0
    view.setUint32(at + 4, length & 0xffffff, true); // gid 0
    view.setUint32(at + 8, ((nameBytes / 4) & 0x3f) | ((offset / 4) << 6), true);
  };
  const writeTable = (dir: DirNode) => {
    let at = dir.tableOffset!;
    for (const [name, child] of dir.children) {
      const nameBytes = encoder.encode(name);
      const padded = align(nameBytes.length, 4);
      if (child.kind === 'directory') writeInode(at, S_IFDIR | 0o755, child.tableLength!, padded, child.tableOffset!);
      else writeInode(at, S_IFREG | S_ISVTX | (child.input.executable ? 0o755 : 0o644), child.input.data.length, padded, child.dataOffset ?? 0);
      out.set(nameBytes, at + INODE_LENGTH);
      at += INODE_LENGTH + padded;
      if (child.kind === 'directory') writeTable(child);
    }
  };
  writeInode(ROOT_INODE_OFFSET, S_IFDIR | 0o755, root.tableLength!, 0, root.tableOffset!);
  writeTable(root);
  for (const f of fileNodes) if (f.dataOffset !== undefined) out.set(f.input.data, f.dataOffset);

  view.setUint32(0, ASXIPFS_MAGIC, true);
  view.setUint32(4, size, true);
  view.setUint32(8, FLAG.FsidVersion2 | FLAG.SortedDirs, true);
  out.set(encoder.encode(ASXIPFS_SIGNATURE), 16);
  view.setUint32(36, 0, true); // edition
  view.setUint32(40, size / PAGE_SIZE, true); // blocks
  view.setUint32(44, inodes, true);
  out.set(encoder.encode(options.name ?? 'Compressed').slice(0, 16), 48);
  // cramfs's CRC covers the whole file system with the CRC field zeroed.
  view.setUint32(32, crc32(out) >>> 0, true);
  return out;
}
