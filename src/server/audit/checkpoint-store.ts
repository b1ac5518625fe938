// Where signed checkpoints of the audit chain head are kept: an append-only file outside the database
// (point AUDIT_CHECKPOINT_DIR at storage the database's administrators cannot write, e.g. a separate volume
// or a write-once bucket mount). One JSON object per line, so a torn last write costs one line, not the file.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface SignedCheckpoint {
  chainIndex: number;
  hash: string;
  /** When the checkpoint was taken (ISO). */
  at: string;
  keyId: string;
  /** Ed25519 signature (base64) over checkpointText(chainIndex, hash, at). */
  signature: string;
}

export interface CheckpointFile {
  checkpoints: SignedCheckpoint[];
  /** Lines that are not a checkpoint at all (torn writes, edits): reported, never trusted. */
  unreadable: number;
}

const FILE_NAME = 'audit-checkpoints.ndjson';

export class CheckpointStore {
  constructor(private readonly dir: string) {}

  get file(): string {
    return path.join(this.dir, FILE_NAME);
  }

  async append(checkpoint: SignedCheckpoint): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await appendFile(this.file, JSON.stringify(checkpoint) + '\n', { mode: 0o600 });
  }

  async read(): Promise<CheckpointFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoints: [], unreadable: 0 };
      throw error;
    }
    const checkpoints: SignedCheckpoint[] = [];
    let unreadable = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const parsed = parseCheckpoint(line);
      if (parsed) checkpoints.push(parsed);
      else unreadable += 1;
    }
    return { checkpoints, unreadable };
  }
}

function parseCheckpoint(line: string): SignedCheckpoint | null {
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    const { chainIndex, hash, at, keyId, signature } = value;
    if (typeof chainIndex !== 'number' || !Number.isSafeInteger(chainIndex) || chainIndex < 0) return null;
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return null;
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return null;
    if (typeof keyId !== 'string' || typeof signature !== 'string') return null;
    return { chainIndex, hash, at, keyId, signature };
  } catch {
    return null;
  }
}
