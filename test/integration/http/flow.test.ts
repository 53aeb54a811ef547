/**
 * The whole journey over HTTP and socket.io on the in-process virtual printer (accelerated clock):
 * a patron uploads G-code into a workshop → the instructor approves → staff clear the bed → it
 * prints → awaiting_pickup → collected, with what each role's live connection saw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import {
  addUser, connectSocket, removeDir, signIn, smallGcode, startTestApp, tempDataDir, waitFor, type TestApp, type TestUser,
} from './harness.js';

interface Seen {
  jobChanges: Array<{ jobId: number; to: string; from: string | null }>;
  statuses: Array<{ atMs: number; s: Record<string, unknown> }>;
  queues: unknown[];
  boards: Array<{ queue: Array<Record<string, unknown>>; readyForPickup: Array<{ jobId: number }>; printers: Array<Record<string, unknown>> }>;
  boardPrinters: Array<Record<string, unknown>>;
}

function record(socket: Socket): Seen {
  const seen: Seen = { jobChanges: [], statuses: [], queues: [], boards: [], boardPrinters: [] };
  socket.on('job:changed', (c: { job: { id: number }; to: string; from: string | null }) => seen.jobChanges.push({ jobId: c.job.id, to: c.to, from: c.from }));
  socket.on('printer:status', (s: Record<string, unknown>) => seen.statuses.push({ atMs: Date.now(), s }));
  socket.on('queue:changed', (q: unknown) => seen.queues.push(q));
  socket.on('board:snapshot', (b: Seen['boards'][number]) => seen.boards.push(b));
  socket.on('board:printer', (p: Record<string, unknown>) => seen.boardPrinters.push(p));
  return seen;
}

describe('patron → instructor → staff → pickup', () => {
  let t: TestApp;
  let patron: TestUser, otherPatron: TestUser, instructor: TestUser, staff: TestUser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    [patron, otherPatron, instructor, staff] = await Promise.all([
      addUser(t, 'patron'), addUser(t, 'patron'), addUser(t, 'instructor'), addUser(t, 'staff'),
    ]);
    await waitFor(() => t.app.printers.get('virtual').state(), (s) => s === 'idle');
  });
  afterAll(async () => { for (const s of sockets) s.close(); await t.stop(); removeDir(t.dataDir); });

  it('runs end to end and each role sees what it may', async () => {
    const staffHttp = (req: ReturnType<TestApp['http']['post']>) => req.set('X-Api-Key', staff.apiKey);
    // Staff turn auto-start on: clearing the bed is then all it takes for the next job to start.
    await staffHttp(t.http.patch('/api/queue/settings')).send({ autoStart: true }).expect(200);
    const nowMs = Date.now();
    const workshop = (await t.http.post('/api/workshops').set('X-Api-Key', instructor.apiKey)
      .send({ title: 'Avaimenperäpaja', startsAtMs: nowMs - 60_000, endsAtMs: nowMs + 3_600_000 }).expect(201)).body.workshop;

    const patronSession = await signIn(t, patron);
    const otherSession = await signIn(t, otherPatron);
    const sock = {
      patron: await connectSocket(t.url, { cookie: patronSession.cookie }),
      other: await connectSocket(t.url, { cookie: otherSession.cookie }),
      instructor: await connectSocket(t.url, { apiKey: instructor.apiKey }),
      staff: await connectSocket(t.url, { apiKey: staff.apiKey }),
      board: await connectSocket(t.url, { namespace: '/public' }),
    };
    sockets.push(...Object.values(sock));
    const seen = Object.fromEntries(Object.entries(sock).map(([k, s]) => [k, record(s)])) as Record<keyof typeof sock, Seen>;

    // The patron's browser: cookie + CSRF token, the workshop's join code, a Finnish file name.
    const uploaded = await patronSession.agent.post('/api/jobs').set('X-CSRF-Token', patronSession.csrfToken)
      .field('joinCode', workshop.joinCode).attach('file', Buffer.from(smallGcode(60)), 'avaimenperä.gcode').expect(201);
    const jobId = uploaded.body.job.id as number;
    const jobState = async () => (await t.http.get(`/api/jobs/${jobId}`).set('X-Api-Key', staff.apiKey)).body.job.state as string;
    await waitFor(jobState, (s) => s === 'awaiting_approval');

    await t.http.post(`/api/jobs/${jobId}/approve`).set('X-Api-Key', instructor.apiKey).send({}).expect(200);
    // After a restart nobody has looked at the bed: approved, but nothing starts until staff clear it.
    await new Promise((r) => setTimeout(r, 300));
    expect(await jobState()).toBe('approved');
    expect((await t.http.get('/api/printers').set('X-Api-Key', staff.apiKey)).body.printers[0]).toMatchObject({ id: 'virtual', bed: 'unknown' });

    await staffHttp(t.http.post('/api/printers/virtual/bed-cleared')).expect(200);
    await waitFor(jobState, (s) => s === 'awaiting_pickup', 30_000);
    // A finished print leaves the bed occupied: the next job waits for staff again.
    expect((await t.http.get('/api/printers/virtual').set('X-Api-Key', staff.apiKey)).body.printer.bed).toBe('occupied');

    // The patron cannot mark their own print handed over; the instructor can.
    await patronSession.agent.post(`/api/jobs/${jobId}/collected`).set('X-CSRF-Token', patronSession.csrfToken).expect(403);
    const collected = await t.http.post(`/api/jobs/${jobId}/collected`).set('X-Api-Key', instructor.apiKey).expect(200);
    expect(collected.body.job.state).toBe('collected');
    await new Promise((r) => setTimeout(r, 300));

    const journey = ['uploaded', 'analysing', 'awaiting_approval', 'approved', 'starting', 'printing', 'awaiting_pickup', 'collected'];
    for (const who of ['patron', 'instructor', 'staff'] as const) {
      expect(seen[who].jobChanges.filter((c) => c.jobId === jobId).map((c) => c.to), who).toEqual(journey);
    }
    expect(seen.other.jobChanges).toEqual([]);

    // Live status: staff see whose file prints; a patron does not; no one gets more than 4 pushes a second.
    const printing = (list: Seen['statuses']) => list.map((x) => x.s.print as { fileName: string } | null | undefined).filter((p) => p);
    expect(printing(seen.staff.statuses).some((p) => p!.fileName === 'avaimenperä.gcode')).toBe(true);
    expect(printing(seen.patron.statuses).length).toBeGreaterThan(0);
    expect(printing(seen.patron.statuses).every((p) => p!.fileName === '')).toBe(true);
    const gaps = seen.staff.statuses.slice(1).map((x, i) => x.atMs - seen.staff.statuses[i].atMs);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200);
    // Pushes after the first snapshot carry only what changed.
    expect(seen.staff.statuses.slice(1).some((x) => !('profile' in x.s))).toBe(true);

    // The lobby board: numbers, states, places, ETAs and printer progress only.
    const boards = seen.board.boards;
    const entries = boards.flatMap((b) => b.queue);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(Object.keys(e).sort()).toEqual(['etaS', 'jobId', 'position', 'state']);
    expect(boards.some((b) => b.readyForPickup.some((r) => r.jobId === jobId))).toBe(true);
    // Live printer pushes: the print while it runs (this short file may fit in one 250 ms push), then idle again.
    const during = seen.board.boardPrinters.filter((p) => p.jobId === jobId);
    expect(during.length).toBeGreaterThan(0);
    for (const p of during) expect(p.fraction as number).toBeGreaterThanOrEqual(0);
    expect(seen.board.boardPrinters.at(-1)).toMatchObject({ jobId: null, fraction: null });
    for (const p of seen.board.boardPrinters) expect(Object.keys(p).sort()).toEqual(['fraction', 'jobId', 'layer', 'printerId', 'remainingMs', 'state']);
    expect(JSON.stringify([boards, seen.board.boardPrinters])).not.toContain('avaimenperä');
    expect(seen.board.queues).toEqual([]);
  });

  it('refuses a live connection without credentials, or with a wrong key', async () => {
    await expect(connectSocket(t.url)).rejects.toThrow(/not_authenticated/);
    await expect(connectSocket(t.url, { apiKey: 'tlo_nope' })).rejects.toThrow(/not_authenticated/);
  });
});

describe('restart mid-print', () => {
  it('finds the job interrupted with its progress kept, and the bed not cleared', async () => {
    const dataDir = tempDataDir();
    let t = await startTestApp(dataDir);
    try {
      const staff = await addUser(t, 'staff');
      await waitFor(() => t.app.printers.get('virtual').state(), (s) => s === 'idle');
      const job = (await t.http.post('/api/jobs').set('X-Api-Key', staff.apiKey)
        .attach('file', Buffer.from(smallGcode(3000)), 'pitkä.gcode').expect(201)).body.job;
      await t.app.analysis.idle();
      await t.http.post('/api/printers/virtual/bed-cleared').set('X-Api-Key', staff.apiKey).expect(200);
      const started = await t.http.post('/api/printers/virtual/start').set('X-Api-Key', staff.apiKey).send({ jobId: job.id });
      expect(started.body).toMatchObject({ job: { state: 'printing' } });
      await waitFor(() => t.app.queue.jobs.require(job.id), (j) => j.state === 'printing' && (j.progress?.bytesAcked ?? 0) > 0);
      await t.stop();

      t = await startTestApp(dataDir);
      const after = (await t.http.get(`/api/jobs/${job.id}`).set('X-Api-Key', staff.apiKey).expect(200)).body.job;
      expect(after.state).toBe('interrupted');
      expect(after.progress.bytesAcked).toBeGreaterThan(0);
      expect(after.progress.lineAcked).toBeGreaterThan(0);
      const printer = (await t.http.get('/api/printers/virtual').set('X-Api-Key', staff.apiKey)).body.printer;
      expect(printer.bed).not.toBe('cleared');
      // Nothing resumes on its own: staff decide.
      const events = (await t.http.get(`/api/jobs/${job.id}/events`).set('X-Api-Key', staff.apiKey)).body.events as Array<{ toState: string }>;
      expect(events.at(-1)!.toState).toBe('interrupted');
    } finally {
      await t.stop();
      removeDir(dataDir);
    }
  });
});
