// The annual report in the console: the office enters table 二, writes the prose, and an
// approver publishes it; what still holds a draft mark is refused; the public page then shows
// the published report under the agency's full name.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertClean, launch, login, person, screenshot } from './support.js';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('table 二 and the prose are entered in the console, and the report is published', async () => {
  const { context, page } = await person(browser);
  await login(page, 'demo-approver');
  await page.click('a[href="/console/reports"]');
  await page.waitForSelector('#table2-form');
  const [, agency, year] = new URL(page.url()).pathname.match(/^\/console\/reports\/([^/]+)\/(\d{4})$/);

  // Table 二: a figure that is not a number is refused, naming the row; then saved.
  await page.fill('#t2-penalty-decisions', '三十七');
  // The field's own pattern stops the browser; the server refuses it too.
  await page.$eval('#table2-form', (f) => f.setAttribute('novalidate', ''));
  await Promise.all([page.waitForURL(/t2error=/), page.click('#table2-save')]);
  assert.match(await page.textContent('#table2-error'), /行政处罚·本年处理决定数量/);
  await page.fill('#t2-penalty-decisions', '37');
  await Promise.all([page.waitForURL(/saved=table2/), page.click('#table2-save')]);
  assert.equal((await page.textContent('#table2-message')).trim(), '表二数据已保存。');
  assert.equal(await page.inputValue('#t2-penalty-decisions'), '37');
  await page.$eval('#table2-heading', (h) => h.scrollIntoView());
  await screenshot(page, 'report-table2', { full: false });

  // The prose: a section still marked as a draft cannot be published.
  const marker = `本年度着力提升答复说理质量（${Date.now()}）。`;
  await page.fill('#problems', `${marker}\n【草稿·待编辑】请写明改进措施。`);
  await Promise.all([page.waitForURL(/error=/), page.click('#report-publish')]);
  assert.match(await page.textContent('#report-error'), /尚未发布/);
  await page.fill('#problems', marker);
  for (const id of ['#preamble', '#overview', '#other_matters']) {
    const text = await page.inputValue(id);
    await page.fill(id, text.replace(/【草稿·待编辑】[^\n]*/g, '本年度按规定开展此项工作。'));
  }
  await Promise.all([page.waitForURL(/published=/), page.click('#report-publish')]);
  assert.match(await page.textContent('#report-message'), /已发布/);
  assertClean(page);
  await context.close();

  // The public reads what was published, under the agency's full name.
  const reader = await person(browser);
  const response = await reader.page.goto(`/reports/${agency}/${year}`);
  assert.equal(response.status(), 200);
  const title = await reader.page.textContent('h1');
  assert.match(title, new RegExp(`${year}年政府信息公开工作年度报告`));
  assert.ok(!title.includes(agency), `the title names the agency, not its id: ${title}`);
  const body = await reader.page.textContent('body');
  assert.ok(body.includes(marker), 'the prose as published');
  assert.doesNotMatch(body, /草稿/);
  const api = await reader.page.request.get(`/api/v1/reports/${agency}/${year}`);
  assert.equal((await api.json()).values['t2.penalty.decisions'], 37, 'the figure entered');
  await reader.context.close();
});
