/** The library's print rules as configured, and patrons' training records. */
import { z } from 'zod';
import { idParams, noteBody } from '../schemas.js';
const recordParams = z.strictObject({ id: z.coerce.number().int().positive(), recordId: z.coerce.number().int().positive() });
export function registerPolicyRoutes(api, ctx) {
    api.add({
        method: 'get', path: '/api/policies', tag: 'policies', access: 'user',
        summary: 'The rules uploads and starts are checked against (limits, materials, hours, pickup, retention)',
        handle: () => ({ policies: ctx.policies.rules }),
    });
    api.add({
        method: 'get', path: '/api/users/:id/training', tag: 'policies', access: 'user', params: idParams,
        summary: "A patron's training records (their own, or anyone's for staff and instructors)",
        handle: ({ actor, params }) => ({ training: ctx.training.records(actor, params.id) }),
    });
    api.add({
        method: 'post', path: '/api/users/:id/training', tag: 'policies', access: 'user', params: idParams, body: noteBody,
        status: 201, summary: 'Mark a patron trained (staff or instructor)',
        handle: ({ actor, params, body }) => ({ training: ctx.training.markTrained(actor, params.id, body.note ?? null) }),
    });
    api.add({
        method: 'delete', path: '/api/users/:id/training/:recordId', tag: 'policies', access: 'user', params: recordParams,
        summary: 'Withdraw a training record entered by mistake (staff)',
        handle: ({ actor, params }) => ({ training: ctx.training.withdraw(actor, params.id, params.recordId) }),
    });
}
//# sourceMappingURL=policies.routes.js.map