/**
 * Run as a plain node process by upload-store.test.ts (bundled), then killed with SIGKILL at a random
 * moment: it uploads files and moves jobs through their states as fast as it can, printing a line
 * after each commit so the parent knows work was under way.
 */
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../../src/storage/db.js';
import { JobRepository } from '../../../src/jobs/job-repository.js';
import { UploadStore } from '../../../src/uploads/upload-store.js';
import type { JobEvent } from '../../../src/jobs/job-states.js';

const dataDir = process.argv[2];
const db = openDatabase(dataDir);
const jobs = new JobRepository(db);
const store = new UploadStore(dataDir);
const owner = db.prepare("INSERT INTO users (role, username, display_name, secret_hash, created_at_ms) VALUES ('patron', ?, 'x', 'x', 0)")
  .run(`crash-${randomBytes(4).toString('hex')}`).lastInsertRowid as number;
const path: JobEvent[] = ['analysis_started', 'analysis_passed', 'approved', 'start_requested', 'print_started', 'print_finished', 'collected'];

async function* gcodeChunks(lines: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < lines; i += 500) {
    yield Buffer.from(Array.from({ length: 500 }, (_, k) => `G1 X${(i + k) % 200} Y${k % 200} E0.0${k % 9}\n`).join(''));
    await new Promise((r) => setImmediate(r));
  }
}

await store.init();
for (let n = 0; ; n++) {
  const file = await store.store(gcodeChunks(2000 + Math.floor(Math.random() * 20_000)), `kääntö ${n}.gcode`);
  const job = jobs.insert({
    ownerId: owner, workshopId: null, originalFilename: file.originalFilename, fileSha256: file.sha256, fileSizeBytes: file.sizeBytes,
    fileKind: file.kind, gcodeSha256: file.sha256, printerId: null, material: null, colour: null, preset: null, infillPercent: null, supports: null, priority: 0, patronNote: null,
  }, owner, Date.now());
  for (const event of path.slice(0, Math.floor(Math.random() * (path.length + 1)))) jobs.transition(job.id, { event, actorId: null }, Date.now());
  process.stdout.write(`${job.id}\n`);
}
