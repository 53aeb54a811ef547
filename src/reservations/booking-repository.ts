/** SQL for bookings; a new booking is checked against the live ones inside the same write transaction. */
import { AppError } from '../core/errors.js';
import { transaction, type Db } from '../storage/db.js';
import { findConflict } from './booking-rules.js';
import type { Booking, NewBooking } from './booking-types.js';

interface BookingRow {
  id: number; resource_id: string; starts_at_ms: number; ends_at_ms: number; title: string; workshop_id: number | null;
  booked_by: number | null; external_ref: string | null; created_at_ms: number; cancelled_at_ms: number | null;
}

function toBooking(r: BookingRow): Booking {
  return {
    id: r.id, resourceId: r.resource_id, startsAtMs: r.starts_at_ms, endsAtMs: r.ends_at_ms, title: r.title,
    workshopId: r.workshop_id, bookedBy: r.booked_by, externalRef: r.external_ref, createdAtMs: r.created_at_ms,
    cancelledAtMs: r.cancelled_at_ms,
  };
}

export interface BookingFilter { resourceId?: string; bookedBy?: number; fromMs?: number; toMs?: number; includeCancelled?: boolean }

export class BookingRepository {
  constructor(private readonly db: Db) {}

  /** Refuses with `booking_conflict` (409) when a live booking of the resource overlaps. */
  insertIfFree(input: NewBooking, nowMs: number): Booking {
    return transaction(this.db, () => {
      const near = this.list({ resourceId: input.resourceId, fromMs: input.startsAtMs, toMs: input.endsAtMs });
      const clash = findConflict(near, input.resourceId, input);
      if (clash) {
        throw new AppError('booking_conflict', `${input.resourceId} is already booked at that time`, 409,
          { resourceId: input.resourceId, conflictingBookingId: clash.id, startsAtMs: clash.startsAtMs, endsAtMs: clash.endsAtMs });
      }
      const info = this.db.prepare(`INSERT INTO bookings (resource_id, starts_at_ms, ends_at_ms, title, workshop_id, booked_by, external_ref, created_at_ms)
        VALUES (@resourceId, @startsAtMs, @endsAtMs, @title, @workshopId, @bookedBy, @externalRef, @nowMs)`).run({ ...input, nowMs });
      return this.get(Number(info.lastInsertRowid))!;
    });
  }

  get(id: number): Booking | null {
    const row = this.db.prepare('SELECT * FROM bookings WHERE id = ?').get(id) as BookingRow | undefined;
    return row ? toBooking(row) : null;
  }

  /** By start time; `fromMs`/`toMs` keep the bookings that overlap that span. */
  list(filter: BookingFilter = {}): Booking[] {
    const where: string[] = [];
    if (!filter.includeCancelled) where.push('cancelled_at_ms IS NULL');
    if (filter.resourceId !== undefined) where.push('resource_id = @resourceId');
    if (filter.bookedBy !== undefined) where.push('booked_by = @bookedBy');
    if (filter.fromMs !== undefined) where.push('ends_at_ms > @fromMs');
    if (filter.toMs !== undefined) where.push('starts_at_ms < @toMs');
    const sql = `SELECT * FROM bookings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY starts_at_ms, id`;
    return (this.db.prepare(sql).all(filter) as BookingRow[]).map(toBooking);
  }

  /** A deleted patron's bookings keep their slots (and the city's reference) but no longer say who or why. */
  anonymiseBookedBy(userId: number): number {
    return this.db.prepare("UPDATE bookings SET booked_by = NULL, title = '' WHERE booked_by = ?").run(userId).changes;
  }

  /** Keeps the row; a second cancel leaves the first time in place. */
  cancel(id: number, nowMs: number): Booking | null {
    this.db.prepare('UPDATE bookings SET cancelled_at_ms = COALESCE(cancelled_at_ms, ?) WHERE id = ?').run(nowMs, id);
    return this.get(id);
  }
}
