/**
 * The whole library flow in a real browser (Debian's Chromium), in Finnish and in English: a patron
 * chooses an STL, sees the estimate before sending it (a quote) and sends it, an instructor approves,
 * staff clear the bed and start, the print runs with live progress on the staff console and the lobby
 * board, and the patron sees "ready for pickup". Against the real app (SQLite file in a temp dir, virtual printer on an accelerated clock)
 * serving the built UI. Screenshots land in test-artifacts/e2e; axe-core checks every page.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, removeDir, startTestApp, tempDataDir, waitFor, type TestApp, type TestUser } from '../integration/http/harness.js';
import { chromiumMissing, launch, personPage, screenshot, signIn, checkPage, type Browser } from './browser.js';

const MODEL = resolve('../shared/fixtures/models/benchy-chimney-top.stl');

const TEXT = {
  fi: { desk: '3D-tulostus — pajapiste', ready: 'Tulosteesi on noudettavissa', board: '3D-tulostimet nyt', free: 'Maksuton työpajassa', preset: 'Normaali', draft: 'Luonnos (nopea)' },
  en: { desk: '3D printing — maker desk', ready: 'Your print is ready for pickup', board: '3D printers now', free: 'Free in a workshop', preset: 'Normal' },
} as const;

describe.skipIf(chromiumMissing)('the web UI in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let staff: TestUser;
  let instructor: TestUser;

  beforeAll(async () => {
    t = await startTestApp(tempDataDir(), { webDir: resolve('web/dist'), virtualTimeScale: 40 });
    staff = await addUser(t, 'staff', 'henkilokunta');
    instructor = await addUser(t, 'instructor', 'ohjaaja');
    await waitFor(() => t.app.printers.get('virtual').state(), (s) => s === 'idle', 60_000);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    if (t) removeDir(t.dataDir);
  });

  for (const lang of ['fi', 'en'] as const) {
    it(`takes an STL from upload to "ready for pickup" (${lang})`, async () => {
      const patron = await addUser(t, 'patron', `12345${lang === 'fi' ? 67 : 89}`);
      const [desk, approvals, console_, board] = await Promise.all([1, 2, 3, 4].map(() => personPage(browser)));

      // The instructor opens a workshop; its join code goes to the patrons.
      await signIn(approvals, `${t.url}/approvals?lang=${lang}`, instructor);
      await approvals.fill('[data-test-id=workshop-form] input[required]', lang === 'fi' ? 'Avaimenperäpaja' : 'Keyring workshop');
      await approvals.click('[data-test-id=workshop-form] button[type=submit]');
      const joinCode = (await approvals.locator('[data-test-id=join-code]').textContent())!.trim();
      expect(joinCode).toMatch(/^[A-Z0-9]{4,}$/);
      await checkPage(approvals, `${lang}-0-workshop-created`);

      // Patron at the maker desk: the workshop code and a note, then the file. Choosing it asks for a quote.
      await signIn(desk, `${t.url}/?lang=${lang}`, patron);
      expect(await desk.locator('h1').textContent()).toBe(TEXT[lang].desk);
      await desk.fill('[data-test-id=upload-code]', joinCode);
      const message = lang === 'fi' ? 'Punaisella, kiitos!' : 'In red, please!';
      await desk.fill('[data-test-id=upload-note]', message);
      await desk.setInputFiles('[data-test-id=upload-file]', MODEL);
      const quote = desk.locator('[data-test-id=quote-result]');
      await quote.locator('[data-test-id=quote-calculating]').waitFor();
      expect(await desk.locator('[data-test-id=upload-submit]').isDisabled()).toBe(true);
      await checkPage(desk, `${lang}-1-desk-calculating`);
      if (lang === 'fi') {
        // Another quality while it is still calculating: the stored file is quoted again, the first slice stopped.
        await desk.check('[data-test-id=preset-draft]');
        await quote.locator('[data-test-id=fact-preset]').getByText(TEXT.fi.draft).waitFor({ timeout: 90_000 });
      } else {
        // An infill from the library's list and supports: each re-quotes the file, and the quote says so.
        await desk.selectOption('[data-test-id=upload-infill]', '20');
        await desk.check('[data-test-id=upload-supports]');
        await quote.locator('[data-test-id=fact-supports]').waitFor({ timeout: 90_000 });
        expect(await quote.locator('[data-test-id=fact-infill]').textContent()).toBe('20 %');
      }
      // The estimate appears before anything is sent: the model is sliced and its G-code analysed as a quote.
      await desk.locator('[data-test-id=quote-result][data-state=ready]').waitFor({ timeout: 90_000 });
      expect(await quote.locator('[data-test-id=fact-preset]').textContent()).toBe(lang === 'fi' ? TEXT.fi.draft : TEXT.en.preset);
      const quotedTime = await quote.locator('[data-test-id=fact-time]').textContent();
      expect(quotedTime).toMatch(/\d+ (min|h)/);
      expect(await quote.locator('[data-test-id=fact-grams]').textContent()).toMatch(/\d.*g$/);
      expect(await quote.locator('[data-test-id=fact-cost]').textContent()).toBe(TEXT[lang].free);
      expect(await desk.locator('[data-test-id=my-jobs]').count()).toBe(0);
      await checkPage(desk, `${lang}-2-desk-estimate`);
      await desk.click('[data-test-id=upload-submit]');
      await desk.locator('[data-test-id=upload-result]').waitFor();
      const jobEl = desk.locator('[data-test-id^=my-job-]').first();
      const jobId = Number((await jobEl.getAttribute('data-test-id'))!.slice('my-job-'.length));
      const myJob = desk.locator(`[data-test-id=my-job-${jobId}]`);
      // Sent from the quote: waiting for the instructor at once, with the figures the patron saw.
      await myJob.locator('[data-test-id=job-state][data-state=awaiting_approval]').waitFor({ timeout: 10_000 });
      expect(await myJob.locator('[data-test-id=fact-time]').textContent()).toBe(quotedTime);
      if (lang === 'en') expect(await myJob.locator('[data-test-id=fact-infill]').textContent()).toBe('20 %');

      // The lobby board, public.
      await board.goto(`${t.url}/board?lang=${lang}`);
      expect(await board.locator('h1').textContent()).toBe(TEXT[lang].board);
      await board.locator('[data-test-id=board-queue]').getByText(`#${jobId}`).waitFor();
      await checkPage(board, `${lang}-3-board-queue`);

      // The instructor approves from the inbox.
      await approvals.reload();
      await approvals.locator(`[data-test-id=pending-${jobId}] [data-test-id=fact-time]`).waitFor();
      expect(await approvals.locator(`[data-test-id=pending-${jobId}] [data-test-id=patron-note]`).textContent()).toContain(message);
      await checkPage(approvals, `${lang}-4-approvals`);
      await approvals.click(`[data-test-id=approve-${jobId}]`);
      await approvals.locator(`[data-test-id=pending-${jobId}]`).waitFor({ state: 'detached' });

      // Staff clear the bed and start; progress shows live on the console and on the board.
      await signIn(console_, `${t.url}/staff?lang=${lang}`, staff);
      const printer = console_.locator('[data-test-id=printer-virtual]');
      await printer.locator('[data-test-id=bed-cleared]').click();
      await printer.locator('[data-test-id=bed-state]').getByText(lang === 'fi' ? 'Tyhjä' : 'Clear').waitFor();
      await console_.click(`[data-test-id=start-${jobId}]`);
      await printer.locator('[data-test-id=print-progress]').waitFor({ timeout: 60_000 });
      await board.locator('[data-test-id=board-progress]').waitFor({ timeout: 60_000 });
      const first = await printer.locator('[data-test-id=progress-pct]').textContent();
      await screenshot(board, `${lang}-6-board-printing`);
      await checkPage(console_, `${lang}-5-staff-printing`);
      await waitFor(() => printer.locator('[data-test-id=progress-pct]').textContent(), (pct) => pct !== first, 30_000);
      // Layer n / N: both from the print's timeline (the analysis's layer table), so they count the same layers.
      await printer.getByText(lang === 'fi' ? /Kerros \d+ \/ \d+/ : /Layer \d+ \/ \d+/).waitFor({ timeout: 60_000 });

      // The patron sees the print is ready; the board lists its number.
      await myJob.locator('[data-test-id=ready-for-pickup]').waitFor({ timeout: 120_000 });
      expect(await myJob.locator('[data-test-id=ready-for-pickup]').textContent()).toContain(TEXT[lang].ready);
      await board.locator(`[data-test-id=board-ready-${jobId}]`).waitFor();
      await checkPage(desk, `${lang}-7-desk-ready`);
      await checkPage(board, `${lang}-8-board-ready`);

      // Staff hand it over; the bed is occupied until someone clears it again.
      await console_.click(`[data-test-id=collected-${jobId}]`);
      await myJob.locator('[data-test-id=job-state][data-state=collected]').waitFor();
      await Promise.all([desk, approvals, console_, board].map((p) => p.context().close()));
    }, 300_000);
  }
});
