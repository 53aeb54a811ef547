import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { DAY_MS } from '../../../src/jobs/pickup-schedule.js';
import { verifySignature } from '../../../src/notifications/webhook-signature.js';
import { BOOTSTRAP } from '../../../src/users/user-service.js';
import { actorOf, type Actor } from '../../../src/users/user-types.js';
import { removeDir, startTestApp, tempDataDir, waitFor, type TestApp } from '../http/harness.js';
import { startInbox } from './mail-inbox.js';

/**
 * The real app e-mails a real SMTP server on 127.0.0.1 and posts webhooks to a real HTTP server
 * on 127.0.0.1; retries run on the wall clock with a 50 ms base so the test takes under a second.
 */
const SECRET = 'kaupungin-jaettu-salaisuus';
const allDay = [{ opens: '00:00', closes: '24:00' }];

interface Hit { path: string; body: string; headers: IncomingMessage['headers']; atMs: number }

let inbox: Awaited<ReturnType<typeof startInbox>>;
let receiver: Server;
const hits: Hit[] = [];
let dataDir: string;
let t: TestApp;
let staff: Actor;

function startReceiver(): Promise<string> {
  let hookRequests = 0;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers, atMs: Date.now() });
      // The first message to /hook fails once; /broken always fails.
      const fail = req.url === '/broken' || (req.url === '/hook' && ++hookRequests === 1);
      res.statusCode = fail ? 500 : 204;
      res.end();
    });
  });
  return new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  inbox = await startInbox();
  const base = await startReceiver();
  dataDir = tempDataDir();
  t = await startTestApp(dataDir, {
    smtp: { host: '127.0.0.1', port: inbox.port, from: 'tulostamo@kirjasto.example', secure: false },
    webhooks: [{ url: `${base}/hook`, secret: SECRET }, { url: `${base}/broken`, secret: SECRET, events: ['booking:created'] }],
    webhookRetryBaseMs: 50, webhookMaxAttempts: 3,
    library: { openingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } },
  });
  staff = actorOf(await t.app.queue.userService.createUser(BOOTSTRAP, { role: 'staff', username: 'virkailija', secret: 'salasana-123' }));
});
afterAll(async () => {
  await t?.stop();
  await inbox?.close();
  await new Promise((r) => receiver?.close(r));
  removeDir(dataDir);
});

async function patronIn(language: 'fi' | 'sv' | 'en', name: string, email = `${language}@patron.example`) {
  const users = t.app.queue.userService;
  const user = await users.createUser(BOOTSTRAP, { role: 'patron', username: `card-${name}`, displayName: name, secret: '1234', email });
  const { key } = users.createApiKey(BOOTSTRAP, user.id, 'test');
  await t.http.put('/api/notifications/language').set('x-api-key', key).send({ language }).expect(200, { language });
  return actorOf(user);
}

async function analysedJob(owner: Actor, fileName: string) {
  const q = t.app.queue;
  const job = q.jobService.submit(owner, await q.uploads.store(Readable.from([Buffer.from('G28\nG1 X10\n')]), fileName));
  q.jobService.beginAnalysis(job.id);
  return q.jobService.completeAnalysis(job.id, { outcome: 'passed', analysis: { estimateS: 60 } });
}

const mailTo = (address: string) => waitFor(() => inbox.mails.filter((m) => m.to.includes(address)), (m) => m.length > 0, 5000);

describe('e-mail in the patron’s language over a real SMTP server', () => {
  it('sends approved in Finnish, rejected in Swedish with the reason in words, sent back and a reminder in English', async () => {
    const aino = await patronIn('fi', 'Aino');
    const bo = await patronIn('sv', 'Bo');
    const emma = await patronIn('en', 'Emma');
    const q = t.app.queue;

    const a = await analysedJob(aino, 'pöllö.gcode');
    q.jobService.approve(staff, a.id);
    const [fi] = await mailTo('fi@patron.example');
    expect(fi.subject).toBe(`Tulostustyösi #${a.id} on hyväksytty`);
    expect(fi.text).toContain('Hei Aino,');
    expect(fi.text).toContain('tiedostosi pöllö.gcode on hyväksytty');
    expect(fi.headers['content-language']).toBe('fi');
    expect(fi.headers.from).toContain('tulostamo@kirjasto.example');

    const b = await analysedJob(bo, 'båt.gcode');
    q.jobService.reject(staff, b.id, 'too_large');
    const [sv] = await mailTo('sv@patron.example');
    expect(sv.subject).toBe(`Ditt utskriftsjobb #${b.id} kan inte skrivas ut`);
    expect(sv.text).toContain('Orsak: modellen är för stor');

    const e = await analysedJob(emma, 'owl.gcode');
    q.jobService.sendBack(staff, e.id, 'needs_supports', 'Please add supports under the wings.');
    await waitFor(() => inbox.mails.filter((m) => m.to.includes('en@patron.example')), (m) => m.length === 1, 5000);
    expect(await t.app.library.notifier!.remind(q.jobs.require(e.id))).toBe(true);
    const en = await waitFor(() => inbox.mails.filter((m) => m.to.includes('en@patron.example')), (m) => m.length === 2, 5000);
    expect(en[0].subject).toBe(`Your print job #${e.id} needs a fix`);
    expect(en[0].text).toContain('Reason: the model needs supports\n\nPlease add supports under the wings.');
    expect(en[1].subject).toBe(`Reminder: your print #${e.id} is waiting for pickup`);
    // Nothing else went out: submissions and analysis steps send no mail.
    expect(inbox.mails).toHaveLength(4);
  });

  it('mails the reminder the pickup sweep finds due, in the patron’s language', async () => {
    const sara = await patronIn('sv', 'Sara', 'sara@patron.example');
    const q = t.app.queue;
    const job = await analysedJob(sara, 'skål.gcode');
    q.jobService.approve(staff, job.id);
    for (const event of ['start_requested', 'print_started', 'print_finished'] as const) q.jobService.apply(job.id, { event, actorId: null });
    const toSara = () => inbox.mails.filter((m) => m.to.includes('sara@patron.example'));
    // approved, printing, ready for pickup
    await waitFor(toSara, (m) => m.length === 3, 5000);

    // Reminders are due 3 days after the print is ready (the default); a sweep before that sends nothing.
    expect(q.pickup.sweep(Date.now() + 2 * DAY_MS).remindedJobIds).toEqual([]);
    expect(q.pickup.sweep(Date.now() + 3 * DAY_MS + 60_000).remindedJobIds).toEqual([job.id]);
    const sv = await waitFor(toSara, (m) => m.length === 4, 5000);
    expect(sv.at(-1)!.subject).toBe(`Påminnelse: din utskrift #${job.id} väntar på att hämtas`);
    expect(sv.at(-1)!.text).toContain('Hej Sara,');
    expect(sv.at(-1)!.text).toContain('din utskrift skål.gcode väntar fortfarande');
    expect(sv.at(-1)!.headers['content-language']).toBe('sv');
  });
});

describe('webhooks to a real HTTP receiver', () => {
  it('signs every message, retries after a 500 with the same bytes, and logs the delivery', async () => {
    await waitFor(() => hits.filter((h) => h.path === '/hook').length, (n) => n > 2, 5000);
    await t.app.library.webhooks.settled();
    const hook = hits.filter((h) => h.path === '/hook');
    for (const h of hook) expect(verifySignature(SECRET, h.body, h.headers['x-tulostamo-signature'] as string)).toBe(true);
    expect(verifySignature('someone-elses-secret!', hook[0].body, hook[0].headers['x-tulostamo-signature'] as string)).toBe(false);
    const first = hook[0];
    const retried = hook.filter((h) => h.headers['x-tulostamo-delivery'] === first.headers['x-tulostamo-delivery']);
    expect(retried).toHaveLength(2);
    expect(retried[1].body).toBe(first.body);
    expect(retried[1].atMs - retried[0].atMs).toBeGreaterThanOrEqual(45);
    expect(JSON.parse(first.body)).toMatchObject({ event: 'job:changed', data: { event: 'submitted', to: 'uploaded' } });
    expect(first.body).not.toMatch(/Aino|patron\.example|ownerId/);

    const log = await t.http.get('/api/notifications/webhook-deliveries?limit=1000').set('x-api-key', staffKey()).expect(200);
    const row = log.body.deliveries.find((d: { id: number }) => String(d.id) === first.headers['x-tulostamo-delivery']);
    expect(row).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 204, lastError: null });
  });

  it('backs off exponentially on a receiver that keeps failing and gives up after the last attempt', async () => {
    const key = staffKey();
    const res = await t.http.post('/api/bookings').set('x-api-key', key)
      .send({ resourceId: 'virtual', startsAtMs: Date.now() + 3_600_000, endsAtMs: Date.now() + 7_200_000, title: 'Kaupungin varaus' }).expect(201);
    const broken = await waitFor(() => hits.filter((h) => h.path === '/broken'), (h) => h.length === 3, 5000);
    expect(broken[1].atMs - broken[0].atMs).toBeGreaterThanOrEqual(45);
    expect(broken[2].atMs - broken[1].atMs).toBeGreaterThanOrEqual(95);
    expect(JSON.parse(broken[0].body)).toMatchObject({ event: 'booking:created', data: { id: res.body.booking.id, resourceId: 'virtual' } });
    expect(broken[0].body).not.toContain('Kaupungin varaus');
    const log = await waitFor(async () => (await t.http.get('/api/notifications/webhook-deliveries').set('x-api-key', key)).body.deliveries
      .find((d: { url: string }) => d.url.endsWith('/broken')), (d) => d?.state === 'gave_up', 5000);
    expect(log).toMatchObject({ attempts: 3, lastStatus: 500, lastError: 'http_500', nextAttemptAtMs: null });
  });
});

let cachedStaffKey: string | null = null;
function staffKey(): string {
  cachedStaffKey ??= t.app.queue.userService.createApiKey(BOOTSTRAP, staff.userId, 'test').key;
  return cachedStaffKey;
}
