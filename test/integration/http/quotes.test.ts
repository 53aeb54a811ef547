/**
 * "Quote before submit" over HTTP against the real app: a real SQLite file, the real upload store,
 * real G-code analysis and real PrusaSlicer. The patron sees fit, time, grams and cost before the file
 * is a job; sending the quote makes the job from the stored analysis without analysing again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, JobEventRecord } from '../../../src/jobs/job-types.js';
import { QUOTE_TTL_MS } from '../../../src/quotes/quote-service.js';
import type { Quote } from '../../../src/quotes/quote-types.js';
import { availableSlicers } from '../../../src/slicing/engine-select.js';
import type { Slicer } from '../../../src/slicing/slicer.js';
import { actorOf } from '../../../src/users/user-types.js';
import { PIXEL_THUMBNAIL_BLOCK, PIXEL_THUMBNAILS } from '../pixel-thumbnail.js';
import { binaryStl, box, triangles } from '../../unit/mesh/mesh-builders.js';
import { addUser, connectSocket, removeDir, startTestApp, tempDataDir, waitFor, type TestApp, type TestUser } from './harness.js';

const WHEEL_GCODE = readFileSync('../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode');
const BENCHY_GCODE = readFileSync('../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode');
const WHEEL_STL = readFileSync('../shared/fixtures/models/benchy-wheel.stl');

/** The installed engines, counting their slices: proof that sending a quote does not slice again. */
let slices = 0;
let slicesFinished = 0;
async function countingSlicers(): Promise<Slicer[]> {
  return (await availableSlicers()).map((s) => ({
    engine: s.engine,
    slice: async (request) => {
      slices++;
      const outcome = await s.slice(request);
      if (outcome.ok) slicesFinished++;
      return outcome;
    },
  }));
}

async function quoteFile(t: TestApp, who: TestUser, bytes: Buffer, name: string, fields: Record<string, string> = {}): Promise<Quote> {
  const req = t.http.post('/api/quotes').set('x-api-key', who.apiKey);
  for (const [k, v] of Object.entries(fields)) void req.field(k, v);
  const res = await req.attach('file', bytes, name);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.quote as Quote;
}

function settled(t: TestApp, who: TestUser, quoteId: number): Promise<Quote> {
  return waitFor(async () => (await t.http.get(`/api/quotes/${quoteId}`).set('x-api-key', who.apiKey)).body.quote as Quote,
    (q) => q.state !== 'analysing', 60_000);
}

async function events(t: TestApp, who: TestUser, jobId: number): Promise<JobEventRecord[]> {
  return (await t.http.get(`/api/jobs/${jobId}/events`).set('x-api-key', who.apiKey).expect(200)).body.events as JobEventRecord[];
}

describe('quotes', () => {
  let t: TestApp;
  let patron: TestUser;
  let other: TestUser;
  let staff: TestUser;

  beforeAll(async () => {
    t = await startTestApp(tempDataDir(), {}, { slicers: countingSlicers });
    [patron, other, staff] = await Promise.all([addUser(t, 'patron'), addUser(t, 'patron'), addUser(t, 'staff')]);
  });
  afterAll(async () => { await t.stop(); removeDir(t.dataDir); });

  it('quotes G-code, then makes a job from the quote with the same facts and no second analysis', async () => {
    const socket = await connectSocket(t.url, { apiKey: patron.apiKey });
    const pushed: Quote[] = [];
    socket.on('quote:changed', ({ quote }: { quote: Quote }) => pushed.push(quote));
    const created = await quoteFile(t, patron, WHEEL_GCODE, 'pyörä.gcode', { preset: 'normal' });
    expect(created).toMatchObject({ state: 'analysing', fileKind: 'gcode', originalFilename: 'pyörä.gcode', preset: 'normal', analysis: null });
    const quote = await settled(t, patron, created.id);
    expect(quote.state, JSON.stringify(quote)).toBe('ready');
    const a = quote.analysis!;
    expect(a.fitsBed).toBe(true);
    expect(a.estimateS).toBeGreaterThan(60);
    expect(a.filamentGrams).toBeGreaterThan(0);
    expect(a.costCents).toEqual(expect.any(Number));
    expect(a).toMatchObject({ currency: 'EUR', costWaived: null, kind: 'gcode' });
    expect(a.layers as number).toBeGreaterThan(10);
    expect(quote.expiresAtMs - quote.createdAtMs).toBe(QUOTE_TTL_MS);
    // The owner hears of it live.
    await waitFor(() => pushed.map((q) => q.state), (s) => s.includes('ready'));
    socket.close();

    const res = await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).send({ quoteId: quote.id, note: 'Punainen, kiitos' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const job = res.body.job as Job;
    expect(job).toMatchObject({
      state: 'awaiting_approval', fileSha256: quote.fileSha256, gcodeSha256: quote.fileSha256, preset: 'normal', patronNote: 'Punainen, kiitos',
    });
    expect(job.analysis).toEqual(quote.analysis);
    // The normal path, written at one moment: nothing was analysed after the quote.
    const trail = await events(t, patron, job.id);
    expect(trail.map((e) => [e.event, e.toState])).toEqual([
      ['submitted', 'uploaded'], ['analysis_started', 'analysing'], ['analysis_passed', 'awaiting_approval'],
    ]);
    expect(new Set(trail.map((e) => e.atMs)).size).toBe(1);
    expect((await t.http.get(`/api/quotes/${quote.id}`).set('x-api-key', patron.apiKey)).body.quote).toMatchObject({ state: 'used', jobId: job.id });

    const again = await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).send({ quoteId: quote.id });
    expect([again.status, again.body.error.code]).toEqual([409, 'quote_used']);
  });

  it('quotes an STL, re-quotes it with another preset without uploading again, and sends it', async () => {
    const first = await settled(t, patron, (await quoteFile(t, patron, WHEEL_STL, 'pyörä.stl', { preset: 'normal' })).id);
    expect(first.state, JSON.stringify(first.analysis)).toBe('ready');
    expect(first.analysis).toMatchObject({ fitsBed: true, slicing: { engine: 'prusaslicer', slicedHere: true } });
    expect(first.gcodeSha256).toMatch(/^[0-9a-f]{64}$/);

    const res = await t.http.post(`/api/quotes/${first.id}/requote`).set('x-api-key', patron.apiKey).send({ preset: 'draft' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const draft = await settled(t, patron, (res.body.quote as Quote).id);
    expect(draft).toMatchObject({ state: 'ready', preset: 'draft', fileSha256: first.fileSha256 });
    // Thicker layers print faster: the estimate follows the preset.
    expect(draft.analysis!.estimateS!).toBeLessThan(first.analysis!.estimateS!);
    expect(draft.gcodeSha256).not.toBe(first.gcodeSha256);
    expect((await t.http.get(`/api/quotes/${first.id}`).set('x-api-key', patron.apiKey)).body.quote.state).toBe('discarded');

    const slicesBefore = slices;
    const sent = await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).field('quoteId', String(draft.id));
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const job = sent.body.job as Job;
    expect(job).toMatchObject({ state: 'awaiting_approval', fileKind: 'stl', gcodeSha256: draft.gcodeSha256, preset: 'draft' });
    expect(job.analysis!.estimateS).toBe(draft.analysis!.estimateS);
    await t.app.analysis.idle();
    expect(slices).toBe(slicesBefore);

    const stale = await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).send({ quoteId: first.id });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'quote_discarded']);
  });

  it('tells the quote\'s owner how far the slicer is, and nobody else', async () => {
    const [mine, theirs] = await Promise.all([connectSocket(t.url, { apiKey: patron.apiKey }), connectSocket(t.url, { apiKey: other.apiKey })]);
    const seen: Array<{ quoteId: number; percent: number; stage: string }> = [];
    const leaked: unknown[] = [];
    mine.on('quote:slicing', (e) => seen.push(e));
    theirs.on('quote:slicing', (e) => leaked.push(e));
    const quote = await settled(t, patron, (await quoteFile(t, patron, WHEEL_STL, 'edistyy.stl', { preset: 'draft' })).id);
    expect(quote.state).toBe('ready');
    mine.close(); theirs.close();
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((e) => e.quoteId === quote.id && e.percent >= 0 && e.percent <= 100 && e.stage.length > 0)).toBe(true);
    expect(seen.map((e) => e.percent)).toEqual([...seen.map((e) => e.percent)].sort((a, b) => a - b));
    expect(leaked).toEqual([]);
  });

  it('tells the desk what it may offer: the print qualities fastest first, the infill list, supports', async () => {
    const options = (await t.http.get('/api/print-options').set('x-api-key', patron.apiKey).expect(200)).body;
    expect(options).toEqual({ presets: ['draft', 'normal', 'fine'], defaultPreset: 'normal', infillChoicesPercent: [10, 15, 20, 30, 50], supportsAllowed: true });
  });

  it('slices with the infill and supports the patron chose from the library\'s list, and the job keeps them', async () => {
    const quote = await settled(t, patron, (await quoteFile(t, patron, WHEEL_STL, 'tuki.stl', { preset: 'draft', infillPercent: '30', supports: 'true' })).id);
    expect(quote).toMatchObject({ state: 'ready', infillPercent: 30, supports: true });
    expect((quote.analysis!.slicing as { signature: string }).signature).toMatch(/\/draft infill=30 supports=on /);
    const res = await t.http.post(`/api/quotes/${quote.id}/requote`).set('x-api-key', patron.apiKey).send({ supports: false });
    const without = await settled(t, patron, (res.body.quote as Quote).id);
    expect(without).toMatchObject({ state: 'ready', infillPercent: 30, supports: false });
    expect((without.analysis!.slicing as { signature: string }).signature).toMatch(/infill=30 supports=off /);
    const job = (await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).send({ quoteId: without.id }).expect(201)).body.job as Job;
    expect(job).toMatchObject({ infillPercent: 30, supports: false, preset: 'draft' });
    // Only the library's choices: 37 % is not one of them.
    for (const path of ['/api/quotes', '/api/jobs']) {
      const odd = await t.http.post(path).set('x-api-key', patron.apiKey).field('infillPercent', '37').attach('file', WHEEL_STL, 'outo.stl');
      expect([odd.status, odd.body.error.code, odd.body.error.params.allowed]).toEqual([400, 'slice_choice_invalid', [10, 15, 20, 30, 50]]);
    }
  });

  it('stops slicing for a quote the patron re-quoted before it was ready', async () => {
    const before = slicesFinished;
    const first = await quoteFile(t, patron, WHEEL_STL, 'kesken.stl', { preset: 'fine' });
    const res = await t.http.post(`/api/quotes/${first.id}/requote`).set('x-api-key', patron.apiKey).send({ preset: 'draft' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const draft = await settled(t, patron, (res.body.quote as Quote).id);
    expect(draft).toMatchObject({ state: 'ready', preset: 'draft' });
    await t.app.analysis.idle();
    const dropped = (await t.http.get(`/api/quotes/${first.id}`).set('x-api-key', patron.apiKey)).body.quote as Quote;
    expect(dropped).toMatchObject({ state: 'discarded', analysis: null });
    // Only the draft was sliced to the end; the fine slice never finished (or never started).
    expect(slicesFinished - before).toBe(1);
  });

  it('stops slicing a job its patron cancelled, so the desk does not wait behind it', async () => {
    const [started, finished] = [slices, slicesFinished];
    const up = await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).field('preset', 'fine').attach('file', WHEEL_STL, 'peruttu.stl');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    await waitFor(async () => slices, (n) => n > started, 30_000);
    await t.http.post(`/api/jobs/${up.body.job.id}/cancel`).set('x-api-key', patron.apiKey).send({}).expect(200);
    await t.app.analysis.idle();
    expect(slicesFinished).toBe(finished);
    expect(t.app.queue.jobs.require(up.body.job.id)).toMatchObject({ state: 'cancelled', gcodeSha256: null });
    expect((await events(t, patron, up.body.job.id)).map((e) => e.event)).toEqual(['submitted', 'analysis_started', 'cancelled']);
  });

  it('says a workshop print is free, and the job lands in that workshop', async () => {
    const instructor = await addUser(t, 'instructor');
    const workshop = t.app.queue.workshopService.create(actorOf(instructor.user),
      { title: 'Avaimenperät', startsAtMs: Date.now() - 60_000, endsAtMs: Date.now() + 3_600_000 });
    const quote = await settled(t, patron, (await quoteFile(t, patron, WHEEL_GCODE, 'paja.gcode', { joinCode: workshop.joinCode.toLowerCase() })).id);
    expect(quote).toMatchObject({ state: 'ready', workshopId: workshop.id, joinCode: workshop.joinCode });
    expect(quote.analysis).toMatchObject({ costWaived: 'workshop', costCents: 0 });
    // Naming the same workshop again, as typed, is not a different option.
    const sent = await t.http.post('/api/jobs').set('x-api-key', patron.apiKey)
      .send({ quoteId: quote.id, joinCode: ` ${workshop.joinCode.toLowerCase()}` });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const job = sent.body.job as Job;
    expect(job).toMatchObject({ workshopId: workshop.id, state: 'awaiting_approval' });
    const unknown = await t.http.post('/api/quotes').set('x-api-key', patron.apiKey).field('joinCode', 'EIOLE1')
      .attach('file', WHEEL_GCODE, 'x.gcode');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'workshop_code_unknown']);
  });

  it('sends refused G-code to the staff as a refused job, which only they may approve anyway', async () => {
    const text = WHEEL_GCODE.toString('latin1').replace('\nG28', '\nM500\nG28');
    const quote = await settled(t, patron, (await quoteFile(t, patron, Buffer.from(text, 'latin1'), 'asetukset.gcode')).id);
    expect(quote).toMatchObject({ state: 'refused', reasonCode: 'eeprom_command' });
    const sent = await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).send({ quoteId: quote.id, note: 'Tarkistatteko?' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const job = sent.body.job as Job;
    expect(job).toMatchObject({ state: 'refused', refusal: { code: 'eeprom_command' }, gcodeSha256: quote.fileSha256 });
    expect((await events(t, patron, job.id)).map((e) => [e.event, e.reasonCode])).toEqual([['submitted', null], ['analysis_started', null], ['analysis_refused', 'eeprom_command']]);
    const again = await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).send({ quoteId: quote.id });
    expect([again.status, again.body.error.code]).toEqual([409, 'quote_used']);
    const approved = await t.http.post(`/api/jobs/${job.id}/override`).set('x-api-key', staff.apiKey).send({ note: 'M500 poistetaan tulostimen asetuksista' });
    expect([approved.status, approved.body.job?.state]).toEqual([200, 'approved']);
  });

  it('explains a refusal and never lets a refused model into the queue', async () => {
    const plate = binaryStl(triangles(box([300, 120, 5])));
    const quote = await settled(t, patron, (await quoteFile(t, patron, plate, 'liian iso.stl')).id);
    expect(quote).toMatchObject({ state: 'refused', outcome: 'refused', reasonCode: 'model_too_large' });
    expect(quote.analysis!.fitsBed).toBe(false);
    const res = await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).send({ quoteId: quote.id });
    expect([res.status, res.body.error.code]).toEqual([409, 'quote_refused']);
    const jobs = (await t.http.get('/api/jobs').set('x-api-key', patron.apiKey)).body.jobs as Job[];
    expect(jobs.map((j) => j.originalFilename)).not.toContain('liian iso.stl');
  });

  it('shows a quote to its owner and staff only, and lets only the owner send or change it', async () => {
    const quote = await settled(t, patron, (await quoteFile(t, patron, WHEEL_GCODE, 'oma.gcode')).id);
    const as = (u: TestUser) => ({ 'x-api-key': u.apiKey });
    expect((await t.http.get(`/api/quotes/${quote.id}`).set(as(other))).body.error.code).toBe('forbidden');
    expect((await t.http.get(`/api/quotes/${quote.id}`).set(as(staff))).status).toBe(200);
    for (const u of [other, staff]) {
      const send = await t.http.post('/api/jobs').set(as(u)).send({ quoteId: quote.id });
      expect([send.status, send.body.error.code]).toEqual([403, 'forbidden']);
      const requote = await t.http.post(`/api/quotes/${quote.id}/requote`).set(as(u)).send({ preset: 'fine' });
      expect([requote.status, requote.body.error.code]).toEqual([403, 'forbidden']);
    }
    expect((await t.http.get('/api/quotes/999999').set(as(patron))).body.error.code).toBe('quote_not_found');
    // The options were fixed when the file was analysed; a different one needs a new quote.
    const differ = await t.http.post('/api/jobs').set(as(patron)).send({ quoteId: quote.id, preset: 'fine' });
    expect([differ.status, differ.body.error.code, differ.body.error.params.fields]).toEqual([422, 'quote_options_differ', ['preset']]);
    const both = await t.http.post('/api/jobs').set(as(patron)).field('quoteId', String(quote.id)).attach('file', WHEEL_GCODE, 'taas.gcode');
    expect([both.status, both.body.error.code]).toEqual([422, 'quote_with_file']);
    expect((await t.http.post('/api/jobs').set(as(patron)).send({ quoteId: quote.id })).status).toBe(201);
  });

  it('calculates at most three quotes at once for one person', async () => {
    const busy = await addUser(t, 'patron');
    const stored = await t.app.queue.uploads.store(Readable.from([WHEEL_GCODE]), 'monta.gcode');
    // Recorded, not queued: they stay `analysing` for as long as this test needs.
    const waiting = [1, 2, 3].map(() => t.app.queue.quotes.create(actorOf(busy.user), stored));
    const res = await t.http.post('/api/quotes').set('x-api-key', busy.apiKey).attach('file', WHEEL_GCODE, 'neljas.gcode');
    expect([res.status, res.body.error.code, res.body.error.params]).toEqual([429, 'quote_limit_reached', { max: 3 }]);
    // A new preset replaces a quote rather than adding one.
    const requote = await t.http.post(`/api/quotes/${waiting[0].id}/requote`).set('x-api-key', busy.apiKey).send({ preset: 'draft' });
    expect(requote.status, JSON.stringify(requote.body)).toBe(202);
    expect((await settled(t, busy, (requote.body.quote as Quote).id)).state).toBe('ready');
  });

  it('analyses a waiting patron’s quote ahead of jobs already in line', async () => {
    const q = t.app.queue;
    const benchy = await q.uploads.store(Readable.from([BENCHY_GCODE]), 'benchy.gcode');
    const wheel = await q.uploads.store(Readable.from([WHEEL_GCODE]), 'wheel.gcode');
    const jobs = [1, 2, 3].map(() => q.jobService.submit(actorOf(other.user), benchy));
    for (const j of jobs) t.app.analysis.enqueue(j.id);
    const quote = q.quotes.create(actorOf(patron.user), wheel);
    t.app.analysis.enqueueQuote(quote.id);
    const ready = await settled(t, patron, quote.id);
    expect(ready.state).toBe('ready');
    await t.app.analysis.idle();
    const startedAt = await Promise.all(jobs.map(async (j) => (await events(t, other, j.id)).find((e) => e.event === 'analysis_started')!.atMs));
    // The first job was already being analysed; the two behind it waited for the quote.
    expect(startedAt[0]).toBeLessThanOrEqual(quote.createdAtMs);
    expect(startedAt[1]).toBeGreaterThanOrEqual(ready.updatedAtMs);
    expect(startedAt[2]).toBeGreaterThanOrEqual(ready.updatedAtMs);
  });

  it('expires quotes: the sweep removes their files and previews unless a job or a live quote still uses them', async () => {
    const q = t.app.queue;
    const unique = (tag: string) => Buffer.concat([PIXEL_THUMBNAIL_BLOCK, WHEEL_GCODE, Buffer.from(`; ${tag}\n`)]);
    const hasPreview = (quote: Quote) => existsSync(q.previews.pathOf(quote.fileSha256));
    const lone = await settled(t, patron, (await quoteFile(t, patron, unique('yksin'), 'yksin.gcode')).id);
    const twin = await settled(t, patron, (await quoteFile(t, patron, unique('yksin'), 'kaksonen.gcode')).id);
    const used = await settled(t, patron, (await quoteFile(t, patron, unique('käytetty'), 'kaytetty.gcode')).id);
    expect([lone, used].map((x) => x.analysis!.preview)).toEqual(['gcode_thumbnail', 'gcode_thumbnail']);
    expect([hasPreview(lone), hasPreview(used)]).toEqual([true, true]);
    await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).send({ quoteId: used.id }).expect(201);
    const late = Date.now() + QUOTE_TTL_MS + 1;
    q.db.prepare('UPDATE quotes SET expires_at_ms = ? WHERE id = ?').run(late + 60_000, twin.id);

    const first = await q.quotes.sweep(late);
    expect(first.quoteIds).toEqual(expect.arrayContaining([lone.id, used.id]));
    expect(first.quoteIds).not.toContain(twin.id);
    expect(await q.uploads.has(lone.fileSha256, 'gcode')).toBe(true);
    expect(await q.uploads.has(used.fileSha256, 'gcode')).toBe(true);
    expect([hasPreview(lone), hasPreview(used)]).toEqual([true, true]);
    const gone = await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).send({ quoteId: lone.id });
    expect([gone.status, gone.body.error.code]).toEqual([404, 'quote_not_found']);

    const second = await q.quotes.sweep(late + 60_000);
    expect(second.quoteIds).toEqual([twin.id]);
    expect(second.filesRemoved).toBe(1);
    expect(await q.uploads.has(lone.fileSha256, 'gcode')).toBe(false);
    expect(await q.uploads.has(used.fileSha256, 'gcode')).toBe(true);
    expect(hasPreview(lone)).toBe(false);
    expect(hasPreview(used)).toBe(true);
    // The swept quotes' ids are never handed out again: a tab still polling one gets "not found".
    const next = await quoteFile(t, patron, unique('seuraava'), 'seuraava.gcode');
    expect(next.id).toBeGreaterThan(Math.max(lone.id, twin.id, used.id));
    expect((await t.http.get(`/api/quotes/${twin.id}`).set('x-api-key', patron.apiKey)).status).toBe(404);
  });

  it('keeps a file a live quote uses when file retention removes an old job’s files', async () => {
    const q = t.app.queue;
    const bytes = Buffer.concat([WHEEL_GCODE, Buffer.from('; vanha ja uusi\n')]);
    const file = await q.uploads.store(Readable.from([bytes]), 'vanha.gcode');
    type Event = Parameters<typeof q.jobService.apply>[1]['event'];
    const system = (jobId: number, event: Event, patch = {}) => q.jobService.apply(jobId, { event, actorId: null, patch });
    const old = q.jobService.submit(actorOf(other.user), file);
    q.jobService.beginAnalysis(old.id);
    q.jobService.completeAnalysis(old.id, { outcome: 'passed', analysis: { estimateS: 60 } });
    q.jobService.approve(actorOf(staff.user), old.id);
    system(old.id, 'start_requested', { printerId: 'virtual' });
    system(old.id, 'print_started');
    system(old.id, 'print_finished');
    q.jobService.collect(actorOf(staff.user), old.id);
    const quote = await settled(t, patron, (await quoteFile(t, patron, bytes, 'uusi.gcode')).id);

    const swept = await q.retention.sweep(Date.now() + 400 * 24 * 3_600_000);
    expect(swept.jobIds).toContain(old.id);
    expect(await q.uploads.has(quote.fileSha256, 'gcode')).toBe(true);
    expect((await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).send({ quoteId: quote.id })).status).toBe(201);
  });

  it('refuses an expired quote that the sweep has not reached yet', async () => {
    const quote = await settled(t, patron, (await quoteFile(t, patron, WHEEL_GCODE, 'myohassa.gcode')).id);
    t.app.queue.db.prepare('UPDATE quotes SET expires_at_ms = ? WHERE id = ?').run(Date.now() - 1, quote.id);
    const res = await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).send({ quoteId: quote.id });
    expect([res.status, res.body.error.code]).toEqual([410, 'quote_expired']);
  });
});

describe('a quote across a restart', () => {
  it('is analysed after the restart, and its file and preview survive the start-up sweep; an orphan preview does not', async () => {
    const dataDir = tempDataDir();
    let t = await startTestApp(dataDir);
    const patron = await addUser(t, 'patron');
    const stored = await t.app.queue.uploads.store(Readable.from([WHEEL_GCODE]), 'kesken.gcode');
    // Recorded but never analysed: what a kill -9 between the upload and the analysis leaves.
    const quote = t.app.queue.quotes.create(actorOf(patron.user), stored);
    // A crash between a quote's deletion and its preview's leaves a preview whose file is gone.
    const orphanSha = createHash('sha256').update('poistettu').digest('hex');
    for (const sha of [stored.sha256, orphanSha]) await t.app.queue.previews.saveGcodeThumbnail(sha, PIXEL_THUMBNAILS);
    await t.stop();
    t = await startTestApp(dataDir);
    try {
      expect(t.app.queue.startup.orphansRemoved).toBe(0);
      expect(t.app.queue.startup.previewsRemoved).toBe(1);
      expect(await t.app.queue.previews.has(stored.sha256)).toBe(true);
      expect(await t.app.queue.previews.has(orphanSha)).toBe(false);
      const after = await settled(t, patron, quote.id);
      expect(after.state).toBe('ready');
      expect(after.analysis!.estimateS).toBeGreaterThan(0);
    } finally {
      await t.stop();
      removeDir(dataDir);
    }
  });
});
