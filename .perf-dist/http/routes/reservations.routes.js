import { z } from 'zod';
import { idParams, printerIdParams } from '../schemas.js';
const listQuery = z.strictObject({
    resourceId: z.string().max(32).optional(),
    fromMs: z.coerce.number().int().optional(),
    toMs: z.coerce.number().int().optional(),
});
const bookingBody = z.strictObject({
    resourceId: z.string().min(1).max(32),
    startsAtMs: z.number().int(),
    endsAtMs: z.number().int(),
    title: z.string().max(200).optional(),
    workshopId: z.number().int().positive().nullable().optional(),
    externalRef: z.string().max(200).nullable().optional(),
});
// The feed is built before any header is set, so a 404 still goes out as the API's JSON error.
function sendCalendar(res, ics) {
    res.type('text/calendar; charset=utf-8').send(ics);
    return undefined;
}
export function registerReservationRoutes(api, ctx) {
    api.add({
        method: 'get', path: '/api/resources', tag: 'reservations', access: 'user',
        summary: 'Bookable resources: every printer and the spaces the library lists',
        handle: () => ({ resources: ctx.reservations.resources() }),
    });
    api.add({
        method: 'get', path: '/api/bookings', tag: 'reservations', access: 'user', query: listQuery,
        summary: 'Live bookings by start time, optionally of one resource and overlapping fromMs…toMs',
        handle: ({ actor, query }) => ({ bookings: ctx.reservations.list(actor, query) }),
    });
    api.add({
        method: 'post', path: '/api/bookings', tag: 'reservations', access: 'user', body: bookingBody, status: 201,
        summary: 'Book a resource; 409 booking_conflict on overlap, 422 outside_opening_hours',
        handle: ({ actor, body }) => ({ booking: ctx.reservations.create(actor, body) }),
    });
    api.add({
        method: 'delete', path: '/api/bookings/:id', tag: 'reservations', access: 'user', params: idParams,
        summary: 'Cancel a booking (its booker or staff); the row is kept, marked cancelled',
        handle: ({ actor, params }) => ({ booking: ctx.reservations.cancel(actor, params.id) }),
    });
    api.addPublic({
        method: 'get', path: '/api/resources/:id/calendar.ics', tag: 'reservations', access: 'public', params: printerIdParams,
        summary: "The resource's bookings as an iCalendar feed (RFC 5545)",
        handle: ({ params, res }) => sendCalendar(res, ctx.reservations.calendar(params.id)),
    });
    api.addPublic({
        method: 'get', path: '/api/printers/:id/calendar.ics', tag: 'reservations', access: 'public', params: printerIdParams,
        summary: "The printer's bookings as an iCalendar feed (RFC 5545)",
        handle: ({ params, res }) => sendCalendar(res, ctx.reservations.calendar(params.id, 'printer')),
    });
}
//# sourceMappingURL=reservations.routes.js.map