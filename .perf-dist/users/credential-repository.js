/**
 * Sessions and API keys. Only hashes of the bearer secrets are stored: a copied database file does
 * not let anyone log in. Both secrets are 256 random bits, so a plain SHA-256 is enough here (a slow
 * hash protects guessable secrets like passwords, not random ones).
 */
import { createHash, randomBytes } from 'node:crypto';
function sha256Hex(text) {
    return createHash('sha256').update(text).digest('hex');
}
export function newSecret() {
    return randomBytes(32).toString('base64url');
}
function toApiKey(r) {
    return {
        id: r.id, userId: r.user_id, prefix: r.prefix, label: r.label, createdAtMs: r.created_at_ms,
        lastUsedAtMs: r.last_used_at_ms, revokedAtMs: r.revoked_at_ms,
    };
}
export class CredentialRepository {
    db;
    constructor(db) {
        this.db = db;
    }
    insertSession(token, s) {
        this.db.prepare('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)')
            .run(sha256Hex(token), s.userId, s.csrfToken, s.createdAtMs, s.expiresAtMs);
    }
    session(token) {
        const row = this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(sha256Hex(token));
        return row ? { userId: row.user_id, csrfToken: row.csrf_token, createdAtMs: row.created_at_ms, expiresAtMs: row.expires_at_ms } : null;
    }
    extendSession(token, expiresAtMs) {
        this.db.prepare('UPDATE sessions SET expires_at_ms = ? WHERE token_hash = ?').run(expiresAtMs, sha256Hex(token));
    }
    deleteSession(token) {
        this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sha256Hex(token));
    }
    deleteSessionsOf(userId) {
        this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    }
    deleteExpiredSessions(nowMs) {
        return this.db.prepare('DELETE FROM sessions WHERE expires_at_ms <= ?').run(nowMs).changes;
    }
    insertApiKey(key, userId, label, nowMs) {
        const info = this.db.prepare('INSERT INTO api_keys (user_id, key_hash, prefix, label, created_at_ms) VALUES (?, ?, ?, ?, ?)')
            .run(userId, sha256Hex(key), key.slice(0, 12), label, nowMs);
        return toApiKey(this.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(Number(info.lastInsertRowid)));
    }
    /** A live (not revoked) key; marks it used, at most once a minute so busy clients do not cost a write per request. */
    useApiKey(key, nowMs) {
        const row = this.db.prepare('SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at_ms IS NULL').get(sha256Hex(key));
        if (!row)
            return null;
        if (row.last_used_at_ms === null || nowMs - row.last_used_at_ms >= 60_000) {
            this.db.prepare('UPDATE api_keys SET last_used_at_ms = ? WHERE id = ?').run(nowMs, row.id);
        }
        return toApiKey(row);
    }
    apiKeysOf(userId) {
        return this.db.prepare('SELECT * FROM api_keys WHERE user_id = ? ORDER BY id').all(userId).map(toApiKey);
    }
    revokeApiKey(id, nowMs) {
        return this.db.prepare('UPDATE api_keys SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL').run(nowMs, id).changes > 0;
    }
}
//# sourceMappingURL=credential-repository.js.map