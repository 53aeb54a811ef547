/**
 * Bookings of printers and the library's spaces, for staff, patrons and (by API key) the city's
 * reservation system. Checks who asks, the opening hours and the resource; the repository refuses overlaps.
 *
 *   resources() · list(actor, filter) · create(actor, input) · cancel(actor, id) · calendar(resourceId)
 */
import type { LibraryConfig } from '../config/config.js';
import { AppError } from '../core/errors.js';
import type { EventBus } from '../core/event-bus.js';
import { forbidden } from '../jobs/job-policy.js';
import type { WorkshopRepository } from '../jobs/workshop-repository.js';
import type { Actor } from '../users/user-types.js';
import type { BookingFilter, BookingRepository } from './booking-repository.js';
import { withinOpeningHours } from './booking-rules.js';
import type { Booking, ReservationEvents, Resource } from './booking-types.js';
import { renderCalendar } from './icalendar.js';

export interface BookingInput {
  resourceId: string;
  startsAtMs: number;
  endsAtMs: number;
  title?: string;
  workshopId?: number | null;
  externalRef?: string | null;
}

/**
 * What a caller sees of a booking: who booked it, its free-text title and external reference only for
 * staff and the booker, since a title may name a person; workshop titles are public.
 */
export type BookingView = Omit<Booking, 'bookedBy'> & { bookedBy: number | null };

/** Feeds are public and anonymous: a plain reservation shows only that the slot is taken. */
const RESERVED_SUMMARY = 'Varattu / Bokad / Reserved';
const FEED_HISTORY_MS = 30 * 24 * 3_600_000;

export interface ReservationDeps {
  bookings: BookingRepository;
  workshops: WorkshopRepository;
  library: LibraryConfig;
  printerIds: readonly string[];
  bus: EventBus<ReservationEvents>;
  now: () => number;
}

export class ReservationService {
  private readonly resourcesById: ReadonlyMap<string, Resource>;

  constructor(private readonly deps: ReservationDeps) {
    const all: Resource[] = [
      ...deps.printerIds.map((id): Resource => ({ id, kind: 'printer', name: id })),
      ...deps.library.spaces.map((s): Resource => ({ id: s.id, kind: 'space', name: s.name })),
    ];
    const byId = new Map(all.map((r) => [r.id, r]));
    if (byId.size !== all.length) {
      throw new AppError('config_invalid', 'a library space has the same id as a printer', 500, { ids: all.map((r) => r.id) });
    }
    this.resourcesById = byId;
  }

  resources(): Resource[] { return [...this.resourcesById.values()]; }

  resource(id: string, kind?: Resource['kind']): Resource {
    const r = this.resourcesById.get(id);
    if (!r || (kind && r.kind !== kind)) throw new AppError('resource_not_found', `no bookable resource ${id}`, 404, { resourceId: id });
    return r;
  }

  list(actor: Actor, filter: BookingFilter = {}): BookingView[] {
    if (filter.resourceId !== undefined) this.resource(filter.resourceId);
    return this.deps.bookings.list(filter).map((b) => this.view(actor, b));
  }

  create(actor: Actor, input: BookingInput): BookingView {
    const resource = this.resource(input.resourceId);
    const nowMs = this.deps.now();
    const span = { startsAtMs: input.startsAtMs, endsAtMs: input.endsAtMs };
    if (!(span.endsAtMs > span.startsAtMs)) {
      throw new AppError('invalid_booking_time', 'a booking must end after it starts', 422, span);
    }
    if (span.startsAtMs < nowMs) throw new AppError('booking_in_past', 'a booking cannot start in the past', 422, { ...span, nowMs });
    if (!withinOpeningHours(this.deps.library, span)) {
      throw new AppError('outside_opening_hours', 'the library is not open for the whole booking', 422,
        { ...span, timeZone: this.deps.library.timeZone });
    }
    let title = input.title?.trim() ?? '';
    const workshopId = input.workshopId ?? null;
    if (workshopId !== null) {
      if (actor.role === 'patron') throw forbidden('book_workshop_session');
      const workshop = this.deps.workshops.get(workshopId);
      if (!workshop) throw new AppError('workshop_not_found', `workshop ${workshopId} does not exist`, 404, { workshopId });
      title ||= workshop.title;
    }
    const booking = this.deps.bookings.insertIfFree({
      resourceId: resource.id, ...span, title, workshopId, bookedBy: actor.userId, externalRef: input.externalRef ?? null,
    }, nowMs);
    this.deps.bus.emit('booking:created', { booking });
    return this.view(actor, booking);
  }

  cancel(actor: Actor, id: number): BookingView {
    const booking = this.deps.bookings.get(id);
    if (!booking) throw new AppError('booking_not_found', `booking ${id} does not exist`, 404, { bookingId: id });
    if (actor.role !== 'staff' && booking.bookedBy !== actor.userId) throw forbidden('booking_cancel');
    if (booking.cancelledAtMs !== null) return this.view(actor, booking);
    const cancelled = this.deps.bookings.cancel(id, this.deps.now())!;
    this.deps.bus.emit('booking:cancelled', { booking: cancelled });
    return this.view(actor, cancelled);
  }

  /** The resource's iCalendar feed: the last 30 days and everything ahead. */
  calendar(resourceId: string, kind?: Resource['kind']): string {
    const resource = this.resource(resourceId, kind);
    const nowMs = this.deps.now();
    const events = this.deps.bookings.list({ resourceId, fromMs: nowMs - FEED_HISTORY_MS }).map((b) => ({
      uid: `booking-${b.id}@tulostamo`, startsAtMs: b.startsAtMs, endsAtMs: b.endsAtMs,
      summary: b.workshopId !== null && b.title ? b.title : RESERVED_SUMMARY,
    }));
    return renderCalendar({ name: `Tulostamo: ${resource.name}`, events, nowMs });
  }

  private view(actor: Actor, b: Booking): BookingView {
    if (actor.role === 'staff' || actor.userId === b.bookedBy) return b;
    return { ...b, bookedBy: null, title: b.workshopId !== null ? b.title : '', externalRef: null };
  }
}
