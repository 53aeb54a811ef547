/**
 * Staff open the usage report on the staff console in real Chromium: the lazily loaded panel draws its
 * charts from the real app's report of a seeded history, the CSV link downloads the same figures, and
 * axe-core finds nothing serious.
 */
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../src/users/user-types.js';
import { addUser, removeDir, startTestApp, tempDataDir, type TestApp, type TestUser } from '../integration/http/harness.js';
import { chromiumMissing, launch, personPage, screenshot, seriousViolations, type Browser } from './browser.js';

describe.skipIf(chromiumMissing)('the usage report panel in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let staff: TestUser;

  /** Two prints today on two printers that this app does not run, so the live printer never picks them up. */
  async function seedPrints(): Promise<void> {
    const q = t.app.queue;
    const patron = actorOf((await addUser(t, 'patron')).user);
    for (const [printerId, outcome] of [['mk3', 'print_finished'], ['mini', 'print_failed']] as const) {
      const job = q.jobService.submit(patron, await q.uploads.store(Readable.from([Buffer.from('G28\n')]), 'osa.gcode'));
      q.jobService.beginAnalysis(job.id);
      q.jobService.completeAnalysis(job.id, { outcome: 'passed', analysis: { filamentGrams: 12, estimateS: 600 } });
      q.jobService.approve(actorOf(staff.user), job.id);
      q.jobService.apply(job.id, { event: 'start_requested', actorId: null, patch: { printerId } });
      q.jobService.apply(job.id, { event: 'print_started', actorId: null });
      q.jobService.apply(job.id, { event: outcome, actorId: null });
    }
  }

  beforeAll(async () => {
    t = await startTestApp(tempDataDir(), { webDir: resolve('web/dist') });
    staff = await addUser(t, 'staff', 'raportoija');
    await seedPrints();
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    if (t) removeDir(t.dataDir);
  });

  it('draws the charts, lists the figures and downloads the CSV (en)', async () => {
    // Staff read "today" in the library's zone (the default, Europe/Helsinki), also when the test machine runs on UTC.
    const page = await personPage(browser, undefined, 'Europe/Helsinki');
    await page.goto(`${t.url}/staff?lang=en`);
    await page.fill('[data-test-id=login-user]', staff.user.username);
    await page.fill('[data-test-id=login-secret]', staff.password);
    await page.click('[data-test-id=login-submit]');
    const panel = page.locator('[data-test-id=reports-panel]');
    await panel.locator('[data-test-id=reports-totals]').waitFor({ timeout: 20_000 });
    expect(await panel.locator('h2').textContent()).toBe('Usage and impact');
    expect(await panel.locator('[data-test-id=reports-totals]').textContent()).toContain('Prints: 2 · Print hours: 0 · Filament (g): 12 · Success rate: 50 %');

    // The canvas holds drawn pixels, not just an empty element.
    for (const chart of ['reports-month-chart', 'reports-printer-chart']) {
      const inked = await panel.locator(`[data-test-id=${chart}] canvas`).evaluate((c: HTMLCanvasElement) => {
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return { width: c.width, inked: n };
      });
      expect(inked.width, chart).toBeGreaterThan(100);
      expect(inked.inked, chart).toBeGreaterThan(500);
    }
    expect(await panel.locator('table').nth(1).locator('tbody th').allTextContents()).toEqual(['mini', 'mk3']);

    await panel.locator('[data-test-id=reports-metric]').selectOption('uniquePatrons');
    expect(await panel.locator('[data-test-id=reports-printer-chart]').count()).toBe(0);

    const href = (await panel.locator('[data-test-id=reports-csv]').getAttribute('href'))!;
    const csv = await page.evaluate(async (url) => {
      const res = await fetch(url, { credentials: 'same-origin' });
      return { type: res.headers.get('content-type'), text: await res.text() };
    }, href);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[1]).toMatch(/^total,[\d-]+\.\.[\d-]+,2,1,1,0,0\.5,0,12,/);

    await screenshot(page, 'en-reports-panel');
    // The panel is what this test owns; the rest of the console is checked by ui-flow.test.ts.
    expect(await seriousViolations(page, '[data-test-id=reports-panel]')).toEqual([]);
  });
});
