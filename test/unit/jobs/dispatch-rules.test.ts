import { describe, expect, it } from 'vitest';
import { isCompatible, pickNextJob, slotRefusal, startBlocker } from '../../../src/jobs/dispatch-rules.js';
import type { Job } from '../../../src/jobs/job-types.js';
import type { Booking } from '../../../src/reservations/booking-types.js';

let nextId = 1;
function job(over: Partial<Job> = {}): Job {
  const id = nextId++;
  return {
    id, ownerId: 1, ownerDisplayName: 'A', ownerRole: 'patron', workshopId: null, workshopInstructorId: null, state: 'approved',
    originalFilename: `j${id}.gcode`, fileSha256: 'a'.repeat(64), fileSizeBytes: 10, fileKind: 'gcode', gcodeSha256: 'a'.repeat(64),
    printerId: null, material: null, colour: null, preset: null, analysis: null, hasPreview: false, priority: 0, position: id, progress: null,
    submittedAtMs: 0, updatedAtMs: 0, version: 1, pickupLocation: null, filesDeletedAtMs: null, patronNote: null, ...over,
  };
}
const noWorkshops = () => [];

describe('startBlocker', () => {
  it('starts only on an idle printer with a cleared bed and no start under way', () => {
    expect(startBlocker('idle', 'cleared', false)).toBeNull();
    expect(startBlocker('idle', 'unknown', false)).toBe('bed_not_cleared');
    expect(startBlocker('idle', 'occupied', false)).toBe('bed_not_cleared');
    for (const s of ['printing', 'paused', 'disconnected', 'error', 'connecting', 'cancelling', 'pausing'] as const) {
      expect(startBlocker(s, 'cleared', false)).toBe('printer_not_idle');
    }
    expect(startBlocker('idle', 'cleared', true)).toBe('printer_busy');
  });
});

describe('isCompatible', () => {
  it('needs an approved job with G-code, for this printer or any, within its workshop printers', () => {
    expect(isCompatible(job(), 'mk3', noWorkshops)).toBe(true);
    expect(isCompatible(job({ state: 'awaiting_approval' }), 'mk3', noWorkshops)).toBe(false);
    expect(isCompatible(job({ gcodeSha256: null, fileKind: 'stl' }), 'mk3', noWorkshops)).toBe(false);
    expect(isCompatible(job({ printerId: 'ender' }), 'mk3', noWorkshops)).toBe(false);
    expect(isCompatible(job({ printerId: 'mk3' }), 'mk3', noWorkshops)).toBe(true);
    const onlyEnder = () => ['ender'];
    expect(isCompatible(job({ workshopId: 7 }), 'mk3', onlyEnder)).toBe(false);
    expect(isCompatible(job({ workshopId: 7 }), 'ender', onlyEnder)).toBe(true);
  });
});

describe('pickNextJob', () => {
  const printer = { printerId: 'mk3', loadedMaterial: 'PETG' };

  it('takes the first compatible job in queue order', () => {
    const a = job({ printerId: 'ender' });
    const b = job();
    const c = job();
    expect(pickNextJob([a, b, c], printer, noWorkshops, false)?.id).toBe(b.id);
    expect(pickNextJob([a], printer, noWorkshops, false)).toBeNull();
  });

  it('prefers the loaded material within the head priority, never past a higher priority', () => {
    const urgentPla = job({ priority: 5, material: 'PLA' });
    const pla = job({ material: 'PLA' });
    const petg = job({ material: 'petg ' });
    expect(pickNextJob([pla, petg], printer, noWorkshops, true)?.id).toBe(petg.id);
    expect(pickNextJob([pla, petg], printer, noWorkshops, false)?.id).toBe(pla.id);
    expect(pickNextJob([urgentPla, pla, petg], printer, noWorkshops, true)?.id).toBe(urgentPla.id);
    expect(pickNextJob([pla, petg], { printerId: 'mk3', loadedMaterial: null }, noWorkshops, true)?.id).toBe(pla.id);
  });
});

describe('slotRefusal', () => {
  // Friday 15 January 2027 in Helsinki (UTC+2); the library is open 08:00–16:00, and shut on a holiday.
  const hours = {
    timeZone: 'Europe/Helsinki', closedDates: ['2027-01-16'],
    openingHours: { mon: [], tue: [], wed: [], thu: [], fri: [{ opens: '08:00', closes: '16:00' }], sat: [{ opens: '10:00', closes: '14:00' }], sun: [] },
  };
  const at = (hh: number, mm = 0, day = 15) => Date.UTC(2027, 0, day, hh - 2, mm);
  const MIN = 60_000;
  const booking = (over: Partial<Booking>): Booking => ({
    id: 9, resourceId: 'mk3', startsAtMs: at(13), endsAtMs: at(14), title: '', workshopId: null, bookedBy: 1, externalRef: null,
    createdAtMs: 0, cancelledAtMs: null, ...over,
  });
  const bookings = [booking({}), booking({ id: 10, resourceId: 'ender', startsAtMs: at(12), endsAtMs: at(13) }),
    booking({ id: 11, startsAtMs: at(12), endsAtMs: at(13), cancelledAtMs: 1 })];

  it('lets a print run up to the start of the next booking of its printer, not into it', () => {
    expect(slotRefusal(bookings, hours, 'mk3', at(12), at(13))).toBeNull();
    expect(slotRefusal(bookings, hours, 'mk3', at(12), at(13) + 1)).toEqual({
      code: 'printer_booked', params: { printerId: 'mk3', bookingId: 9, bookedFromMs: at(13), bookedUntilMs: at(14) },
    });
    expect(slotRefusal(bookings, hours, 'mk3', at(13, 30), at(13, 30) + 1)?.code).toBe('printer_booked');
    expect(slotRefusal(bookings, hours, 'mk3', at(14), at(15))).toBeNull();
  });

  it('refuses a print that would end after the opening interval it starts in closes', () => {
    expect(slotRefusal([], hours, 'mk3', at(15), at(16))).toBeNull();
    expect(slotRefusal([], hours, 'mk3', at(15), at(16) + MIN)).toEqual({
      code: 'past_closing_time', params: { printerId: 'mk3', closesAtMs: at(16), estimatedEndMs: at(16) + MIN },
    });
    expect(slotRefusal([], hours, 'mk3', at(13, 30, 23), at(15, 0, 23))).toMatchObject({ code: 'past_closing_time', params: { closesAtMs: at(14, 0, 23) } });
  });

  it('has no closing time to run past while the library is shut, on a holiday or at night', () => {
    expect(slotRefusal([], hours, 'mk3', at(11, 0, 16), at(20, 0, 16))).toBeNull();
    expect(slotRefusal([], hours, 'mk3', at(17), at(23))).toBeNull();
    expect(slotRefusal([], hours, 'mk3', at(11, 0, 17), at(20, 0, 17))).toBeNull();
  });
});
