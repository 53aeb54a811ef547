import { AppError } from '../core/errors.js';
import { forbidden } from '../jobs/job-policy.js';
import { withinOpeningHours } from './booking-rules.js';
import { renderCalendar } from './icalendar.js';
/** Feeds are public and anonymous: a plain reservation shows only that the slot is taken. */
const RESERVED_SUMMARY = 'Varattu / Bokad / Reserved';
const FEED_HISTORY_MS = 30 * 24 * 3_600_000;
export class ReservationService {
    deps;
    resourcesById;
    constructor(deps) {
        this.deps = deps;
        const all = [
            ...deps.printerIds.map((id) => ({ id, kind: 'printer', name: id })),
            ...deps.library.spaces.map((s) => ({ id: s.id, kind: 'space', name: s.name })),
        ];
        const byId = new Map(all.map((r) => [r.id, r]));
        if (byId.size !== all.length) {
            throw new AppError('config_invalid', 'a library space has the same id as a printer', 500, { ids: all.map((r) => r.id) });
        }
        this.resourcesById = byId;
    }
    resources() { return [...this.resourcesById.values()]; }
    resource(id, kind) {
        const r = this.resourcesById.get(id);
        if (!r || (kind && r.kind !== kind))
            throw new AppError('resource_not_found', `no bookable resource ${id}`, 404, { resourceId: id });
        return r;
    }
    list(actor, filter = {}) {
        if (filter.resourceId !== undefined)
            this.resource(filter.resourceId);
        return this.deps.bookings.list(filter).map((b) => this.view(actor, b));
    }
    create(actor, input) {
        const resource = this.resource(input.resourceId);
        const nowMs = this.deps.now();
        const span = { startsAtMs: input.startsAtMs, endsAtMs: input.endsAtMs };
        if (!(span.endsAtMs > span.startsAtMs)) {
            throw new AppError('invalid_booking_time', 'a booking must end after it starts', 422, span);
        }
        if (span.startsAtMs < nowMs)
            throw new AppError('booking_in_past', 'a booking cannot start in the past', 422, { ...span, nowMs });
        if (!withinOpeningHours(this.deps.library, span)) {
            throw new AppError('outside_opening_hours', 'the library is not open for the whole booking', 422, { ...span, timeZone: this.deps.library.timeZone });
        }
        let title = input.title?.trim() ?? '';
        const workshopId = input.workshopId ?? null;
        if (workshopId !== null) {
            if (actor.role === 'patron')
                throw forbidden('book_workshop_session');
            const workshop = this.deps.workshops.get(workshopId);
            if (!workshop)
                throw new AppError('workshop_not_found', `workshop ${workshopId} does not exist`, 404, { workshopId });
            title ||= workshop.title;
        }
        const booking = this.deps.bookings.insertIfFree({
            resourceId: resource.id, ...span, title, workshopId, bookedBy: actor.userId, externalRef: input.externalRef ?? null,
        }, nowMs);
        this.deps.bus.emit('booking:created', { booking });
        return this.view(actor, booking);
    }
    cancel(actor, id) {
        const booking = this.deps.bookings.get(id);
        if (!booking)
            throw new AppError('booking_not_found', `booking ${id} does not exist`, 404, { bookingId: id });
        if (actor.role !== 'staff' && booking.bookedBy !== actor.userId)
            throw forbidden('booking_cancel');
        if (booking.cancelledAtMs !== null)
            return this.view(actor, booking);
        const cancelled = this.deps.bookings.cancel(id, this.deps.now());
        this.deps.bus.emit('booking:cancelled', { booking: cancelled });
        return this.view(actor, cancelled);
    }
    /** The resource's iCalendar feed: the last 30 days and everything ahead. */
    calendar(resourceId, kind) {
        const resource = this.resource(resourceId, kind);
        const nowMs = this.deps.now();
        const events = this.deps.bookings.list({ resourceId, fromMs: nowMs - FEED_HISTORY_MS }).map((b) => ({
            uid: `booking-${b.id}@tulostamo`, startsAtMs: b.startsAtMs, endsAtMs: b.endsAtMs,
            summary: b.workshopId !== null && b.title ? b.title : RESERVED_SUMMARY,
        }));
        return renderCalendar({ name: `Tulostamo: ${resource.name}`, events, nowMs });
    }
    view(actor, b) {
        if (actor.role === 'staff' || actor.userId === b.bookedBy)
            return b;
        return { ...b, bookedBy: null, title: b.workshopId !== null ? b.title : '', externalRef: null };
    }
}
//# sourceMappingURL=reservation-service.js.map