/** Why a file could not be read or written, in the words a user acts on (not Node's "EISDIR: illegal operation"). */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const known: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', EISDIR: 'is a directory', ENOTDIR: 'a parent is not a directory', EROFS: 'read-only file system' };
  return (code && known[code]) ?? (err instanceof Error ? err.message : String(err));
}
