import { idParams } from '../schemas.js';
export function registerPrivacyRoutes(api, ctx) {
    api.add({
        method: 'get', path: '/api/users/:id/export', tag: 'privacy', access: 'user', params: idParams,
        summary: 'Everything held about a user as one JSON file (yourself, or anyone for staff)',
        handle: ({ res, actor, params }) => {
            const data = ctx.privacy.exportData(actor, params.id);
            res.attachment(`tulostamo-user-${params.id}.json`);
            return data;
        },
    });
    api.add({
        method: 'delete', path: '/api/users/:id', tag: 'privacy', access: 'user', params: idParams,
        summary: 'Delete a patron: name, card and e-mail are cleared, jobs kept anonymised (yourself, or staff)',
        handle: ({ actor, params }) => ({ user: ctx.privacy.anonymise(actor, params.id) }),
    });
}
//# sourceMappingURL=privacy.routes.js.map