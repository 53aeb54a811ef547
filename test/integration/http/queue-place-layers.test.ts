/**
 * What the web UI added to the API: each waiting job's place in the queue and ETA in GET /api/jobs,
 * one layer's paths from GET /api/jobs/:id/layers/:n, and, for staff, the job on each printer.
 * Against the real app (SQLite in a temp dir, the virtual printer) with PrusaSlicer G-code fixtures.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, removeDir, startTestApp, tempDataDir, waitFor, type TestApp, type TestUser } from './harness.js';

const WHEEL = readFileSync('../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode');

describe('queue place, layers and the job on the printer', () => {
  let t: TestApp;
  let staff: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  const jobIds: number[] = [];

  const as = (u: TestUser) => ({
    get: (path: string) => t.http.get(path).set('X-Api-Key', u.apiKey),
    post: (path: string) => t.http.post(path).set('X-Api-Key', u.apiKey),
  });
  const stateOf = async (id: number) => (await as(staff).get(`/api/jobs/${id}`)).body.job.state as string;

  beforeAll(async () => {
    t = await startTestApp(tempDataDir(), { virtualTimeScale: 50 });
    staff = await addUser(t, 'staff');
    alice = await addUser(t, 'patron', 'alice');
    bob = await addUser(t, 'patron', 'bob');
    for (const u of [alice, alice, bob]) {
      const r = await as(u).post('/api/jobs').attach('file', WHEEL, 'pyörä.gcode').expect(201);
      jobIds.push(r.body.job.id as number);
    }
    for (const id of jobIds) await waitFor(() => stateOf(id), (s) => s === 'awaiting_approval', 30_000);
  });

  afterAll(async () => {
    await t?.stop();
    if (t) removeDir(t.dataDir);
  });

  it('gives every waiting job its place in the whole queue and the sum of the estimates up to it', async () => {
    const all = (await as(staff).get('/api/jobs').expect(200)).body.jobs as Array<{ id: number; analysis: { estimateS: number } }>;
    const estimates = jobIds.map((id) => all.find((j) => j.id === id)!.analysis.estimateS);
    expect(estimates.every((s) => s > 0)).toBe(true);
    const bobs = (await as(bob).get('/api/jobs').expect(200)).body.jobs;
    expect(bobs).toHaveLength(1);
    expect(bobs[0]).toMatchObject({ id: jobIds[2], queuePosition: 3, etaS: Math.round(estimates[0] + estimates[1] + estimates[2]) });
    const alices = (await as(alice).get('/api/jobs').expect(200)).body.jobs;
    expect(alices.map((j: { queuePosition: number }) => j.queuePosition).sort()).toEqual([1, 2]);
  });

  it('sends one layer of a job’s G-code as polylines, to those who may see the job', async () => {
    const r = await as(alice).get(`/api/jobs/${jobIds[0]}/layers/3`).expect(200);
    const announced = [...WHEEL.toString('latin1').matchAll(/^;Z:([\d.]+)/gm)].map((m) => Number(m[1]));
    expect(r.body).toMatchObject({ layer: 3, layerCount: announced.length, truncated: false });
    expect(r.body.zMm).toBeCloseTo(announced[3], 5);
    expect(r.body.polylines.length).toBeGreaterThan(0);
    const beyond = await as(alice).get(`/api/jobs/${jobIds[0]}/layers/${announced.length}`).expect(404);
    expect(beyond.body.error).toMatchObject({ code: 'layer_not_found', params: { layerCount: announced.length } });
    await as(bob).get(`/api/jobs/${jobIds[0]}/layers/3`).expect(403);
    await as(alice).get(`/api/jobs/${jobIds[0]}/layers/-1`).expect(400);
  });

  it('shows staff whose job is on the printer, and patrons nothing of it', async () => {
    await as(staff).post(`/api/jobs/${jobIds[2]}/approve`).send({}).expect(200);
    await waitFor(() => t.app.printers.get('virtual').state(), (s) => s === 'idle', 30_000);
    await as(staff).post('/api/printers/virtual/bed-cleared').expect(200);
    await as(staff).post('/api/printers/virtual/start').send({ jobId: jobIds[2] }).expect(200);
    await waitFor(() => stateOf(jobIds[2]), (s) => s === 'printing', 30_000);
    const forStaff = (await as(staff).get('/api/printers').expect(200)).body.printers[0];
    // The total layer count comes from the job's analysis: the wheel file announces one `;LAYER_CHANGE` per layer.
    const layerCount = WHEEL.toString('latin1').split('\n').filter((l) => l.startsWith(';LAYER_CHANGE')).length;
    expect(forStaff.job).toEqual({ id: jobIds[2], ownerDisplayName: 'bob', originalFilename: 'pyörä.gcode', layers: layerCount });
    const forPatron = (await as(alice).get('/api/printers').expect(200)).body.printers[0];
    expect(forPatron.job).toBeUndefined();
    // The job printing has left the waiting line: Alice's jobs move up.
    const alices = (await as(alice).get('/api/jobs').expect(200)).body.jobs;
    expect(alices.map((j: { queuePosition: number }) => j.queuePosition).sort()).toEqual([1, 2]);
  });
});
