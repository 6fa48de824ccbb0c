// Shared helpers of the browser tests: the server under test, Debian's Chromium through
// playwright-core, logins through the real form, and screenshots.
//
// The tests need a running `gongkai serve --demo` (scripts/e2e starts one) at GONGKAI_URL.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** The server under test, e.g. `http://127.0.0.1:40123` (no trailing slash). */
export const BASE_URL = (() => {
  const url = process.env.GONGKAI_URL;
  if (!url) {
    throw new Error('GONGKAI_URL is not set: run the browser tests with ./scripts/e2e');
  }
  return url.replace(/\/+$/, '');
})();

/** The browser: Debian's package unless CHROMIUM overrides it. Never downloaded. */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** The password of every demo account (`gongkai serve --demo` prints it). */
export const DEMO_PASSWORD = 'gongkai-demo';

/**
 * Where screenshots go: GONGKAI_SCREENSHOTS (scripts/e2e --screenshots sets docs/screenshots),
 * else a scratch folder, so an ordinary test run still renders every page but leaves the
 * committed images alone.
 */
export const SCREENSHOT_DIR =
  process.env.GONGKAI_SCREENSHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-screens-'));

/** A phone's viewport (portrait), for the portal pages that must work on one. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * Launches Chromium headless. Playwright gives every launch a fresh `--user-data-dir` of its
 * own (a new temporary profile, removed on close) and refuses one in `args`.
 */
export async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM} (install Debian's chromium package)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A new person at the browser: their own cookie jar, Chinese locale and Shanghai time, every
 * navigation relative to the server under test.
 */
export async function person(browser, viewport = DESKTOP) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  // A script error, a CSP violation or a broken asset (style, script, image) fails the test;
  // error statuses of the documents themselves are what the tests check. Chromium asks for
  // /favicon.ico on its own, and the pages declare none.
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    const req = r.request();
    const asset = !req.isNavigationRequest() && req.resourceType() !== 'fetch';
    if (asset && r.status() >= 400 && !r.url().endsWith('/favicon.ico')) {
      problems.push(`${r.status()} ${r.url()}`);
    }
  });
  page.on('requestfailed', (req) => {
    if (!req.url().endsWith('/favicon.ico') && req.resourceType() !== 'document') {
      problems.push(`failed ${req.url()}: ${req.failure()?.errorText}`);
    }
  });
  page.problems = problems;
  return { context, page };
}

/** Asserts the page logged no script error and no blocked resource. */
export function assertClean(page) {
  assert.deepEqual(page.problems, [], `browser errors on ${page.url()}`);
}

/** Logs in through the console's login form and waits for the work queue. */
export async function login(page, name, password = DEMO_PASSWORD) {
  await page.goto('/console/login');
  await page.fill('#name', name);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/\/console$/), page.click('#login-submit')]);
  await page.waitForSelector('#queue');
}

/** Saves a screenshot as `<name>.png`; `full` for the whole page instead of the viewport. */
export async function screenshot(page, name, { full = true } = {}) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: full });
}

/** The values of a `<select>`'s options. */
export async function optionValues(page, selector) {
  return page.$$eval(`${selector} option`, (options) => options.map((o) => o.value));
}

/** Submits the case page's event form and waits for the case page to come back. */
export async function recordEvent(page, event, fields = {}, message = '已记录') {
  await page.selectOption('#event', event);
  for (const [name, value] of Object.entries(fields)) {
    const tag = await page.$eval(`#${name}`, (el) => el.tagName);
    if (tag === 'SELECT') await page.selectOption(`#${name}`, value);
    else await page.fill(`#${name}`, value);
  }
  await Promise.all([page.waitForURL(/\/console\/cases\/\d+\?/), page.click('#event-submit')]);
  const error = await page.$('#case-error');
  if (error) {
    assert.fail(`${event} was refused: ${await error.textContent()}`);
  }
  assert.equal((await page.textContent('#case-message'))?.trim(), message);
}
