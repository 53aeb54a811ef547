/**
 * The library-service tables (bookings, webhook log, users.language). They are numbered from 010 so
 * they never collide with the queue's migrations, but src/storage/db.ts refuses gaps in its own
 * sequence; until both live in one directory, these are tracked in their own table instead of
 * PRAGMA user_version, each applied once in its own transaction.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transaction } from '../storage/db.js';
// tsc does not copy .sql files into dist/, so the compiled module falls back to the sources.
function migrationsDir() {
    const beside = fileURLToPath(new URL('./migrations/', import.meta.url));
    if (existsSync(beside))
        return beside;
    return fileURLToPath(new URL('../../src/reports/migrations/', import.meta.url));
}
/** Applies the library migrations this database has not seen; returns how many ran. */
export function migrateLibrary(db, nowMs, dir = migrationsDir()) {
    db.exec('CREATE TABLE IF NOT EXISTS library_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)');
    const done = new Set(db.prepare('SELECT version FROM library_migrations').all().map((r) => r.version));
    const pending = readdirSync(dir)
        .map((file) => /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file))
        .filter((m) => m !== null && !done.has(Number(m[1])))
        .sort((a, b) => Number(a[1]) - Number(b[1]));
    for (const m of pending) {
        transaction(db, () => {
            db.exec(readFileSync(join(dir, m[0]), 'utf8'));
            db.prepare('INSERT INTO library_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)').run(Number(m[1]), m[2], nowMs);
        });
    }
    return pending.length;
}
//# sourceMappingURL=library-schema.js.map