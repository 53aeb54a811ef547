/**
 * Every role × endpoint. The expected answer comes from the domain's own policy (`can`, `canDo`,
 * `canManageWorkshop`), so the HTTP layer is checked against the one source of truth, not a copy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Test } from 'supertest';
import { can, canDo, canManageWorkshop, type JobAction, type SystemAction } from '../../../src/jobs/job-policy.js';
import type { JobState } from '../../../src/jobs/job-states.js';
import type { Job } from '../../../src/jobs/job-types.js';
import type { Workshop } from '../../../src/jobs/workshop-repository.js';
import { canQuote, type QuoteAction } from '../../../src/quotes/quote-policy.js';
import type { Quote } from '../../../src/quotes/quote-types.js';
import type { StoredFile } from '../../../src/uploads/upload-store.js';
import type { Actor } from '../../../src/users/user-types.js';
import { actorOf } from '../../../src/users/user-types.js';
import { addUser, removeDir, smallGcode, startTestApp, waitFor, type TestApp, type TestUser } from './harness.js';

let t: TestApp;
let people: Record<string, TestUser>;
let workshop: Workshop;
let contentSeq = 0;
/** One stored file serves every fixture job: the matrix is about who may act, not about bytes. */
let stored: StoredFile;

type Rule =
  | { kind: 'job'; action: JobAction; state: JobState }
  | { kind: 'quote'; action: QuoteAction }
  | { kind: 'system'; action: SystemAction }
  | { kind: 'workshop' }
  | { kind: 'anyone' };

interface Case { op: string; rule: Rule; send(http: TestApp['http'], target: { jobId: number; workshopId: number; quoteId: number }): Test }

const P = '/api/printers/virtual';
const cases: Case[] = [
  { op: 'GET /api/jobs', rule: { kind: 'anyone' }, send: (h) => h.get('/api/jobs') },
  { op: 'POST /api/jobs', rule: { kind: 'system', action: 'job_submit' }, send: (h) => h.post('/api/jobs').attach('file', Buffer.from(smallGcode(3)), 'm.gcode') },
  { op: 'GET /api/jobs/:id', rule: { kind: 'job', action: 'view', state: 'awaiting_approval' }, send: (h, x) => h.get(`/api/jobs/${x.jobId}`) },
  { op: 'GET /api/jobs/:id/events', rule: { kind: 'job', action: 'view_events', state: 'awaiting_approval' }, send: (h, x) => h.get(`/api/jobs/${x.jobId}/events`) },
  { op: 'POST /api/jobs/:id/approve', rule: { kind: 'job', action: 'approve', state: 'awaiting_approval' }, send: (h, x) => h.post(`/api/jobs/${x.jobId}/approve`).send({}) },
  { op: 'POST /api/jobs/:id/reject', rule: { kind: 'job', action: 'reject', state: 'awaiting_approval' }, send: (h, x) => h.post(`/api/jobs/${x.jobId}/reject`).send({ reasonCode: 'too_long' }) },
  { op: 'POST /api/jobs/:id/send-back', rule: { kind: 'job', action: 'send_back', state: 'awaiting_approval' }, send: (h, x) => h.post(`/api/jobs/${x.jobId}/send-back`).send({ reasonCode: 'needs_supports', note: 'tuet' }) },
  { op: 'POST /api/jobs/:id/resubmit', rule: { kind: 'job', action: 'resubmit', state: 'sent_back' }, send: (h, x) => h.post(`/api/jobs/${x.jobId}/resubmit`).attach('file', Buffer.from(smallGcode(4)), 'korjattu.gcode') },
  { op: 'POST /api/jobs/:id/cancel', rule: { kind: 'job', action: 'cancel', state: 'awaiting_approval' }, send: (h, x) => h.post(`/api/jobs/${x.jobId}/cancel`).send({}) },
  { op: 'POST /api/jobs/:id/collected', rule: { kind: 'job', action: 'collect', state: 'awaiting_pickup' }, send: (h, x) => h.post(`/api/jobs/${x.jobId}/collected`) },
  { op: 'POST /api/jobs/:id/requeue', rule: { kind: 'job', action: 'requeue', state: 'failed' }, send: (h, x) => h.post(`/api/jobs/${x.jobId}/requeue`).send({}) },
  { op: 'GET /api/jobs/:id/gcode', rule: { kind: 'job', action: 'download_gcode', state: 'approved' }, send: (h, x) => h.get(`/api/jobs/${x.jobId}/gcode`) },
  { op: 'POST /api/jobs/reorder', rule: { kind: 'job', action: 'reorder', state: 'approved' }, send: (h, x) => h.post('/api/jobs/reorder').send({ jobIds: [x.jobId] }) },
  { op: 'POST /api/jobs/priority', rule: { kind: 'job', action: 'prioritise', state: 'approved' }, send: (h, x) => h.post('/api/jobs/priority').send({ jobIds: [x.jobId], priority: 5 }) },
  { op: 'POST /api/jobs/approve', rule: { kind: 'job', action: 'approve', state: 'awaiting_approval' }, send: (h, x) => h.post('/api/jobs/approve').send({ jobIds: [x.jobId] }) },
  { op: 'GET /api/printers', rule: { kind: 'anyone' }, send: (h) => h.get('/api/printers') },
  { op: 'GET /api/printers/:id', rule: { kind: 'anyone' }, send: (h) => h.get(P) },
  { op: 'GET /api/printers/:id/log', rule: { kind: 'system', action: 'printer_control' }, send: (h) => h.get(`${P}/log`) },
  { op: 'POST /api/printers/:id/gcode', rule: { kind: 'system', action: 'printer_control' }, send: (h) => h.post(`${P}/gcode`).send({ line: 'M105' }) },
  { op: 'POST /api/printers/:id/pause', rule: { kind: 'system', action: 'printer_control' }, send: (h) => h.post(`${P}/pause`) },
  { op: 'POST /api/printers/:id/resume', rule: { kind: 'system', action: 'printer_control' }, send: (h) => h.post(`${P}/resume`) },
  { op: 'POST /api/printers/:id/cancel', rule: { kind: 'system', action: 'printer_control' }, send: (h) => h.post(`${P}/cancel`) },
  { op: 'POST /api/printers/:id/bed-occupied', rule: { kind: 'system', action: 'bed_clear' }, send: (h) => h.post(`${P}/bed-occupied`) },
  { op: 'POST /api/printers/:id/bed-cleared', rule: { kind: 'system', action: 'bed_clear' }, send: (h) => h.post(`${P}/bed-cleared`) },
  { op: 'GET /api/printers/:id/next-job', rule: { kind: 'system', action: 'job_start' }, send: (h) => h.get(`${P}/next-job`) },
  { op: 'POST /api/printers/:id/start', rule: { kind: 'system', action: 'job_start' }, send: (h, x) => h.post(`${P}/start`).send({ jobId: x.jobId }) },
  { op: 'POST /api/printers/:id/disconnect', rule: { kind: 'system', action: 'printer_control' }, send: (h) => h.post(`${P}/disconnect`) },
  { op: 'POST /api/printers/:id/connect', rule: { kind: 'system', action: 'printer_control' }, send: (h) => h.post(`${P}/connect`) },
  { op: 'POST /api/printers/:id/emergency-stop', rule: { kind: 'system', action: 'printer_control' }, send: (h) => h.post(`${P}/emergency-stop`) },
  { op: 'GET /api/queue/settings', rule: { kind: 'anyone' }, send: (h) => h.get('/api/queue/settings') },
  { op: 'PATCH /api/queue/settings', rule: { kind: 'system', action: 'settings_manage' }, send: (h) => h.patch('/api/queue/settings').send({ preferLoadedMaterial: false }) },
  { op: 'GET /api/workshops', rule: { kind: 'anyone' }, send: (h) => h.get('/api/workshops') },
  { op: 'POST /api/workshops', rule: { kind: 'system', action: 'workshop_create' }, send: (h) => h.post('/api/workshops').send({ title: 'Paja', startsAtMs: Date.now(), endsAtMs: Date.now() + 3_600_000 }) },
  { op: 'GET /api/workshops/:id', rule: { kind: 'workshop' }, send: (h, x) => h.get(`/api/workshops/${x.workshopId}`) },
  { op: 'GET /api/workshops/:id/jobs', rule: { kind: 'workshop' }, send: (h, x) => h.get(`/api/workshops/${x.workshopId}/jobs`) },
  { op: 'POST /api/workshops/:id/approve', rule: { kind: 'workshop' }, send: (h, x) => h.post(`/api/workshops/${x.workshopId}/approve`).send({}) },
  { op: 'POST /api/workshops/:id/order-by-material', rule: { kind: 'workshop' }, send: (h, x) => h.post(`/api/workshops/${x.workshopId}/order-by-material`) },
  { op: 'GET /api/users', rule: { kind: 'system', action: 'user_manage' }, send: (h) => h.get('/api/users') },
  { op: 'POST /api/users', rule: { kind: 'system', action: 'user_manage' }, send: (h) => h.post('/api/users').send({ role: 'patron', username: `card${++contentSeq}x`, secret: '4321' }) },
  { op: 'POST /api/quotes', rule: { kind: 'system', action: 'job_submit' }, send: (h) => h.post('/api/quotes').attach('file', Buffer.from(smallGcode(3)), 'q.gcode') },
  { op: 'GET /api/quotes/:id', rule: { kind: 'quote', action: 'view' }, send: (h, x) => h.get(`/api/quotes/${x.quoteId}`) },
  { op: 'POST /api/quotes/:id/requote', rule: { kind: 'quote', action: 'requote' }, send: (h, x) => h.post(`/api/quotes/${x.quoteId}/requote`).send({ preset: 'draft' }) },
  { op: 'DELETE /api/quotes/:id', rule: { kind: 'quote', action: 'discard' }, send: (h, x) => h.delete(`/api/quotes/${x.quoteId}`) },
  { op: 'POST /api/jobs (quoteId)', rule: { kind: 'quote', action: 'submit' }, send: (h, x) => h.post('/api/jobs').send({ quoteId: x.quoteId }) },
];

const ROLES = ['ownerPatron', 'otherPatron', 'workshopInstructor', 'otherInstructor', 'staff'] as const;

beforeAll(async () => {
  t = await startTestApp();
  const list = await Promise.all([addUser(t, 'patron'), addUser(t, 'patron'), addUser(t, 'instructor'), addUser(t, 'instructor'), addUser(t, 'staff')]);
  people = Object.fromEntries(ROLES.map((r, i) => [r, list[i]]));
  workshop = t.app.queue.workshopService.create(actorOf(people.workshopInstructor.user),
    { title: 'Matriisi', startsAtMs: Date.now() - 60_000, endsAtMs: Date.now() + 3_600_000 });
  stored = await t.app.queue.uploads.store([Buffer.from(smallGcode(5))], 'matriisi.gcode');
  await waitFor(() => t.app.printers.get('virtual').state(), (s) => s === 'idle');
});
afterAll(async () => { await t.stop(); removeDir(t.dataDir); });

/** A fresh quote of the owner patron, analysed and ready to send, through the domain services. */
function readyQuote(): Quote {
  const q = t.app.queue.quotes;
  const quote = q.create(actorOf(people.ownerPatron.user), stored);
  return q.complete(quote.id, { outcome: 'passed', analysis: { estimateS: 60 } })!;
}

/** A fresh job of the owner patron in the workshop, walked to `state` through the domain services. */
function jobIn(state: JobState): Job {
  const q = t.app.queue;
  const staff = actorOf(people.staff.user);
  let job = q.jobService.submit(actorOf(people.ownerPatron.user), stored, { joinCode: workshop.joinCode });
  q.jobService.beginAnalysis(job.id);
  job = q.jobService.completeAnalysis(job.id, { outcome: 'passed', analysis: { estimateS: 60 } });
  if (state === 'awaiting_approval') return job;
  if (state === 'sent_back') return q.jobService.sendBack(staff, job.id, 'other');
  job = q.jobService.approve(staff, job.id);
  if (state === 'approved') return job;
  const system = (event: Parameters<typeof q.jobService.apply>[1]['event'], patch = {}) => q.jobService.apply(job.id, { event, actorId: null, patch });
  system('start_requested', { printerId: 'virtual' });
  if (state === 'failed') return system('start_failed');
  system('print_started');
  return system('print_finished');
}

function expected(actor: Actor, rule: Rule, job: Job, quote: Quote): boolean {
  switch (rule.kind) {
    case 'anyone': return true;
    case 'system': return canDo(actor, rule.action);
    case 'workshop': return canManageWorkshop(actor, workshop);
    case 'job': return can(actor, rule.action, job, t.app.queue.settings.all());
    case 'quote': return canQuote(actor, rule.action, quote);
  }
}

describe('permission matrix', () => {
  it.each(cases.map((c) => [c.op, c]))('%s', async (_op, c) => {
    const outcomes: Record<string, string> = {};
    const wanted: Record<string, string> = {};
    for (const role of ['anonymous', ...ROLES] as const) {
      const job = jobIn(c.rule.kind === 'job' ? c.rule.state : 'approved');
      const quote = readyQuote();
      const req = c.send(t.http, { jobId: job.id, workshopId: workshop.id, quoteId: quote.id });
      const res = role === 'anonymous' ? await req : await req.set('X-Api-Key', people[role].apiKey);
      // Batch endpoints answer 200 with per-job results; a refused job is listed under `failed`.
      const code = (res.body?.error?.code ?? res.body?.failed?.[0]?.code) as string | undefined;
      outcomes[role] = res.status === 401 ? 'unauthenticated' : res.status === 403 || code === 'forbidden' ? `denied:${code}` : 'allowed';
      wanted[role] = role === 'anonymous' ? 'unauthenticated'
        : expected(actorOf(people[role].user), c.rule, job, quote) ? 'allowed' : 'denied:forbidden';
    }
    expect(outcomes).toEqual(wanted);
  });

  it('covers both answers: every role is refused somewhere and allowed somewhere', () => {
    const job = { ownerId: people.ownerPatron.user.id, workshopInstructorId: people.workshopInstructor.user.id } as Job;
    const quote = { ownerId: people.ownerPatron.user.id } as Quote;
    for (const role of ROLES) {
      const verdicts = cases.map((c) => expected(actorOf(people[role].user), c.rule, job, quote));
      expect(verdicts, role).toContain(true);
      if (role !== 'staff') expect(verdicts, role).toContain(false);
    }
  });
});
