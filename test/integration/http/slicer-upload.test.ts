/**
 * "Send to printer" from slicers, byte for byte as SLICER-UPLOAD-NOTES.md describes them: PrusaSlicer
 * (fields print, path, file; Expect: 100-continue), Cura (path, file, select, print; needs Location).
 */
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, multipartBody, removeDir, smallGcode, startTestApp, waitFor, type RawPart, type TestApp, type TestUser } from './harness.js';

let t: TestApp;
let instructor: TestUser;
let patron: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  [instructor, patron] = await Promise.all([addUser(t, 'instructor'), addUser(t, 'patron')]);
});
afterAll(async () => { await t.stop(); removeDir(t.dataDir); });

interface RawReply { status: number; headers: Record<string, string | string[] | undefined>; body: Record<string, unknown>; sawContinue: boolean }

/** Posts the way libcurl does with Expect: 100-continue: headers first, the body only after the server's 100. */
function slicerPost(apiKey: string, parts: RawPart[], userAgent: string): Promise<RawReply> {
  const { body, contentType } = multipartBody(parts);
  return new Promise((resolve, reject) => {
    let sawContinue = false;
    const req = httpRequest(new URL('/api/files/local', t.url), {
      method: 'POST',
      headers: {
        'content-type': contentType, 'content-length': body.length, expect: '100-continue', 'x-api-key': apiKey,
        'user-agent': userAgent, accept: '*/*',
      },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text), sawContinue }));
    });
    req.on('continue', () => { sawContinue = true; req.end(body); });
    req.on('error', reject);
  });
}

const jobState = async (id: number) => t.app.queue.jobs.require(id).state;

describe('PrusaSlicer physical-printer upload', () => {
  it('lands an instructor’s "Upload and Print" approved, with its Finnish name intact', async () => {
    const reply = await slicerPost(instructor.apiKey, [
      { name: 'print', value: 'true' },
      { name: 'path', value: '' },
      { name: 'file', filename: 'kääntö osa.gcode', contentType: 'application/octet-stream', value: smallGcode() },
    ], 'PrusaSlicer/2.9.4');
    expect(reply.sawContinue).toBe(true);
    expect(reply.status).toBeLessThan(400);
    const job = reply.body.job as { id: number; originalFilename: string; ownerId: number };
    expect(job.originalFilename).toBe('kääntö osa.gcode');
    expect(job.ownerId).toBe(instructor.user.id);
    expect(await waitFor(() => jobState(job.id), (s) => s === 'approved')).toBe('approved');
  });

  it('stores an instructor’s "Upload" (print=false) waiting for approval: uploaded, not sent to print', async () => {
    const reply = await slicerPost(instructor.apiKey, [
      { name: 'print', value: 'false' },
      { name: 'path', value: '' },
      { name: 'file', filename: 'myöhemmin.gcode', contentType: 'application/octet-stream', value: smallGcode() },
    ], 'PrusaSlicer/2.9.4');
    expect(reply.status).toBe(201);
    const job = reply.body.job as { id: number; holdForApproval: boolean };
    expect(job.holdForApproval).toBe(true);
    expect(await waitFor(() => jobState(job.id), (s) => s !== 'uploaded' && s !== 'analysing')).toBe('awaiting_approval');
    // The instructor approves it when they want it printed.
    const approved = await request(t.url).post(`/api/jobs/${job.id}/approve`).set('X-Api-Key', instructor.apiKey).send({});
    expect([approved.status, approved.body.job?.state], JSON.stringify(approved.body)).toEqual([200, "approved"]);
  });

  it('puts a patron’s "Upload and Print" in the approval queue, never straight onto the printer', async () => {
    const reply = await slicerPost(patron.apiKey, [
      { name: 'print', value: 'true' },
      { name: 'path', value: 'koulu' },
      { name: 'file', filename: 'häkkyrä.gcode', contentType: 'application/octet-stream', value: smallGcode() },
    ], 'PrusaSlicer/2.9.4');
    expect(reply.status).toBe(201);
    const id = (reply.body.job as { id: number }).id;
    expect(await waitFor(() => jobState(id), (s) => s !== 'uploaded' && s !== 'analysing')).toBe('awaiting_approval');
  });

  it('reads the flags as OctoPrint does: True, yes, on or anything else never drops the file', async () => {
    for (const value of ['True', 'YES', 'y', 'on', '']) {
      const reply = await slicerPost(patron.apiKey, [
        { name: 'print', value }, { name: 'select', value },
        { name: 'file', filename: `liput-${value}.gcode`, contentType: 'application/octet-stream', value: smallGcode() },
      ], 'Cura/5.8.1');
      expect([value, reply.status]).toEqual([value, 201]);
    }
  });

  it('refuses a wrong key with 401 before storing anything', async () => {
    const reply = await slicerPost('tlo_wrong', [{ name: 'file', filename: 'x.gcode', value: smallGcode() }], 'PrusaSlicer/2.9.4');
    expect(reply.status).toBe(401);
    expect((reply.body.error as { code: string }).code).toBe('invalid_api_key');
  });
});

describe('Cura OctoPrint plugin upload', () => {
  it('answers 201 with a Location containing api/', async () => {
    const reply = await slicerPost(instructor.apiKey, [
      { name: 'path', value: '' },
      { name: 'file', filename: 'Ääkköset & välit (2).gcode', contentType: 'application/octet-stream', value: smallGcode() },
      { name: 'select', value: 'true' },
      { name: 'print', value: 'true' },
    ], 'Cura/5.8.0');
    expect(reply.status).toBe(201);
    expect(String(reply.headers.location)).toContain('api/');
    expect((reply.body.files as { local: { name: string } }).local.name).toBe('Ääkköset & välit (2).gcode');
  });
});
