import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { localParts } from '../../../src/reservations/local-time.js';
import { actorOf } from '../../../src/users/user-types.js';
import { addUser, removeDir, startTestApp, tempDataDir, waitFor, type TestApp, type TestUser } from '../http/harness.js';

/**
 * app.ts hands the dispatcher the library's bookings and hours: the real app on a real SQLite file,
 * started on the wall clock. The library is open round the clock except on the day after tomorrow, so
 * whatever the hour the test runs, the current opening closes within 48 hours.
 */
const allDay = [{ opens: '00:00', closes: '24:00' }];
const HOUR_MS = 3_600_000;
const TIME_ZONE = 'Europe/Helsinki';
const dayAfterTomorrow = localParts(Date.now() + 48 * HOUR_MS, TIME_ZONE).date;

let dataDir: string;
let t: TestApp;
let staff: TestUser;

beforeAll(async () => {
  dataDir = tempDataDir();
  t = await startTestApp(dataDir, {
    library: {
      timeZone: TIME_ZONE, closedDates: [dayAfterTomorrow],
      openingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    },
  });
  staff = await addUser(t, 'staff');
  await waitFor(() => t.app.printers.get('virtual').state(), (s) => s === 'idle');
  await t.http.post('/api/printers/virtual/bed-cleared').set('x-api-key', staff.apiKey).expect(200);
});
afterAll(async () => { await t?.stop(); removeDir(dataDir); });

/** A staff upload is approved as soon as it passes analysis. */
async function approvedJob(estimateS: number, fileName: string) {
  const q = t.app.queue;
  const job = q.jobService.submit(actorOf(staff.user),
    await q.uploads.store(Readable.from([Buffer.from(`G28\nG1 X10\n; ${fileName}\n`)]), fileName));
  q.jobService.beginAnalysis(job.id);
  return q.jobService.completeAnalysis(job.id, { outcome: 'passed', analysis: { estimateS } });
}

const start = (jobId?: number) => t.http.post('/api/printers/virtual/start').set('x-api-key', staff.apiKey).send(jobId === undefined ? {} : { jobId });

describe('the dispatcher keeps to booked slots and closing time', () => {
  it('refuses with 409 printer_booked while the printer is booked, and the pick skips the job', async () => {
    const job = await approvedJob(60, 'lyhyt.gcode');
    expect(job.state).toBe('approved');
    const nowMs = Date.now();
    const booking = t.app.library.bookings.insertIfFree({
      resourceId: 'virtual', startsAtMs: nowMs - 60_000, endsAtMs: nowMs + HOUR_MS, title: 'Työpaja', workshopId: null,
      bookedBy: staff.user.id, externalRef: null,
    }, nowMs);
    const refused = await start(job.id).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'printer_booked', params: { printerId: 'virtual', jobId: job.id, bookingId: booking.id } });
    expect((await t.http.get('/api/printers/virtual/next-job').set('x-api-key', staff.apiKey).expect(200)).body.job).toBeNull();
    expect(t.app.queue.jobs.require(job.id).state).toBe('approved');
    await t.http.delete(`/api/bookings/${booking.id}`).set('x-api-key', staff.apiKey).expect(200);
    expect((await t.http.get('/api/printers/virtual/next-job').set('x-api-key', staff.apiKey).expect(200)).body.job.id).toBe(job.id);
    await t.app.queue.jobService.cancel(actorOf(staff.user), job.id, null);
  });

  it('refuses with 409 past_closing_time a print that would outlast the opening interval', async () => {
    const job = await approvedJob(49 * 3600, 'pitkä.gcode');
    const refused = await start(job.id).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'past_closing_time', params: { printerId: 'virtual', jobId: job.id } });
    expect(refused.body.error.params.estimatedEndMs).toBeGreaterThan(refused.body.error.params.closesAtMs);
    await start().expect(409, /no_job_ready/);
  });
});
