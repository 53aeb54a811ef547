/**
 * People, logins and credentials.
 *
 *   createUser(actor | BOOTSTRAP, input)          staff create anyone; the CLI bootstraps with BOOTSTRAP
 *   registerPatron(input)                         desk self-registration: name + card number or e-mail + PIN
 *   login(username, secret, { clientAddress })    → { user, session }; throttled per user and per address
 *   authenticateSession(token) / logout(token)    sliding expiry; the session carries its CSRF token
 *   createApiKey(actor, userId, label)            → plaintext key shown once; stored hashed
 *   authenticateApiKey(key) / revokeApiKey
 *   list / get / setDisabled
 *
 * Failed logins answer `login_failed` whether the name or the secret was wrong, and take the same
 * time either way, so the API does not reveal which cards are registered.
 */
import { AppError } from '../core/errors.js';
import { canDo, forbidden } from '../jobs/job-policy.js';
import { newSecret } from './credential-repository.js';
import { ADDRESS_THROTTLE, USER_THROTTLE, lockedForMs, recordFailure } from './login-throttle.js';
import { DEFAULT_SCRYPT_PARAMS, hashSecret, verifySecret } from './secret-hash.js';
import { actorOf } from './user-types.js';
/** The CLI's `user add` acts before any account exists. */
export const BOOTSTRAP = 'bootstrap';
export const API_KEY_PREFIX = 'tlo_';
const PIN = /^\d{4,8}$/;
const MIN_PASSWORD_CHARS = 10;
const CARD_NUMBER = /^[A-Za-z0-9]{4,32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const USERNAME = /^[\p{L}\p{N}._@+-]{2,64}$/u;
/** Checks a secret against the role's rule; a stable reason code per failure. */
function checkSecret(role, secret) {
    if (role === 'patron') {
        if (!PIN.test(secret))
            throw new AppError('invalid_pin', 'a PIN is 4–8 digits', 422, { minDigits: 4, maxDigits: 8 });
    }
    else if ([...secret].length < MIN_PASSWORD_CHARS) {
        throw new AppError('password_too_short', `a password has at least ${MIN_PASSWORD_CHARS} characters`, 422, { minChars: MIN_PASSWORD_CHARS });
    }
}
export class UserService {
    users;
    credentials;
    now;
    sessionTtlMs;
    scrypt;
    userThrottle;
    addressThrottle;
    /** Verified against when the username is unknown, so both paths cost one scrypt. */
    decoyHash = null;
    constructor(users, credentials, opts = {}) {
        this.users = users;
        this.credentials = credentials;
        this.now = opts.now ?? Date.now;
        this.sessionTtlMs = opts.sessionTtlMs ?? 12 * 3600_000;
        this.scrypt = opts.scrypt ?? DEFAULT_SCRYPT_PARAMS;
        this.userThrottle = opts.userThrottle ?? USER_THROTTLE;
        this.addressThrottle = opts.addressThrottle ?? ADDRESS_THROTTLE;
    }
    async createUser(actor, input) {
        if (actor !== BOOTSTRAP && !canDo(actor, 'user_manage'))
            throw forbidden('user_manage');
        const username = input.username.normalize('NFC').trim();
        if (!USERNAME.test(username))
            throw new AppError('invalid_username', 'a username is 2–64 letters, digits or ._@+-', 422, {});
        checkSecret(input.role, input.secret);
        const email = input.email?.trim() || null;
        if (email !== null && !EMAIL.test(email))
            throw new AppError('invalid_email', 'not an e-mail address', 422, {});
        const cardNumber = input.cardNumber?.trim() || null;
        if (cardNumber !== null && !CARD_NUMBER.test(cardNumber))
            throw new AppError('invalid_card_number', 'not a library card number', 422, {});
        if (this.users.usernameTaken(username) || (cardNumber !== null && this.users.usernameTaken(cardNumber))) {
            throw new AppError('username_taken', 'this name or card is already registered', 409, {});
        }
        const secretHash = await hashSecret(input.secret, this.scrypt);
        // Re-checked after the await: another registration may have taken the name meanwhile; the UNIQUE constraint is the last word.
        try {
            return this.users.insert({
                role: input.role, username, displayName: (input.displayName ?? username).trim() || username, email, cardNumber, secretHash,
            }, this.now());
        }
        catch (err) {
            if (err.code === 'SQLITE_CONSTRAINT_UNIQUE')
                throw new AppError('username_taken', 'this name or card is already registered', 409, {});
            throw err;
        }
    }
    async registerPatron(input) {
        const username = input.cardNumber?.trim() || input.email?.trim();
        if (!username)
            throw new AppError('card_or_email_required', 'a library card number or an e-mail is needed', 422, {});
        if (input.displayName.trim().length === 0)
            throw new AppError('invalid_display_name', 'a name is needed', 422, {});
        return this.createUser(BOOTSTRAP, {
            role: 'patron', username, displayName: input.displayName, secret: input.pin, email: input.email, cardNumber: input.cardNumber,
        });
    }
    async login(username, secret, opts = {}) {
        const name = username.normalize('NFC').trim();
        const userKey = `user:${name.toLowerCase()}`;
        const addressKey = opts.clientAddress ? `ip:${opts.clientAddress}` : null;
        const nowMs = this.now();
        const waitMs = Math.max(lockedForMs(this.users.throttle(userKey), nowMs), addressKey ? lockedForMs(this.users.throttle(addressKey), nowMs) : 0);
        if (waitMs > 0) {
            throw new AppError('login_locked', 'too many failed attempts; try again later', 429, { retryAfterS: Math.ceil(waitMs / 1000) });
        }
        const found = this.users.byUsernameWithSecret(name);
        const ok = found
            ? await verifySecret(secret, found.secretHash)
            : (await verifySecret(secret, await this.decoy()), false);
        if (!ok || !found || found.user.disabled) {
            const afterMs = this.now();
            this.users.saveThrottle(userKey, recordFailure(this.users.throttle(userKey), afterMs, this.userThrottle));
            if (addressKey)
                this.users.saveThrottle(addressKey, recordFailure(this.users.throttle(addressKey), afterMs, this.addressThrottle));
            throw new AppError('login_failed', 'wrong name or secret', 401, {});
        }
        this.users.clearThrottle(userKey);
        return { user: found.user, session: this.openSession(found.user.id) };
    }
    /** The actor behind a session cookie, or null if unknown or expired; renews sessions past half their life. */
    authenticateSession(token) {
        const nowMs = this.now();
        const session = this.credentials.session(token);
        if (!session || session.expiresAtMs <= nowMs)
            return null;
        const user = this.users.get(session.userId);
        if (!user || user.disabled)
            return null;
        if (session.expiresAtMs - nowMs < this.sessionTtlMs / 2)
            this.credentials.extendSession(token, nowMs + this.sessionTtlMs);
        return { actor: actorOf(user), user, csrfToken: session.csrfToken };
    }
    logout(token) {
        this.credentials.deleteSession(token);
    }
    /** The plaintext key is returned once and never stored. */
    createApiKey(actor, userId, label = '') {
        if (actor !== BOOTSTRAP && actor.userId !== userId && !canDo(actor, 'user_manage'))
            throw forbidden('api_key_create');
        this.require(userId);
        const key = `${API_KEY_PREFIX}${newSecret()}`;
        return { key, record: this.credentials.insertApiKey(key, userId, label, this.now()) };
    }
    authenticateApiKey(key) {
        const record = this.credentials.useApiKey(key, this.now());
        const user = record ? this.users.get(record.userId) : null;
        return user && !user.disabled ? { actor: actorOf(user), user } : null;
    }
    apiKeys(actor, userId) {
        if (actor.userId !== userId && !canDo(actor, 'user_manage'))
            throw forbidden('api_key_view');
        return this.credentials.apiKeysOf(userId);
    }
    revokeApiKey(actor, userId, keyId) {
        if (actor.userId !== userId && !canDo(actor, 'user_manage'))
            throw forbidden('api_key_revoke');
        if (!this.credentials.apiKeysOf(userId).some((k) => k.id === keyId) || !this.credentials.revokeApiKey(keyId, this.now())) {
            throw new AppError('api_key_not_found', 'no such live key', 404, { keyId });
        }
    }
    list(actor) {
        if (!canDo(actor, 'user_manage'))
            throw forbidden('user_manage');
        return this.users.list();
    }
    get(actor, userId) {
        if (actor.userId !== userId && !canDo(actor, 'user_manage'))
            throw forbidden('user_view');
        return this.require(userId);
    }
    /** Disabling also ends the user's sessions; their API keys stop working while disabled. */
    setDisabled(actor, userId, disabled) {
        if (!canDo(actor, 'user_manage'))
            throw forbidden('user_manage');
        this.require(userId);
        this.users.setDisabled(userId, disabled);
        if (disabled)
            this.credentials.deleteSessionsOf(userId);
        return this.require(userId);
    }
    openSession(userId) {
        const nowMs = this.now();
        const token = newSecret();
        const csrfToken = newSecret();
        const expiresAtMs = nowMs + this.sessionTtlMs;
        this.credentials.deleteExpiredSessions(nowMs);
        this.credentials.insertSession(token, { userId, csrfToken, createdAtMs: nowMs, expiresAtMs });
        return { token, csrfToken, expiresAtMs };
    }
    require(userId) {
        return this.users.require(userId);
    }
    decoy() {
        this.decoyHash ??= hashSecret(newSecret(), this.scrypt);
        return this.decoyHash;
    }
}
//# sourceMappingURL=user-service.js.map