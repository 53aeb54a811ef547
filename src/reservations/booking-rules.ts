/**
 * When a resource is free and when the library is open. Pure: bookings, hours and instants are
 * arguments. The dispatcher may call `bookingBlocksStart` and `closingAfter` before starting a job.
 */
import type { LibraryConfig } from '../config/config.js';
import type { Booking } from './booking-types.js';
import { clockMinutes, localParts, zonedMs } from './local-time.js';

type Span = Pick<Booking, 'startsAtMs' | 'endsAtMs'>;
type Active = Pick<Booking, 'resourceId' | 'startsAtMs' | 'endsAtMs' | 'cancelledAtMs'>;

/** Half-open intervals: a booking ending at 12:00 and one starting at 12:00 do not overlap. */
export function overlaps(a: Span, b: Span): boolean {
  return a.startsAtMs < b.endsAtMs && b.startsAtMs < a.endsAtMs;
}

/** The first live booking of `resourceId` that overlaps the span, or null. */
export function findConflict<B extends Active>(bookings: readonly B[], resourceId: string, span: Span): B | null {
  return bookings.find((b) => b.cancelledAtMs === null && b.resourceId === resourceId && overlaps(b, span)) ?? null;
}

/**
 * The booking that a print on `printerId` from `startMs` to `estimatedEndMs` would run into, or null
 * when the printer is free for the whole estimate.
 */
export function bookingBlocksStart<B extends Active>(bookings: readonly B[], printerId: string, startMs: number, estimatedEndMs: number): B | null {
  return findConflict(bookings, printerId, { startsAtMs: startMs, endsAtMs: estimatedEndMs });
}

type Hours = Pick<LibraryConfig, 'timeZone' | 'openingHours' | 'closedDates'>;

function intervalEnd(hours: Hours, atMs: number): number | null {
  const local = localParts(atMs, hours.timeZone);
  if (hours.closedDates.includes(local.date)) return null;
  for (const interval of hours.openingHours[local.weekday]) {
    const opensMs = zonedMs(local.date, clockMinutes(interval.opens), hours.timeZone);
    const closesMs = zonedMs(local.date, clockMinutes(interval.closes), hours.timeZone);
    if (opensMs <= atMs && atMs < closesMs) return closesMs;
  }
  return null;
}

// A library open round the clock writes 00:00–24:00 for every day; a closing that the next interval
// reopens at the same instant is no closing. A cap keeps "always open" from looping forever.
const MAX_JOINED_INTERVALS = 62;

/**
 * When the library next closes after `atMs`, or null when it is closed at `atMs`. Intervals that touch
 * (a day's 24:00 and the next day's 00:00, or 12:00–14:00 then 14:00–16:00) count as one opening.
 */
export function closingAfter(hours: Hours, atMs: number): number | null {
  let closesMs = intervalEnd(hours, atMs);
  for (let joined = 0; closesMs !== null && joined < MAX_JOINED_INTERVALS; joined++) {
    const next = intervalEnd(hours, closesMs);
    if (next === null) break;
    closesMs = next;
  }
  return closesMs;
}

/** The whole span lies inside one opening (touching intervals joined). */
export function withinOpeningHours(hours: Hours, span: Span): boolean {
  const closesMs = closingAfter(hours, span.startsAtMs);
  return closesMs !== null && span.endsAtMs <= closesMs;
}
