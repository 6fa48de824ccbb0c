// Accessibility of every page people use: axe-core (WCAG 2 A and AA rules) finds no serious or
// critical violation on the public pages and the console pages; at 390 px (a phone) no public
// page is wider than the screen.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { BASE_URL, DESKTOP, PHONE, launch, login } from './support.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A person whose pages axe can be injected into (the pages forbid inline scripts). */
async function auditor(viewport = DESKTOP) {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport, locale: 'zh-CN', bypassCSP: true });
  context.setDefaultTimeout(15_000);
  return { context, page: await context.newPage() };
}

/** The serious and critical violations of the page now shown, as readable lines. */
async function violations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

const year = new Date().getFullYear() - 1;
const PUBLIC = [
  '/',
  '/guide',
  '/guide/demo',
  '/catalog',
  '/catalog/demo',
  '/search?q=信息公开',
  '/reports',
  `/reports/demo/${year}`,
  '/apply',
  '/track',
  '/ask',
  '/console/login',
];

test('public pages: no serious or critical axe violation, none wider than a phone', async () => {
  const desk = await auditor();
  for (const path of PUBLIC) {
    const r = await desk.page.goto(path);
    assert.ok(r.status() < 400, `${path}: ${r.status()}`);
    assert.deepEqual(await violations(desk.page), [], path);
  }
  await desk.context.close();
  const phone = await auditor(PHONE);
  for (const path of PUBLIC) {
    await phone.page.goto(path);
    const [scroll, inner] = await phone.page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= inner, `${path} is ${scroll}px wide on a ${inner}px screen`);
  }
  await phone.context.close();
});

const CONSOLE = [
  ['demo-admin', ['/console', '/console/cases/new', '/console/consultations', `/console/reports/demo/${year}`, '/console/admin', '/console/items', '/console/items/new']],
  ['demo-supervisor', ['/console/supervision', '/console/supervision/inbox', '/console/supervision/agencies/demo', '/console/supervision/agencies/demo-housing']],
];

test('console pages: no serious or critical axe violation', async () => {
  for (const [who, paths] of CONSOLE) {
    const { context, page } = await auditor();
    await login(page, who);
    const firstCase = await page.getAttribute('#queue a[href^="/console/cases/"]', 'href').catch(() => null);
    // The first case of the queue, and its receipt (registration) page.
    const cases = firstCase && who === 'demo-admin' ? [firstCase, `${firstCase}/receipt`] : [];
    for (const path of [...paths, ...cases]) {
      const r = await page.goto(path);
      assert.ok(r.status() < 400, `${path}: ${r.status()}`);
      assert.deepEqual(await violations(page), [], `${who} ${path}`);
    }
    await context.close();
  }
});
