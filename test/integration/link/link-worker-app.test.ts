/**
 * The daemon as `serve` builds it, with each printer's link in a link process of its own (the default): the real
 * app, the virtual printer inside that process at 50× speed, a real PrusaSlicer file, driven over HTTP.
 * Needs dist/printer/link-worker.js (`npm test` builds first).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, removeDir, startTestApp, tempDataDir, waitFor, type TestApp, type TestUser } from '../http/harness.js';

const WHEEL = readFileSync('../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode');
const WHEEL_FILE_LINES = WHEEL.toString('latin1').split('\n').length;

/** Stops this thread's event loop without using a core, as a flood of requests would stall it. */
function blockThisThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('the daemon with its printer link in a worker thread', () => {
  let t: TestApp;
  let staff: TestUser;
  const printer = () => t.app.printers.get('virtual');
  const lineAcked = () => printer().status().print?.lineAcked ?? 0;
  const as = () => ({
    get: (path: string) => t.http.get(path).set('X-Api-Key', staff.apiKey),
    post: (path: string) => t.http.post(path).set('X-Api-Key', staff.apiKey),
  });
  const jobState = async (id: number) => (await as().get(`/api/jobs/${id}`).expect(200)).body.job.state as string;
  const serialLog = async () => (await as().get('/api/printers/virtual/log').expect(200)).body.log as Array<{ direction: string; text: string }>;

  /** A staff upload of the wheel (approved at once), started on a cleared bed; resolves once lines stream. */
  async function startWheel(): Promise<number> {
    const job = (await as().post('/api/jobs').attach('file', WHEEL, 'pyörä.gcode').expect(201)).body.job;
    await t.app.analysis.idle();
    await waitFor(() => printer().state(), (s) => s === 'idle', 20_000);
    await as().post('/api/printers/virtual/bed-cleared').expect(200);
    await as().post('/api/printers/virtual/start').send({ jobId: job.id }).expect(200);
    // Past the heat-up (M190/M109 at the top of the file): the moves stream.
    await waitFor(lineAcked, (n) => n > 100, 30_000);
    return job.id as number;
  }

  beforeAll(async () => {
    t = await startTestApp(tempDataDir(), { virtualTimeScale: 50 });
    staff = await addUser(t, 'staff');
  });

  afterAll(async () => {
    await t?.stop();
    if (t) removeDir(t.dataDir);
  });

  it('prints a real slicer file to the end, and the printer is fed while the daemon\'s thread is stalled', async () => {
    const jobId = await startWheel();
    const before = lineAcked();
    blockThisThread(1000);
    expect(lineAcked()).toBe(before);
    // The acks the worker gathered during the stall arrive with the next turn of this loop.
    await new Promise((r) => setTimeout(r, 20));
    const during = lineAcked() - before;
    // In this thread the printer would have had nothing for a second (50 s of its time); the worker kept ~300 lines going.
    expect(during).toBeGreaterThan(150);

    await waitFor(() => jobState(jobId), (s) => s === 'awaiting_pickup', 60_000);
    expect(printer().state()).toBe('idle');
    const sent = (await serialLog()).filter((e) => e.direction === 'sent').map((e) => e.text);
    // The file's last commands went out, each numbered and checksummed.
    expect(sent.some((l) => /^N\d+ M84\*\d+$/.test(l))).toBe(true);
    console.log(`link worker: ${during} file lines of ${WHEEL_FILE_LINES} acknowledged while the daemon's thread was blocked for 1 s`);
  });

  it('pauses, resumes and cancels through the worker', async () => {
    const jobId = await startWheel();
    const paused = await as().post('/api/printers/virtual/pause').expect(200);
    expect(paused.body.printer.state).toBe('paused');
    expect(await jobState(jobId)).toBe('paused');
    const atPause = lineAcked();
    await new Promise((r) => setTimeout(r, 300));
    expect(lineAcked()).toBe(atPause);
    const sent = (await serialLog()).filter((e) => e.direction === 'sent').map((e) => e.text);
    // M400 then M114: the position reported after the last acknowledged job line is the one resume goes back to.
    expect(sent.some((l) => / M114\*/.test(l))).toBe(true);

    const resumed = await as().post('/api/printers/virtual/resume').expect(200);
    expect(resumed.body.printer.state).toBe('printing');
    await waitFor(lineAcked, (n) => n > atPause, 20_000);

    await as().post(`/api/jobs/${jobId}/cancel`).send({}).expect(200);
    expect(await jobState(jobId)).toBe('cancelled');
    await waitFor(() => printer().state(), (s) => s === 'idle', 20_000);
  });

  it('puts an emergency stop through to the printer, and a reconnect clears it', async () => {
    const jobId = await startWheel();
    const startedMs = performance.now();
    const reply = await as().post('/api/printers/virtual/emergency-stop').expect(200);
    const replyMs = performance.now() - startedMs;
    expect(reply.body).toEqual({ sent: true });
    expect(printer().state()).toBe('error');
    // The printer's own answer to M112, read back from the wire.
    const log = await waitFor(serialLog, (l) => l.some((e) => e.direction === 'received' && e.text.includes('Printer halted')), 10_000);
    expect(log.some((e) => e.direction === 'sent' && e.text === 'M112')).toBe(true);
    await waitFor(() => jobState(jobId), (s) => s === 'failed', 10_000);
    console.log(`link worker: emergency stop HTTP reply in ${replyMs.toFixed(1)} ms`);

    await as().post('/api/printers/virtual/connect').expect(200);
    expect(printer().state()).toBe('idle');
  });
});
