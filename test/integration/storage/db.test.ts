import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE_NAME, loadMigrations, migrate, openDatabase } from '../../../src/storage/db.js';
import { tempDir } from './helpers.js';

let cleanup: Array<() => void> = [];
afterEach(() => { cleanup.forEach((f) => f()); cleanup = []; });

describe('openDatabase', () => {
  it('creates the file under the data dir with WAL, foreign keys and every migration', () => {
    const t = tempDir('db');
    cleanup.push(t.remove);
    const db = openDatabase(join(t.dir, 'nested'));
    cleanup.unshift(() => db.close());
    expect(db.name).toBe(join(t.dir, 'nested', DB_FILE_NAME));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().at(-1)?.version);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['jobs', 'job_events', 'users', 'sessions', 'api_keys', 'workshops', 'printer_beds', 'settings',
      'training_records', 'bookings', 'webhook_deliveries']));
    expect(tables).not.toContain('library_migrations');
    const userColumns = (db.prepare('PRAGMA table_info(users)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(userColumns).toEqual(expect.arrayContaining(['language', 'anonymised_at_ms']));
    expect(() => db.prepare("INSERT INTO job_events (job_id, at_ms, event, to_state) VALUES (999, 0, 'x', 'uploaded')").run())
      .toThrow(/FOREIGN KEY/);
  });

  it('applies nothing twice when reopened, and refuses a schema newer than itself', () => {
    const t = tempDir('db');
    cleanup.push(t.remove);
    openDatabase(t.dir).close();
    const again = openDatabase(t.dir);
    expect(migrate(again)).toBe(0);
    again.pragma('user_version = 99');
    again.close();
    expect(() => openDatabase(t.dir)).toThrow(expect.objectContaining({ code: 'database_too_new' }));
  });

  it('applies a migration and its version bump together or not at all', () => {
    const t = tempDir('mig');
    cleanup.push(t.remove);
    const dir = join(t.dir, 'migrations');
    mkdirSync(dir);
    writeFileSync(join(dir, '001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(dir, '002_b.sql'), 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);');
    const db = new Database(join(t.dir, 'x.sqlite'));
    cleanup.unshift(() => db.close());
    expect(() => migrate(db, loadMigrations(dir))).toThrow(/nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
  });

  it('refuses two migrations with one number, and records the highest number across a gap', () => {
    const t = tempDir('gap');
    cleanup.push(t.remove);
    writeFileSync(join(t.dir, '001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(t.dir, '020_c.sql'), 'CREATE TABLE c (x INTEGER);');
    const db = new Database(join(t.dir, 'x.sqlite'));
    cleanup.unshift(() => db.close());
    expect(migrate(db, loadMigrations(t.dir))).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    writeFileSync(join(t.dir, '020_d.sql'), '');
    expect(() => loadMigrations(t.dir)).toThrow(/two migrations are numbered 20/);
  });
});
