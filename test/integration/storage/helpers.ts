/** Shared set-up for the storage integration tests: real SQLite files in temp dirs, real child processes. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { rolldown } from 'rolldown';
import { openQueueServices, type QueueServicesOptions } from '../../../src/jobs/queue-services.js';
import type { User } from '../../../src/users/user-types.js';
import { BOOTSTRAP } from '../../../src/users/user-service.js';

/** Cheap scrypt for tests (the algorithm is the same; only the cost differs). */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `tulostamo-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function openTestServices(dataDir: string, opts: Partial<QueueServicesOptions> = {}) {
  return openQueueServices({ dataDir, scrypt: TEST_SCRYPT, ...opts });
}

export type TestServices = Awaited<ReturnType<typeof openTestServices>>;

export async function addUsers(q: TestServices): Promise<{ patron: User; patron2: User; instructor: User; instructor2: User; staff: User }> {
  const mk = (role: User['role'], username: string, secret: string) => q.userService.createUser(BOOTSTRAP, { role, username, secret });
  return {
    patron: await mk('patron', 'card1001', '1234'),
    patron2: await mk('patron', 'card1002', '5678'),
    instructor: await mk('instructor', 'opettaja', 'opettaja-salasana'),
    instructor2: await mk('instructor', 'ohjaaja', 'ohjaaja-salasana'),
    staff: await mk('staff', 'virkailija', 'virkailija-salasana'),
  };
}

/**
 * Bundles a TypeScript entry into one ES module that plain `node` can run, so tests can kill a real
 * child process (vitest transforms TypeScript only in its own workers). The bundle sits two levels
 * below the project root, like dist/storage/db.js, so it finds src/storage/migrations the way the build does.
 */
export async function bundleForNode(entry: string): Promise<string> {
  const outDir = join('node_modules', '.tulostamo-test');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, `${basename(entry, '.ts')}.mjs`);
  const bundle = await rolldown({ input: resolve(entry), platform: 'node', external: [/^node:/, 'better-sqlite3'] });
  await bundle.write({ file: outFile, format: 'esm' });
  await bundle.close();
  return outFile;
}
