/**
 * Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core: never a downloaded browser.
 * playwright gives the browser a fresh temporary user-data directory, and every person in a test gets
 * a context of their own, so no cookie or language choice leaks between people or runs.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM);
export const ARTIFACTS = 'test-artifacts/e2e';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

export type { Browser };

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/**
 * A page in a context of its own: one person with their own cookies and storage. `timezoneId` puts
 * the browser on a library's wall clock whatever zone the test machine is in.
 */
export async function personPage(browser: Browser, viewport = { width: 1280, height: 900 }, timezoneId?: string): Promise<Page> {
  const context = await browser.newContext({ viewport, timezoneId });
  return context.newPage();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

/**
 * axe-core in the page; returns the serious and critical violations (WCAG 2.1 A/AA rules). `within`
 * (a CSS selector) limits the check to one part, for a test that owns only that part of a page.
 */
export async function seriousViolations(page: Page, within?: string): Promise<Array<{ id: string; impact: string; nodes: number; help: string }>> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[]; help: string }> }> } }).axe;
    const r = await axe.run(selector ? { include: [selector] } : document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  }, within);
}

/** Signs in through the page's own form, as a person would. */
export async function signIn(page: Page, url: string, u: { user: { username: string }; password: string }): Promise<void> {
  await page.goto(url);
  await page.fill('[data-test-id=login-user]', u.user.username);
  await page.fill('[data-test-id=login-secret]', u.password);
  await page.click('[data-test-id=login-submit]');
  await page.waitForSelector('[data-test-id=who]');
}

/** A screenshot for the artifacts, then axe-core: no serious or critical violation on the page. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page), name).toEqual([]);
}
