import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { actorOf, type Actor, type User } from '../../../src/users/user-types.js';
import { BOOTSTRAP } from '../../../src/users/user-service.js';
import { addUser, removeDir, startTestApp, tempDataDir, type TestApp, type TestUser } from '../http/harness.js';
import { openTestServices, type TestServices } from '../storage/helpers.js';

/**
 * A seeded history with totals worked out by hand, written through the real JobService onto a real
 * SQLite file, then read back over HTTP by the real app. Times are UTC; the report counts in
 * Europe/Helsinki (UTC+2 in winter, +3 from 29 March 2026).
 */
const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

type Outcome = 'print_finished' | 'print_failed' | 'cancelled' | 'rejected';
interface Seed { owner: Actor; submit: string; start?: string; hours?: number; outcome: Outcome; printerId?: string; grams?: number; costCents?: number; joinCode?: string }

let dataDir: string;
let t: TestApp;
let staff: TestUser;
let patron: TestUser;
let clockMs = 0;

async function seedHistory(q: TestServices): Promise<void> {
  const mk = async (role: User['role'], username: string): Promise<Actor> =>
    actorOf(await q.userService.createUser(BOOTSTRAP, { role, username, displayName: `Nimi ${username}`, secret: role === 'patron' ? '1234' : 'salasana-123' }));
  const [a, b, c, d, e, instructor, admin] = await Promise.all(
    ['card-a', 'card-b', 'card-c', 'card-d', 'card-e'].map((u) => mk('patron', u)).concat([mk('instructor', 'ope'), mk('staff', 'admin')]));
  clockMs = at('2026-04-15T09:00:00Z');
  const workshop = q.workshopService.create(instructor, {
    title: 'Kevään 3D-paja, kirjasto', startsAtMs: at('2026-04-15T09:00:00Z'), endsAtMs: at('2026-04-15T13:00:00Z'), printerIds: ['mini'],
  });
  const seeds: Seed[] = [
    // Before the period: only makes A and E returning patrons.
    { owner: a, submit: '2026-01-20T10:00:00Z', start: '2026-01-21T10:00:00Z', hours: 1, outcome: 'print_finished', printerId: 'mk3', grams: 99, costCents: 999 },
    { owner: e, submit: '2026-01-25T10:00:00Z', outcome: 'rejected' },
    // Submitted 28 Feb 22:00 local (outside), printed to 1 March 00:30 local (inside, month 2026-03).
    { owner: a, submit: '2026-02-28T20:00:00Z', start: '2026-02-28T20:30:00Z', hours: 2, outcome: 'print_finished', printerId: 'mk3', grams: 10, costCents: 50 },
    { owner: b, submit: '2026-03-05T10:00:00Z', start: '2026-03-06T10:00:00Z', hours: 1, outcome: 'print_finished', printerId: 'mk3', grams: 20, costCents: 100 },
    { owner: e, submit: '2026-03-10T10:00:00Z', outcome: 'rejected' },
    { owner: b, submit: '2026-04-15T09:30:00Z', start: '2026-04-15T10:00:00Z', hours: 0.5, outcome: 'print_failed', printerId: 'mk3', grams: 30, costCents: 150, joinCode: workshop.joinCode },
    { owner: c, submit: '2026-04-15T09:40:00Z', start: '2026-04-15T11:00:00Z', hours: 0.25, outcome: 'print_finished', printerId: 'mini', grams: 5, costCents: 0, joinCode: workshop.joinCode },
    { owner: d, submit: '2026-04-20T10:00:00Z', start: '2026-04-20T11:00:00Z', hours: 0.25, outcome: 'cancelled', printerId: 'mini', grams: 7, costCents: 35 },
    { owner: instructor, submit: '2026-04-21T10:00:00Z', start: '2026-04-21T11:00:00Z', hours: 1, outcome: 'print_finished', printerId: 'mini', grams: 8, costCents: 40 },
    // Ends 1 May 01:30 local: after the period.
    { owner: instructor, submit: '2026-04-30T10:00:00Z', start: '2026-04-30T20:30:00Z', hours: 2, outcome: 'print_finished', printerId: 'mini', grams: 50, costCents: 250 },
  ];
  for (const s of seeds) {
    clockMs = at(s.submit);
    const file = await q.uploads.store(Readable.from([Buffer.from(`G28\n; ${s.submit}\n`)]), 'osa.gcode');
    const job = q.jobService.submit(s.owner, file, { joinCode: s.joinCode ?? null });
    q.jobService.beginAnalysis(job.id);
    q.jobService.completeAnalysis(job.id, { outcome: 'passed', analysis: { filamentGrams: s.grams ?? null, costCents: s.costCents ?? null, estimateS: 600 } });
    if (s.outcome === 'rejected') { q.jobService.reject(admin, job.id, 'too_large'); continue; }
    if (s.owner.role === 'patron') q.jobService.approve(admin, job.id);
    clockMs = at(s.start!);
    q.jobService.apply(job.id, { event: 'start_requested', actorId: null, patch: { printerId: s.printerId! } });
    q.jobService.apply(job.id, { event: 'print_started', actorId: null });
    clockMs = at(s.start!) + s.hours! * H;
    q.jobService.apply(job.id, { event: s.outcome, actorId: s.outcome === 'cancelled' ? admin.userId : null });
    if (s.outcome === 'print_finished') q.jobService.collect(admin, job.id);
  }
}

beforeAll(async () => {
  dataDir = tempDataDir();
  const q = await openTestServices(dataDir, { now: () => clockMs });
  await seedHistory(q);
  q.close();
  t = await startTestApp(dataDir);
  staff = await addUser(t, 'staff');
  patron = await addUser(t, 'patron');
});
afterAll(async () => { await t?.stop(); removeDir(dataDir); });

const usage = (from: string, to: string) => t.http.get(`/api/reports/usage?from=${from}&to=${to}`).set('x-api-key', staff.apiKey);

describe('GET /api/reports/usage on a seeded history', () => {
  it('adds up prints, hours, grams, cost, patrons and workshops for the period, by month and by printer', async () => {
    const res = await usage('2026-03-01', '2026-04-30').expect(200);
    expect(res.body.period).toEqual({ from: '2026-03-01', to: '2026-04-30', timeZone: 'Europe/Helsinki' });
    expect(res.body.totals).toEqual({
      prints: 6, completed: 4, failed: 1, cancelled: 1, successRate: 0.6667, printHours: 5, filamentGrams: 43, costCents: 190,
      uniquePatrons: 4, firstTimePatrons: 3, workshops: 1, workshopParticipants: 2,
    });
    expect(res.body.byMonth).toEqual([
      { month: '2026-03', prints: 2, completed: 2, failed: 0, cancelled: 0, successRate: 1, printHours: 3, filamentGrams: 30, costCents: 150,
        uniquePatrons: 2, firstTimePatrons: 1, workshops: 0, workshopParticipants: 0 },
      { month: '2026-04', prints: 4, completed: 2, failed: 1, cancelled: 1, successRate: 0.5, printHours: 2, filamentGrams: 13, costCents: 40,
        uniquePatrons: 3, firstTimePatrons: 2, workshops: 1, workshopParticipants: 2 },
    ]);
    expect(res.body.byPrinter).toEqual([
      { printerId: 'mini', prints: 3, completed: 2, failed: 0, cancelled: 1, successRate: 0.6667, printHours: 1.5, filamentGrams: 13, costCents: 40 },
      { printerId: 'mk3', prints: 3, completed: 2, failed: 1, cancelled: 0, successRate: 0.6667, printHours: 3.5, filamentGrams: 30, costCents: 150 },
    ]);
    expect(res.body.workshops).toEqual([{ workshopId: 1, title: 'Kevään 3D-paja, kirjasto', date: '2026-04-15', participants: 2, jobs: 2 }]);
  });

  it('names no person and no user id anywhere in the report', async () => {
    const text = JSON.stringify((await usage('2025-01-01', '2026-12-31').expect(200)).body);
    expect(text).not.toMatch(/Nimi|card-|"ope"|admin|owner|userId/);
    expect(text).toContain('"prints":8');
  });

  it('serves the same figures as CSV when asked for text/csv', async () => {
    const res = await usage('2026-03-01', '2026-04-30').set('accept', 'text/csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe('scope,key,prints,completed,failed,cancelled,successRate,printHours,filamentGrams,costCents,uniquePatrons,firstTimePatrons,workshops,workshopParticipants');
    expect(lines[1]).toBe('total,2026-03-01..2026-04-30,6,4,1,1,0.6667,5,43,190,4,3,1,2');
    expect(lines[2]).toBe('month,2026-03,2,2,0,0,1,3,30,150,2,1,0,0');
    expect(lines[4]).toBe('printer,mini,3,2,0,1,0.6667,1.5,13,40,,,,');
    expect(lines.at(-1)).toBe('');
  });

  it('serves CSV to a plain download link with format=csv, and JSON with format=json whatever Accept says', async () => {
    const link = await t.http.get('/api/reports/usage?from=2026-03-01&to=2026-04-30&format=csv').set('x-api-key', staff.apiKey).expect(200);
    expect(link.headers['content-type']).toMatch(/^text\/csv/);
    expect(link.headers['content-disposition']).toContain('tulostamo-usage-2026-03-01-2026-04-30.csv');
    expect(link.text.split('\r\n')[1]).toBe('total,2026-03-01..2026-04-30,6,4,1,1,0.6667,5,43,190,4,3,1,2');
    const json = await t.http.get('/api/reports/usage?from=2026-03-01&to=2026-04-30&format=json')
      .set('x-api-key', staff.apiKey).set('accept', 'text/csv').expect(200);
    expect(json.body.totals).toMatchObject({ prints: 6, completed: 4 });
    await t.http.get('/api/reports/usage?from=2026-03-01&to=2026-04-30&format=xlsx').set('x-api-key', staff.apiKey).expect(400);
  });

  it('refuses patrons, impossible dates and reversed ranges with stable codes', async () => {
    const forbidden = await t.http.get('/api/reports/usage?from=2026-03-01&to=2026-04-30').set('x-api-key', patron.apiKey).expect(403);
    expect(forbidden.body.error.code).toBe('forbidden');
    expect((await usage('2026-02-30', '2026-04-30').expect(422)).body.error).toMatchObject({ code: 'invalid_date', params: { field: 'from' } });
    expect((await usage('2026-05-01', '2026-04-30').expect(422)).body.error.code).toBe('invalid_date_range');
    await t.http.get('/api/reports/usage?from=2026-03-01&to=2026-04-30').expect(401);
  });

  it('reports an empty period as zeros, with no success rate', async () => {
    const res = await usage('2027-01-01', '2027-01-31').expect(200);
    expect(res.body.totals).toMatchObject({ prints: 0, successRate: null, printHours: 0, uniquePatrons: 0 });
    expect(res.body.byMonth).toEqual([]);
  });
});
