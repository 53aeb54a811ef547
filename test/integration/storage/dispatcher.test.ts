import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { slotCheckFrom } from '../../../src/jobs/dispatch-rules.js';
import type { QueueServicesOptions } from '../../../src/jobs/queue-services.js';
import { BookingRepository } from '../../../src/reservations/booking-repository.js';
import { actorOf, type Actor } from '../../../src/users/user-types.js';
import { FakePrinter } from './fake-printer.js';
import { addUsers, openTestServices, tempDir, type TestServices } from './helpers.js';

const GCODE = readFileSync('../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode');

let t: ReturnType<typeof tempDir>;
let q: TestServices;
let mk3: FakePrinter;
let ender: FakePrinter;
let patron: Actor, staff: Actor;
let clockMs = 1_800_000_000_000;

async function open(opts: Partial<QueueServicesOptions> = {}) {
  mk3 = new FakePrinter('mk3');
  ender = new FakePrinter('ender');
  q = await openTestServices(t.dir, { now: () => clockMs, printers: [{ controller: mk3, loadedMaterial: () => 'PETG' }, { controller: ender }], ...opts });
}

beforeEach(async () => {
  t = tempDir('dispatch');
  await open();
  const users = await addUsers(q);
  patron = actorOf(users.patron);
  staff = actorOf(users.staff);
});
afterEach(() => { q.close(); t.remove(); });

/** A patron job taken through analysis and approval; unique bytes per call so files differ. */
async function approvedJob({ estimateS = 60, ...opts }: { material?: string; printerId?: string; estimateS?: number } = {}) {
  const bytes = Buffer.concat([GCODE, Buffer.from(`; job ${Math.random()}\n`)]);
  const job = q.jobService.submit(patron, await q.uploads.store(Readable.from([bytes]), 'kääntö osa.gcode'), opts);
  q.jobService.beginAnalysis(job.id);
  q.jobService.completeAnalysis(job.id, { outcome: 'passed', analysis: { estimateS } });
  return q.jobService.approve(staff, job.id);
}

const flush = () => new Promise((r) => setImmediate(r));

describe('Dispatcher: the bed-clear gate', () => {
  it('starts only after staff clear the bed, writes printing only once the printer accepted, and leaves the bed occupied', async () => {
    const job = await approvedJob();
    expect(q.dispatcher.bed('mk3').bedState).toBe('unknown');
    await expect(q.dispatcher.start(staff, 'mk3')).rejects.toMatchObject({ code: 'bed_not_cleared', httpStatus: 409 });
    expect(() => q.dispatcher.markBedCleared(patron, 'mk3')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    q.dispatcher.markBedCleared(staff, 'mk3');
    await expect(q.dispatcher.start(patron, 'mk3')).rejects.toMatchObject({ code: 'forbidden' });

    // The analysis's per-layer times go to the printer with the file.
    const timeline = { bytesTotal: job.fileSizeBytes, totalSeconds: 60, layerOffsets: [10], pointOffsets: [10], pointSeconds: [5] };
    await q.timelines.save(job.gcodeSha256!, timeline);
    const printing = await q.dispatcher.start(staff, 'mk3');
    expect(printing).toMatchObject({ id: job.id, state: 'printing', printerId: 'mk3' });
    expect(mk3.started).toEqual([{ jobRef: String(job.id), filePath: q.uploads.pathOf(job.gcodeSha256!, 'gcode'), fileName: 'kääntö osa.gcode', timeline }]);
    expect(q.jobs.events(job.id).slice(-2).map((e) => [e.event, e.toState, e.actorId])).toEqual([
      ['start_requested', 'starting', staff.userId], ['print_started', 'printing', null],
    ]);
    expect(q.dispatcher.bed('mk3').bedState).toBe('occupied');
    expect(() => q.dispatcher.markBedCleared(staff, 'mk3')).toThrow(expect.objectContaining({ code: 'printer_busy' }));

    mk3.setState('paused');
    expect(q.jobs.require(job.id).state).toBe('paused');
    mk3.setState('printing');
    expect(q.jobs.require(job.id).state).toBe('printing');
    // Staff pause and resume: the events name them; the printer pausing by itself names nobody.
    q.dispatcher.noteControl('mk3', staff.userId);
    mk3.setState('paused');
    q.dispatcher.noteControl('mk3', staff.userId);
    mk3.setState('printing');
    expect(q.jobs.events(job.id).slice(-4).map((e) => [e.event, e.actorId])).toEqual([
      ['paused', null], ['resumed', null], ['paused', staff.userId], ['resumed', staff.userId],
    ]);

    mk3.setState('idle');
    mk3.emit('printer:print_finished', { printerId: 'mk3', jobRef: String(job.id), progress: mk3.progress(String(job.id), 100, 42) });
    expect(q.jobs.require(job.id)).toMatchObject({ state: 'awaiting_pickup', progress: { lineAcked: 100, layer: 42 } });
    expect(q.dispatcher.bed('mk3').bedState).toBe('occupied');

    await approvedJob();
    await expect(q.dispatcher.start(staff, 'mk3')).rejects.toMatchObject({ code: 'bed_not_cleared' });
    expect(q.jobService.collect(staff, job.id).state).toBe('collected');
  });

  it('fails a job whose start the printer refuses, and lets staff requeue it', async () => {
    const job = await approvedJob();
    q.dispatcher.markBedCleared(staff, 'mk3');
    mk3.refuseNextStart = 'printer_not_ready';
    await expect(q.dispatcher.start(staff, 'mk3')).rejects.toMatchObject({ code: 'printer_not_ready' });
    expect(q.jobs.require(job.id).state).toBe('failed');
    expect(q.jobs.events(job.id).at(-1)).toMatchObject({ event: 'start_failed', reasonCode: 'printer_not_ready' });
    expect(() => q.jobService.requeue(patron, job.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(q.jobService.requeue(staff, job.id)).toMatchObject({ state: 'approved', printerId: null });
  });

  it('refuses a second start on a printer while one is under way, and a cancel during the start stops the printer', async () => {
    const job = await approvedJob();
    await approvedJob();
    q.dispatcher.markBedCleared(staff, 'mk3');
    mk3.holdStarts = true;
    const first = q.dispatcher.start(staff, 'mk3');
    await flush();
    expect(q.jobs.require(job.id).state).toBe('starting');
    await expect(q.dispatcher.start(staff, 'mk3')).rejects.toMatchObject({ code: 'printer_busy' });
    const cancelled = q.jobService.cancel(patron, job.id);
    mk3.acceptStart();
    expect((await cancelled).state).toBe('cancelled');
    expect((await first).state).toBe('cancelled');
    expect(mk3.cancels).toBeGreaterThanOrEqual(1);
    expect(mk3.state()).toBe('idle');
  });

  it('records a print that ends before its start was written: a failure as a failed start, a finish through printing', async () => {
    const failing = await approvedJob();
    const quick = await approvedJob();
    q.dispatcher.markBedCleared(staff, 'mk3');
    mk3.holdStarts = true;
    const first = q.dispatcher.start(staff, 'mk3');
    await flush();
    mk3.emit('printer:print_failed', { printerId: 'mk3', jobRef: String(failing.id), code: 'thermal_runaway', message: 'x', progress: mk3.progress(String(failing.id), 3, 0) });
    mk3.acceptStart();
    expect((await first).state).toBe('failed');
    expect(q.jobs.events(failing.id).at(-1)).toMatchObject({ event: 'start_failed', reasonCode: 'thermal_runaway' });

    mk3.setState('idle');
    q.dispatcher.markBedCleared(staff, 'mk3');
    const second = q.dispatcher.start(staff, 'mk3');
    await flush();
    mk3.emit('printer:print_finished', { printerId: 'mk3', jobRef: String(quick.id), progress: mk3.progress(String(quick.id), 9, 1) });
    mk3.acceptStart();
    expect((await second).state).toBe('awaiting_pickup');
    expect(q.jobs.events(quick.id).slice(-3).map((e) => e.event)).toEqual(['start_requested', 'print_started', 'print_finished']);
  });

  it('keeps a printer event it cannot record away from the controller, and says so', async () => {
    const logged: string[] = [];
    q.close();
    mk3 = new FakePrinter('mk3');
    q = await openTestServices(t.dir, { now: () => clockMs, printers: [{ controller: mk3 }], log: (m) => logged.push(m) });
    const job = await approvedJob();
    q.db.prepare("UPDATE jobs SET state = 'printing', printer_id = 'mk3' WHERE id = ?").run(job.id);
    q.db.exec('CREATE TRIGGER no_writes BEFORE UPDATE ON jobs BEGIN SELECT RAISE(ABORT, \'disk says no\'); END');
    expect(() => mk3.emit('printer:print_finished', { printerId: 'mk3', jobRef: String(job.id), progress: mk3.progress(String(job.id), 1, 1) })).not.toThrow();
    expect(logged).toEqual(['dispatcher: printer:print_finished from mk3 could not be recorded']);
    expect(q.jobs.require(job.id).state).toBe('printing');
  });

  it('cancels a printing job by stopping the printer first', async () => {
    const job = await approvedJob();
    q.dispatcher.markBedCleared(staff, 'mk3');
    await q.dispatcher.start(staff, 'mk3');
    const cancelled = await q.jobService.cancel(patron, job.id, 'väärä väri');
    expect(cancelled.state).toBe('cancelled');
    expect(mk3.cancels).toBe(1);
    expect(q.jobs.events(job.id).at(-1)).toMatchObject({ event: 'cancelled', actorId: patron.userId, note: 'väärä väri' });
    expect(q.dispatcher.bed('mk3').bedState).toBe('occupied');
  });

  it('starts by itself only when the auto-start policy is on, and still only on a cleared bed', async () => {
    const job = await approvedJob();
    q.dispatcher.markBedCleared(staff, 'ender');
    await flush();
    expect(q.jobs.require(job.id).state).toBe('approved');
    q.settings.update({ autoStart: true });
    q.dispatcher.markBedOccupied(staff, 'ender');
    await approvedJob();
    await flush();
    expect(ender.started).toHaveLength(0);
    q.dispatcher.markBedCleared(staff, 'ender');
    await flush();
    expect(q.jobs.require(job.id)).toMatchObject({ state: 'printing', printerId: 'ender' });
  });

  it('honours requested printers and prefers the loaded material when asked', async () => {
    const forEnder = await approvedJob({ printerId: 'ender' });
    const pla = await approvedJob({ material: 'PLA' });
    const petg = await approvedJob({ material: 'PETG' });
    expect(q.dispatcher.nextJobFor('mk3')?.id).toBe(pla.id);
    q.settings.update({ preferLoadedMaterial: true });
    expect(q.dispatcher.nextJobFor('mk3')?.id).toBe(petg.id);
    expect(q.dispatcher.nextJobFor('ender')?.id).toBe(forEnder.id);
    q.dispatcher.markBedCleared(staff, 'mk3');
    await expect(q.dispatcher.start(staff, 'mk3', forEnder.id)).rejects.toMatchObject({ code: 'job_not_startable' });
  });
});

describe('Dispatcher: booked slots and closing time', () => {
  // Friday 15 January 2027 at noon in Helsinki (UTC+2); the library is open 08:00–16:00 every day.
  const NOON_MS = Date.UTC(2027, 0, 15, 10, 0);
  const MIN_MS = 60_000;
  const day = [{ opens: '08:00', closes: '16:00' }];
  const hours = { timeZone: 'Europe/Helsinki', closedDates: [], openingHours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day } };
  let bookings: BookingRepository;

  async function reopen(opts: Partial<QueueServicesOptions> = {}) {
    q.close();
    await open({ library: hours, ...opts });
    bookings = new BookingRepository(q.db);
    q.dispatcher.setSlotCheck(slotCheckFrom(bookings, hours));
  }
  beforeEach(async () => { clockMs = NOON_MS; await reopen(); });
  const book = (printerId: string, startsAtMs: number, endsAtMs: number) => bookings.insertIfFree(
    { resourceId: printerId, startsAtMs, endsAtMs, title: 'Työpaja', workshopId: null, bookedBy: staff.userId, externalRef: null }, clockMs);

  it('refuses a start that would run into a booking (409) and picks around it: another printer, or a job that ends in time', async () => {
    const long = await approvedJob({ estimateS: 3600 });
    const booking = book('mk3', NOON_MS + 30 * MIN_MS, NOON_MS + 90 * MIN_MS);
    q.dispatcher.markBedCleared(staff, 'mk3');
    await expect(q.dispatcher.start(staff, 'mk3', long.id)).rejects.toMatchObject({
      code: 'printer_booked', httpStatus: 409, params: { jobId: long.id, printerId: 'mk3', bookingId: booking.id },
    });
    expect(q.jobs.require(long.id).state).toBe('approved');
    expect(mk3.started).toHaveLength(0);
    expect(q.dispatcher.nextJobFor('mk3')).toBeNull();
    expect(q.dispatcher.nextJobFor('ender')?.id).toBe(long.id);
    await expect(q.dispatcher.start(staff, 'mk3')).rejects.toMatchObject({ code: 'no_job_ready' });

    // Ends exactly when the booking begins: bookings are half-open, so it fits.
    const short = await approvedJob({ estimateS: 30 * 60 });
    expect(await q.dispatcher.start(staff, 'mk3')).toMatchObject({ id: short.id, state: 'printing', printerId: 'mk3' });
  });

  it('refuses a start that would run past closing time (409), and the automatic pick starts the job that ends in time', async () => {
    clockMs = NOON_MS + 210 * MIN_MS;
    const long = await approvedJob({ estimateS: 3600 });
    q.dispatcher.markBedCleared(staff, 'mk3');
    await expect(q.dispatcher.start(staff, 'mk3', long.id)).rejects.toMatchObject({
      code: 'past_closing_time', httpStatus: 409, params: { jobId: long.id, closesAtMs: NOON_MS + 240 * MIN_MS, estimatedEndMs: clockMs + 3600_000 },
    });
    const short = await approvedJob({ estimateS: 30 * 60 });
    q.settings.update({ autoStart: true });
    q.dispatcher.markBedOccupied(staff, 'mk3');
    q.dispatcher.markBedCleared(staff, 'mk3');
    await flush();
    expect(mk3.started.map((s) => s.jobRef)).toEqual([String(short.id)]);
    expect(q.jobs.require(long.id).state).toBe('approved');
  });

  it('lets an overnight print run past closing, while a shorter one is still held to it', async () => {
    await reopen({ policies: { overnightOnlyOverHours: 2, overnightStartsAt: '15:00' } });
    clockMs = NOON_MS + 210 * MIN_MS;
    const evening = await approvedJob({ estimateS: 90 * 60 });
    const overnight = await approvedJob({ estimateS: 10 * 3600 });
    q.dispatcher.markBedCleared(staff, 'mk3');
    await expect(q.dispatcher.start(staff, 'mk3', evening.id)).rejects.toMatchObject({ code: 'past_closing_time' });
    expect(await q.dispatcher.start(staff, 'mk3')).toMatchObject({ id: overnight.id, state: 'printing' });
  });
});

describe('Dispatcher: restart', () => {
  it('interrupts jobs a dead daemon left on a printer, keeping the last saved progress; nothing resumes', async () => {
    const job = await approvedJob();
    q.dispatcher.markBedCleared(staff, 'mk3');
    q.dispatcher.markBedCleared(staff, 'ender');
    await q.dispatcher.start(staff, 'mk3');
    mk3.report(String(job.id), 10, 1);
    clockMs += 1000;
    mk3.report(String(job.id), 20, 1);
    expect(q.jobs.require(job.id).progress?.lineAcked).toBe(10);
    mk3.report(String(job.id), 30, 2);
    expect(q.jobs.require(job.id).progress).toMatchObject({ lineAcked: 30, bytesAcked: 300, layer: 2 });
    q.close();

    await open();
    expect(q.startup.interruptedJobIds).toEqual([job.id]);
    expect(q.jobs.require(job.id)).toMatchObject({ state: 'interrupted', progress: { lineAcked: 30, bytesAcked: 300, layer: 2 } });
    expect(q.jobs.events(job.id).at(-1)).toMatchObject({ event: 'interrupted', actorId: null, reasonCode: 'daemon_restarted' });
    expect(q.dispatcher.beds().map((b) => [b.printerId, b.bedState])).toEqual([['mk3', 'occupied'], ['ender', 'unknown']]);
    await flush();
    expect(mk3.started).toHaveLength(0);
  });

  it('records a print the printer lost mid-way as interrupted with its progress', async () => {
    const job = await approvedJob();
    q.dispatcher.markBedCleared(staff, 'mk3');
    await q.dispatcher.start(staff, 'mk3');
    mk3.emit('printer:print_interrupted', { printerId: 'mk3', jobRef: String(job.id), code: 'link_lost', progress: mk3.progress(String(job.id), 77, 9) });
    expect(q.jobs.require(job.id)).toMatchObject({ state: 'interrupted', progress: { lineAcked: 77, layer: 9 } });
    expect(q.jobs.events(job.id).at(-1)).toMatchObject({ reasonCode: 'link_lost' });
  });
});
