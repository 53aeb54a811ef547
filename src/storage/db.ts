/**
 * The one place that opens the SQLite file. Everything durable (users, jobs, job_events, bed state,
 * settings) lives in `<dataDir>/tulostamo.sqlite`; repositories get the open handle injected.
 *
 *   openDatabase(dataDir) → Db        WAL, foreign keys, busy timeout, migrations applied
 *   transaction(db, fn)               better-sqlite3 IMMEDIATE transaction: fn runs atomically
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../core/errors.js';

export type Db = Database.Database;

export const DB_FILE_NAME = 'tulostamo.sqlite';

export interface Migration { version: number; name: string; sql: string }

// tsc does not copy .sql files into dist/, so the compiled module falls back to the sources.
function migrationsDir(): string {
  const beside = fileURLToPath(new URL('./migrations/', import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL('../../src/storage/migrations/', import.meta.url));
}

/**
 * NNN_name.sql files in version order. Numbers are handed out in blocks per area of the code (001–009
 * the queue, 020–029 pickup, policies and privacy, 030–039 the library service, 040–049 quotes), so
 * gaps are expected; a duplicate is a packaging bug.
 */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2], sql: readFileSync(join(dir, m[0]), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && m.version === migrations[i - 1].version) throw new Error(`two migrations are numbered ${m.version}`);
  });
  return migrations;
}

/** Applies the migrations newer than PRAGMA user_version, each with its version bump in one transaction. */
export function migrate(db: Db, migrations = loadMigrations()): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new AppError('database_too_new', `database schema ${current} is newer than this program (${latest})`, 500,
      { schemaVersion: current, supportedVersion: latest });
  }
  let applied = 0;
  for (const m of migrations.filter((x) => x.version > current)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied++;
  }
  return applied;
}

export interface OpenDatabaseOptions {
  /** Overrides `<dataDir>/tulostamo.sqlite`; `:memory:` for throwaway databases. */
  file?: string;
}

export function openDatabase(dataDir: string, opts: OpenDatabaseOptions = {}): Db {
  const file = opts.file ?? join(dataDir, DB_FILE_NAME);
  if (file !== ':memory:') mkdirSync(dataDir, { recursive: true });
  const db = new Database(file);
  // WAL keeps readers (HTTP list requests) from blocking the dispatcher's writes and survives kill -9;
  // synchronous=NORMAL is durable across process crashes in WAL mode, losing at most the last commit on power loss.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken before the first read, so a
 * state check inside `fn` cannot be invalidated by another connection before the write.
 */
export function transaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
