import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { openDatabase } from '../../../src/storage/db.js';
import { UserRepository } from '../../../src/users/user-repository.js';
import { CredentialRepository } from '../../../src/users/credential-repository.js';
import { BOOTSTRAP, UserService } from '../../../src/users/user-service.js';
import { hashSecret, verifySecret } from '../../../src/users/secret-hash.js';
import { actorOf } from '../../../src/users/user-types.js';
import { bundleForNode, openTestServices, tempDir, TEST_SCRYPT, type TestServices } from './helpers.js';

let t: ReturnType<typeof tempDir>;
let q: TestServices;
let clockMs = 1_800_000_000_000;

beforeEach(async () => {
  t = tempDir('users');
  q = await openTestServices(t.dir, { now: () => clockMs, sessionTtlMs: 3600_000 });
});
afterEach(() => { q.close(); t.remove(); });

describe('secret hashing', () => {
  it('stores scrypt hashes with their parameters and salt; verifies only the right secret', async () => {
    const a = await hashSecret('1234', TEST_SCRYPT);
    const b = await hashSecret('1234', TEST_SCRYPT);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifySecret('1234', a)).toBe(true);
    expect(await verifySecret('1235', a)).toBe(false);
    expect(await verifySecret('1234', 'plaintext')).toBe(false);
  });
});

describe('UserService', () => {
  it('registers a patron by card number and PIN and logs them in with a session that carries a CSRF token', async () => {
    const patron = await q.userService.registerPatron({ displayName: 'Aino Ä', cardNumber: 'K1234567', pin: '4321' });
    expect(patron).toMatchObject({ role: 'patron', username: 'K1234567', displayName: 'Aino Ä', cardNumber: 'K1234567' });
    await expect(q.userService.registerPatron({ displayName: 'B', cardNumber: 'K1234567', pin: '1111' })).rejects.toMatchObject({ code: 'username_taken', httpStatus: 409 });
    await expect(q.userService.registerPatron({ displayName: 'C', email: 'c@example.fi', pin: '12' })).rejects.toMatchObject({ code: 'invalid_pin' });
    await expect(q.userService.registerPatron({ displayName: 'D', pin: '1234' })).rejects.toMatchObject({ code: 'card_or_email_required' });

    const { user, session } = await q.userService.login('k1234567', '4321');
    expect(user.id).toBe(patron.id);
    expect(session.expiresAtMs).toBe(clockMs + 3600_000);
    const seen = q.userService.authenticateSession(session.token);
    expect(seen).toMatchObject({ actor: { userId: patron.id, role: 'patron' }, csrfToken: session.csrfToken });
    const row = q.db.prepare('SELECT token_hash FROM sessions').get() as { token_hash: string };
    expect(row.token_hash).not.toContain(session.token);
    clockMs += 3600_000;
    expect(q.userService.authenticateSession(session.token)).toBeNull();
  });

  it('renews a session past half its life and ends it on logout', async () => {
    await q.userService.createUser(BOOTSTRAP, { role: 'staff', username: 'virkailija', secret: 'pitkä salasana' });
    const { session } = await q.userService.login('virkailija', 'pitkä salasana');
    clockMs += 2000_000;
    expect(q.userService.authenticateSession(session.token)).not.toBeNull();
    clockMs += 2000_000;
    expect(q.userService.authenticateSession(session.token)).not.toBeNull();
    q.userService.logout(session.token);
    expect(q.userService.authenticateSession(session.token)).toBeNull();
  });

  it('answers the same code for an unknown name and a wrong secret, and locks after five failures', async () => {
    await q.userService.createUser(BOOTSTRAP, { role: 'patron', username: 'K999', secret: '2468' });
    await expect(q.userService.login('nobody', '2468')).rejects.toMatchObject({ code: 'login_failed', httpStatus: 401 });
    for (let i = 0; i < 5; i++) await expect(q.userService.login('K999', '0000', { clientAddress: '10.0.0.5' })).rejects.toMatchObject({ code: 'login_failed' });
    await expect(q.userService.login('K999', '2468')).rejects.toMatchObject({ code: 'login_locked', httpStatus: 429, params: { retryAfterS: 900 } });
    clockMs += 15 * 60_000;
    expect((await q.userService.login('K999', '2468')).user.username).toBe('K999');
  });

  it('locks a client address that tries many names', async () => {
    for (let i = 0; i < 30; i++) await expect(q.userService.login(`card${i}`, '1234', { clientAddress: '10.0.0.9' })).rejects.toMatchObject({ code: 'login_failed' });
    await expect(q.userService.login('card99', '1234', { clientAddress: '10.0.0.9' })).rejects.toMatchObject({ code: 'login_locked' });
    await expect(q.userService.login('card99', '1234', { clientAddress: '10.0.0.10' })).rejects.toMatchObject({ code: 'login_failed' });
  });

  it('issues API keys shown once, stored hashed, that stop working when revoked or the user is disabled', async () => {
    const staffUser = await q.userService.createUser(BOOTSTRAP, { role: 'staff', username: 'admin', secret: 'pitkä salasana' });
    const instructor = await q.userService.createUser(actorOf(staffUser), { role: 'instructor', username: 'opettaja', secret: 'toinen salasana' });
    const { key, record } = q.userService.createApiKey(actorOf(instructor), instructor.id, 'PrusaSlicer');
    expect(key).toMatch(/^tlo_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(q.db.prepare('SELECT * FROM api_keys').all())).not.toContain(key.slice(4));
    expect(q.userService.authenticateApiKey(key)?.actor).toEqual({ userId: instructor.id, role: 'instructor' });
    expect(q.userService.authenticateApiKey(`${key}x`)).toBeNull();
    expect(() => q.userService.createApiKey(actorOf(instructor), staffUser.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    q.userService.setDisabled(actorOf(staffUser), instructor.id, true);
    expect(q.userService.authenticateApiKey(key)).toBeNull();
    q.userService.setDisabled(actorOf(staffUser), instructor.id, false);
    q.userService.revokeApiKey(actorOf(instructor), instructor.id, record.id);
    expect(q.userService.authenticateApiKey(key)).toBeNull();
    await expect(q.userService.createUser(actorOf(instructor), { role: 'staff', username: 'x2', secret: 'pitkä salasana' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('tulostamo user add', () => {
  let cli: string;
  beforeAll(async () => {
    cli = await bundleForNode('test/integration/storage/user-cli-child.ts');
  });

  function run(args: string[], input: string, env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [cli, 'user', ...args], { input, encoding: 'utf8', env: { ...process.env, ...env } });
  }

  it('creates an account from a secret on stdin and prints a working API key as the last line', async () => {
    const r = run(['add', '--role', 'staff', '--username', 'ylläpito', '--password-stdin', '--api-key', '--data', t.dir], 'erittäin salainen\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const key = r.stdout.trim().split('\n').at(-1)!;
    const db = openDatabase(t.dir);
    try {
      const users = new UserService(new UserRepository(db), new CredentialRepository(db));
      expect(users.authenticateApiKey(key)?.user).toMatchObject({ username: 'ylläpito', role: 'staff' });
      expect((await users.login('ylläpito', 'erittäin salainen')).user.role).toBe('staff');
    } finally {
      db.close();
    }
  });

  it('takes the data dir from TULOSTAMO_DATA and refuses bad input with a reason code', () => {
    const r = run(['add', '--role', 'patron', '--username', 'K42', '--password-stdin'], '12\n', { TULOSTAMO_DATA: t.dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('invalid_pin');
    const bad = run(['add', '--role', 'wizard', '--username', 'x', '--password-stdin', '--data', t.dir], 'x');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--role must be one of patron, instructor, staff');
    const ok = run(['add', '--role', 'patron', '--username', 'K42', '--password-stdin'], '1234\n', { TULOSTAMO_DATA: t.dir });
    expect(ok.stdout).toMatch(/^created patron K42 \(id \d+\)\n$/);
  });
});
