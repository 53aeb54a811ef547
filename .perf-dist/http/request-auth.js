/**
 * Who is calling: the session cookie or the X-Api-Key header, resolved once per request. Cookie
 * callers must echo their session's CSRF token on every write; API-key callers cannot be driven by a
 * foreign page (a browser never adds that header by itself), so they need none.
 */
import { timingSafeEqual } from 'node:crypto';
import { parseCookie } from 'cookie';
import { AppError } from '../core/errors.js';
export const SESSION_COOKIE = 'tulostamo_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Shared with the socket gateway: one rule for HTTP and live connections. */
export function authenticateCredentials(users, cookieHeader, apiKey) {
    if (apiKey !== undefined) {
        const found = users.authenticateApiKey(apiKey);
        if (!found)
            throw new AppError('invalid_api_key', 'unknown or revoked API key', 401, {});
        return { ...found, via: 'api_key', csrfToken: null, sessionToken: null };
    }
    const token = cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;
    if (!token)
        return null;
    const found = users.authenticateSession(token);
    return found ? { ...found, via: 'session', sessionToken: token } : null;
}
function sameToken(a, b) {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
}
export class RequestAuthenticator {
    users;
    cache = new WeakMap();
    constructor(users) {
        this.users = users;
    }
    caller(req) {
        if (this.cache.has(req))
            return this.cache.get(req);
        const key = req.get('x-api-key');
        const auth = authenticateCredentials(this.users, req.headers.cookie, key === undefined ? undefined : key);
        this.cache.set(req, auth);
        return auth;
    }
    /** The registry's gate: 401 without credentials, 403 on a cookie write without the CSRF token. */
    actorFor(req, access) {
        const auth = this.caller(req);
        if (access === 'public')
            return auth?.actor ?? null;
        if (!auth)
            throw new AppError('not_authenticated', 'sign in or send an X-Api-Key header', 401, {});
        if (auth.via === 'session' && !SAFE_METHODS.has(req.method)) {
            const sent = req.get(CSRF_HEADER);
            if (!sent || !auth.csrfToken || !sameToken(sent, auth.csrfToken)) {
                throw new AppError('csrf_token_invalid', 'missing or wrong X-CSRF-Token header', 403, {});
            }
        }
        return auth.actor;
    }
}
/** httpOnly so page scripts never see the token; SameSite=Lax blocks cross-site writes; Secure when served over TLS. */
export function sessionCookieOptions(req, expiresAtMs) {
    return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', expires: new Date(expiresAtMs) };
}
export function clearSessionCookie(req, res) {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}
//# sourceMappingURL=request-auth.js.map