/**
 * Figures for the library-service side on a real SQLite file: how long a year's usage report takes
 * over a large history, and how fast bookings are written with their conflict check and served as
 * an iCalendar feed. Prints figures; asserts nothing.
 *
 *   node dist/bench/library-bench.js [jobs=5000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../core/event-bus.js';
import { JobRepository } from '../jobs/job-repository.js';
import { WorkshopRepository } from '../jobs/workshop-repository.js';
import { ReportService } from '../reports/report-service.js';
import { UsageRepository } from '../reports/usage-repository.js';
import { BookingRepository } from '../reservations/booking-repository.js';
import { ReservationService } from '../reservations/reservation-service.js';
import { openDatabase, transaction } from '../storage/db.js';
import { UserRepository } from '../users/user-repository.js';

const jobCount = Number(process.argv[2] ?? 5000);
const H = 3_600_000;
const YEAR_START = Date.UTC(2026, 0, 1);
const dir = mkdtempSync(join(tmpdir(), 'tulostamo-library-bench-'));

try {
  const db = openDatabase(dir);
  const users = new UserRepository(db);
  const jobs = new JobRepository(db);
  const patronIds = Array.from({ length: 2000 }, (_, i) =>
    users.insert({ role: 'patron', username: `card${i}`, displayName: `p${i}`, email: null, cardNumber: null, secretHash: 'x' }, YEAR_START).id);
  const staffId = users.insert({ role: 'staff', username: 'staff', displayName: 'staff', email: null, cardNumber: null, secretHash: 'x' }, YEAR_START).id;

  let t0 = performance.now();
  transaction(db, () => {
    for (let i = 0; i < jobCount; i++) {
      const atMs = YEAR_START + Math.floor((i / jobCount) * 365 * 24 * H);
      const job = jobs.insert({
        ownerId: patronIds[(i * 7919) % patronIds.length], workshopId: null, originalFilename: 'osa.gcode', fileSha256: `${i}`, fileSizeBytes: 1,
        fileKind: 'gcode', gcodeSha256: `${i}`, printerId: i % 3 === 0 ? 'mini' : 'mk3', material: 'PLA', colour: null, preset: null, infillPercent: null, supports: null, priority: 0, patronNote: null,
      }, null, atMs);
      const analysis = { filamentGrams: 10 + (i % 40), costCents: 50 + (i % 200) };
      const steps = ['analysis_started', 'analysis_passed', 'approved', 'start_requested', 'print_started', i % 10 === 0 ? 'print_failed' : 'print_finished'] as const;
      steps.forEach((event, k) => jobs.transition(job.id, {
        event, actorId: event === 'approved' ? staffId : null, patch: event === 'analysis_passed' ? { analysis } : {},
      }, atMs + k * 0.5 * H));
    }
  });
  console.log(`seeded ${jobCount} jobs (${jobCount * 7} job_events) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const usage = new UsageRepository(db);
  const reports = new ReportService(usage, 'Europe/Helsinki');
  const staff = { userId: staffId, role: 'staff' as const };
  reports.usageReport(staff, '2026-01-01', '2026-12-31');
  const runs = 5;
  t0 = performance.now();
  let prints = 0;
  for (let i = 0; i < runs; i++) prints = reports.usageReport(staff, '2026-01-01', '2026-12-31').totals.prints;
  console.log(`usage report, one year, ${prints} prints: ${((performance.now() - t0) / runs).toFixed(0)} ms per report`);
  t0 = performance.now();
  for (let i = 0; i < runs; i++) usage.facts({ fromMs: YEAR_START, toMs: YEAR_START + 366 * 24 * H });
  console.log(`  of which the SQL: ${((performance.now() - t0) / runs).toFixed(0)} ms`);
  t0 = performance.now();
  for (let i = 0; i < runs; i++) reports.usageReport(staff, '2026-06-01', '2026-06-30');
  console.log(`usage report, one month: ${((performance.now() - t0) / runs).toFixed(1)} ms per report`);

  const allDay = [{ opens: '00:00', closes: '24:00' }];
  const reservations = new ReservationService({
    bookings: new BookingRepository(db), workshops: new WorkshopRepository(db), printerIds: ['mk3'], bus: new EventBus(), now: () => YEAR_START,
    library: { timeZone: 'Europe/Helsinki', closedDates: [], spaces: [], openingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } },
  });
  const bookingCount = 2000;
  t0 = performance.now();
  for (let i = 0; i < bookingCount; i++) {
    reservations.create(staff, { resourceId: 'mk3', startsAtMs: YEAR_START + i * 2 * H, endsAtMs: YEAR_START + i * 2 * H + H });
  }
  const perBookingMs = (performance.now() - t0) / bookingCount;
  console.log(`bookings with conflict check: ${perBookingMs.toFixed(2)} ms each (${Math.round(1000 / perBookingMs)}/s)`);
  t0 = performance.now();
  const ics = reservations.calendar('mk3');
  console.log(`iCalendar feed of ${bookingCount} bookings: ${(performance.now() - t0).toFixed(0)} ms, ${(ics.length / 1024).toFixed(0)} KiB`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
