/** SQL for users and their login-throttle counters. */
import { AppError } from '../core/errors.js';
function toUser(r) {
    return {
        id: r.id, role: r.role, username: r.username, displayName: r.display_name, email: r.email, cardNumber: r.card_number,
        disabled: r.disabled !== 0, createdAtMs: r.created_at_ms, anonymisedAtMs: r.anonymised_at_ms,
    };
}
export class UserRepository {
    db;
    constructor(db) {
        this.db = db;
    }
    insert(input, nowMs) {
        const info = this.db.prepare(`INSERT INTO users (role, username, display_name, email, card_number, secret_hash, created_at_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(input.role, input.username, input.displayName, input.email, input.cardNumber, input.secretHash, nowMs);
        return this.get(Number(info.lastInsertRowid));
    }
    get(id) {
        const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id);
        return row ? toUser(row) : null;
    }
    require(id) {
        const user = this.get(id);
        if (!user)
            throw new AppError('user_not_found', `user ${id} does not exist`, 404, { userId: id });
        return user;
    }
    /** With the stored hash, for login only. */
    byUsernameWithSecret(username) {
        const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username);
        return row ? { user: toUser(row), secretHash: row.secret_hash } : null;
    }
    usernameTaken(username) {
        return this.db.prepare('SELECT 1 FROM users WHERE username = ? OR card_number = ?').get(username, username) !== undefined;
    }
    list() {
        return this.db.prepare('SELECT * FROM users ORDER BY id').all().map(toUser);
    }
    setSecretHash(id, secretHash) {
        this.db.prepare('UPDATE users SET secret_hash = ? WHERE id = ?').run(secretHash, id);
    }
    setDisabled(id, disabled) {
        this.db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
    }
    /**
     * Clears everything that names the person. The login name becomes `deleted-<id>` (it must stay
     * unique) and the secret an unusable marker, so the account can never be logged into again.
     */
    anonymise(id, nowMs) {
        this.db.prepare(`UPDATE users SET username = 'deleted-' || id, display_name = '', email = NULL, card_number = NULL,
      secret_hash = '!', disabled = 1, anonymised_at_ms = ? WHERE id = ?`).run(nowMs, id);
    }
    throttle(key) {
        const row = this.db.prepare('SELECT * FROM login_throttle WHERE throttle_key = ?').get(key);
        return row ? { failures: row.failures, windowStartMs: row.window_start_ms, lockedUntilMs: row.locked_until_ms } : null;
    }
    saveThrottle(key, r) {
        this.db.prepare(`INSERT INTO login_throttle (throttle_key, failures, window_start_ms, locked_until_ms) VALUES (?, ?, ?, ?)
      ON CONFLICT(throttle_key) DO UPDATE SET failures = excluded.failures, window_start_ms = excluded.window_start_ms,
      locked_until_ms = excluded.locked_until_ms`).run(key, r.failures, r.windowStartMs, r.lockedUntilMs);
    }
    clearThrottle(key) {
        this.db.prepare('DELETE FROM login_throttle WHERE throttle_key = ?').run(key);
    }
}
//# sourceMappingURL=user-repository.js.map