/**
 * Sessions and API keys. Only hashes of the bearer secrets are stored: a copied database file does
 * not let anyone log in. Both secrets are 256 random bits, so a plain SHA-256 is enough here (a slow
 * hash protects guessable secrets like passwords, not random ones).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../storage/db.js';

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export interface SessionRecord { userId: number; csrfToken: string; createdAtMs: number; expiresAtMs: number }

export interface ApiKeyRecord {
  id: number; userId: number; prefix: string; label: string; createdAtMs: number; lastUsedAtMs: number | null;
  revokedAtMs: number | null;
}

interface ApiKeyRow {
  id: number; user_id: number; prefix: string; label: string; created_at_ms: number; last_used_at_ms: number | null;
  revoked_at_ms: number | null;
}

function toApiKey(r: ApiKeyRow): ApiKeyRecord {
  return {
    id: r.id, userId: r.user_id, prefix: r.prefix, label: r.label, createdAtMs: r.created_at_ms,
    lastUsedAtMs: r.last_used_at_ms, revokedAtMs: r.revoked_at_ms,
  };
}

export class CredentialRepository {
  constructor(private readonly db: Db) {}

  insertSession(token: string, s: SessionRecord): void {
    this.db.prepare('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)')
      .run(sha256Hex(token), s.userId, s.csrfToken, s.createdAtMs, s.expiresAtMs);
  }

  session(token: string): SessionRecord | null {
    const row = this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(sha256Hex(token)) as
      { user_id: number; csrf_token: string; created_at_ms: number; expires_at_ms: number } | undefined;
    return row ? { userId: row.user_id, csrfToken: row.csrf_token, createdAtMs: row.created_at_ms, expiresAtMs: row.expires_at_ms } : null;
  }

  extendSession(token: string, expiresAtMs: number): void {
    this.db.prepare('UPDATE sessions SET expires_at_ms = ? WHERE token_hash = ?').run(expiresAtMs, sha256Hex(token));
  }

  deleteSession(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sha256Hex(token));
  }

  deleteSessionsOf(userId: number): void {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  deleteExpiredSessions(nowMs: number): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at_ms <= ?').run(nowMs).changes;
  }

  insertApiKey(key: string, userId: number, label: string, nowMs: number): ApiKeyRecord {
    const info = this.db.prepare('INSERT INTO api_keys (user_id, key_hash, prefix, label, created_at_ms) VALUES (?, ?, ?, ?, ?)')
      .run(userId, sha256Hex(key), key.slice(0, 12), label, nowMs);
    return toApiKey(this.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(Number(info.lastInsertRowid)) as ApiKeyRow);
  }

  /** A live (not revoked) key; marks it used, at most once a minute so busy clients do not cost a write per request. */
  useApiKey(key: string, nowMs: number): ApiKeyRecord | null {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at_ms IS NULL').get(sha256Hex(key)) as ApiKeyRow | undefined;
    if (!row) return null;
    if (row.last_used_at_ms === null || nowMs - row.last_used_at_ms >= 60_000) {
      this.db.prepare('UPDATE api_keys SET last_used_at_ms = ? WHERE id = ?').run(nowMs, row.id);
    }
    return toApiKey(row);
  }

  apiKeysOf(userId: number): ApiKeyRecord[] {
    return (this.db.prepare('SELECT * FROM api_keys WHERE user_id = ? ORDER BY id').all(userId) as ApiKeyRow[]).map(toApiKey);
  }

  revokeApiKey(id: number, nowMs: number): boolean {
    return this.db.prepare('UPDATE api_keys SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL').run(nowMs, id).changes > 0;
  }
}
