import { describe, expect, it } from 'vitest';
import { bookingBlocksStart, closingAfter, findConflict, withinOpeningHours } from '../../../src/reservations/booking-rules.js';
import { localParts, nextDate, zonedMs } from '../../../src/reservations/local-time.js';

const open = [{ opens: '09:00', closes: '20:00' }];
const HOURS = {
  timeZone: 'Europe/Helsinki',
  openingHours: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: [{ opens: '10:00', closes: '14:00' }, { opens: '15:00', closes: '16:00' }], sun: [] },
  closedDates: ['2026-12-24'],
};
const iso = (s: string) => Date.parse(s);
const booking = (id: number, resourceId: string, from: string, to: string, cancelledAtMs: number | null = null) =>
  ({ id, resourceId, startsAtMs: iso(from), endsAtMs: iso(to), cancelledAtMs });

describe('local time in the library zone', () => {
  it('maps local wall times to instants on both sides of the DST changes', () => {
    expect(new Date(zonedMs('2026-01-15', 9 * 60, 'Europe/Helsinki')).toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(new Date(zonedMs('2026-07-15', 9 * 60, 'Europe/Helsinki')).toISOString()).toBe('2026-07-15T06:00:00.000Z');
    // 29 March 2026: clocks jump 03:00 → 04:00; the next midnight is 21 h UTC later + 2 h offset change.
    expect(zonedMs('2026-03-30', 0, 'Europe/Helsinki') - zonedMs('2026-03-29', 0, 'Europe/Helsinki')).toBe(23 * 3_600_000);
    expect(zonedMs('2026-10-26', 0, 'Europe/Helsinki') - zonedMs('2026-10-25', 0, 'Europe/Helsinki')).toBe(25 * 3_600_000);
  });

  it('names the local date, month and weekday of an instant', () => {
    expect(localParts(iso('2026-02-28T22:30:00Z'), 'Europe/Helsinki')).toEqual({ date: '2026-03-01', month: '2026-03', weekday: 'sun', minuteOfDay: 30 });
    expect(nextDate('2028-02-28')).toBe('2028-02-29');
    // Either side of the spring-forward and fall-back instants.
    expect(localParts(iso('2026-03-29T00:59:00Z'), 'Europe/Helsinki').minuteOfDay).toBe(2 * 60 + 59);
    expect(localParts(iso('2026-03-29T01:00:00Z'), 'Europe/Helsinki').minuteOfDay).toBe(4 * 60);
    expect(localParts(iso('2026-10-25T00:59:00Z'), 'Europe/Helsinki').minuteOfDay).toBe(3 * 60 + 59);
    expect(localParts(iso('2026-10-25T01:00:00Z'), 'Europe/Helsinki').minuteOfDay).toBe(3 * 60);
    expect(localParts(iso('2026-06-30T21:00:00Z'), 'Europe/Helsinki').month).toBe('2026-07');
  });
});

describe('opening hours', () => {
  it('accepts a span inside one interval and refuses one that crosses a close', () => {
    expect(withinOpeningHours(HOURS, { startsAtMs: iso('2026-06-01T06:00:00Z'), endsAtMs: iso('2026-06-01T17:00:00Z') })).toBe(true);
    expect(withinOpeningHours(HOURS, { startsAtMs: iso('2026-06-01T05:59:00Z'), endsAtMs: iso('2026-06-01T07:00:00Z') })).toBe(false);
    expect(withinOpeningHours(HOURS, { startsAtMs: iso('2026-06-01T16:00:00Z'), endsAtMs: iso('2026-06-01T17:00:01Z') })).toBe(false);
    // Saturday's lunch gap splits the day in two.
    expect(withinOpeningHours(HOURS, { startsAtMs: iso('2026-06-06T10:00:00Z'), endsAtMs: iso('2026-06-06T11:00:00Z') })).toBe(true);
    expect(withinOpeningHours(HOURS, { startsAtMs: iso('2026-06-06T10:00:00Z'), endsAtMs: iso('2026-06-06T12:30:00Z') })).toBe(false);
  });

  it('is closed on Sundays without hours and on listed closed dates', () => {
    expect(closingAfter(HOURS, iso('2026-06-07T09:00:00Z'))).toBeNull();
    expect(closingAfter(HOURS, iso('2026-12-24T09:00:00Z'))).toBeNull();
    expect(closingAfter(HOURS, iso('2026-12-23T09:00:00Z'))).toBe(iso('2026-12-23T18:00:00Z'));
  });

  it('joins intervals that touch, so a round-the-clock library does not close at midnight', () => {
    const allDay = [{ opens: '00:00', closes: '24:00' }];
    const always = { ...HOURS, closedDates: ['2026-12-24'], openingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } };
    // 22:03 to 00:03 Helsinki time crosses midnight: the CI failure of session 2.
    expect(withinOpeningHours(always, { startsAtMs: iso('2026-11-28T21:03:00Z'), endsAtMs: iso('2026-11-28T22:03:00Z') })).toBe(true);
    // Open until the closed date starts at local midnight.
    expect(closingAfter(always, iso('2026-12-20T09:00:00Z'))).toBe(iso('2026-12-23T22:00:00Z'));
    // Never closing is capped, not an endless loop.
    const forever = { ...always, closedDates: [] };
    expect(closingAfter(forever, iso('2026-06-01T09:00:00Z'))! - iso('2026-06-01T09:00:00Z')).toBeGreaterThan(60 * 86_400_000);
    const split = { ...HOURS, openingHours: { ...HOURS.openingHours, mon: [{ opens: '09:00', closes: '12:00' }, { opens: '12:00', closes: '20:00' }] } };
    expect(closingAfter(split, iso('2026-06-01T07:00:00Z'))).toBe(iso('2026-06-01T17:00:00Z'));
  });
});

describe('conflicts', () => {
  const existing = [
    booking(1, 'mk3', '2026-06-01T08:00:00Z', '2026-06-01T10:00:00Z'),
    booking(2, 'mk3', '2026-06-01T12:00:00Z', '2026-06-01T13:00:00Z', 123),
    booking(3, 'game-room', '2026-06-01T10:00:00Z', '2026-06-01T12:00:00Z'),
  ];

  it('treats bookings as half-open: touching is not overlapping', () => {
    expect(findConflict(existing, 'mk3', { startsAtMs: iso('2026-06-01T10:00:00Z'), endsAtMs: iso('2026-06-01T11:00:00Z') })).toBeNull();
    expect(findConflict(existing, 'mk3', { startsAtMs: iso('2026-06-01T09:59:00Z'), endsAtMs: iso('2026-06-01T11:00:00Z') })?.id).toBe(1);
    expect(findConflict(existing, 'mk3', { startsAtMs: iso('2026-06-01T07:00:00Z'), endsAtMs: iso('2026-06-01T11:00:00Z') })?.id).toBe(1);
  });

  it('ignores cancelled bookings and other resources when deciding whether a print may start', () => {
    expect(bookingBlocksStart(existing, 'mk3', iso('2026-06-01T11:00:00Z'), iso('2026-06-01T14:00:00Z'))).toBeNull();
    expect(bookingBlocksStart(existing, 'mk3', iso('2026-06-01T07:30:00Z'), iso('2026-06-01T08:30:00Z'))?.id).toBe(1);
    expect(bookingBlocksStart(existing, 'mini', iso('2026-06-01T07:30:00Z'), iso('2026-06-01T08:30:00Z'))).toBeNull();
  });
});
