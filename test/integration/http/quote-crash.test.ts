/**
 * Kill -9 the real daemon (`node bin/tulostamo.js serve`, the compiled build) while a quote's model is
 * being sliced, restart it, and check that the quote is analysed again rather than left half-done: its
 * file survived the start-up sweep, no temp file is left, and it can still be sent to the queue.
 * Runs against dist/: `npm test` builds first.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { addUserViaCli, spawnDaemon } from '../../../src/bench/daemon-process.js';
import type { Quote } from '../../../src/quotes/quote-types.js';
import { removeDir, tempDataDir, waitFor } from './harness.js';

const WHEEL_STL = readFileSync('../shared/fixtures/models/benchy-wheel.stl');
const dataDir = tempDataDir();
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  removeDir(dataDir);
});

async function startDaemon() {
  const daemon = await spawnDaemon(['--port', '0'], { ...process.env, TULOSTAMO_DATA: dataDir });
  children.push(daemon.child);
  return daemon;
}

function quoteRow(id: number): { state: string; file_sha256: string } {
  const db = new Database(join(dataDir, 'tulostamo.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT state, file_sha256 FROM quotes WHERE id = ?').get(id) as { state: string; file_sha256: string };
  } finally {
    db.close();
  }
}

describe('SIGKILL while a quote is sliced', () => {
  it('analyses the quote again after the restart', { timeout: 120_000 }, async () => {
    const key = addUserViaCli(dataDir, 'patron', 'asiakas1');
    let { child, url } = await startDaemon();
    const created = await request(url).post('/api/quotes').set('x-api-key', key).field('preset', 'fine').attach('file', WHEEL_STL, 'pyörä.stl');
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const id = (created.body.quote as Quote).id;
    // The mesh check takes a moment; the kill lands while the slicer is still busy with the model.
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const killed = quoteRow(id);
    expect(killed.state).toBe('analysing');

    ({ child, url } = await startDaemon());
    const model = join(dataDir, 'uploads', 'objects', killed.file_sha256.slice(0, 2), `${killed.file_sha256}.stl`);
    expect(existsSync(model), 'the quote’s model').toBe(true);
    expect(readdirSync(join(dataDir, 'uploads', 'tmp')), 'temp files').toEqual([]);
    const quote = await waitFor(async () => (await request(url).get(`/api/quotes/${id}`).set('x-api-key', key)).body.quote as Quote,
      (q) => q.state !== 'analysing', 90_000);
    expect(quote.state, JSON.stringify(quote.analysis)).toBe('ready');
    expect(quote.analysis!.estimateS).toBeGreaterThan(0);
    const sent = await request(url).post('/api/jobs').set('x-api-key', key).send({ quoteId: id });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.job).toMatchObject({ state: 'awaiting_approval', gcodeSha256: quote.gcodeSha256 });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  });
});
