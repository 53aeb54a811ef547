/**
 * Files derived from an uploaded file and kept beside it, keyed by its sha256:
 * `<root>/<aa>/<sha256>.<ext>` (previews, print timelines). Written by temp file + rename, so a reader
 * never sees half a file. No fsync: a sidecar lost in a crash is only a convenience lost, and `sweep`
 * at start-up removes what no job or quote references any more, half-written files included.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../core/errors.js';
import { sweepShardedDir } from './sharded-sweep.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class SidecarFiles {
  private readonly keptName: RegExp;

  constructor(private readonly root: string, private readonly ext: string) {
    this.keptName = new RegExp(`^([0-9a-f]{64})\\.${ext}$`);
  }

  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new AppError('file_not_found', 'not a sha256', 404, { sha256 });
    return join(this.root, sha256.slice(0, 2), `${sha256}.${this.ext}`);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Null when there is none. Synchronous: sidecars are small, and a caller may need one without
   * yielding (the dispatcher between marking a job `starting` and handing its file to the printer).
   */
  readSync(sha256: string): Buffer | null {
    try {
      return readFileSync(this.pathOf(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async write(sha256: string, data: Uint8Array | string): Promise<void> {
    const path = this.pathOf(sha256);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}.part`;
    await writeFile(temp, data);
    await rename(temp, path);
  }

  /** Removing one that was never written is fine. */
  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  /** Start-up only (before any analysis runs): see the file comment. */
  sweep(referenced: ReadonlySet<string>): Promise<number> {
    return sweepShardedDir(this.root, this.keptName, referenced);
  }
}
