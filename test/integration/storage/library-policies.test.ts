/**
 * Pickup, policies with self-service hours and training, retention and privacy on a real SQLite file
 * and a real upload store. Time is the test's: every sweep and decision gets `clockMs`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { PoliciesConfig } from '../../../src/config/config.js';
import type { QueueEvents } from '../../../src/jobs/queue-events.js';
import { BookingRepository } from '../../../src/reservations/booking-repository.js';
import { zonedMs } from '../../../src/reservations/local-time.js';
import { actorOf, type Actor } from '../../../src/users/user-types.js';
import { PIXEL_THUMBNAILS } from '../pixel-thumbnail.js';
import { FakePrinter } from './fake-printer.js';
import { addUsers, openTestServices, tempDir, type TestServices } from './helpers.js';

const GCODE = readFileSync('../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode');
const TZ = 'Europe/Helsinki';
const DAY_MS = 86_400_000;
const weekday = [{ opens: '08:00', closes: '21:00' }];
const selfService = [{ opens: '08:00', closes: '10:00' }, { opens: '18:00', closes: '21:00' }];
const LIBRARY = {
  timeZone: TZ, closedDates: [],
  openingHours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
};
/** 2026-11-30 is a Monday; Helsinki wall-clock. */
const mon = (hhmm: string) => zonedMs('2026-11-30', Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), TZ);

let t: ReturnType<typeof tempDir>;
let q: TestServices;
let users: Awaited<ReturnType<typeof addUsers>>;
let patron: Actor, patron2: Actor, instructor: Actor, staff: Actor;
let clockMs = mon('12:00');
let printer: FakePrinter;
const reminders: Array<QueueEvents['job:pickup_reminder_due']> = [];

async function open(policies: Partial<PoliciesConfig> = {}) {
  printer = new FakePrinter('mk3');
  q = await openTestServices(t.dir, {
    now: () => clockMs, library: LIBRARY, printers: [{ controller: printer }],
    policies: { selfServiceHours: { mon: selfService, tue: selfService, wed: selfService, thu: selfService, fri: selfService, sat: [], sun: [] }, ...policies },
  });
  q.bus.on('job:pickup_reminder_due', 'test', (e) => reminders.push(e));
  users = await addUsers(q);
  [patron, patron2, instructor, staff] = [users.patron, users.patron2, users.instructor, users.staff].map(actorOf);
}

beforeEach(() => {
  t = tempDir('policies');
  clockMs = mon('12:00');
  reminders.length = 0;
});
afterEach(() => { q.close(); t.remove(); });

let seq = 0;
async function submit(actor: Actor, opts: { material?: string; joinCode?: string } = {}, bytes?: Buffer) {
  const file = await q.uploads.store(Readable.from([bytes ?? Buffer.concat([GCODE, Buffer.from(`; copy ${++seq}\n`)])]), `osa ${seq}.gcode`);
  return q.jobService.submit(actor, file, opts);
}

function analyse(jobId: number, analysis: Record<string, unknown> = { estimateS: 3600, filamentGrams: 20 }) {
  q.jobService.beginAnalysis(jobId);
  return q.jobService.completeAnalysis(jobId, { outcome: 'passed', analysis });
}

/** The printer's part of a job's life, as the dispatcher records it. */
function printed(jobId: number) {
  const sys = (event: 'start_requested' | 'print_started' | 'print_finished') => q.jobService.apply(jobId, { event, actorId: null });
  sys('start_requested');
  sys('print_started');
  return sys('print_finished');
}

async function onShelf(owner = patron, opts: { joinCode?: string } = {}, bytes?: Buffer) {
  const job = await submit(owner, opts, bytes);
  if (analyse(job.id).state === 'awaiting_approval') q.jobService.approve(staff, job.id);
  return printed(job.id);
}

describe('pickup', () => {
  beforeEach(() => open({ reminderAfterDays: [3, 7], unclaimedAfterDays: 14 }));

  it('lets staff place the print, shows the place to the patron, and records who put it where', async () => {
    const job = await onShelf();
    expect(job.state).toBe('awaiting_pickup');
    expect(() => q.jobService.setPickupLocation(patron, job.id, 'A3')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => q.jobService.setPickupLocation(instructor, job.id, 'A3')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => q.jobService.setPickupLocation(staff, job.id, '  ')).toThrow(expect.objectContaining({ code: 'invalid_pickup_location' }));
    q.jobService.setPickupLocation(staff, job.id, ' Hylly A, laatikko 3 ');
    expect(q.jobService.get(patron, job.id)).toMatchObject({ state: 'awaiting_pickup', pickupLocation: 'Hylly A, laatikko 3' });
    expect(q.jobs.events(job.id).at(-1)).toMatchObject({ event: 'pickup_located', actorId: staff.userId, note: 'Hylly A, laatikko 3' });
    expect(q.pickup.status(patron, job.id)).toEqual({
      jobId: job.id, location: 'Hylly A, laatikko 3', readyAtMs: clockMs, deadlineMs: clockMs + 14 * DAY_MS, remindersSent: 0,
    });
    expect(() => q.pickup.status(patron2, job.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('reminds on schedule once each, turns the print unclaimed at the deadline, and still hands it over late', async () => {
    const readyAtMs = clockMs;
    const job = await onShelf();
    const collectedEarly = await onShelf(patron2);
    q.jobService.collect(staff, collectedEarly.id);

    expect(q.pickup.sweep(readyAtMs + 3 * DAY_MS - 1)).toEqual({ remindedJobIds: [], unclaimedJobIds: [] });
    expect(q.pickup.sweep(readyAtMs + 3 * DAY_MS)).toEqual({ remindedJobIds: [job.id], unclaimedJobIds: [] });
    expect(q.pickup.sweep(readyAtMs + 4 * DAY_MS)).toEqual({ remindedJobIds: [], unclaimedJobIds: [] });
    expect(reminders.map((r) => [r.job.id, r.reminderNumber, r.deadlineMs])).toEqual([[job.id, 1, readyAtMs + 14 * DAY_MS]]);
    expect(q.pickup.sweep(readyAtMs + 7 * DAY_MS).remindedJobIds).toEqual([job.id]);
    expect(q.pickup.status(patron, job.id).remindersSent).toBe(2);

    expect(q.pickup.sweep(readyAtMs + 14 * DAY_MS)).toEqual({ remindedJobIds: [], unclaimedJobIds: [job.id] });
    expect(q.jobService.get(patron, job.id).state).toBe('unclaimed');
    expect(q.jobs.events(job.id).at(-1)).toMatchObject({ event: 'pickup_expired', fromState: 'awaiting_pickup', toState: 'unclaimed', reasonCode: 'pickup_deadline_passed', actorId: null });
    expect(q.jobService.collect(staff, job.id).state).toBe('collected');
    expect(reminders).toHaveLength(2);
  });
});

describe('policies at submission and at dispatch', () => {
  it('refuses an upload over the per-patron limits with the rule’s code, and loses no job', async () => {
    await open({ maxOpenJobsPerPatron: 1, materialsByAudience: { patron: ['PLA'] } });
    await submit(patron, { material: 'PLA' });
    await expect(submit(patron, { material: 'PLA' })).rejects.toMatchObject({ code: 'policy_too_many_open_jobs', httpStatus: 422 });
    await expect(submit(patron2, { material: 'ABS' })).rejects.toMatchObject({ code: 'policy_material_not_allowed' });
    expect(await submit(patron2, { material: 'pla' })).toMatchObject({ state: 'uploaded' });
    expect(q.jobs.list({}).map((j) => j.ownerId)).toEqual([users.patron.id, users.patron2.id]);
  });

  it('counts a month in the library’s time zone', async () => {
    await open({ maxJobsPerPatronPerMonth: 1 });
    clockMs = zonedMs('2026-11-30', 23 * 60, TZ);
    const first = await submit(patron);
    await expect(submit(patron)).rejects.toMatchObject({ code: 'policy_monthly_limit_reached' });
    q.jobService.beginAnalysis(first.id);
    clockMs = zonedMs('2026-12-01', 0, TZ);
    expect((await submit(patron)).state).toBe('uploaded');
  });

  it('refuses after analysis a print over the time or grams limit, telling the patron which rule', async () => {
    await open({ maxPrintHours: 2, maxFilamentGrams: 50 });
    const long = await submit(patron);
    const refused = analyse(long.id, { estimateS: 3 * 3600, filamentGrams: 20 });
    expect(refused.state).toBe('refused');
    expect(q.jobs.events(long.id).at(-1)).toMatchObject({ event: 'analysis_refused', reasonCode: 'policy_print_too_long' });
    expect(refused.analysis?.policyFindings).toEqual([expect.objectContaining({ code: 'policy_print_too_long', params: { estimateS: 10800, maxS: 7200 } })]);
    expect(analyse((await submit(patron)).id, { estimateS: 3600, filamentGrams: 80 }).state).toBe('refused');
    expect(analyse((await submit(patron)).id, { estimateS: 7200, filamentGrams: 50 }).state).toBe('awaiting_approval');
  });

  it('keeps back at dispatch a print that would run past closing, and starts it when it fits', async () => {
    await open({ mustFinishBeforeClosing: true });
    const job = await submit(patron);
    analyse(job.id, { estimateS: 2 * 3600 });
    q.jobService.approve(staff, job.id);
    q.dispatcher.markBedCleared(staff, 'mk3');
    clockMs = mon('19:30');
    expect(q.dispatcher.nextJobFor('mk3')).toBeNull();
    await expect(q.dispatcher.start(staff, 'mk3', job.id)).rejects.toMatchObject({ code: 'policy_would_run_past_closing', httpStatus: 409 });
    expect(q.jobService.get(staff, job.id).state).toBe('approved');
    clockMs = mon('18:30');
    expect(q.dispatcher.nextJobFor('mk3')?.id).toBe(job.id);
    expect((await q.dispatcher.start(staff, 'mk3')).state).toBe('printing');
  });
});

describe('training and automatic approval in self-service hours', () => {
  beforeEach(() => open());

  it('marks a patron trained when their workshop print is collected, once per workshop', async () => {
    const workshop = q.workshopService.create(instructor, { title: '3D-tulostuksen alkeet', startsAtMs: mon('10:00'), endsAtMs: mon('14:00') });
    expect(q.training.records(patron, users.patron.id)).toEqual([]);
    const a = await onShelf(patron, { joinCode: workshop.joinCode });
    const b = await onShelf(patron, { joinCode: workshop.joinCode });
    q.jobService.collect(instructor, a.id);
    q.jobService.collect(staff, b.id);
    expect(q.training.records(patron, users.patron.id)).toEqual([
      expect.objectContaining({ userId: users.patron.id, workshopId: workshop.id, recordedBy: null, recordedAtMs: clockMs }),
    ]);
    expect(() => q.training.records(patron2, users.patron.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('lets staff and instructors mark a patron trained, not patrons; staff may withdraw it', () => {
    expect(() => q.training.markTrained(patron, users.patron.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => q.training.markTrained(staff, users.instructor.id)).toThrow(expect.objectContaining({ code: 'training_not_for_role' }));
    const [record] = q.training.markTrained(instructor, users.patron.id, 'perehdytys tiskillä');
    expect(record).toMatchObject({ recordedBy: instructor.userId, note: 'perehdytys tiskillä', workshopId: null });
    expect(() => q.training.withdraw(instructor, users.patron.id, record.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(q.training.withdraw(staff, users.patron.id, record.id)).toEqual([]);
  });

  it('approves a trained patron’s clean job during self-service hours; everything else waits for an instructor', async () => {
    q.training.markTrained(staff, users.patron.id);
    clockMs = mon('19:00');
    const auto = analyse((await submit(patron)).id);
    expect(auto.state).toBe('approved');
    expect(q.jobs.events(auto.id).at(-1)).toMatchObject({ event: 'approved', actorId: null, reasonCode: 'auto_approved_trained' });

    expect(analyse((await submit(patron2)).id).state).toBe('awaiting_approval');
    expect(analyse((await submit(patron)).id, { estimateS: 600, findings: [{ code: 'fan_off', severity: 'warn' }] }).state).toBe('awaiting_approval');
    expect(analyse((await submit(patron)).id, { estimateS: 600, fitsBed: false }).state).toBe('awaiting_approval');
    clockMs = mon('12:00');
    expect(analyse((await submit(patron)).id).state).toBe('awaiting_approval');
  });
});

describe('retention', () => {
  it('deletes model, G-code and preview N days after collection, keeps the row, and spares a file another job still needs', async () => {
    await open({ deleteFilesAfterDays: 30 });
    const shared = Buffer.concat([GCODE, Buffer.from('; shared\n')]);
    const old = await onShelf(patron, {}, shared);
    const collectedAtMs = clockMs;
    q.jobService.collect(staff, old.id);
    const only = await onShelf(patron2);
    q.jobService.collect(staff, only.id);
    const twin = await submit(patron, {}, shared);
    const path = (sha: string) => q.uploads.pathOf(sha, 'gcode');
    for (const job of [only, twin]) expect(await q.previews.saveGcodeThumbnail(job.fileSha256, PIXEL_THUMBNAILS)).toBe(true);

    expect(await q.retention.sweep(collectedAtMs + 30 * DAY_MS - 1)).toEqual({ jobIds: [], filesRemoved: 0 });
    expect(await q.retention.sweep(collectedAtMs + 30 * DAY_MS)).toEqual({ jobIds: [old.id, only.id], filesRemoved: 1 });
    expect(existsSync(path(only.fileSha256))).toBe(false);
    expect(existsSync(path(twin.fileSha256))).toBe(true);
    expect(existsSync(q.previews.pathOf(only.fileSha256))).toBe(false);
    expect(existsSync(q.previews.pathOf(twin.fileSha256))).toBe(true);
    expect(q.jobService.get(staff, old.id)).toMatchObject({ state: 'collected', filesDeletedAtMs: collectedAtMs + 30 * DAY_MS, fileSha256: old.fileSha256 });
    expect(await q.retention.sweep(collectedAtMs + 60 * DAY_MS)).toEqual({ jobIds: [], filesRemoved: 0 });
  });
});

describe('privacy', () => {
  beforeEach(() => open());

  it('exports a patron’s own record, jobs and events; staff may export anyone, other patrons nobody', async () => {
    const job = await onShelf();
    q.training.markTrained(staff, users.patron.id);
    const data = q.privacy.exportData(patron, users.patron.id);
    expect(data).toMatchObject({ format: 'tulostamo-patron-export/1', user: { id: users.patron.id, username: 'card1001' } });
    expect(data.jobs.map((j) => [j.id, j.events.map((e) => e.event)])).toEqual([[job.id, ['submitted', 'analysis_started', 'analysis_passed', 'approved', 'start_requested', 'print_started', 'print_finished']]]);
    expect(data.training).toHaveLength(1);
    expect(JSON.stringify(data)).not.toMatch(/secret|scrypt/);
    expect(q.privacy.exportData(staff, users.patron.id).jobs).toHaveLength(1);
    expect(() => q.privacy.exportData(patron2, users.patron.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('anonymises a deleted patron: identity gone, login impossible, jobs kept for statistics', async () => {
    const waiting = await submit(patron);
    const done = await onShelf();
    q.jobService.collect(staff, done.id);
    q.userService.createApiKey(patron, users.patron.id, 'oma');
    expect(() => q.privacy.anonymise(patron2, users.patron.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => q.privacy.anonymise(staff, users.staff.id)).toThrow(expect.objectContaining({ code: 'anonymise_not_patron' }));
    expect(() => q.privacy.anonymise(staff, users.patron.id)).toThrow(expect.objectContaining({ code: 'user_has_open_jobs', params: { userId: users.patron.id, jobIds: [waiting.id] } }));
    await q.jobService.cancel(patron, waiting.id, 'soitan Matille 040 123');
    const bookings = new BookingRepository(q.db);
    const book = (bookedBy: number, title: string, startsAtMs: number) => bookings.insertIfFree(
      { resourceId: 'group-room', startsAtMs, endsAtMs: startsAtMs + 3_600_000, title, workshopId: null, bookedBy, externalRef: 'KAUPUNKI-77' }, clockMs);
    const own = book(users.patron.id, 'Matin synttärit', mon('14:00'));
    const cancelledOwn = bookings.cancel(book(users.patron.id, 'Matin kerho', mon('16:00')).id, clockMs)!;
    const others = book(users.patron2.id, 'Liisan kerho', mon('18:00'));

    const user = q.privacy.anonymise(patron, users.patron.id);
    expect(user).toMatchObject({ username: `deleted-${users.patron.id}`, displayName: '', email: null, cardNumber: null, disabled: true, anonymisedAtMs: clockMs });
    await expect(q.userService.login('card1001', '1234')).rejects.toMatchObject({ code: 'login_failed' });
    expect(q.userService.apiKeys(staff, users.patron.id).every((k) => k.revokedAtMs !== null)).toBe(true);
    const kept = q.jobs.list({ ownerId: users.patron.id });
    expect(kept.map((j) => [j.id, j.state, j.originalFilename])).toEqual([[waiting.id, 'cancelled', `job-${waiting.id}.gcode`], [done.id, 'collected', `job-${done.id}.gcode`]]);
    expect(q.jobs.events(waiting.id).map((e) => e.note)).not.toContain('soitan Matille 040 123');
    // The slots stay booked (and the city's reference with them); who booked them and why does not.
    expect(bookings.get(own.id)).toEqual({ ...own, bookedBy: null, title: '' });
    expect(bookings.get(cancelledOwn.id)).toEqual({ ...cancelledOwn, bookedBy: null, title: '' });
    expect(bookings.get(others.id)).toEqual(others);
    expect(q.privacy.anonymise(staff, users.patron.id).anonymisedAtMs).toBe(user.anonymisedAtMs);
  });
});
