import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, removeDir, startTestApp, tempDataDir, type TestApp, type TestUser } from '../http/harness.js';

/** The real app on a real SQLite file; the city's reservation system is a staff API key. */
const weekday = [{ opens: '08:00', closes: '20:00' }];
const LIBRARY = {
  timeZone: 'Europe/Helsinki',
  openingHours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [{ opens: '10:00', closes: '16:00' }], sun: [] },
  closedDates: ['2097-06-21'],
  spaces: [{ id: 'game-room', name: 'Pelihuone' }, { id: 'group-room', name: 'Ryhmätila' }],
};
// The week of Monday 3 June 2097, far ahead: bookings in the past are refused, so a near date would
// break the test once it passed. Helsinki is UTC+3 in June: 10:00 local is 07:00Z.
const local = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+03:00`);

let dataDir: string;
let t: TestApp;
let city: TestUser;
let patron: TestUser;
let patron2: TestUser;
let instructor: TestUser;

beforeAll(async () => {
  dataDir = tempDataDir();
  t = await startTestApp(dataDir, { library: LIBRARY });
  [city, patron, patron2, instructor] = await Promise.all([addUser(t, 'staff'), addUser(t, 'patron'), addUser(t, 'patron'), addUser(t, 'instructor')]);
});
afterAll(async () => { await t?.stop(); removeDir(dataDir); });

const book = (u: TestUser, body: Record<string, unknown>) => t.http.post('/api/bookings').set('x-api-key', u.apiKey).send(body);

describe('reservations over the REST API', () => {
  it('lists every printer and the configured spaces as resources', async () => {
    const res = await t.http.get('/api/resources').set('x-api-key', patron.apiKey).expect(200);
    expect(res.body.resources).toEqual([
      { id: 'virtual', kind: 'printer', name: 'virtual' },
      { id: 'game-room', kind: 'space', name: 'Pelihuone' },
      { id: 'group-room', kind: 'space', name: 'Ryhmätila' },
    ]);
  });

  it('books, refuses an overlap with booking_conflict, and accepts a booking that only touches', async () => {
    const first = await book(city, {
      resourceId: 'game-room', startsAtMs: local('2097-06-03', '10:00'), endsAtMs: local('2097-06-03', '12:00'), title: 'Pelikerho', externalRef: 'CITY-991',
    }).expect(201);
    expect(first.body.booking).toMatchObject({ resourceId: 'game-room', title: 'Pelikerho', externalRef: 'CITY-991', bookedBy: city.user.id, cancelledAtMs: null });
    const clash = await book(patron, { resourceId: 'game-room', startsAtMs: local('2097-06-03', '11:30'), endsAtMs: local('2097-06-03', '13:00') }).expect(409);
    expect(clash.body.error).toMatchObject({ code: 'booking_conflict', params: { resourceId: 'game-room', conflictingBookingId: first.body.booking.id } });
    await book(patron, { resourceId: 'game-room', startsAtMs: local('2097-06-03', '12:00'), endsAtMs: local('2097-06-03', '13:00') }).expect(201);
    // Another resource at the same time is free.
    await book(patron, { resourceId: 'group-room', startsAtMs: local('2097-06-03', '10:00'), endsAtMs: local('2097-06-03', '12:00') }).expect(201);
  });

  it('refuses bookings outside opening hours, on closed days and on days without hours', async () => {
    const cases = [
      [local('2097-06-04', '19:30'), local('2097-06-04', '20:30')],
      [local('2097-06-04', '07:00'), local('2097-06-04', '09:00')],
      [local('2097-06-21', '10:00'), local('2097-06-21', '11:00')],
      [local('2097-06-09', '10:00'), local('2097-06-09', '11:00')],
    ];
    for (const [startsAtMs, endsAtMs] of cases) {
      const res = await book(patron, { resourceId: 'game-room', startsAtMs, endsAtMs }).expect(422);
      expect(res.body.error).toMatchObject({ code: 'outside_opening_hours', params: { timeZone: 'Europe/Helsinki' } });
    }
    await book(patron, { resourceId: 'game-room', startsAtMs: local('2097-06-08', '15:00'), endsAtMs: local('2097-06-08', '16:00') }).expect(201);
  });

  it('refuses unknown resources, reversed times and past bookings with their own codes', async () => {
    expect((await book(patron, { resourceId: 'sauna', startsAtMs: local('2097-06-05', '10:00'), endsAtMs: local('2097-06-05', '11:00') }).expect(404)).body.error.code).toBe('resource_not_found');
    expect((await book(patron, { resourceId: 'game-room', startsAtMs: local('2097-06-05', '11:00'), endsAtMs: local('2097-06-05', '10:00') }).expect(422)).body.error.code).toBe('invalid_booking_time');
    expect((await book(patron, { resourceId: 'game-room', startsAtMs: local('2020-06-01', '10:00'), endsAtMs: local('2020-06-01', '11:00') }).expect(422)).body.error.code).toBe('booking_in_past');
    await t.http.post('/api/bookings').send({ resourceId: 'game-room', startsAtMs: 1, endsAtMs: 2 }).expect(401);
  });

  it('shows other people only that a slot is taken, and lets only the booker or staff cancel', async () => {
    const own = await book(patron, { resourceId: 'virtual', startsAtMs: local('2097-06-05', '14:00'), endsAtMs: local('2097-06-05', '16:00'), title: 'Matin avaimenperä' }).expect(201);
    const seen = await t.http.get('/api/bookings?resourceId=virtual').set('x-api-key', patron2.apiKey).expect(200);
    expect(seen.body.bookings).toEqual([expect.objectContaining({ id: own.body.booking.id, bookedBy: null, title: '', externalRef: null })]);
    const asCity = await t.http.get(`/api/bookings?resourceId=virtual&fromMs=${local('2097-06-05', '00:00')}&toMs=${local('2097-06-06', '00:00')}`).set('x-api-key', city.apiKey).expect(200);
    expect(asCity.body.bookings[0]).toMatchObject({ bookedBy: patron.user.id, title: 'Matin avaimenperä' });

    expect((await t.http.delete(`/api/bookings/${own.body.booking.id}`).set('x-api-key', patron2.apiKey).expect(403)).body.error.code).toBe('forbidden');
    const cancelled = await t.http.delete(`/api/bookings/${own.body.booking.id}`).set('x-api-key', patron.apiKey).expect(200);
    expect(cancelled.body.booking.cancelledAtMs).toEqual(expect.any(Number));
    expect((await t.http.get('/api/bookings?resourceId=virtual').set('x-api-key', city.apiKey).expect(200)).body.bookings).toEqual([]);
    // The freed slot can be booked again.
    await book(patron2, { resourceId: 'virtual', startsAtMs: local('2097-06-05', '14:00'), endsAtMs: local('2097-06-05', '15:00') }).expect(201);
  });

  it('books a workshop session for instructors only, titled after the workshop', async () => {
    const ws = await t.http.post('/api/workshops').set('x-api-key', instructor.apiKey)
      .send({ title: 'Avaimenperäpaja; osa 2, syksy', startsAtMs: local('2097-06-06', '09:00'), endsAtMs: local('2097-06-06', '12:00') }).expect(201);
    const session = { resourceId: 'virtual', startsAtMs: local('2097-06-06', '09:00'), endsAtMs: local('2097-06-06', '12:00'), workshopId: ws.body.workshop.id };
    expect((await book(patron, session).expect(403)).body.error.code).toBe('forbidden');
    const res = await book(instructor, session).expect(201);
    expect(res.body.booking).toMatchObject({ title: 'Avaimenperäpaja; osa 2, syksy', workshopId: ws.body.workshop.id });
    expect((await book(instructor, { ...session, workshopId: 9999 }).expect(404)).body.error.code).toBe('workshop_not_found');
  });
});

describe('iCalendar feeds', () => {
  it('serves the printer feed as valid RFC 5545: CRLF, ≤ 75-octet lines, escaped text, UTC times, UID, DTSTAMP', async () => {
    const res = await t.http.get('/api/printers/virtual/calendar.ics').expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = res.text;
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n /g, '');
    const events = unfolded.split('BEGIN:VEVENT').slice(1);
    // The cancelled booking is gone; the patron's later one and the workshop session remain.
    expect(events).toHaveLength(2);
    expect(events[0]).toMatch(/\r\nUID:booking-\d+@tulostamo\r\nDTSTAMP:\d{8}T\d{6}Z\r\nDTSTART:20970605T110000Z\r\nDTEND:20970605T120000Z\r\nSUMMARY:Varattu \/ Bokad \/ Reserved\r\n/);
    expect(events[1]).toContain('DTSTART:20970606T060000Z\r\nDTEND:20970606T090000Z\r\nSUMMARY:Avaimenperäpaja\\; osa 2\\, syksy\r\n');
    expect(unfolded).not.toContain('Matin');
  });

  it('serves a space feed, and 404 for an unknown resource or a space on the printer path', async () => {
    const res = await t.http.get('/api/resources/game-room/calendar.ics').expect(200);
    expect(res.text).toContain('X-WR-CALNAME:Tulostamo: Pelihuone\r\n');
    expect(res.text.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect((await t.http.get('/api/resources/sauna/calendar.ics').expect(404)).body.error.code).toBe('resource_not_found');
    await t.http.get('/api/printers/game-room/calendar.ics').expect(404);
  });
});
