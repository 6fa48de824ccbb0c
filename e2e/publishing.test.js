// The public finds what was published: search from the home page with a query typed without
// spaces (信息公开年报 finds 政府信息公开工作年度报告), in Traditional characters too, narrows by
// a facet, opens the item page; and browses the agency's catalog (公开目录) to the same item.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PHONE, assertClean, launch, person, screenshot } from './support.js';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a query typed without spaces finds the annual reports', async () => {
  const { context, page } = await person(browser);
  await page.goto('/');
  await page.fill('#home-q', '信息公开年报');
  await Promise.all([page.waitForURL(/\/search\?/), page.press('#home-q', 'Enter')]);
  await page.waitForSelector('#search-total');
  const titles = await page.$$eval('#hits .hit-title', (as) => as.map((a) => a.textContent));
  assert.ok(titles.length > 0, 'hits for 信息公开年报');
  assert.ok(
    titles.some((t) => /政府信息公开工作年度报告/.test(t)),
    `an annual report among: ${titles.join(' | ')}`,
  );
  // Matches are highlighted.
  assert.ok((await page.$$('#hits em')).length > 0, 'highlighted matches');
  await screenshot(page, 'search', { full: false });

  // A facet narrows the results and shows as a removable filter.
  const facet = page.locator('#facets a').first();
  await Promise.all([page.waitForURL(/\/search\?.*(agency|year|topic|validity)=/), facet.click()]);
  await page.waitForSelector('#search-filters');

  // The item page carries the catalogue metadata.
  await Promise.all([page.waitForURL(/\/items\/\d+$/), page.locator('#hits .hit-title').first().click()]);
  await page.waitForSelector('#item-facts');
  const facts = await page.textContent('#item-facts');
  for (const label of ['索引号', '发布机构', '成文日期', '发布日期', '主题分类']) {
    assert.match(facts, new RegExp(label), label);
  }
  assertClean(page);
  await context.close();
});

test('Traditional characters find the Simplified text, on a phone', async () => {
  const { context, page } = await person(browser, PHONE);
  await page.goto('/search?q=' + encodeURIComponent('政府資訊公開'));
  await page.waitForSelector('#search-total');
  const simplified = await page.request.get('/api/v1/search?q=' + encodeURIComponent('政府信息公开'));
  const traditional = await page.request.get('/api/v1/search?q=' + encodeURIComponent('政府信息公開'));
  assert.equal(simplified.status(), 200);
  const s = await simplified.json();
  const t = await traditional.json();
  assert.ok(s.total > 0, 'the Simplified query finds items');
  assert.equal(t.total, s.total, '公開 and 公开 find the same items');
  assert.ok(s.facets && Array.isArray(s.facets.year), 'facets in the JSON');
  const bad = await page.request.get('/api/v1/search?year=abc');
  assert.equal(bad.status(), 422, 'a bad filter is refused with a message');
  assert.match((await bad.json()).error.message, /年份/);
  assertClean(page);
  await context.close();
});

test('the catalog lists the published items by category', async () => {
  const { context, page } = await person(browser);
  await page.goto('/catalog/demo');
  await page.waitForSelector('#catalog-tree');
  const rows = await page.$$('#catalog-items tbody tr');
  assert.ok(rows.length > 0, 'published items in the catalog');
  // Newest first, with page numbers both ways.
  const published = await page.$$eval('#catalog-items tbody tr td:last-child', (tds) => tds.map((t) => t.textContent));
  assert.deepEqual(published, [...published].sort().reverse(), 'by publication date, newest first');
  assert.match(await page.textContent('#page-of'), /^第 1 \/ \d+ 页$/);
  await Promise.all([page.waitForURL(/page=2/), page.click('#page-next')]);
  assert.match(await page.textContent('#page-of'), /^第 2 \//);
  await Promise.all([page.waitForURL(/page=1/), page.click('#page-prev')]);
  // The 年报 branch holds the annual reports.
  await Promise.all([page.waitForURL(/node=\d+/), page.click('#catalog-tree a:text("政府信息公开年报")')]);
  assert.ok((await page.$$('#catalog-items tbody tr')).length > 0, 'the 年报 branch is not empty');
  assert.match(await page.textContent('#catalog-items'), /政府信息公开工作年度报告/);
  // A 政策解读 and its document link to each other.
  await Promise.all([page.waitForURL(/node=\d+/), page.click('#catalog-tree a:text("政策解读")')]);
  await Promise.all([page.waitForURL(/\/items\/\d+$/), page.click('#catalog-items a')]);
  const reading = page.url();
  await Promise.all([page.waitForURL(/\/items\/\d+$/), page.click('#item-interprets a')]);
  await page.waitForSelector('#item-interpreted-by');
  assert.ok(
    await page.$(`#item-interpreted-by a[href="${new URL(reading).pathname}"]`),
    'the document links back to its interpretation',
  );
  await page.goto('/catalog/demo');
  const category = page.locator('#catalog-tree a[href*="node="]').first();
  await Promise.all([page.waitForURL(/node=\d+/), category.click()]);
  await page.waitForSelector('.catalog-items h2');
  await screenshot(page, 'catalog', { full: false });
  const link = page.locator('#catalog-items a').first();
  if (await link.count()) {
    await Promise.all([page.waitForURL(/\/items\/\d+$/), link.click()]);
    await page.waitForSelector('#item-title');
  }
  assertClean(page);
  await context.close();
});
