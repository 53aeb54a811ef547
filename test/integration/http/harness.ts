/**
 * Shared set-up for the HTTP integration tests: the real app (real SQLite file in a temp dir, real
 * upload store, the virtual printer in-process on an accelerated clock) listening on a free port.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { io, type Socket } from 'socket.io-client';
import { createApp, type App, type AppOptions } from '../../../src/app.js';
import { parseConfig, type ConfigInput } from '../../../src/config/config.js';
import { BOOTSTRAP } from '../../../src/users/user-service.js';
import type { Role, User } from '../../../src/users/user-types.js';

/** Cheap hashing: these tests are about HTTP, not password cost. */
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export interface TestApp {
  app: App;
  dataDir: string;
  url: string;
  http: ReturnType<typeof request>;
  stop(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'tulostamo-http-'));
}

/** `options.slicers` replaces the installed slicing engines (e.g. none, to see jobs wait as needs_slicing). */
export async function startTestApp(dataDir = tempDataDir(), config: ConfigInput = {}, options: Pick<AppOptions, 'slicers'> = {}): Promise<TestApp> {
  const app = await createApp({
    ...options,
    config: parseConfig({ dataDir, port: 0, host: '127.0.0.1', virtualTimeScale: 20, webDir: join(dataDir, 'no-ui'), ...config }),
    scrypt: TEST_SCRYPT,
    log: (m, e) => { if (process.env.TEST_LOG) console.error(m, e); },
  });
  const { port } = await app.start();
  const url = `http://127.0.0.1:${port}`;
  return { app, dataDir, url, http: request(url), stop: () => app.stop() };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface TestUser { user: User; apiKey: string; password: string }

let userSeq = 0;

export async function addUser(t: TestApp, role: Role, name = `${role}${++userSeq}`): Promise<TestUser> {
  const password = role === 'patron' ? '1234' : 'salasana-123';
  const user = await t.app.queue.userService.createUser(BOOTSTRAP, { role, username: name, displayName: name, secret: password });
  const { key } = t.app.queue.userService.createApiKey(BOOTSTRAP, user.id, 'test');
  return { user, apiKey: key, password };
}

/** Signs in like a browser: the cookie jar of a supertest agent plus the CSRF token from the reply. */
export async function signIn(t: TestApp, u: TestUser): Promise<{ agent: ReturnType<typeof request.agent>; csrfToken: string; cookie: string }> {
  const agent = request.agent(t.url);
  const res = await agent.post('/api/session').send({ username: u.user.username, password: u.password }).expect(201);
  const cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  return { agent, csrfToken: res.body.csrfToken as string, cookie };
}

/** Files in the upload store's temp and object areas: what a refused upload must not add to. */
export function storedFiles(dataDir: string): string[] {
  const root = join(dataDir, 'uploads');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else out.push(join(dir, e.name).slice(root.length + 1));
    }
  };
  walk(root);
  return out.sort();
}

/** A small but real print: homing, heating without waiting, extruding moves, a layer change every 100 moves. */
export function smallGcode(lines = 40): string {
  const out = ['; tulostamo test print', 'G28', 'M104 S200', 'M140 S60', 'G90', 'M82', 'G92 E0', ';LAYER_CHANGE', ';Z:0.2', 'G1 Z0.2 F3000'];
  let e = 0;
  for (let i = 0; i < lines; i++) {
    if (i > 0 && i % 100 === 0) {
      const z = (0.2 + (i / 100) * 0.2).toFixed(2);
      out.push(';LAYER_CHANGE', `;Z:${z}`, `G1 Z${z} F3000`);
    }
    e += 0.05;
    out.push(`G1 X${(20 + (i % 50) * 2).toFixed(1)} Y${(20 + (Math.floor(i / 50) % 50) * 2).toFixed(1)} E${e.toFixed(4)} F1800`);
  }
  out.push('M104 S0', 'M140 S0', 'M84');
  return out.join('\n') + '\n';
}

export function connectSocket(url: string, opts: { cookie?: string; apiKey?: string; namespace?: string } = {}): Promise<Socket> {
  const socket = io(url + (opts.namespace ?? ''), {
    transports: ['websocket'], forceNew: true, reconnection: false,
    extraHeaders: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.apiKey ? { 'x-api-key': opts.apiKey } : {}) },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => { socket.close(); reject(err); });
  });
}

/** Resolves when `predicate` holds, polling every 20 ms; fails with the last value after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | Promise<T>, predicate: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (predicate(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export { multipartBody, type RawPart } from '../../../src/bench/multipart-body.js';
