import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { actorOf, type Actor } from '../../../src/users/user-types.js';
import type { QueueEvents } from '../../../src/jobs/queue-events.js';
import { can } from '../../../src/jobs/job-policy.js';
import { addUsers, openTestServices, tempDir, type TestServices } from './helpers.js';

const GCODE = readFileSync('../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode');
const STL = readFileSync('../shared/fixtures/models/benchy-wheel.stl');
const HOUR_MS = 3600_000;

let t: ReturnType<typeof tempDir>;
let q: TestServices;
let users: Awaited<ReturnType<typeof addUsers>>;
let patron: Actor, patron2: Actor, instructor: Actor, instructor2: Actor, staff: Actor;
let clockMs = 1_800_000_000_000;
const changes: Array<QueueEvents['job:changed']> = [];

beforeEach(async () => {
  t = tempDir('jobs');
  q = await openTestServices(t.dir, { now: () => clockMs });
  users = await addUsers(q);
  [patron, patron2, instructor, instructor2, staff] =
    [users.patron, users.patron2, users.instructor, users.instructor2, users.staff].map(actorOf);
  changes.length = 0;
  q.bus.on('job:changed', 'test', (c) => changes.push(c));
});
afterEach(() => { q.close(); t.remove(); });

async function upload(name = 'kääntö osa.gcode', bytes: Buffer = GCODE) {
  return q.uploads.store(Readable.from([bytes]), name);
}

async function submitted(actor: Actor, opts = {}, name?: string, bytes?: Buffer) {
  return q.jobService.submit(actor, await upload(name, bytes), opts);
}

function analysed(jobId: number) {
  q.jobService.beginAnalysis(jobId);
  return q.jobService.completeAnalysis(jobId, { outcome: 'passed', analysis: { estimateS: 600, filamentGrams: 3.2 } });
}

describe('JobService on a real SQLite file', () => {
  it('walks a patron G-code job to approved, keeping the Unicode name as data and every step in job_events', async () => {
    const job = await submitted(patron);
    expect(job).toMatchObject({ state: 'uploaded', originalFilename: 'kääntö osa.gcode', fileKind: 'gcode', fileSizeBytes: GCODE.length });
    expect(job.gcodeSha256).toBe(job.fileSha256);
    expect(analysed(job.id).state).toBe('awaiting_approval');
    clockMs += 1000;
    const approved = q.jobService.approve(staff, job.id, 'ok');
    expect(approved.state).toBe('approved');
    expect(approved.analysis).toEqual({ estimateS: 600, filamentGrams: 3.2 });
    const events = q.jobService.events(patron, job.id);
    expect(events.map((e) => [e.event, e.fromState, e.toState, e.actorId])).toEqual([
      ['submitted', null, 'uploaded', users.patron.id],
      ['analysis_started', 'uploaded', 'analysing', null],
      ['analysis_passed', 'analysing', 'awaiting_approval', null],
      ['approved', 'awaiting_approval', 'approved', users.staff.id],
    ]);
    expect(events[3]).toMatchObject({ note: 'ok', atMs: clockMs });
    expect(changes.map((c) => c.to)).toEqual(['uploaded', 'analysing', 'awaiting_approval', 'approved']);
  });

  it('approves an instructor\'s own upload by itself after analysis, recording why', async () => {
    const job = await submitted(instructor);
    expect(analysed(job.id).state).toBe('approved');
    expect(q.jobs.events(job.id).at(-1)).toMatchObject({ event: 'approved', actorId: null, reasonCode: 'preapproved_role' });
  });

  it('keeps STL jobs waiting for slicing, and refuses with the analysis reason code', async () => {
    const stl = await submitted(patron, {}, 'pyörä.stl', STL);
    expect(stl).toMatchObject({ fileKind: 'stl', gcodeSha256: null });
    q.jobService.beginAnalysis(stl.id);
    expect(q.jobService.completeAnalysis(stl.id, { outcome: 'needs_slicing' }).state).toBe('needs_slicing');
    expect(q.jobService.resumeSlicing(stl.id).state).toBe('analysing');
    const refused = q.jobService.completeAnalysis(stl.id, { outcome: 'refused', reasonCode: 'too_large', analysis: { fitsBed: false } });
    expect(refused).toMatchObject({ state: 'refused', analysis: { fitsBed: false } });
    expect(q.jobs.events(stl.id).at(-1)).toMatchObject({ reasonCode: 'too_large', toState: 'refused' });
  });

  it('lets only staff approve a refused G-code job, with a note kept in its events', async () => {
    const job = await submitted(patron);
    q.jobService.beginAnalysis(job.id);
    q.jobService.completeAnalysis(job.id, { outcome: 'refused', reasonCode: 'machine_settings_command', analysis: {} });
    for (const who of [patron, instructor]) {
      expect(() => q.jobService.overrideRefusal(who, job.id, 'minä tarkistin')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    }
    expect(() => q.jobService.overrideRefusal(staff, job.id, '   ')).toThrow(expect.objectContaining({ code: 'override_note_required' }));
    const approved = q.jobService.overrideRefusal(staff, job.id, 'M204 on sallittu tällä tulostimella');
    expect(approved.state).toBe('approved');
    expect(q.jobs.events(job.id).at(-1)).toMatchObject({
      event: 'refusal_overridden', fromState: 'refused', toState: 'approved', actorId: users.staff.id, note: 'M204 on sallittu tällä tulostimella',
    });
    // Only from `refused`, and only with G-code to print.
    expect(() => q.jobService.overrideRefusal(staff, job.id, 'again')).toThrow(expect.objectContaining({ code: 'job_state_conflict' }));
    const model = await submitted(patron, {}, 'pyörä.stl', STL);
    q.jobService.beginAnalysis(model.id);
    q.jobService.completeAnalysis(model.id, { outcome: 'refused', reasonCode: 'model_too_large', analysis: {} });
    expect(() => q.jobService.overrideRefusal(staff, model.id, 'iso')).toThrow(expect.objectContaining({ code: 'override_needs_gcode' }));
  });

  it('enforces ownership: patrons see and cancel only their own jobs', async () => {
    const mine = await submitted(patron);
    const theirs = await submitted(patron2);
    expect(q.jobService.list(patron).map((j) => j.id)).toEqual([mine.id]);
    expect(() => q.jobService.get(patron, theirs.id)).toThrow(expect.objectContaining({ code: 'forbidden', httpStatus: 403 }));
    await expect(q.jobService.cancel(patron, theirs.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect(() => q.jobService.approve(patron, mine.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect((await q.jobService.cancel(patron, mine.id)).state).toBe('cancelled');
    expect(q.jobService.list(staff)).toHaveLength(2);
  });

  it('lets an instructor approve jobs in their workshops, or all when staff allow it', async () => {
    const ws = q.workshopService.create(instructor, { title: 'Avaimenperät', startsAtMs: clockMs - HOUR_MS, endsAtMs: clockMs + HOUR_MS });
    const inWs = await submitted(patron, { joinCode: ws.joinCode.toLowerCase() });
    const loose = await submitted(patron2);
    analysed(inWs.id);
    analysed(loose.id);
    expect(inWs.workshopId).toBe(ws.id);
    expect(q.jobService.list(instructor).map((j) => j.id)).toEqual([inWs.id]);
    expect(() => q.jobService.approve(instructor2, inWs.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => q.jobService.approve(instructor, loose.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    q.settings.update({ instructorsApproveAll: true });
    expect(q.jobService.approve(instructor, loose.id).state).toBe('approved');
    expect(q.jobService.approve(instructor, inWs.id).state).toBe('approved');
  });

  it('lists for every actor exactly the jobs can(…, \'view\', …) allows, with either setting', async () => {
    const ws = q.workshopService.create(instructor, { title: 'Lista', startsAtMs: clockMs - HOUR_MS, endsAtMs: clockMs + HOUR_MS });
    await submitted(patron, { joinCode: ws.joinCode });
    await submitted(patron2);
    await submitted(instructor2);
    await submitted(instructor, { joinCode: ws.joinCode });
    for (const approveAll of [false, true]) {
      const settings = q.settings.update({ instructorsApproveAll: approveAll });
      const all = q.jobs.list();
      for (const actor of [patron, patron2, instructor, instructor2, staff]) {
        const expected = all.filter((j) => can(actor, 'view', j, settings)).map((j) => j.id);
        expect(q.jobService.list(actor).map((j) => j.id)).toEqual(expected);
        expect(q.jobService.list(actor, { limit: 1, offset: 1 }).map((j) => j.id)).toEqual(expected.slice(1, 2));
      }
    }
  });

  it('rejects and sends back with policy reason codes; a patron resubmits a fixed file', async () => {
    const a = await submitted(patron);
    analysed(a.id);
    expect(() => q.jobService.reject(staff, a.id, 'because')).toThrow(expect.objectContaining({ code: 'invalid_reason_code', httpStatus: 422 }));
    expect(q.jobService.sendBack(staff, a.id, 'needs_supports', 'lisää tuet').state).toBe('sent_back');
    const fixed = await upload('kääntö osa v2.stl', STL);
    const again = q.jobService.resubmit(patron, a.id, fixed);
    expect(again).toMatchObject({ state: 'uploaded', originalFilename: 'kääntö osa v2.stl', fileKind: 'stl', gcodeSha256: null, analysis: null });
    analysed(a.id);
    expect(q.jobService.reject(staff, a.id, 'weapon_or_replica', 'ei').state).toBe('rejected');
    expect(q.jobs.events(a.id).map((e) => e.reasonCode).filter(Boolean)).toEqual(['needs_supports', 'weapon_or_replica']);
  });

  it('lets exactly one of a concurrent approve and cancel win, in either order; the other gets job_state_conflict', async () => {
    // Two daemon connections to one file; the instructor and the patron both decided on the job as they saw it.
    const other = await openTestServices(t.dir, { now: () => clockMs });
    try {
      for (const approveFirst of [true, false, true, false]) {
        const job = await submitted(patron);
        const seen = analysed(job.id).state;
        const approve = async () => q.jobService.approve(staff, job.id, null, seen);
        const cancel = () => other.jobService.cancel(patron, job.id, null, seen);
        const results = await Promise.allSettled(approveFirst ? [approve(), cancel()] : [cancel(), approve()]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost[0].reason).toMatchObject({ code: 'job_state_conflict', httpStatus: 409, params: { state: approveFirst ? 'approved' : 'cancelled' } });
        expect(q.jobs.require(job.id).state).toBe(approveFirst ? 'approved' : 'cancelled');
        expect(q.jobs.events(job.id).filter((e) => e.event === 'approved' || e.event === 'cancelled')).toHaveLength(1);
      }
    } finally {
      other.close();
    }
  });

  it('never approves a cancelled job, even without a stated view', async () => {
    const job = await submitted(patron);
    analysed(job.id);
    await q.jobService.cancel(patron, job.id);
    expect(() => q.jobService.approve(staff, job.id)).toThrow(expect.objectContaining({ code: 'job_state_conflict' }));
  });

  it('refuses a stale decision: the state the caller saw must still hold', async () => {
    const job = await submitted(patron);
    analysed(job.id);
    expect(() => q.jobs.transition(job.id, { event: 'approved', actorId: null, expectedState: 'uploaded' }, clockMs))
      .toThrow(expect.objectContaining({ code: 'job_state_conflict', params: { jobId: job.id, state: 'awaiting_approval', event: 'approved' } }));
    expect(q.jobs.require(job.id).version).toBe(job.version + 2);
  });
});

describe('workshops', () => {
  it('takes submissions by join code only while open, and batch-approves and orders the batch', async () => {
    const ws = q.workshopService.create(instructor, {
      title: 'Nimikyltit', startsAtMs: clockMs - HOUR_MS, endsAtMs: clockMs + HOUR_MS, printerIds: ['mk3'],
    });
    expect(ws.joinCode).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{6}$/);
    const jobs = [];
    for (const [material, colour] of [['PLA', 'red'], ['PETG', 'blue'], ['PLA', 'blue'], [null, null]] as const) {
      const j = await submitted(patron, { joinCode: ws.joinCode, material, colour });
      analysed(j.id);
      jobs.push(j);
    }
    await expect(submitted(patron, { joinCode: 'XXXXXX' })).rejects.toMatchObject({ code: 'workshop_code_unknown' });
    const ordered = q.workshopService.orderByMaterial(instructor, ws.id);
    expect(ordered.map((j) => [j.material, j.colour])).toEqual([['PETG', 'blue'], ['PLA', 'blue'], ['PLA', 'red'], [null, null]]);
    expect(q.workshopService.jobs(instructor, ws.id).map((j) => j.id)).toEqual(ordered.map((j) => j.id));
    await q.jobService.cancel(patron, jobs[3].id);
    const batch = q.workshopService.approveAll(instructor, ws.id);
    expect(batch.done.map((j) => j.state)).toEqual(['approved', 'approved', 'approved']);
    expect(q.workshopService.prioritise(instructor, ws.id, 5).map((j) => j.priority)).toEqual([5, 5, 5]);
    expect(() => q.workshopService.approveAll(instructor2, ws.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    const rejected = q.workshopService.rejectAll(instructor, ws.id, [jobs[0].id, jobs[3].id], 'other');
    expect(rejected.done.map((j) => j.id)).toEqual([jobs[0].id]);
    expect(rejected.failed).toEqual([expect.objectContaining({ jobId: jobs[3].id, code: 'job_state_conflict' })]);
    clockMs += 2 * HOUR_MS;
    await expect(submitted(patron, { joinCode: ws.joinCode })).rejects.toMatchObject({ code: 'workshop_not_open', httpStatus: 409 });
    expect(() => q.workshopService.create(patron, { title: 'x', startsAtMs: 0, endsAtMs: 1 })).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('publishes an anonymised queue with places in line and ETAs from the estimates', async () => {
    const a = await submitted(patron);
    const b = await submitted(patron2);
    analysed(a.id);
    analysed(b.id);
    q.jobService.approve(staff, b.id);
    expect(q.jobService.publicQueue(2)).toEqual([
      { jobId: a.id, state: 'awaiting_approval', position: 1, etaS: 300 },
      { jobId: b.id, state: 'approved', position: 2, etaS: 600 },
    ]);
  });
});
