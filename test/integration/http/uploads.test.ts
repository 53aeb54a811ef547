/**
 * Refusals of bad uploads: each gets its status and reason code, and the upload store is left exactly
 * as it was (no temp file, no object).
 */
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser, multipartBody, removeDir, smallGcode, startTestApp, storedFiles, type TestApp, type TestUser,
} from './harness.js';

const MAX_BYTES = 256 * 1024;
const wheelStl = readFileSync('../shared/fixtures/models/benchy-wheel.stl');

let t: TestApp;
let patron: TestUser;

beforeAll(async () => {
  t = await startTestApp(undefined, { maxUploadBytes: MAX_BYTES });
  patron = await addUser(t, 'patron');
});
afterAll(async () => { await t.stop(); removeDir(t.dataDir); });

async function refused(send: () => Promise<{ status: number; body: { error: { code: string; params: Record<string, unknown> } } }>, status: number, code: string) {
  const before = storedFiles(t.dataDir);
  const res = await send();
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(storedFiles(t.dataDir)).toEqual(before);
  return res.body.error;
}

const upload = (content: Buffer | string, filename: string) =>
  t.http.post('/api/jobs').set('X-Api-Key', patron.apiKey).attach('file', Buffer.from(content), filename);

/** Sends a multipart body with chunked encoding (no Content-Length), as a streaming client does. */
function chunkedUpload(body: Buffer, contentType: string, chunkBytes = 16 * 1024, stopAfterBytes = Infinity): Promise<{ status: number; body: never }> {
  const url = new URL('/api/jobs', t.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': contentType, 'x-api-key': patron.apiKey, 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as never }));
    });
    req.on('error', reject);
    let offset = 0;
    const pump = () => {
      while (offset < body.length && offset < stopAfterBytes) {
        const chunk = body.subarray(offset, offset + chunkBytes);
        offset += chunk.length;
        if (!req.write(chunk)) { req.once('drain', pump); return; }
      }
      req.end();
    };
    pump();
  });
}

describe('upload refusals leave nothing on disk', () => {
  it('413 when Content-Length already says too large, before reading the body', async () => {
    const err = await refused(() => upload(Buffer.alloc(MAX_BYTES * 2, 'G1 X1\n'), 'big.gcode'), 413, 'upload_too_large');
    expect(err.params.maxBytes).toBe(MAX_BYTES);
  });

  it('413 while streaming a chunked body with no Content-Length', async () => {
    const { body, contentType } = multipartBody([{ name: 'file', filename: 'big.gcode', value: Buffer.alloc(MAX_BYTES + 1, 'G1 X1\n') }]);
    await refused(() => chunkedUpload(body, contentType), 413, 'upload_too_large');
  });

  it('accepts a file of exactly the limit streamed the same way', async () => {
    const gcode = smallGcode();
    const exact = Buffer.concat([Buffer.from(gcode), Buffer.alloc(MAX_BYTES - gcode.length, ';')]);
    const { body, contentType } = multipartBody([{ name: 'file', filename: 'exact.gcode', value: exact }]);
    const res = await chunkedUpload(body, contentType);
    expect(res.status).toBe(201);
  });

  it('415 for a name we do not print', async () => {
    const err = await refused(() => upload('hello', 'notes.txt'), 415, 'upload_type_not_accepted');
    expect(err.params.accepted).toContain('.gcode');
  });

  it('415 for a picture named .gcode (decided by content)', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 0)]);
    await refused(() => upload(png, 'kuva.gcode'), 415, 'upload_content_unrecognised');
  });

  it('415 for an STL named .gcode', async () => {
    const err = await refused(() => upload(wheelStl, 'pyörä.gcode'), 415, 'upload_type_mismatch');
    expect(err.params).toMatchObject({ claimed: 'gcode', found: 'stl' });
  });

  it('422 for a binary STL cut short in transfer', async () => {
    await refused(() => upload(wheelStl.subarray(0, wheelStl.length - 500), 'wheel.stl'), 422, 'upload_truncated');
  });

  it('422 for a multipart body that ends before its closing boundary', async () => {
    const { body, contentType } = multipartBody([{ name: 'file', filename: 'cut.gcode', value: smallGcode(2000) }]);
    await refused(() => t.http.post('/api/jobs').set('X-Api-Key', patron.apiKey).set('Content-Type', contentType)
      .send(body.subarray(0, Math.floor(body.length / 2))), 422, 'upload_truncated');
  });

  it('a client that hangs up mid-upload leaves nothing behind', async () => {
    const before = storedFiles(t.dataDir);
    const { body, contentType } = multipartBody([{ name: 'file', filename: 'hangup.gcode', value: smallGcode(4000) }]);
    await new Promise<void>((resolve) => {
      const req = httpRequest(new URL('/api/jobs', t.url), {
        method: 'POST', headers: { 'content-type': contentType, 'content-length': body.length, 'x-api-key': patron.apiKey },
      });
      req.on('error', () => resolve());
      req.write(body.subarray(0, body.length / 2), () => setTimeout(() => { req.destroy(); resolve(); }, 100));
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(storedFiles(t.dataDir)).toEqual(before);
  });

  it.each([['../../etc/evil.gcode'], ['..\\..\\evil.gcode'], ['/tmp/evil.gcode']])('422 for a path as file name: %s', async (name) => {
    const { body, contentType } = multipartBody([{ name: 'file', filename: name, value: smallGcode() }]);
    const err = await refused(() => t.http.post('/api/jobs').set('X-Api-Key', patron.apiKey).set('Content-Type', contentType).send(body),
      422, 'upload_bad_filename');
    expect(err.params.reason).toBe('path');
  });

  it('415 for a body that is not multipart, 422 for a form without a file', async () => {
    await refused(() => t.http.post('/api/jobs').set('X-Api-Key', patron.apiKey).send({ file: 'x' }), 415, 'upload_not_multipart');
    await refused(() => t.http.post('/api/jobs').set('X-Api-Key', patron.apiKey).field('material', 'PLA'), 422, 'upload_missing_file');
  });

  it('401 before any byte is stored for an anonymous upload', async () => {
    await refused(() => t.http.post('/api/jobs').attach('file', Buffer.from(smallGcode()), 'a.gcode'), 401, 'not_authenticated');
  });
});

describe('accepted uploads', () => {
  it('keeps a Finnish file name intact and stores the bytes under their hash', async () => {
    const res = await upload(smallGcode(), 'kääntö osa.gcode').expect(201);
    expect(res.body.job.originalFilename).toBe('kääntö osa.gcode');
    expect(res.body.job.state).toBe('uploaded');
    expect(storedFiles(t.dataDir)).toContain(`objects/${res.body.job.fileSha256.slice(0, 2)}/${res.body.job.fileSha256}.gcode`);
    const again = await t.http.get(`/api/jobs/${res.body.job.id}`).set('X-Api-Key', patron.apiKey).expect(200);
    expect(again.body.job.originalFilename).toBe('kääntö osa.gcode');
  });
});
