/**
 * The analysis's per-layer times through the daemon: kept beside the G-code when it is analysed,
 * handed to the printer when the job starts, shown in the live status and the OctoPrint job reply,
 * and removed with the file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../../src/jobs/job-types.js';
import type { Quote } from '../../../src/quotes/quote-types.js';
import { addUser, removeDir, smallGcode, startTestApp, tempDataDir, waitFor } from './harness.js';

const timelinePath = (dataDir: string, sha256: string) => join(dataDir, 'timelines', sha256.slice(0, 2), `${sha256}.json`);

describe('print timelines in the daemon', () => {
  it('follow a job from its analysis to the running print; a damaged one falls back to progress by bytes', async () => {
    const dataDir = tempDataDir();
    const t = await startTestApp(dataDir);
    try {
      const staff = await addUser(t, 'staff');
      await waitFor(() => t.app.printers.get('virtual').state(), (s) => s === 'idle');
      const upload = async (lines: number): Promise<Job> => {
        const job = (await t.http.post('/api/jobs').set('X-Api-Key', staff.apiKey)
          .attach('file', Buffer.from(smallGcode(lines)), 'kerros.gcode').expect(201)).body.job as Job;
        await t.app.analysis.idle();
        return t.app.queue.jobs.require(job.id);
      };
      const job = await upload(3000);
      expect(job.analysis).toMatchObject({ layers: 30 });
      expect(existsSync(timelinePath(dataDir, job.gcodeSha256!))).toBe(true);
      // The job's own record stays small: the table is not in it.
      expect(JSON.stringify(job.analysis)).not.toContain('pointOffsets');

      await t.http.post('/api/printers/virtual/bed-cleared').set('X-Api-Key', staff.apiKey).expect(200);
      await t.http.post('/api/printers/virtual/start').set('X-Api-Key', staff.apiKey).send({ jobId: job.id }).expect(200);
      const print = (await waitFor(() => t.app.printers.get('virtual').status().print, (p) => p !== null && p.layer !== null))!;
      expect(print).toMatchObject({ layers: 30, estimateS: job.analysis!.estimateS });
      expect(print.remainingMs).toBeGreaterThan(0);
      const octo = (await t.http.get('/api/job').set('X-Api-Key', staff.apiKey).expect(200)).body;
      expect(octo.job.estimatedPrintTime).toBe(job.analysis!.estimateS);
      await t.http.post(`/api/jobs/${job.id}/cancel`).set('X-Api-Key', staff.apiKey).send({}).expect(200);
      await waitFor(() => t.app.printers.get('virtual').state(), (s) => s === 'idle');

      const second = await upload(3100);
      writeFileSync(timelinePath(dataDir, second.gcodeSha256!), '{"bytesTotal": 5, "totalSeconds": "soon"}');
      await t.http.post('/api/printers/virtual/bed-cleared').set('X-Api-Key', staff.apiKey).expect(200);
      await t.http.post('/api/printers/virtual/start').set('X-Api-Key', staff.apiKey).send({ jobId: second.id }).expect(200);
      const byBytes = (await waitFor(() => t.app.printers.get('virtual').status().print, (p) => p !== null && p.bytesAcked > 0))!;
      expect(byBytes).toMatchObject({ layers: null, estimateS: null });
      expect(byBytes.fraction).toBeCloseTo(byBytes.bytesAcked / byBytes.bytesTotal, 9);
    } finally {
      await t.stop();
      removeDir(dataDir);
    }
  }, 60_000);

  it('go with their G-code: a let-go quote\'s at the sweep, an orphan\'s at start-up', async () => {
    const dataDir = tempDataDir();
    let t = await startTestApp(dataDir);
    try {
      const patron = await addUser(t, 'patron');
      const res = await t.http.post('/api/quotes').set('x-api-key', patron.apiKey).attach('file', Buffer.from(smallGcode(500)), 'hinta.gcode').expect(202);
      const quote = await waitFor(async () => (await t.http.get(`/api/quotes/${res.body.quote.id}`).set('x-api-key', patron.apiKey)).body.quote as Quote,
        (q) => q.state !== 'analysing');
      expect(quote.state).toBe('ready');
      const kept = timelinePath(dataDir, quote.fileSha256);
      expect(existsSync(kept)).toBe(true);
      await t.http.delete(`/api/quotes/${quote.id}`).set('x-api-key', patron.apiKey).expect(200);
      await t.app.queue.quotes.sweep(Date.now());
      expect(existsSync(kept)).toBe(false);

      // A crash between a file's removal and its timeline's leaves a timeline nobody needs.
      const orphan = timelinePath(dataDir, createHash('sha256').update('poistettu').digest('hex'));
      mkdirSync(dirname(orphan), { recursive: true });
      writeFileSync(orphan, '{}');
      await t.stop();
      t = await startTestApp(dataDir);
      expect(t.app.queue.startup.timelinesRemoved).toBe(1);
      expect(existsSync(orphan)).toBe(false);
    } finally {
      await t.stop();
      removeDir(dataDir);
    }
  }, 60_000);
});
