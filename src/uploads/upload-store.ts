/**
 * The one owner of uploaded files on disk: `<dataDir>/uploads/tmp/*.part` while a file streams in,
 * `<dataDir>/uploads/objects/<aa>/<sha256>.<kind>` once checked. A file becomes visible only by an
 * atomic rename after fsync, so a kill -9 leaves either nothing or a complete object; objects no job
 * points at (the crash fell between rename and the job's insert) are removed by `sweep` at start-up.
 *
 *   store(source, fileName, { maxBytes }) → StoredFile    stream in (at the intake throttle's pace), hash, size-limit, sniff, commit
 *   tempPath(ext) / commit(tempPath, fileName)             for producers that write a file themselves (the slicer)
 *   pathOf(sha256, kind)                                   where a committed object lives
 *   remove(sha256, kind)                                   retention deletes an object no job needs
 *   sweep(referencedSha256s)                               start-up only: drop temp files and orphans
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../core/errors.js';
import { checkOriginalFilename } from './file-name.js';
import { IntakeThrottle } from './intake-throttle.js';
import { SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES, sniffFileKind, type FileKind } from './file-kind.js';
import { sweepShardedDir } from '../storage/sharded-sweep.js';

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  kind: FileKind;
  /** NFC-normalised, checked; for display only. */
  originalFilename: string;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

const EXTENSION_OF: Record<FileKind, string> = { gcode: '.gcode', stl: '.stl', '3mf': '.3mf', obj: '.obj' };
const SHA256_HEX = /^[0-9a-f]{64}$/;
const OBJECT_NAME = /^([0-9a-f]{64})\.(gcode|stl|3mf|obj)$/;

/** Collects what the sniffer needs and the hash while bytes pass through once. */
class IntakeMeter {
  readonly hash = createHash('sha256');
  sizeBytes = 0;
  head = Buffer.alloc(0);
  /**
   * The last chunks, just enough to cover the tail. Joined only once, at the end: a join per chunk
   * doubled the garbage of an upload, and 20 parallel uploads held ~50 MB of it between collections.
   */
  private readonly tailChunks: Buffer[] = [];
  private tailChunkBytes = 0;

  add(chunk: Buffer): void {
    this.hash.update(chunk);
    this.sizeBytes += chunk.length;
    if (this.head.length < SNIFF_HEAD_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, SNIFF_HEAD_BYTES - this.head.length)]);
    this.tailChunks.push(chunk);
    this.tailChunkBytes += chunk.length;
    while (this.tailChunkBytes - this.tailChunks[0].length >= SNIFF_TAIL_BYTES) this.tailChunkBytes -= this.tailChunks.shift()!.length;
  }

  tail(): Buffer {
    const joined = Buffer.concat(this.tailChunks);
    return joined.subarray(Math.max(0, joined.length - SNIFF_TAIL_BYTES));
  }
}

export class UploadStore {
  readonly root: string;
  private readonly tmpDir: string;
  private readonly objectsDir: string;

  /** `intake` is shared by every `store()` call: the daemon's upload rate cap, unlimited by default. */
  constructor(dataDir: string, private readonly defaultMaxBytes = DEFAULT_MAX_UPLOAD_BYTES, private readonly intake = new IntakeThrottle(0)) {
    this.root = join(dataDir, 'uploads');
    this.tmpDir = join(this.root, 'tmp');
    this.objectsDir = join(this.root, 'objects');
  }

  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
    await mkdir(this.objectsDir, { recursive: true });
  }

  /**
   * Streams `source` into a temp file, refusing (413 `upload_too_large`) as soon as it passes
   * `maxBytes`, then checks name and content. On any refusal the temp file is gone and the source,
   * if a stream, is destroyed (for-await does so on early exit).
   */
  async store(source: AsyncIterable<Buffer | string>, fileName: string, opts: { maxBytes?: number } = {}): Promise<StoredFile> {
    const name = checkOriginalFilename(fileName);
    if (!name.ok) throw new AppError(name.code, `bad file name: ${name.params.reason}`, 422, name.params);
    const maxBytes = opts.maxBytes ?? this.defaultMaxBytes;
    const tempPath = this.tempPath('.part');
    const meter = new IntakeMeter();
    const fh = await open(tempPath, 'wx');
    try {
      for await (const piece of source) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
        if (meter.sizeBytes + chunk.length > maxBytes) {
          throw new AppError('upload_too_large', `upload exceeds ${maxBytes} bytes`, 413, { maxBytes });
        }
        // Waiting here is the backpressure: the next chunk is not read until the throttle allows this one.
        await this.intake.take(chunk.length);
        meter.add(chunk);
        await fh.write(chunk);
      }
      await fh.sync();
    } catch (err) {
      await fh.close();
      await rm(tempPath, { force: true });
      throw err;
    }
    await fh.close();
    return this.finish(tempPath, name.name, meter);
  }

  /** A fresh path in the temp area (same filesystem as the objects, so commit is a rename). */
  tempPath(extension: string): string {
    return join(this.tmpDir, `${randomBytes(12).toString('hex')}${extension}`);
  }

  /** Checks and commits a file someone wrote at a `tempPath()`; the temp file is consumed either way. */
  async commit(tempPath: string, fileName: string): Promise<StoredFile> {
    const name = checkOriginalFilename(fileName);
    if (!name.ok) {
      await rm(tempPath, { force: true });
      throw new AppError(name.code, `bad file name: ${name.params.reason}`, 422, name.params);
    }
    const meter = new IntakeMeter();
    for await (const chunk of createReadStream(tempPath)) meter.add(chunk as Buffer);
    const fh = await open(tempPath, 'r+');
    await fh.sync();
    await fh.close();
    return this.finish(tempPath, name.name, meter);
  }

  pathOf(sha256: string, kind: FileKind): string {
    if (!SHA256_HEX.test(sha256)) throw new AppError('file_not_found', 'not a sha256', 404, { sha256 });
    return join(this.objectsDir, sha256.slice(0, 2), `${sha256}${EXTENSION_OF[kind]}`);
  }

  async has(sha256: string, kind: FileKind): Promise<boolean> {
    return stat(this.pathOf(sha256, kind)).then(() => true, () => false);
  }

  /** Retention: the caller has checked that no job still needs the object. false: it was already gone. */
  async remove(sha256: string, kind: FileKind): Promise<boolean> {
    const path = this.pathOf(sha256, kind);
    const existed = await this.has(sha256, kind);
    await rm(path, { force: true });
    return existed;
  }

  /**
   * Start-up only (before any upload is accepted): removes every temp file and every object whose
   * sha256 no job references.
   */
  async sweep(referenced: ReadonlySet<string>): Promise<{ tempFilesRemoved: number; orphansRemoved: number }> {
    await this.init();
    let tempFilesRemoved = 0;
    for (const f of await readdir(this.tmpDir)) {
      await rm(join(this.tmpDir, f), { force: true, recursive: true });
      tempFilesRemoved++;
    }
    const orphansRemoved = await sweepShardedDir(this.objectsDir, OBJECT_NAME, referenced);
    return { tempFilesRemoved, orphansRemoved };
  }

  private async finish(tempPath: string, originalFilename: string, meter: IntakeMeter): Promise<StoredFile> {
    const sniff = sniffFileKind({ fileName: originalFilename, head: meter.head, tail: meter.tail(), sizeBytes: meter.sizeBytes });
    if (!sniff.ok) {
      await rm(tempPath, { force: true });
      throw new AppError(sniff.code, `upload refused: ${sniff.code}`, sniff.httpStatus, sniff.params);
    }
    const sha256 = meter.hash.digest('hex');
    const target = this.pathOf(sha256, sniff.kind);
    if (await this.has(sha256, sniff.kind)) {
      await unlink(tempPath);
    } else {
      const dir = join(this.objectsDir, sha256.slice(0, 2));
      await mkdir(dir, { recursive: true });
      await rename(tempPath, target);
      // The rename itself must reach the disk before a job row points at the object.
      const dh = await open(dir, 'r');
      await dh.sync();
      await dh.close();
    }
    return { sha256, sizeBytes: meter.sizeBytes, kind: sniff.kind, originalFilename };
  }
}
