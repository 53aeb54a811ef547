/** The queue as a whole: the anonymised lobby board and the staff's queue settings. */
import { z } from 'zod';
import { canDo, forbidden } from '../../jobs/job-policy.js';
const settingsBody = z.strictObject({
    instructorsApproveAll: z.boolean().optional(),
    autoStart: z.boolean().optional(),
    preferLoadedMaterial: z.boolean().optional(),
});
export function registerQueueRoutes(api, ctx) {
    api.addPublic({
        method: 'get', path: '/api/queue/public', tag: 'queue', access: 'public',
        summary: 'The anonymised queue for the lobby board: job number, state, place in line, ETA',
        handle: () => ({ queue: ctx.jobs.publicQueue(ctx.printers.list().length) }),
    });
    api.add({
        method: 'get', path: '/api/queue/settings', tag: 'queue', access: 'user', summary: 'Queue settings',
        handle: () => ({ settings: ctx.settings.all() }),
    });
    api.add({
        method: 'patch', path: '/api/queue/settings', tag: 'queue', access: 'user', body: settingsBody,
        summary: 'Change queue settings (staff)',
        handle: ({ actor, body }) => {
            if (!canDo(actor, 'settings_manage'))
                throw forbidden('settings_manage');
            const settings = ctx.settings.update(body);
            // instructorsApproveAll changes which jobs an instructor's list shows.
            ctx.readCache.invalidate();
            return { settings };
        },
    });
}
//# sourceMappingURL=queue.routes.js.map