/** The file name of a saved crash, `crash-<id>.bin`: the same for the same target and crash key on every runner, so shards' crashes deduplicate by name. */
import { createHash } from 'node:crypto';

export const crashFileId = (target: string, key: string): string => createHash('sha256').update(`${target}\n${key}`).digest('hex').slice(0, 12);
