/** Workshops: an instructor opens one, shares the join code, and reviews its batch in one action. */
import { z } from 'zod';
import { idParams, reviewBody } from '../schemas.js';
const newWorkshopBody = z.strictObject({
    title: z.string().min(1).max(200),
    startsAtMs: z.number().int(),
    endsAtMs: z.number().int(),
    printerIds: z.array(z.string().max(32)).max(50).optional(),
    instructorId: z.number().int().positive().optional(),
});
const batchBody = z.strictObject({
    jobIds: z.array(z.number().int().positive()).max(500).optional(),
    note: z.string().max(2000).nullable().optional(),
});
export function registerWorkshopRoutes(api, ctx) {
    api.add({
        method: 'get', path: '/api/workshops', tag: 'workshops', access: 'user',
        summary: 'Workshops the caller runs (staff: all)',
        handle: ({ actor }) => ({ workshops: ctx.workshops.list(actor) }),
    });
    api.add({
        method: 'post', path: '/api/workshops', tag: 'workshops', access: 'user', body: newWorkshopBody, status: 201,
        summary: 'Open a workshop; the reply carries its join code',
        handle: ({ actor, body }) => ({ workshop: ctx.workshops.create(actor, body) }),
    });
    api.add({
        method: 'get', path: '/api/workshops/:id', tag: 'workshops', access: 'user', params: idParams,
        summary: 'One workshop',
        handle: ({ actor, params }) => ({ workshop: ctx.workshops.get(actor, params.id) }),
    });
    api.add({
        method: 'get', path: '/api/workshops/:id/jobs', tag: 'workshops', access: 'user', params: idParams,
        summary: "The workshop's batch in queue order",
        handle: ({ actor, params }) => ({ jobs: ctx.workshops.jobs(actor, params.id) }),
    });
    api.add({
        method: 'post', path: '/api/workshops/:id/approve', tag: 'workshops', access: 'user', params: idParams, body: batchBody,
        summary: 'Approve the named jobs, or all awaiting approval',
        handle: ({ actor, params, body }) => ctx.workshops.approveAll(actor, params.id, body.jobIds, body.note ?? null),
    });
    api.add({
        method: 'post', path: '/api/workshops/:id/reject', tag: 'workshops', access: 'user', params: idParams,
        body: reviewBody.extend({ jobIds: batchBody.shape.jobIds }),
        summary: 'Reject the named jobs, or all awaiting approval, with one reason',
        handle: ({ actor, params, body }) => ctx.workshops.rejectAll(actor, params.id, body.jobIds, body.reasonCode, body.note ?? null),
    });
    api.add({
        method: 'post', path: '/api/workshops/:id/priority', tag: 'workshops', access: 'user', params: idParams,
        body: z.strictObject({ priority: z.number().int().min(-1000).max(1000) }),
        summary: "Set the priority of all the workshop's waiting jobs",
        handle: ({ actor, params, body }) => ({ jobs: ctx.workshops.prioritise(actor, params.id, body.priority) }),
    });
    api.add({
        method: 'post', path: '/api/workshops/:id/order-by-material', tag: 'workshops', access: 'user', params: idParams,
        summary: 'Order the waiting jobs by material and colour, for fewer filament changes',
        handle: ({ actor, params }) => ({ jobs: ctx.workshops.orderByMaterial(actor, params.id) }),
    });
}
//# sourceMappingURL=workshops.routes.js.map