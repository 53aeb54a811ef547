/** Notification preferences (the language of a user's e-mails) and the staff's webhook delivery log. */
import { z } from 'zod';
import { LANGUAGES } from '../../notifications/notification-kinds.js';
const languageQuery = z.strictObject({ userId: z.coerce.number().int().positive().optional() });
const languageBody = z.strictObject({ language: z.enum(LANGUAGES), userId: z.number().int().positive().optional() });
const logQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
export function registerNotificationRoutes(api, ctx) {
    api.add({
        method: 'get', path: '/api/notifications/language', tag: 'notifications', access: 'user', query: languageQuery,
        summary: 'The language (fi, sv, en) of the caller’s e-mails, or a user’s for staff',
        handle: ({ actor, query }) => ({ language: ctx.notifications.language(actor, query.userId) }),
    });
    api.add({
        method: 'put', path: '/api/notifications/language', tag: 'notifications', access: 'user', body: languageBody,
        summary: 'Set the language of the caller’s e-mails (staff: any user’s)',
        handle: ({ actor, body }) => ({ language: ctx.notifications.setLanguage(actor, body.language, body.userId) }),
    });
    api.add({
        method: 'get', path: '/api/notifications/webhook-deliveries', tag: 'notifications', access: 'user', query: logQuery,
        summary: 'Webhook delivery log, newest first (staff)',
        handle: ({ actor, query }) => ({ deliveries: ctx.notifications.webhookDeliveries(actor, query.limit) }),
    });
}
//# sourceMappingURL=notifications.routes.js.map