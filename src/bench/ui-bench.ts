/**
 * `npm run bench:ui`: how the built web UI behaves in real Chromium against the real daemon (the CLI
 * `serve`, the virtual printer on an accelerated clock, a long PrusaSlicer print looping on it):
 *   (a) the staff console while status arrives at 4 Hz: long tasks and requestAnimationFrame gaps;
 *   (b) the lobby board's JS heap (after a forced GC) and DOM size, sampled over hours of print time;
 *   (c) the patron page's initial JavaScript, gzipped, as the browser fetched it from web/dist.
 * Prints figures; asserts nothing. Env: UI_BENCH_SCALE (virtual time scale, default 40),
 * UI_BENCH_STAFF_S (default 20), UI_BENCH_BOARD_MIN (default 3), UI_BENCH_SAMPLE_S (default 15).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addUserViaCli, spawnDaemon } from './daemon-process.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const WEB_DIST = join(ROOT, 'web/dist');
const PRINT_FILE = join(ROOT, '../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode');
const TIME_SCALE = Number(process.env.UI_BENCH_SCALE ?? 40);
const STAFF_MEASURE_S = Number(process.env.UI_BENCH_STAFF_S ?? 20);
const BOARD_MINUTES = Number(process.env.UI_BENCH_BOARD_MIN ?? 3);
const BOARD_SAMPLE_S = Number(process.env.UI_BENCH_SAMPLE_S ?? 15);
/** A frame this much later than the 60 Hz beat means at least one frame was not drawn. */
const DROPPED_FRAME_GAP_MS = 1000 / 60 * 2;
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--enable-precise-memory-info',
];
const STAFF_PASSWORD = 'salasana-123';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const step = (what: string) => process.stderr.write(`ui-bench: ${what}\n`);

async function call(url: string, key: string, method: string, path: string, body?: unknown): Promise<any> {
  const init: RequestInit = { method, headers: { 'x-api-key': key } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) { init.body = JSON.stringify(body); (init.headers as Record<string, string>)['content-type'] = 'application/json'; }
  const res = await fetch(new URL(path, url), init);
  const data: any = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

/** Keeps the printer busy: whenever a print ends, staff hand it over, clear the bed and start the next. */
class PrintLoop {
  private running = true;
  prints = 0;
  private readonly done: Promise<void>;

  constructor(private readonly url: string, private readonly key: string) {
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  private async run(): Promise<void> {
    const gcode = new Blob([readFileSync(PRINT_FILE)]);
    while (this.running) {
      const form = new FormData();
      form.append('file', gcode, `benchy-${this.prints + 1}.gcode`);
      const { job } = await call(this.url, this.key, 'POST', '/api/jobs', form);
      const stateIs = (states: string[]) => async () => states.includes((await call(this.url, this.key, 'GET', `/api/jobs/${job.id}`)).job.state);
      await this.until(stateIs(['approved']));
      await this.until(async () => (await call(this.url, this.key, 'GET', '/api/printers/virtual')).printer.state === 'idle');
      await call(this.url, this.key, 'POST', '/api/printers/virtual/bed-cleared');
      await call(this.url, this.key, 'POST', '/api/printers/virtual/start', { jobId: job.id });
      this.prints++;
      await this.until(stateIs(['awaiting_pickup', 'failed', 'interrupted', 'cancelled']));
      const { job: ended } = await call(this.url, this.key, 'GET', `/api/jobs/${job.id}`);
      if (ended.state === 'awaiting_pickup') await call(this.url, this.key, 'POST', `/api/jobs/${job.id}/collected`);
    }
  }

  private async until(probe: () => Promise<boolean>): Promise<void> {
    while (this.running && !(await probe())) await sleep(250);
  }
}

async function signedInPage(browser: Browser, url: string, path: string, username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${url}${path}`);
  await page.fill('[data-test-id=login-user]', username);
  await page.fill('[data-test-id=login-secret]', STAFF_PASSWORD);
  await page.click('[data-test-id=login-submit]');
  await page.waitForSelector('[data-test-id=who]');
  return page;
}

interface FrameFigures { frames: number; dropped: number; maxGapMs: number; longTasks: number; longTaskMs: number; statusRenders: number }

/** Frame gaps and long tasks on the staff console over `seconds`, while the print streams. */
async function measureStaff(page: Page, seconds: number): Promise<FrameFigures> {
  await page.locator('[data-test-id=print-progress]').waitFor({ timeout: 120_000 });
  return page.evaluate(({ ms, droppedGapMs }) => new Promise<FrameFigures>((resolve) => {
    const figures = { frames: 0, dropped: 0, maxGapMs: 0, longTasks: 0, longTaskMs: 0, statusRenders: 0 };
    const longTasks = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { figures.longTasks++; figures.longTaskMs += e.duration; }
    });
    longTasks.observe({ type: 'longtask', buffered: false });
    const card = document.querySelector('[data-test-id=printer-virtual]')!;
    const renders = new MutationObserver(() => { figures.statusRenders++; });
    renders.observe(card, { subtree: true, childList: true, characterData: true, attributes: true });
    const endAt = performance.now() + ms;
    let last = performance.now();
    const frame = (now: number) => {
      const gap = now - last;
      last = now;
      figures.frames++;
      if (gap > droppedGapMs) figures.dropped++;
      figures.maxGapMs = Math.max(figures.maxGapMs, gap);
      if (now < endAt) { requestAnimationFrame(frame); return; }
      longTasks.disconnect();
      renders.disconnect();
      resolve(figures);
    };
    requestAnimationFrame(frame);
  }), { ms: seconds * 1000, droppedGapMs: DROPPED_FRAME_GAP_MS });
}

interface HeapSample { wallS: number; printH: number; heapMb: number; nodes: number; listeners: number }

/** The board's heap after a forced GC, its DOM nodes and listeners, every `sampleS` for `minutes`. */
async function sampleBoard(page: Page, minutes: number, sampleS: number): Promise<HeapSample[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const samples: HeapSample[] = [];
  const startMs = Date.now();
  for (;;) {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    const wallS = (Date.now() - startMs) / 1000;
    samples.push({ wallS, printH: (wallS * TIME_SCALE) / 3600, heapMb: usedSize / 1e6, nodes: metric('Nodes'), listeners: metric('JSEventListeners') });
    if (wallS >= minutes * 60) return samples;
    await sleep(sampleS * 1000);
  }
}

/** Every script the patron page loads before anyone touches it, gzipped as a server would send it. */
async function patronInitialJs(browser: Browser, url: string): Promise<Array<{ file: string; rawKb: number; gzipKb: number }>> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts: string[] = [];
  page.on('response', (r) => { if (r.request().resourceType() === 'script') scripts.push(new URL(r.url()).pathname); });
  await page.goto(`${url}/`, { waitUntil: 'networkidle' });
  await page.waitForSelector('[data-test-id=login-form]');
  await context.close();
  return scripts.map((path) => {
    const bytes = readFileSync(join(WEB_DIST, path));
    return { file: path.replace(/^\/assets\//, ''), rawKb: bytes.length / 1024, gzipKb: gzipSync(bytes).length / 1024 };
  });
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tulostamo-ui-bench-'));
  const configFile = join(dataDir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ virtualTimeScale: TIME_SCALE, host: '127.0.0.1', webDir: WEB_DIST }));
  const staffKey = addUserViaCli(dataDir, 'staff', 'bench-staff');
  const { child, url } = await spawnDaemon(['--data', dataDir, '--port', '0', '--config', configFile]);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  let loop: PrintLoop | null = null;
  try {
    step('patron page');
    const initial = await patronInitialJs(browser, url);
    loop = new PrintLoop(url, staffKey);

    step('staff console');
    const staff = await signedInPage(browser, url, '/staff?lang=fi', 'bench-staff');
    const frames = await measureStaff(staff, STAFF_MEASURE_S);
    await staff.context().close();

    step(`lobby board for ${BOARD_MINUTES} min`);
    const board = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await board.goto(`${url}/board`);
    await board.locator('[data-test-id=board-progress]').waitFor({ timeout: 120_000 });
    const heap = await sampleBoard(board, BOARD_MINUTES, BOARD_SAMPLE_S);

    console.log(`ui-bench: virtual time ×${TIME_SCALE}, print ${PRINT_FILE.split('/').pop()}, ${loop.prints} print(s) started`);
    console.log(`\n(a) staff console, ${STAFF_MEASURE_S} s while printing (status pushed at ≤ 4 Hz)`);
    console.log(`    frames ${frames.frames} (${fixed(frames.frames / STAFF_MEASURE_S)} /s), dropped (gap > ${fixed(DROPPED_FRAME_GAP_MS)} ms) ${frames.dropped}, ` +
      `longest gap ${fixed(frames.maxGapMs)} ms, long tasks ${frames.longTasks} (${fixed(frames.longTaskMs)} ms), DOM updates ${frames.statusRenders}`);
    console.log(`\n(b) lobby board heap after GC`);
    console.log('    wall s  print h  heap MB  DOM nodes  listeners');
    for (const s of heap) {
      console.log(`    ${fixed(s.wallS, 0).padStart(6)}  ${fixed(s.printH, 2).padStart(7)}  ${fixed(s.heapMb, 2).padStart(7)}  ${String(s.nodes).padStart(9)}  ${String(s.listeners).padStart(9)}`);
    }
    const first = heap[0];
    const last = heap[heap.length - 1];
    console.log(`    growth ${fixed(last.heapMb - first.heapMb, 2)} MB over ${fixed(last.printH, 1)} h of printing`);
    console.log(`\n(c) patron page initial JavaScript (gzip)`);
    for (const s of initial) console.log(`    ${s.file.padEnd(32)} ${fixed(s.rawKb).padStart(7)} KB  ${fixed(s.gzipKb).padStart(6)} KB gz`);
    console.log(`    total ${fixed(initial.reduce((a, s) => a + s.gzipKb, 0))} KB gzipped (limit 150 KB)`);
  } finally {
    await loop?.stop().catch(() => undefined);
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
