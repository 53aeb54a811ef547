import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, removeDir, signIn, smallGcode, startTestApp, tempDataDir, type TestApp, type TestUser } from './harness.js';

let t: TestApp;
let staff: TestUser;
let patron: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  staff = await addUser(t, 'staff');
  patron = await addUser(t, 'patron');
});
afterAll(async () => { await t.stop(); removeDir(t.dataDir); });

describe('errors', () => {
  it('answers every failure in one shape with a stable code', async () => {
    const cases = [
      await t.http.get('/api/jobs').expect(401),
      await t.http.get('/api/jobs').set('X-Api-Key', 'tlo_wrong').expect(401),
      await t.http.get('/api/nothing-here').set('X-Api-Key', staff.apiKey).expect(404),
      await t.http.get('/api/jobs/abc').set('X-Api-Key', staff.apiKey).expect(400),
      await t.http.get('/api/jobs/999').set('X-Api-Key', staff.apiKey).expect(404),
      await t.http.post('/api/session').set('content-type', 'application/json').send('{"username":').expect(400),
    ];
    expect(cases.map((r) => r.body.error.code)).toEqual([
      'not_authenticated', 'invalid_api_key', 'route_not_found', 'invalid_request', 'job_not_found', 'invalid_json',
    ]);
    for (const r of cases) {
      expect(Object.keys(r.body)).toEqual(['error']);
      expect(Object.keys(r.body.error).sort()).toEqual(['code', 'message', 'params']);
    }
  });

  it('names the offending field of a schema failure', async () => {
    const res = await t.http.post('/api/workshops').set('X-Api-Key', staff.apiKey).send({ title: 'x', startsAtMs: 'soon' }).expect(400);
    expect(res.body.error.params.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['startsAtMs', 'endsAtMs']));
  });
});

describe('sessions and CSRF', () => {
  it('sets an httpOnly SameSite cookie and returns the CSRF token', async () => {
    const res = await t.http.post('/api/session').send({ username: patron.user.username, password: patron.password }).expect(201);
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0];
    expect(cookie).toMatch(/tulostamo_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    expect(res.body.csrfToken).toMatch(/.{16,}/);
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const proxied = await startTestApp(undefined, { behindHttpsProxy: true });
    try {
      const u = await addUser(proxied, 'patron');
      const res = await proxied.http.post('/api/session').set('X-Forwarded-Proto', 'https')
        .send({ username: u.user.username, password: u.password }).expect(201);
      expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(/Secure/);
    } finally { await proxied.stop(); removeDir(proxied.dataDir); }
  });

  it('refuses a cookie-authenticated write without the token, accepts it with the token', async () => {
    const s = await signIn(t, staff);
    await s.agent.get('/api/session').expect(200);
    const denied = await s.agent.patch('/api/queue/settings').send({ autoStart: false }).expect(403);
    expect(denied.body.error.code).toBe('csrf_token_invalid');
    const wrong = await s.agent.patch('/api/queue/settings').set('X-CSRF-Token', 'x'.repeat(43)).send({ autoStart: false }).expect(403);
    expect(wrong.body.error.code).toBe('csrf_token_invalid');
    await s.agent.patch('/api/queue/settings').set('X-CSRF-Token', s.csrfToken).send({ autoStart: false }).expect(200);
  });

  it('needs no CSRF token with an API key', async () => {
    await t.http.patch('/api/queue/settings').set('X-Api-Key', staff.apiKey).send({ preferLoadedMaterial: false }).expect(200);
  });

  it('logs out: the cookie stops working', async () => {
    const s = await signIn(t, patron);
    await s.agent.delete('/api/session').set('X-CSRF-Token', s.csrfToken).expect(200);
    await t.http.get('/api/session').set('Cookie', s.cookie).expect(401);
  });

  it('refuses a wrong password with login_failed', async () => {
    const res = await t.http.post('/api/session').send({ username: patron.user.username, password: '9999' }).expect(401);
    expect(res.body.error.code).toBe('login_failed');
  });
});

describe('OpenAPI', () => {
  it('documents every route the server answers, generated from the same schemas', async () => {
    const doc = (await t.http.get('/api/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.length).toBeGreaterThan(40);
    // Every documented operation is answered by a route (never the catch-all 404).
    for (const op of documented) {
      const [method, path] = op.split(' ');
      const res = await t.http[method.toLowerCase() as 'get'](path.replace(/\{[a-zA-Z]+\}/g, 'nosuch9')).set('X-Api-Key', staff.apiKey);
      expect(res.body.error?.code, op).not.toBe('route_not_found');
    }
    expect(documented).toEqual(expect.arrayContaining([
      'POST /api/session', 'DELETE /api/session', 'POST /api/jobs', 'GET /api/jobs', 'GET /api/jobs/{id}',
      'POST /api/jobs/{id}/approve', 'POST /api/jobs/{id}/reject', 'POST /api/jobs/{id}/send-back', 'POST /api/jobs/{id}/cancel',
      'POST /api/jobs/{id}/collected', 'POST /api/jobs/reorder', 'GET /api/jobs/{id}/gcode', 'GET /api/printers',
      'POST /api/printers/{id}/emergency-stop', 'POST /api/printers/{id}/bed-cleared', 'POST /api/printers/{id}/gcode',
      'GET /api/version', 'POST /api/files/local', 'GET /api/workshops', 'GET /api/users',
    ]));
    const reject = doc.paths['/api/jobs/{id}/reject'].post;
    expect(reject.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(reject.requestBody.content['application/json'].schema.properties.reasonCode.enum).toContain('unsafe');
    expect(doc.paths['/api/jobs'].post.requestBody.content['multipart/form-data'].schema.properties.file.format).toBe('binary');
  });
});

describe('slicer handshake', () => {
  it('GET /api/version passes PrusaSlicer’s check: an `api` key and text starting with OctoPrint', async () => {
    const res = await t.http.get('/api/version').set('X-Api-Key', staff.apiKey).expect(200);
    expect(res.body.api).toBeTypeOf('string');
    expect(res.body.text.startsWith('OctoPrint')).toBe(true);
  });

  it('answers Cura’s polls with 200 and OctoPrint-shaped state', async () => {
    await t.http.get('/api/settings').set('X-Api-Key', patron.apiKey).expect(200);
    const printer = await t.http.get('/api/printer').set('X-Api-Key', patron.apiKey).expect(200);
    expect(printer.body.state.flags).toHaveProperty('operational');
    const job = await t.http.get('/api/job').set('X-Api-Key', patron.apiKey).expect(200);
    expect(job.body.job.file).toHaveProperty('name');
    await t.http.post('/api/login').set('X-Api-Key', patron.apiKey).send({ passive: true }).expect(200);
  });
});

describe('job list', () => {
  it('shows a patron only their own jobs, and is fresh after every change', async () => {
    const other = await addUser(t, 'patron');
    const list = async (key: string) => ((await t.http.get('/api/jobs').set('X-Api-Key', key).expect(200)).body.jobs as Array<{ id: number; ownerId: number; state: string }>);
    const mine = (await t.http.post('/api/jobs').set('X-Api-Key', patron.apiKey).attach('file', Buffer.from(smallGcode()), 'oma.gcode').expect(201)).body.job;
    expect((await list(staff.apiKey)).map((j) => j.id)).toContain(mine.id);
    expect((await list(other.apiKey)).map((j) => j.id)).not.toContain(mine.id);
    expect((await list(patron.apiKey)).every((j) => j.ownerId === patron.user.id)).toBe(true);
    await t.http.post(`/api/jobs/${mine.id}/cancel`).set('X-Api-Key', patron.apiKey).send({}).expect(200);
    expect((await list(patron.apiKey)).find((j) => j.id === mine.id)!.state).toBe('cancelled');
    expect((await list(staff.apiKey)).find((j) => j.id === mine.id)!.state).toBe('cancelled');
  });

  it('filters by state', async () => {
    const res = await t.http.get('/api/jobs?state=cancelled,collected').set('X-Api-Key', staff.apiKey).expect(200);
    expect(res.body.jobs.length).toBeGreaterThan(0);
    expect(res.body.jobs.every((j: { state: string }) => ['cancelled', 'collected'].includes(j.state))).toBe(true);
    const bad = await t.http.get('/api/jobs?state=flying').set('X-Api-Key', staff.apiKey).expect(400);
    expect(bad.body.error.code).toBe('invalid_request');
  });
});

describe('web UI', () => {
  it('serves web/dist at /, /approvals, /staff and /board when it exists', async () => {
    const dataDir = tempDataDir();
    const webDir = join(dataDir, 'dist');
    mkdirSync(join(webDir, 'assets'), { recursive: true });
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Tulostamo</title>');
    writeFileSync(join(webDir, 'assets', 'app.js'), 'console.log(1)');
    const withUi = await startTestApp(dataDir, { webDir });
    try {
      for (const path of ['/', '/approvals', '/staff', '/board']) {
        const res = await withUi.http.get(path).expect(200);
        expect(res.text, path).toContain('<title>Tulostamo</title>');
      }
      await withUi.http.get('/assets/app.js').expect(200);
      // The API keeps its JSON 404 even with a UI in front.
      expect((await withUi.http.get('/api/nope').expect(404)).body.error.code).toBe('route_not_found');
    } finally { await withUi.stop(); removeDir(dataDir); }
  });
});

describe('job list caching', () => {
  it('answers 304 to a poller with the current ETag, and a new body after a change', async () => {
    const first = await t.http.get('/api/jobs').set('X-Api-Key', staff.apiKey).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\//);
    await t.http.get('/api/jobs').set('X-Api-Key', staff.apiKey).set('If-None-Match', etag).expect(304);
    await t.http.post('/api/jobs').set('X-Api-Key', staff.apiKey).attach('file', Buffer.from(smallGcode()), 'uusi.gcode').expect(201);
    const after = await t.http.get('/api/jobs').set('X-Api-Key', staff.apiKey).set('If-None-Match', etag).expect(200);
    expect(after.body.jobs.length).toBe(first.body.jobs.length + 1);
  });
});
