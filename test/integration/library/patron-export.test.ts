import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, removeDir, startTestApp, tempDataDir, type TestApp, type TestUser } from '../http/harness.js';

/** A patron's data export on the real app and a real SQLite file: their bookings are part of it, nobody else's. */
const allDay = [{ opens: '00:00', closes: '24:00' }];
const LIBRARY = {
  openingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  spaces: [{ id: 'group-room', name: 'Ryhmätila' }],
};
// Bookings far ahead (2097): past ones are refused, so a near date would break the test once it passed.
const at = (iso: string) => Date.parse(iso);

let dataDir: string;
let t: TestApp;
let patron: TestUser;
let other: TestUser;
let staff: TestUser;

beforeAll(async () => {
  dataDir = tempDataDir();
  t = await startTestApp(dataDir, { library: LIBRARY });
  [patron, other, staff] = await Promise.all([addUser(t, 'patron'), addUser(t, 'patron'), addUser(t, 'staff')]);
});
afterAll(async () => { await t?.stop(); removeDir(dataDir); });

const book = (u: TestUser, resourceId: string, from: string, to: string, title: string) =>
  t.http.post('/api/bookings').set('x-api-key', u.apiKey).send({ resourceId, startsAtMs: at(from), endsAtMs: at(to), title }).expect(201);

describe('patron data export', () => {
  it('includes every booking the patron made, cancelled ones too, and no one else’s', async () => {
    const room = (await book(patron, 'group-room', '2097-03-03T10:00:00Z', '2097-03-03T12:00:00Z', 'Lukupiiri')).body.booking;
    const printer = (await book(patron, 'virtual', '2097-03-04T10:00:00Z', '2097-03-04T11:00:00Z', 'Avaimenperä')).body.booking;
    await t.http.delete(`/api/bookings/${printer.id}`).set('x-api-key', patron.apiKey).expect(200);
    await book(other, 'group-room', '2097-03-05T10:00:00Z', '2097-03-05T12:00:00Z', 'Toisen varaus');

    const own = (await t.http.get(`/api/users/${patron.user.id}/export`).set('x-api-key', patron.apiKey).expect(200)).body;
    expect(own.bookings).toEqual([
      expect.objectContaining({ id: room.id, resourceId: 'group-room', title: 'Lukupiiri', bookedBy: patron.user.id, cancelledAtMs: null }),
      expect.objectContaining({ id: printer.id, resourceId: 'virtual', title: 'Avaimenperä', cancelledAtMs: expect.any(Number) }),
    ]);
    const byStaff = (await t.http.get(`/api/users/${other.user.id}/export`).set('x-api-key', staff.apiKey).expect(200)).body;
    expect(byStaff.bookings.map((b: { title: string }) => b.title)).toEqual(['Toisen varaus']);
  });

  it('exports no bookings once the patron is deleted: the slots stay, but are no longer theirs', async () => {
    await t.http.delete(`/api/users/${patron.user.id}`).set('x-api-key', staff.apiKey).expect(200);
    const after = (await t.http.get(`/api/users/${patron.user.id}/export`).set('x-api-key', staff.apiKey).expect(200)).body;
    expect(after.bookings).toEqual([]);
    const slots = (await t.http.get('/api/bookings?resourceId=group-room').set('x-api-key', staff.apiKey).expect(200)).body.bookings;
    expect(slots).toHaveLength(2);
  });
});
