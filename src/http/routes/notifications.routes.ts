/** Notification preferences (the language of a user's e-mails), the e-mail templates, and the staff's webhook delivery log. */
import { z } from 'zod';
import { LANGUAGES, NOTIFICATION_KINDS } from '../../notifications/notification-kinds.js';
import type { ApiContext, Api } from '../api-context.js';

const languageQuery = z.strictObject({ userId: z.coerce.number().int().positive().optional() });
const languageBody = z.strictObject({ language: z.enum(LANGUAGES), userId: z.number().int().positive().optional() });
const templateParams = z.strictObject({ language: z.enum(LANGUAGES), kind: z.enum(NOTIFICATION_KINDS) });
const templateBody = z.strictObject({ text: z.string().min(1).max(20_000) });
const logQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export function registerNotificationRoutes(api: Api, ctx: ApiContext): void {
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

  api.add({
    method: 'get', path: '/api/notifications/templates', tag: 'notifications', access: 'user',
    summary: 'Every e-mail template (kind × language): the text in use, whether staff edited it, and the placeholders (staff)',
    handle: ({ actor }) => ctx.templates.list(actor),
  });

  api.add({
    method: 'put', path: '/api/notifications/templates/:language/:kind', tag: 'notifications', access: 'user',
    params: templateParams, body: templateBody,
    summary: 'Replace an e-mail template; refused with template_invalid or template_unknown_placeholder (staff)',
    handle: ({ actor, params, body }) => ({ template: ctx.templates.update(actor, params.language, params.kind, body.text) }),
  });

  api.add({
    method: 'delete', path: '/api/notifications/templates/:language/:kind', tag: 'notifications', access: 'user',
    params: templateParams,
    summary: 'Restore the built-in e-mail template (staff)',
    handle: ({ actor, params }) => ({ template: ctx.templates.restore(actor, params.language, params.kind) }),
  });
}
