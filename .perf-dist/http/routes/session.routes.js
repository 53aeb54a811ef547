/** Sign-in and sign-out; the session token travels only in an httpOnly cookie, the CSRF token in the body. */
import { z } from 'zod';
import { SESSION_COOKIE, clearSessionCookie, sessionCookieOptions } from '../request-auth.js';
const loginBody = z.strictObject({
    username: z.string().min(1).max(128),
    /** A password, or a patron's PIN. */
    password: z.string().min(1).max(1024),
});
export function registerSessionRoutes(api, ctx) {
    api.addPublic({
        method: 'post', path: '/api/session', tag: 'session', access: 'public', body: loginBody, status: 201,
        summary: 'Sign in: sets the session cookie and returns the CSRF token to send as X-CSRF-Token on writes',
        handle: async ({ req, res, body }) => {
            const { user, session } = await ctx.users.login(body.username, body.password, { clientAddress: req.ip });
            res.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(req, session.expiresAtMs));
            return { user, csrfToken: session.csrfToken, expiresAtMs: session.expiresAtMs };
        },
    });
    api.add({
        method: 'get', path: '/api/session', tag: 'session', access: 'user',
        summary: 'Who is signed in (and the CSRF token for this session)',
        handle: ({ req }) => {
            const auth = ctx.auth.caller(req);
            return { user: auth.user, via: auth.via, csrfToken: auth.csrfToken };
        },
    });
    api.add({
        method: 'delete', path: '/api/session', tag: 'session', access: 'user', status: 200,
        summary: 'Sign out',
        handle: ({ req, res }) => {
            const token = ctx.auth.caller(req)?.sessionToken;
            if (token)
                ctx.users.logout(token);
            clearSessionCookie(req, res);
            return { signedOut: true };
        },
    });
}
//# sourceMappingURL=session.routes.js.map