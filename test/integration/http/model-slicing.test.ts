/**
 * An STL goes all the way to an approvable job over HTTP: mesh check, server-side slicing with the
 * library profile (real prusa-slicer; cura-wasm where PrusaSlicer refuses), G-code analysis, preview.
 * And the two ways it does not: a model too large for the printer, and no engine at all (staff attach G-code).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../src/jobs/job-types.js';
import { binaryStl, box, triangles } from '../../unit/mesh/mesh-builders.js';
import { addUser, removeDir, smallGcode, startTestApp, waitFor, type TestApp, type TestUser } from './harness.js';

const chimneyStl = readFileSync('../shared/fixtures/models/benchy-chimney-top.stl');
const wheelStl = readFileSync('../shared/fixtures/models/benchy-wheel.stl');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SETTLED = ['awaiting_approval', 'refused', 'needs_slicing'];

async function upload(t: TestApp, who: TestUser, bytes: Buffer, name: string): Promise<Job> {
  const res = await t.http.post('/api/jobs').set('x-api-key', who.apiKey).attach('file', bytes, name).expect(201);
  return res.body.job as Job;
}

async function settled(t: TestApp, who: TestUser, jobId: number, states = SETTLED): Promise<Job> {
  return waitFor(async () => (await t.http.get(`/api/jobs/${jobId}`).set('x-api-key', who.apiKey)).body.job as Job,
    (j) => states.includes(j.state), 60_000);
}

function pngBody(res: { body: unknown }): Buffer {
  return res.body as Buffer;
}

describe('with the installed slicing engines', () => {
  let t: TestApp;
  let patron: TestUser;
  let other: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    [patron, other] = await Promise.all([addUser(t, 'patron'), addUser(t, 'patron')]);
  });
  afterAll(async () => { await t.stop(); removeDir(t.dataDir); });

  it('slices a patron’s STL into an approvable job with estimate, grams, fit and a preview', async () => {
    const submitted = await upload(t, patron, chimneyStl, 'savupiippu.stl');
    expect(submitted).toMatchObject({ fileKind: 'stl', gcodeSha256: null, hasPreview: false });
    const job = await settled(t, patron, submitted.id);
    expect(job.state, JSON.stringify(job.analysis)).toBe('awaiting_approval');
    const a = job.analysis!;
    expect(a.estimateS).toBeGreaterThan(0);
    expect(a.filamentGrams).toBeGreaterThan(0);
    expect(a.fitsBed).toBe(true);
    expect(a.triangles).toBe(16036);
    expect(a.volumeMm3 as number).toBeCloseTo(68.32, 1);
    expect(job.hasPreview).toBe(true);
    // The model stays the upload; the printer streams the G-code we sliced, and we know it is ours by its hash.
    expect(job.fileSha256).toBe(submitted.fileSha256);
    expect(job.gcodeSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(job.gcodeSha256).not.toBe(job.fileSha256);
    expect(a.slicing).toMatchObject({ slicedHere: true, sha256: job.gcodeSha256, signature: expect.stringMatching(/^marlin\/pla\/normal /) });
    // PrusaSlicer finds nothing to extrude on this part's first layer; the embedded CuraEngine slices it.
    expect(a.slicing).toMatchObject({ engine: 'cura-wasm', attempts: [{ code: 'model_unprintable', message: expect.stringMatching(/^prusaslicer: /) }] });

    const preview = await t.http.get(`/api/jobs/${job.id}/preview.png`).set('x-api-key', patron.apiKey).buffer(true)
      .parse((res, cb) => { const parts: Buffer[] = []; res.on('data', (c: Buffer) => parts.push(c)); res.on('end', () => cb(null, Buffer.concat(parts))); })
      .expect(200).expect('content-type', 'image/png');
    expect(pngBody(preview).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // Someone who may not view the job may not see its picture either.
    await t.http.get(`/api/jobs/${job.id}/preview.png`).set('x-api-key', other.apiKey).expect(403);
  });

  it('slices with PrusaSlicer, the preferred engine, when it accepts the model', async () => {
    const job = await settled(t, patron, (await upload(t, patron, wheelStl, 'pyörä.stl')).id);
    expect(job.state, JSON.stringify(job.analysis)).toBe('awaiting_approval');
    expect(job.analysis!.slicing).toMatchObject({ engine: 'prusaslicer', attempts: [], slicedHere: true, sha256: job.gcodeSha256 });
    expect(job.analysis!.layers as number).toBeGreaterThan(10);
    // PrusaSlicer embeds no thumbnail with our profile, so the preview is the mesh drawn from the model.
    expect(job.analysis!.preview).toBe('mesh');
  });

  it('refuses a model larger than the printer with model_too_large, before slicing', async () => {
    const plate = binaryStl(triangles(box([300, 120, 5])));
    const job = await settled(t, patron, (await upload(t, patron, plate, 'liian iso.stl')).id);
    expect(job).toMatchObject({ state: 'refused', gcodeSha256: null });
    expect(job.analysis!.fitsBed).toBe(false);
    expect((job.analysis!.findings ?? []).map((f) => f.code)).toContain('model_too_large');
    expect(job.analysis!.slicing).toBeUndefined();
    const events = (await t.http.get(`/api/jobs/${job.id}/events`).set('x-api-key', patron.apiKey)).body.events as Array<{ reasonCode: string | null }>;
    expect(events.at(-1)!.reasonCode).toBe('model_too_large');
  });

  it('lets a model in a material the slicer profiles do not have wait for staff, priced, instead of refusing it', async () => {
    const res = await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).field('material', 'TPU').attach('file', wheelStl, 'joustava.stl').expect(201);
    const job = await settled(t, patron, res.body.job.id);
    expect(job).toMatchObject({ state: 'needs_slicing', material: 'TPU', refusal: null });
    expect(job.analysis!.slicing).toMatchObject({ error: { code: 'material_unknown', params: { name: 'tpu' } } });
  });

  it('answers preview_unavailable for G-code without an embedded thumbnail', async () => {
    const job = await settled(t, patron, (await upload(t, patron, Buffer.from(smallGcode(60)), 'oma.gcode')).id);
    expect(job).toMatchObject({ state: 'awaiting_approval', hasPreview: false, gcodeSha256: job.fileSha256 });
    const res = await t.http.get(`/api/jobs/${job.id}/preview.png`).set('x-api-key', patron.apiKey).expect(404);
    expect(res.body.error.code).toBe('preview_unavailable');
  });
});

describe('with no slicing engine installed', () => {
  let t: TestApp;
  let patron: TestUser;
  let staff: TestUser;
  beforeAll(async () => {
    t = await startTestApp(undefined, {}, { slicers: async () => [] });
    [patron, staff] = await Promise.all([addUser(t, 'patron'), addUser(t, 'staff')]);
  });
  afterAll(async () => { await t.stop(); removeDir(t.dataDir); });

  it('waits as needs_slicing until staff attach G-code, which is then analysed for review', async () => {
    const job = await settled(t, patron, (await upload(t, patron, chimneyStl, 'savupiippu.stl')).id);
    expect(job).toMatchObject({ state: 'needs_slicing', gcodeSha256: null, hasPreview: true });
    expect(job.analysis!.slicing).toMatchObject({ error: { code: 'no_slicer_available' } });
    expect(job.analysis!.fitsBed).toBe(true);

    const gcode = Buffer.from(smallGcode(300));
    const refusedForPatron = await t.http.post(`/api/jobs/${job.id}/gcode`).set('x-api-key', patron.apiKey).attach('file', gcode, 'savupiippu.gcode').expect(403);
    expect(refusedForPatron.body.error.code).toBe('forbidden');
    const notGcode = await t.http.post(`/api/jobs/${job.id}/gcode`).set('x-api-key', staff.apiKey).attach('file', chimneyStl, 'toinen.stl').expect(415);
    expect(notGcode.body.error.code).toBe('upload_type_not_accepted');

    const attached = await t.http.post(`/api/jobs/${job.id}/gcode`).set('x-api-key', staff.apiKey).attach('file', gcode, 'savupiippu.gcode').expect(200);
    expect(attached.body.job.state).toBe('analysing');
    const done = await settled(t, patron, job.id);
    expect(done.state).toBe('awaiting_approval');
    expect(done.fileSha256).toBe(job.fileSha256);
    expect(done.gcodeSha256).not.toBeNull();
    expect(done.gcodeSha256).not.toBe(done.fileSha256);
    expect(done.analysis!.estimateS).toBeGreaterThan(0);
    expect(done.analysis!.filamentGrams).toBeGreaterThan(0);
    expect(done.analysis!.slicing).toMatchObject({ slicedHere: false, signature: null });
    expect(done.analysis!.triangles).toBe(16036);
    const events = (await t.http.get(`/api/jobs/${job.id}/events`).set('x-api-key', staff.apiKey)).body.events as Array<{ event: string; actorId: number | null }>;
    expect(events.find((e) => e.event === 'slicing_resumed')?.actorId).toBe(staff.user.id);
  });
});

describe('after a restart', () => {
  it('slices a job that waited in needs_slicing once an engine is installed', async () => {
    const first = await startTestApp(undefined, {}, { slicers: async () => [] });
    const patron = await addUser(first, 'patron');
    const waiting = await settled(first, patron, (await upload(first, patron, wheelStl, 'pyörä.stl')).id);
    expect(waiting.state).toBe('needs_slicing');
    await first.stop();
    const second = await startTestApp(first.dataDir);
    try {
      const done = await settled(second, patron, waiting.id, ['awaiting_approval', 'refused']);
      expect(done.state, JSON.stringify(done.analysis)).toBe('awaiting_approval');
      expect(done.analysis!.slicing).toMatchObject({ slicedHere: true, sha256: done.gcodeSha256 });
      const events = (await second.http.get(`/api/jobs/${done.id}/events`).set('x-api-key', patron.apiKey)).body.events as Array<{ event: string; actorId: number | null }>;
      expect(events.map((e) => e.event)).toEqual(['submitted', 'analysis_started', 'slicing_deferred', 'slicing_resumed', 'analysis_passed']);
    } finally {
      await second.stop();
      removeDir(first.dataDir);
    }
  });
});
