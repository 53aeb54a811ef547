/**
 * The maker desk's tablet features and the layer preview, in real Chromium against the real app:
 * kiosk mode signs the patron out after inactivity and after a confirmed upload; a G-code file is
 * drawn layer by layer before upload (in the browser) and in the instructor's inbox (from the daemon);
 * the patron sees place in queue and ETA; staff send a line from the G-code terminal and read the
 * printer's reply. axe-core checks each new view.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addUser, removeDir, startTestApp, tempDataDir, waitFor, type TestApp, type TestUser } from '../integration/http/harness.js';
import { chromiumMissing, launch, personPage, signIn, checkPage, type Browser } from './browser.js';

const GCODE = resolve('../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode');
const MODEL = resolve('../shared/fixtures/models/benchy-cargo-box.stl');

/** Pixels something was drawn on: the canvas starts fully transparent. */
function inkedPixels(page: Page): Promise<number> {
  return page.locator('[data-test-id=layer-canvas]').evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  });
}

describe.skipIf(chromiumMissing)('maker desk extras in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let staff: TestUser;

  beforeAll(async () => {
    t = await startTestApp(tempDataDir(), { webDir: resolve('web/dist'), virtualTimeScale: 400 });
    staff = await addUser(t, 'staff', 'henkilokunta');
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    if (t) removeDir(t.dataDir);
  });

  it('kiosk mode signs the patron out after inactivity, with a countdown, and remembers itself', async () => {
    const patron = await addUser(t, 'patron', '11112222');
    const page = await personPage(browser, { width: 800, height: 1280 });
    await signIn(page, `${t.url}/?kiosk=1&idle=3&lang=fi`, patron);
    const timer = page.locator('[data-test-id=kiosk-timer]');
    expect(await timer.textContent()).toMatch(/[1-3]/);
    await checkPage(page, 'kiosk-fi-signed-in');
    await page.locator('[data-test-id=login-form]').waitFor({ timeout: 10_000 });
    // Without ?kiosk in the address the tablet is still a kiosk.
    await signIn(page, `${t.url}/`, patron);
    await timer.waitFor();
    await page.locator('[data-test-id=login-form]').waitFor({ timeout: 10_000 });
    await page.context().close();
  });

  it('starts the desk on the library\'s default preset, not a built-in one', async () => {
    const patron = await addUser(t, 'patron', '77771111');
    const page = await personPage(browser);
    // The library's choices as the server would give them for a library whose default is "fine".
    await page.route('**/api/print-options', (route) => route.fulfill({
      json: { presets: ['draft', 'normal', 'fine'], defaultPreset: 'fine', infillChoicesPercent: [15, 20], supportsAllowed: true },
    }));
    await signIn(page, `${t.url}/?lang=en`, patron);
    await expect.poll(() => page.locator('[data-test-id=preset-fine]').isChecked()).toBe(true);
    expect(await page.locator('[data-test-id=preset-normal]').isChecked()).toBe(false);
    await page.locator('[data-test-id=preset-draft]').check();
    expect(await page.locator('[data-test-id=preset-fine]').isChecked()).toBe(false);
    await page.context().close();
  });

  it('quotes a model picked before the library\'s choices arrived again, on the library\'s default', async () => {
    const patron = await addUser(t, 'patron', '77772222');
    const page = await personPage(browser);
    let release!: () => void;
    const answered = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/api/print-options', async (route) => {
      await answered;
      await route.fulfill({ json: { presets: ['draft', 'normal', 'fine'], defaultPreset: 'fine', infillChoicesPercent: [15, 20], supportsAllowed: true } });
    });
    await signIn(page, `${t.url}/?lang=en`, patron);
    await page.setInputFiles('[data-test-id=upload-file]', MODEL);
    const preset = page.locator('[data-test-id=quote-result] [data-test-id=fact-preset]');
    await expect.poll(() => preset.textContent(), { timeout: 60_000 }).toBe('Normal');
    release();
    await expect.poll(() => preset.textContent(), { timeout: 30_000 }).toBe('Fine (slow)');
    expect(await page.locator('[data-test-id=preset-fine]').isChecked()).toBe(true);
    await page.context().close();
  }, 120_000);

  it('asks for the library\'s default once only, even when the server refuses it', async () => {
    const patron = await addUser(t, 'patron', '77773333');
    const page = await personPage(browser);
    let release!: () => void;
    const answered = new Promise<void>((resolve) => { release = resolve; });
    // A misconfigured library: its default is not among the presets the slicer has.
    await page.route('**/api/print-options', async (route) => {
      await answered;
      await route.fulfill({ json: { presets: ['draft', 'normal', 'fine'], defaultPreset: 'ultra', infillChoicesPercent: [15], supportsAllowed: false } });
    });
    const requotes: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/requote')) requotes.push(r.url()); });
    await signIn(page, `${t.url}/?lang=en`, patron);
    await page.setInputFiles('[data-test-id=upload-file]', MODEL);
    const preset = page.locator('[data-test-id=quote-result] [data-test-id=fact-preset]');
    await expect.poll(() => preset.textContent(), { timeout: 60_000 }).toBe('Normal');
    release();
    await expect.poll(() => requotes.length, { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(requotes).toHaveLength(1);
    await page.context().close();
  }, 120_000);

  it('kiosk mode signs the patron out shortly after a confirmed upload, whatever the idle time', async () => {
    const patron = await addUser(t, 'patron', '33334444');
    const page = await personPage(browser, { width: 800, height: 1280 });
    await signIn(page, `${t.url}/?kiosk=1&idle=5&lang=en`, patron);
    await page.setInputFiles('[data-test-id=upload-file]', GCODE);
    // The patron scrolls while the estimate is calculated: on a busy machine that can take longer than
    // the 5 s idle time, which would sign them out before they could send.
    const submit = page.locator('[data-test-id=upload-submit]');
    for (let i = 0; i < 240 && !(await submit.isEnabled()); i++) {
      await page.mouse.wheel(0, 1);
      await page.waitForTimeout(250);
    }
    await submit.click();
    await page.locator('[data-test-id=upload-result]').waitFor();
    // The patron keeps touching the page: idle time never runs out, but the upload ends the session.
    const form = page.locator('[data-test-id=login-form]');
    for (let i = 0; i < 20 && !(await form.isVisible()); i++) {
      await page.locator('[data-test-id=upload-code]').press('a').catch(() => undefined);
      await page.waitForTimeout(500);
    }
    expect(await form.isVisible()).toBe(true);
    await page.goto(`${t.url}/?kiosk=0`);
    await page.context().close();
  });

  describe('on a printer at wall-clock speed', () => {
    // At the suite's 400× the printer's temperature reports push the line out of the terminal's last
    // 30 entries before the log is read back; a real printer reports every second or two.
    let wall: TestApp;
    let wallStaff: TestUser;
    beforeAll(async () => {
      wall = await startTestApp(tempDataDir(), { webDir: resolve('web/dist'), virtualTimeScale: 1 });
      wallStaff = await addUser(wall, 'staff', 'henkilokunta');
    });
    afterAll(async () => {
      await wall?.stop();
      if (wall) removeDir(wall.dataDir);
    });

    it('staff send M105 from the G-code terminal; the log shows the line sent and the printer\'s reply', async () => {
      const console_ = await personPage(browser);
      await signIn(console_, `${wall.url}/staff?lang=en`, wallStaff);
      const printer = console_.locator('[data-test-id=printer-virtual]');
      await printer.locator('[data-test-id=printer-state]').getByText('Ready').waitFor({ timeout: 20_000 });
      const terminal = printer.locator('details.terminal');
      await terminal.locator('summary').click();
      const log = terminal.locator('pre');
      const sentM105 = /^> (N\d+ )?M105\b/m;
      // Opening the terminal shows the handshake; this printer reports temperatures by itself, so no M105 yet.
      expect(await waitFor(() => log.textContent(), (s) => /M155/.test(s ?? ''))).not.toMatch(sentM105);
      await terminal.getByLabel('G-code line').fill('M105');
      await terminal.getByRole('button', { name: 'Send' }).click();
      const text = await waitFor(() => log.textContent(), (s) => sentM105.test(s ?? ''));
      expect(text!.slice(text!.search(sentM105))).toMatch(/^< ok\b.*T:\d/m);
      await checkPage(console_, 'en-staff-terminal');
      await console_.context().close();
    });
  });

  it('staff approve a refused file anyway from the approvals page, with a note kept in its events (fi)', async () => {
    const patron = await addUser(t, 'patron', '88889999');
    const text = `M83\nG28\nM500\n${Array.from({ length: 30 }, (_, i) => `G1 X${20 + i} Y20 E0.05 F1800`).join('\n')}\n`;
    const job = (await t.http.post('/api/jobs').set('X-Api-Key', patron.apiKey).attach('file', Buffer.from(text), 'asetus.gcode').expect(201)).body.job;
    await t.app.analysis.idle();
    const page = await personPage(browser);
    await signIn(page, `${t.url}/approvals?lang=fi`, staff);
    const refused = page.locator(`[data-test-id=refused-${job.id}]`);
    await refused.waitFor();
    expect(await refused.locator('[data-test-id=findings] li.refuse').count()).toBeGreaterThan(0);
    // Why, in Finnish, before anything else.
    expect(await refused.locator(`[data-test-id=refusal-${job.id}]`).textContent()).toBe('Tiedosto yrittää muuttaa tulostimen tallennettuja asetuksia (M500).');
    await refused.locator(`[data-test-id=override-${job.id}]`).click();
    await checkPage(page, 'fi-approvals-override');
    await refused.locator(`[data-test-id=override-note-${job.id}]`).fill('M500 tarkistettu, tyhjä');
    await refused.locator(`[data-test-id=override-confirm-${job.id}]`).click();
    await refused.waitFor({ state: 'detached' });
    expect(t.app.queue.jobs.require(job.id).state).toBe('approved');
    expect(t.app.queue.jobs.events(job.id).at(-1)).toMatchObject({ event: 'refusal_overridden', note: 'M500 tarkistettu, tyhjä', actorId: staff.user.id });
    await page.context().close();
  });

  for (const lang of ['fi', 'en'] as const) {
    it(`draws a G-code file layer by layer, shows place and ETA, and the instructor's layer view (${lang})`, async () => {
      const patron = await addUser(t, 'patron', `5555666${lang === 'fi' ? 6 : 7}`);
      const desk = await personPage(browser);
      await signIn(desk, `${t.url}/?lang=${lang}`, patron);
      await desk.setInputFiles('[data-test-id=upload-file]', GCODE);
      await waitFor(() => inkedPixels(desk), (n) => n > 50, 10_000);
      const slider = desk.locator('[data-test-id=layer-slider]');
      await slider.fill('20');
      await desk.locator('[data-test-id=layer-canvas][data-layer="20"]').waitFor();
      expect(await inkedPixels(desk)).toBeGreaterThan(10);
      await checkPage(desk, `${lang}-desk-layer-preview`);

      await desk.click('[data-test-id=upload-submit]');
      await desk.locator('[data-test-id=upload-result]').waitFor();
      const jobEl = desk.locator('[data-test-id^=my-job-]').first();
      const jobId = Number((await jobEl.getAttribute('data-test-id'))!.slice('my-job-'.length));
      const myJob = desk.locator(`[data-test-id=my-job-${jobId}]`);
      await myJob.locator('[data-test-id=job-state][data-state=awaiting_approval]').waitFor({ timeout: 30_000 });
      await myJob.locator('[data-test-id=queue-eta]').waitFor();
      expect(await myJob.locator('[data-test-id=queue-position]').textContent()).toMatch(/\d+$/);
      expect(await myJob.locator('[data-test-id=queue-eta]').textContent()).toMatch(/\d{1,2}[:.]\d{2}/);
      await myJob.locator('[data-test-id=pickup-where]').waitFor();
      await checkPage(desk, `${lang}-desk-queue-place`);

      const approvals = await personPage(browser);
      await signIn(approvals, `${t.url}/approvals?lang=${lang}`, staff);
      await approvals.click(`[data-test-id=layers-${jobId}]`);
      await waitFor(() => inkedPixels(approvals), (n) => n > 50, 10_000);
      await checkPage(approvals, `${lang}-approvals-layer-preview`);
      await Promise.all([desk, approvals].map((p) => p.context().close()));
    });
  }
});
