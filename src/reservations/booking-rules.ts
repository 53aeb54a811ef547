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

/** When the opening interval containing `atMs` ends, or null when the library is closed at `atMs`. */
export function closingAfter(hours: Hours, atMs: number): number | null {
  const local = localParts(atMs, hours.timeZone);
  if (hours.closedDates.includes(local.date)) return null;
  for (const interval of hours.openingHours[local.weekday]) {
    const opensMs = zonedMs(local.date, clockMinutes(interval.opens), hours.timeZone);
    const closesMs = zonedMs(local.date, clockMinutes(interval.closes), hours.timeZone);
    if (opensMs <= atMs && atMs < closesMs) return closesMs;
  }
  return null;
}

/** The whole span lies inside one opening interval. */
export function withinOpeningHours(hours: Hours, span: Span): boolean {
  const closesMs = closingAfter(hours, span.startsAtMs);
  return closesMs !== null && span.endsAtMs <= closesMs;
}
