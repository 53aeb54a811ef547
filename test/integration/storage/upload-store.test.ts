import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openDatabase } from '../../../src/storage/db.js';
import { JobRepository } from '../../../src/jobs/job-repository.js';
import { transitionTarget } from '../../../src/jobs/job-states.js';
import { UploadStore } from '../../../src/uploads/upload-store.js';
import { bundleForNode, tempDir } from './helpers.js';

const GCODE = readFileSync('../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode');
const STL = readFileSync('../shared/fixtures/models/benchy-wheel.stl');

let t: ReturnType<typeof tempDir>;
afterEach(() => t?.remove());

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
}

function chunksOf(bytes: Buffer, size = 16_384): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('UploadStore', () => {
  it('streams a file into the content-addressed store under its sha256, keeping the name as data', async () => {
    t = tempDir('up');
    const store = new UploadStore(t.dir);
    await store.init();
    const stored = await store.store(Readable.from(chunksOf(GCODE)), 'kääntö osa.gcode');
    const sha256 = createHash('sha256').update(GCODE).digest('hex');
    expect(stored).toEqual({ sha256, sizeBytes: GCODE.length, kind: 'gcode', originalFilename: 'kääntö osa.gcode' });
    expect(readFileSync(store.pathOf(sha256, 'gcode')).equals(GCODE)).toBe(true);
    expect(filesUnder(join(t.dir, 'uploads'))).toEqual([store.pathOf(sha256, 'gcode')]);
    const again = await store.store(Readable.from([GCODE]), 'copy.gcode');
    expect(again.sha256).toBe(sha256);
    expect(filesUnder(join(t.dir, 'uploads'))).toHaveLength(1);
  });

  it('refuses oversize, wrong-type, truncated and path-like uploads and leaves nothing on disk', async () => {
    t = tempDir('up');
    const store = new UploadStore(t.dir, 100_000);
    await store.init();
    const refusals: Array<[Buffer, string, string, number]> = [
      [Buffer.concat([GCODE, GCODE]), 'big.gcode', 'upload_too_large', 413],
      [STL, 'wheel.gcode', 'upload_type_mismatch', 415],
      [STL.subarray(0, 5000), 'wheel.stl', 'upload_truncated', 422],
      [GCODE.subarray(0, 1000), '../../etc/x.gcode', 'upload_bad_filename', 422],
      [Buffer.from('just words\nand more words\n'), 'notes.gcode', 'upload_content_unrecognised', 415],
    ];
    for (const [bytes, name, code, httpStatus] of refusals) {
      await expect(store.store(Readable.from(chunksOf(bytes, 8192)), name)).rejects.toMatchObject({ code, httpStatus });
    }
    expect(filesUnder(join(t.dir, 'uploads'))).toEqual([]);
  });

  it('stops reading at the limit instead of taking the whole body', async () => {
    t = tempDir('up');
    const store = new UploadStore(t.dir, 64 * 1024);
    await store.init();
    let produced = 0;
    async function* endless() { for (;;) { produced += 16_384; yield Buffer.alloc(16_384, 0x47); } }
    await expect(store.store(endless(), 'x.gcode')).rejects.toMatchObject({ code: 'upload_too_large', params: { maxBytes: 65536 } });
    expect(produced).toBeLessThanOrEqual(80 * 1024);
  });

  it('commits a file a producer wrote into its temp area (the slicer\'s output)', async () => {
    t = tempDir('up');
    const store = new UploadStore(t.dir);
    await store.init();
    const temp = store.tempPath('.gcode');
    writeFileSync(temp, GCODE);
    const stored = await store.commit(temp, 'wheel.gcode');
    expect(existsSync(temp)).toBe(false);
    expect(await store.has(stored.sha256, 'gcode')).toBe(true);
  });

  it('sweeps temp files and unreferenced objects at start-up, keeping referenced ones', async () => {
    t = tempDir('up');
    const store = new UploadStore(t.dir);
    await store.init();
    const kept = await store.store(Readable.from([GCODE]), 'a.gcode');
    const orphan = await store.store(Readable.from([STL]), 'b.stl');
    writeFileSync(store.tempPath('.part'), 'half an upload');
    mkdirSync(join(t.dir, 'uploads', 'objects', 'zz'), { recursive: true });
    writeFileSync(join(t.dir, 'uploads', 'objects', 'zz', 'stray.txt'), 'x');
    expect(await store.sweep(new Set([kept.sha256]))).toEqual({ tempFilesRemoved: 1, orphansRemoved: 2 });
    expect(await store.has(kept.sha256, 'gcode')).toBe(true);
    expect(await store.has(orphan.sha256, 'stl')).toBe(false);
  });
});

describe('kill -9 during uploads and transitions', () => {
  let builtFile: string;
  beforeAll(async () => {
    builtFile = await bundleForNode('test/integration/storage/crash-child.ts');
  });

  async function runAndKill(dataDir: string, afterCommits: number, extraMs: number): Promise<void> {
    const child = spawn(process.execPath, [builtFile, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let commits = 0;
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        commits += d.toString().split('\n').length - 1;
        if (commits >= afterCommits) resolve();
      });
      child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    });
    await new Promise((r) => setTimeout(r, extraMs));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
  }

  it('leaves a consistent database and no half-written upload visible, every time', async () => {
    t = tempDir('crash');
    for (const [commits, extraMs] of [[3, 7], [5, 23], [8, 41]]) {
      await runAndKill(t.dir, commits, extraMs);
      const db = openDatabase(t.dir);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const jobs = new JobRepository(db);
        const store = new UploadStore(t.dir);
        const referenced = jobs.referencedFiles();
        await store.sweep(referenced);
        expect(filesUnder(join(t.dir, 'uploads', 'tmp'))).toEqual([]);
        // Every visible object is complete: its bytes hash to its name; every job's file is there.
        for (const f of filesUnder(join(t.dir, 'uploads', 'objects'))) {
          expect(createHash('sha256').update(readFileSync(f)).digest('hex')).toBe(f.split('/').pop()!.split('.')[0]);
        }
        for (const job of jobs.list()) {
          expect(await store.has(job.fileSha256, job.fileKind)).toBe(true);
          const events = jobs.events(job.id);
          // The job row and its event trail were written together: replaying the trail gives the row's state.
          const replayed = events.slice(1).reduce((s, e) => (e.event === 'submitted' ? s : transitionTarget(s, e.event)!), events[0].toState);
          expect(replayed).toBe(job.state);
          expect(events.at(-1)!.toState).toBe(job.state);
        }
        expect(jobs.list().length).toBeGreaterThanOrEqual(commits);
      } finally {
        db.close();
      }
    }
  });
});
