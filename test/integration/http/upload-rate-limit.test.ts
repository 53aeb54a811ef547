/**
 * The daemon-wide upload cap over HTTP on the real store: uploads through the three upload routes
 * (jobs, quotes, OctoPrint's /api/files/local) share one rate, and the files land intact.
 * Only a lower bound on time is asserted: a slow machine may take longer, never less.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, removeDir, smallGcode, startTestApp, type TestApp, type TestUser } from './harness.js';

const RATE_MBPS = 2;
const MB = 1024 * 1024;

let t: TestApp;
let instructor: TestUser;

beforeAll(async () => {
  t = await startTestApp(undefined, { uploadRateLimitMBps: RATE_MBPS });
  instructor = await addUser(t, 'instructor');
});
afterAll(async () => { await t.stop(); removeDir(t.dataDir); });

/** About `bytes` of valid G-code, made distinct by `tag` so each upload is its own object. */
function gcodeOf(bytes: number, tag: string): Buffer {
  const body = smallGcode(Math.ceil(bytes / 30));
  return Buffer.from(`; ${tag}\n${body}`);
}

describe('uploadRateLimitMBps', () => {
  it('holds three concurrent uploads on different routes together to the cap', async () => {
    const files = ['työ', 'tarjous', 'octoprint'].map((tag) => ({ tag, bytes: gcodeOf(1 * MB, tag) }));
    const totalBytes = files.reduce((sum, f) => sum + f.bytes.length, 0);
    const post = (path: string, f: { tag: string; bytes: Buffer }) =>
      t.http.post(path).set('x-api-key', instructor.apiKey).attach('file', f.bytes, `${f.tag}.gcode`);
    const startMs = performance.now();
    const [job, quote, octoprint] = await Promise.all([
      post('/api/jobs', files[0]), post('/api/quotes', files[1]), post('/api/files/local', files[2]),
    ]);
    const elapsedMs = performance.now() - startMs;
    for (const res of [job, quote, octoprint]) expect(res.status, JSON.stringify(res.body)).toBeLessThan(400);
    // Everything beyond the 100 ms burst waits for the shared 2 MB/s.
    expect(totalBytes).toBeGreaterThan(3 * MB);
    expect(elapsedMs).toBeGreaterThanOrEqual(((totalBytes - 0.1 * RATE_MBPS * MB) / (RATE_MBPS * MB)) * 1000 - 50);
    for (const f of files) {
      const sha256 = createHash('sha256').update(f.bytes).digest('hex');
      expect(readFileSync(t.app.queue.uploads.pathOf(sha256, 'gcode')).equals(f.bytes), f.tag).toBe(true);
    }
  });
});
