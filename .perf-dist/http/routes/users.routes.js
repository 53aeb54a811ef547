/** People: staff manage accounts; anyone manages their own API keys; the desk registers patrons. */
import { z } from 'zod';
import { ROLES } from '../../users/user-types.js';
import { idParams } from '../schemas.js';
const newUserBody = z.strictObject({
    role: z.enum(ROLES),
    username: z.string().min(1).max(64),
    displayName: z.string().max(120).optional(),
    secret: z.string().min(1).max(1024),
    email: z.string().max(254).nullable().optional(),
    cardNumber: z.string().max(32).nullable().optional(),
});
const registerBody = z.strictObject({
    displayName: z.string().min(1).max(120),
    cardNumber: z.string().max(32).nullable().optional(),
    email: z.string().max(254).nullable().optional(),
    pin: z.string().min(1).max(16),
});
const keyParams = z.strictObject({ id: z.coerce.number().int().positive(), keyId: z.coerce.number().int().positive() });
export function registerUserRoutes(api, ctx) {
    api.add({
        method: 'get', path: '/api/users', tag: 'users', access: 'user', summary: 'All accounts (staff)',
        handle: ({ actor }) => ({ users: ctx.users.list(actor) }),
    });
    api.add({
        method: 'post', path: '/api/users', tag: 'users', access: 'user', body: newUserBody, status: 201,
        summary: 'Create an account (staff)',
        handle: async ({ actor, body }) => ({ user: await ctx.users.createUser(actor, body) }),
    });
    api.addPublic({
        method: 'post', path: '/api/users/register', tag: 'users', access: 'public', body: registerBody, status: 201,
        summary: 'A patron registers at the desk with a name, a library card number or e-mail, and a PIN',
        handle: async ({ body }) => ({ user: await ctx.users.registerPatron(body) }),
    });
    api.add({
        method: 'get', path: '/api/users/:id', tag: 'users', access: 'user', params: idParams,
        summary: 'One account (yourself, or anyone for staff)',
        handle: ({ actor, params }) => ({ user: ctx.users.get(actor, params.id) }),
    });
    api.add({
        method: 'post', path: '/api/users/:id/disabled', tag: 'users', access: 'user', params: idParams,
        body: z.strictObject({ disabled: z.boolean() }),
        summary: 'Disable or re-enable an account (staff); disabling ends its sessions',
        handle: ({ actor, params, body }) => ({ user: ctx.users.setDisabled(actor, params.id, body.disabled) }),
    });
    api.add({
        method: 'get', path: '/api/users/:id/api-keys', tag: 'users', access: 'user', params: idParams,
        summary: "A user's API keys (without the secrets)",
        handle: ({ actor, params }) => ({ apiKeys: ctx.users.apiKeys(actor, params.id) }),
    });
    api.add({
        method: 'post', path: '/api/users/:id/api-keys', tag: 'users', access: 'user', params: idParams, status: 201,
        body: z.strictObject({ label: z.string().max(80).optional() }),
        summary: 'Create an API key; the key is shown in this reply only',
        handle: ({ actor, params, body }) => {
            const { key, record } = ctx.users.createApiKey(actor, params.id, body.label ?? '');
            return { key, apiKey: record };
        },
    });
    api.add({
        method: 'delete', path: '/api/users/:id/api-keys/:keyId', tag: 'users', access: 'user', params: keyParams,
        summary: 'Revoke an API key',
        handle: ({ actor, params }) => {
            ctx.users.revokeApiKey(actor, params.id, params.keyId);
            return { revoked: true };
        },
    });
}
//# sourceMappingURL=users.routes.js.map