/**
 * The on-flash layout of ASXipFS, the file system in the body of an Azure Sphere application image
 * (azure-sphere-facts §3.1: "asxipfs file system (custom cramfs)", first bytes 45 3D CD 28). It is
 * cramfs with execute-in-place: every regular file is stored uncompressed and contiguous (the kernel
 * refuses a regular file without the sticky bit, its XIP marker). Layout, from Microsoft's GPL
 * kernel header asxipfs_fs.h as published in their kernel sources (read for the layout only):
 *
 *   superblock (64 bytes): u32 magic 0x28cd3d45, u32 size, u32 flags, u32 future, 16-byte signature,
 *                          fsid { u32 crc, u32 edition, u32 blocks, u32 files }, 16-byte name
 *   root inode (12 bytes) at 0x40
 *   inode: u32 mode:16 | uid:16;  u32 size:24 | gid:8;  u32 namelen:6 | offset:26   (little-endian bit fields)
 *          then the name, NUL-padded to namelen × 4 bytes
 *   directory: offset × 4 is where its children's inodes start, size is their total length in bytes
 *   regular file / symlink: offset × 4 is where its data starts, size its length
 */

export const ASXIPFS_MAGIC = 0x28cd3d45;
export const SUPERBLOCK_LENGTH = 64;
export const INODE_LENGTH = 12;
export const ROOT_INODE_OFFSET = SUPERBLOCK_LENGTH;
/** What cramfs writes in the signature field. */
export const ASXIPFS_SIGNATURE = 'Compressed ROMFS';

export const FLAG = {
  FsidVersion2: 0x1,
  SortedDirs: 0x2,
  Capabilities: 0x4,
  WrongSignature: 0x200,
  ShiftedRootOffset: 0x400,
  Xattr: 0x800,
} as const;
/** Flags the kernel mounts with; any other bit makes it refuse the file system. */
export const SUPPORTED_FLAGS = 0xff | FLAG.WrongSignature | FLAG.ShiftedRootOffset | FLAG.Xattr;

/** Field widths of the packed inode. */
export const MAX_FILE_SIZE = (1 << 24) - 1;
export const MAX_NAME_WORDS = (1 << 6) - 1;
export const MAX_NAME_BYTES = MAX_NAME_WORDS * 4;
export const MAX_OFFSET_WORDS = (1 << 26) - 1;

/** File types and mode bits (POSIX). S_ISVTX marks an execute-in-place file. */
export const S_IFMT = 0o170000;
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;
export const S_ISVTX = 0o1000;

/** XIP files start on a page, so the kernel can map them in place. */
export const PAGE_SIZE = 4096;

/** Where the app manifest lies in an application image: the root of its file system. */
export const APP_MANIFEST_PATH = 'app_manifest.json';
