/**
 * Kill -9 the real daemon (`node bin/tulostamo.js serve`, the compiled build) while uploads stream in
 * and jobs change state, restart it, and check what survived: an intact database whose every job
 * agrees with its last audit event, every job's file present, and no temp or orphan file left.
 * Runs against dist/: `npm test` builds first.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { addUserViaCli, spawnDaemon } from '../../../src/bench/daemon-process.js';
import { multipartBody, removeDir, smallGcode, tempDataDir } from './harness.js';

const dataDir = tempDataDir();
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  removeDir(dataDir);
});

/** Each daemon runs with the data directory from TULOSTAMO_DATA, as a service unit would set it. */
function startDaemon() {
  const daemon = spawnDaemon(['--port', '0'], { ...process.env, TULOSTAMO_DATA: dataDir });
  void daemon.then(({ child }) => children.push(child), () => undefined);
  return daemon;
}

function call(url: string, method: string, path: string, apiKey: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const req = httpRequest(new URL(path, url), { method, headers: { 'x-api-key': apiKey, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => { try { resolve({ status: res.statusCode!, json: JSON.parse(text) }); } catch { resolve({ status: res.statusCode!, json: {} }); } });
      res.on('error', () => resolve({ status: 0, json: {} }));
    });
    req.on('error', () => resolve({ status: 0, json: {} }));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Streams a multipart upload slowly, so the kill lands while bytes are still arriving. */
function slowUpload(url: string, apiKey: string, sizeLines: number): Promise<void> {
  const { body, contentType } = multipartBody([{ name: 'file', filename: `törmäys-${sizeLines}.gcode`, value: smallGcode(sizeLines) }]);
  return new Promise((resolve) => {
    const req = httpRequest(new URL('/api/jobs', url), { method: 'POST', headers: { 'content-type': contentType, 'content-length': body.length, 'x-api-key': apiKey } },
      (res) => { res.resume(); res.on('end', resolve); res.on('error', () => resolve()); });
    req.on('error', () => resolve());
    let offset = 0;
    const step = () => {
      if (offset >= body.length) { req.end(); return; }
      req.write(body.subarray(offset, offset + 8192));
      offset += 8192;
      setTimeout(step, 2);
    };
    step();
  });
}

function checkConsistency(): { jobs: number; states: Record<string, number> } {
  const db = new Database(join(dataDir, 'tulostamo.sqlite'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const jobs = db.prepare('SELECT id, state, file_sha256, file_kind FROM jobs').all() as Array<{ id: number; state: string; file_sha256: string; file_kind: string }>;
    const states: Record<string, number> = {};
    for (const j of jobs) {
      const last = db.prepare('SELECT to_state FROM job_events WHERE job_id = ? ORDER BY id DESC LIMIT 1').get(j.id) as { to_state: string } | undefined;
      expect(last?.to_state, `job ${j.id}`).toBe(j.state);
      expect(existsSync(join(dataDir, 'uploads', 'objects', j.file_sha256.slice(0, 2), `${j.file_sha256}.${j.file_kind}`)), `file of job ${j.id}`).toBe(true);
      states[j.state] = (states[j.state] ?? 0) + 1;
    }
    const referenced = new Set(jobs.map((j) => j.file_sha256));
    const objectsDir = join(dataDir, 'uploads', 'objects');
    const objects = readdirSync(objectsDir).flatMap((shard) => readdirSync(join(objectsDir, shard)));
    expect(objects.filter((f) => !referenced.has(f.split('.')[0])), 'orphan objects').toEqual([]);
    expect(readdirSync(join(dataDir, 'uploads', 'tmp')), 'temp files').toEqual([]);
    return { jobs: jobs.length, states };
  } finally {
    db.close();
  }
}

describe('SIGKILL during uploads and transitions', () => {
  it('restarts to a consistent database with no orphan files', { timeout: 120_000 }, async () => {
    const staffKey = addUserViaCli(dataDir, 'staff', 'henkilokunta');
    const patronKey = addUserViaCli(dataDir, 'patron', 'asiakas1');
    let seen = 0;
    for (let round = 0; round < 3; round++) {
      const { child, url } = await startDaemon();
      if (round > 0) {
        // The start-up sweep ran before listening: the previous kill's leftovers are gone.
        const summary = checkConsistency();
        seen = summary.jobs;
        const active = (summary.states.starting ?? 0) + (summary.states.printing ?? 0) + (summary.states.paused ?? 0);
        expect(active, 'jobs left on a printer after a crash').toBe(0);
      }
      await call(url, 'POST', '/api/printers/virtual/bed-cleared', staffKey);
      const traffic: Promise<unknown>[] = [];
      for (let i = 0; i < 4; i++) traffic.push(slowUpload(url, i % 2 ? patronKey : staffKey, 2000 + round * 500 + i * 300));
      const churn = (async () => {
        for (let i = 0; i < 200 && child.exitCode === null && child.signalCode === null; i++) {
          const list = await call(url, 'GET', '/api/jobs', staffKey);
          const jobs = (list.json.jobs ?? []) as Array<{ id: number; state: string }>;
          for (const j of jobs.slice(-6)) {
            if (j.state === 'awaiting_approval') await call(url, 'POST', `/api/jobs/${j.id}/approve`, staffKey, {});
            else if (j.state === 'approved') await call(url, 'POST', '/api/printers/virtual/start', staffKey, { jobId: j.id });
            else if (j.state === 'printing' && j.id % 2 === 0) await call(url, 'POST', `/api/jobs/${j.id}/cancel`, staffKey, {});
            else if (j.state === 'cancelled' || j.state === 'awaiting_pickup') await call(url, 'POST', '/api/printers/virtual/bed-cleared', staffKey);
          }
        }
      })();
      await new Promise((r) => setTimeout(r, 400 + round * 250));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      await Promise.all([...traffic, churn]);
    }
    const { child } = await startDaemon();
    const final = checkConsistency();
    expect(final.jobs).toBeGreaterThanOrEqual(seen);
    expect(final.jobs).toBeGreaterThan(0);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  });
});
