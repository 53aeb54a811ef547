/** The pickup shelf: staff say where a finished print waits; the patron reads where and until when. */
import { z } from 'zod';
import { idParams } from '../schemas.js';
export function registerPickupRoutes(api, ctx) {
    api.add({
        method: 'post', path: '/api/jobs/:id/pickup-location', tag: 'pickup', access: 'user', params: idParams,
        body: z.strictObject({ location: z.string().max(200) }),
        summary: 'Say which shelf or box a finished print waits in (staff); recorded as a `pickup_located` event',
        handle: ({ actor, params, body }) => ({ job: ctx.jobs.setPickupLocation(actor, params.id, body.location) }),
    });
    api.add({
        method: 'get', path: '/api/jobs/:id/pickup', tag: 'pickup', access: 'user', params: idParams,
        summary: 'Where a finished print waits, since when, until when, and how many reminders were sent',
        handle: ({ actor, params }) => ({ pickup: ctx.pickup.status(actor, params.id) }),
    });
}
//# sourceMappingURL=pickup.routes.js.map