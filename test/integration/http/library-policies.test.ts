/** The pickup, policy, training and privacy endpoints on the real app (real SQLite, real HTTP). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { actorOf } from '../../../src/users/user-types.js';
import { addUser, removeDir, smallGcode, startTestApp, type TestApp, type TestUser } from './harness.js';

let t: TestApp;
let patron: TestUser, other: TestUser, instructor: TestUser, staff: TestUser;

beforeAll(async () => {
  t = await startTestApp(undefined, { policies: { maxPrintHours: 4, reminderAfterDays: [2], unclaimedAfterDays: 10, deleteFilesAfterDays: 30 } });
  [patron, other, instructor, staff] = await Promise.all([addUser(t, 'patron'), addUser(t, 'patron'), addUser(t, 'instructor'), addUser(t, 'staff')]);
});
afterAll(async () => { await t.stop(); removeDir(t.dataDir); });

/** A job of `patron`, walked through the domain services to the pickup shelf. */
async function jobOnShelf() {
  const q = t.app.queue;
  const stored = await q.uploads.store(Readable.from([Buffer.from(smallGcode(5 + Math.floor(Math.random() * 1000)))]), 'avaimenperä.gcode');
  const job = q.jobService.submit(actorOf(patron.user), stored);
  q.jobService.beginAnalysis(job.id);
  q.jobService.completeAnalysis(job.id, { outcome: 'passed', analysis: { estimateS: 60 } });
  q.jobService.approve(actorOf(staff.user), job.id);
  for (const event of ['start_requested', 'print_started', 'print_finished'] as const) q.jobService.apply(job.id, { event, actorId: null });
  return job;
}

describe('pickup endpoints', () => {
  it('staff set the shelf; the patron reads it in the job and the pickup status', async () => {
    const job = await jobOnShelf();
    const url = `/api/jobs/${job.id}/pickup-location`;
    expect((await t.http.post(url).set('X-Api-Key', patron.apiKey).send({ location: 'B2' })).status).toBe(403);
    const bad = await t.http.post(url).set('X-Api-Key', staff.apiKey).send({ location: ' ' });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'invalid_pickup_location']);
    expect((await t.http.post(url).set('X-Api-Key', staff.apiKey).send({ location: 'B2' })).status).toBe(200);
    const seen = await t.http.get(`/api/jobs/${job.id}`).set('X-Api-Key', patron.apiKey).expect(200);
    expect(seen.body.job).toMatchObject({ state: 'awaiting_pickup', pickupLocation: 'B2', filesDeletedAtMs: null });
    const status = await t.http.get(`/api/jobs/${job.id}/pickup`).set('X-Api-Key', patron.apiKey).expect(200);
    expect(status.body.pickup.deadlineMs - status.body.pickup.readyAtMs).toBe(10 * 86_400_000);
    expect((await t.http.get(`/api/jobs/${job.id}/pickup`).set('X-Api-Key', other.apiKey)).status).toBe(403);
  });
});

describe('policy and training endpoints', () => {
  it('shows the configured rules to anyone signed in', async () => {
    const res = await t.http.get('/api/policies').set('X-Api-Key', patron.apiKey).expect(200);
    expect(res.body.policies).toMatchObject({ maxPrintHours: 4, maxFilamentGrams: null, unclaimedAfterDays: 10 });
    expect((await t.http.get('/api/policies')).status).toBe(401);
  });

  it('instructors mark patrons trained; patrons may only read their own', async () => {
    const url = `/api/users/${patron.user.id}/training`;
    expect((await t.http.post(url).set('X-Api-Key', patron.apiKey).send({})).status).toBe(403);
    const made = await t.http.post(url).set('X-Api-Key', instructor.apiKey).send({ note: 'paja 12.1.' }).expect(201);
    expect(made.body.training).toEqual([expect.objectContaining({ recordedBy: instructor.user.id, note: 'paja 12.1.' })]);
    expect((await t.http.get(url).set('X-Api-Key', patron.apiKey).expect(200)).body.training).toHaveLength(1);
    expect((await t.http.get(url).set('X-Api-Key', other.apiKey)).status).toBe(403);
    const recordId = made.body.training[0].id as number;
    expect((await t.http.delete(`${url}/${recordId}`).set('X-Api-Key', instructor.apiKey)).status).toBe(403);
    expect((await t.http.delete(`${url}/${recordId}`).set('X-Api-Key', staff.apiKey).expect(200)).body.training).toEqual([]);
  });
});

describe('privacy endpoints', () => {
  it('exports as a JSON download and deletes a patron by anonymising them', async () => {
    const victim = await addUser(t, 'patron');
    const exported = await t.http.get(`/api/users/${victim.user.id}/export`).set('X-Api-Key', victim.apiKey).expect(200);
    expect(exported.headers['content-disposition']).toBe(`attachment; filename=tulostamo-user-${victim.user.id}.json`);
    expect(exported.body).toMatchObject({ format: 'tulostamo-patron-export/1', user: { id: victim.user.id }, jobs: [] });
    expect((await t.http.get(`/api/users/${victim.user.id}/export`).set('X-Api-Key', other.apiKey)).status).toBe(403);

    expect((await t.http.delete(`/api/users/${victim.user.id}`).set('X-Api-Key', other.apiKey)).status).toBe(403);
    const gone = await t.http.delete(`/api/users/${victim.user.id}`).set('X-Api-Key', staff.apiKey).expect(200);
    expect(gone.body.user).toMatchObject({ username: `deleted-${victim.user.id}`, displayName: '', disabled: true });
    // Deleting revoked the patron's own key.
    expect((await t.http.get('/api/jobs').set('X-Api-Key', victim.apiKey)).status).toBe(401);
  });
});
