import { clockMinutes, localParts, zonedMs } from './local-time.js';
/** Half-open intervals: a booking ending at 12:00 and one starting at 12:00 do not overlap. */
export function overlaps(a, b) {
    return a.startsAtMs < b.endsAtMs && b.startsAtMs < a.endsAtMs;
}
/** The first live booking of `resourceId` that overlaps the span, or null. */
export function findConflict(bookings, resourceId, span) {
    return bookings.find((b) => b.cancelledAtMs === null && b.resourceId === resourceId && overlaps(b, span)) ?? null;
}
/**
 * The booking that a print on `printerId` from `startMs` to `estimatedEndMs` would run into, or null
 * when the printer is free for the whole estimate.
 */
export function bookingBlocksStart(bookings, printerId, startMs, estimatedEndMs) {
    return findConflict(bookings, printerId, { startsAtMs: startMs, endsAtMs: estimatedEndMs });
}
/** When the opening interval containing `atMs` ends, or null when the library is closed at `atMs`. */
export function closingAfter(hours, atMs) {
    const local = localParts(atMs, hours.timeZone);
    if (hours.closedDates.includes(local.date))
        return null;
    for (const interval of hours.openingHours[local.weekday]) {
        const opensMs = zonedMs(local.date, clockMinutes(interval.opens), hours.timeZone);
        const closesMs = zonedMs(local.date, clockMinutes(interval.closes), hours.timeZone);
        if (opensMs <= atMs && atMs < closesMs)
            return closesMs;
    }
    return null;
}
/** The whole span lies inside one opening interval. */
export function withinOpeningHours(hours, span) {
    const closesMs = closingAfter(hours, span.startsAtMs);
    return closesMs !== null && span.endsAtMs <= closesMs;
}
//# sourceMappingURL=booking-rules.js.map