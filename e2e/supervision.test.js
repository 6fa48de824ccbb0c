// Supervision (督查) in the browser: the supervising office uploads a folder of published
// reports, assigns the one that matched no agency, reads the roll-up with its findings and
// charts, and downloads the XLSX of its subtree and the 通报 draft, which name the agencies.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import { assertClean, launch, login, person, screenshot } from './support.js';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The shared labelled reports beside the repository (read-only). */
const SHARED = path.resolve(import.meta.dirname, '..', '..', 'shared');

/** The text of one entry of a ZIP package (DOCX, XLSX), found through its central directory. */
function unzipEntry(buffer, name) {
  const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'a ZIP package');
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(at + 10);
    const packed = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30);
    const comment = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    if (buffer.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + packed);
      return (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + extra + comment;
  }
  throw new Error(`${name} not found in the package`);
}

test('a supervisor collects, assigns, reads the roll-up and downloads XLSX and 通报', async () => {
  const { context, page } = await person(browser);
  await login(page, 'demo-supervisor');
  await page.click('text=督查汇总');
  await page.waitForSelector('#upload-form');
  const year = await page.inputValue('#sup-year');

  // A folder of published reports: none of these agencies is in the demo tree, so they wait.
  const files = ['003.txt', '010.txt', '017.html'].map((f) => path.join(SHARED, 'corpus', f));
  await page.setInputFiles('#upload-files', files);
  await page.fill('#upload-year', '2024');
  // The upload goes through the script that shows its progress, then the result.
  const sent = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/console/supervision/upload')) sent.push(r.resourceType());
  });
  await Promise.all([page.waitForURL(/\/console\/supervision\?done=/), page.click('#upload-form button')]);
  assert.deepEqual(sent, ['xhr'], 'sent with progress events');
  assert.match(await page.textContent('#upload-result'), /无法读取0份/);

  // The inbox lists them; one is assigned to 住建局 by hand.
  await page.click('#inbox-link');
  await page.waitForSelector('#inbox');
  const row = page.locator('#inbox tr', { hasText: '003.txt' });
  await row.locator('select').selectOption('demo-housing');
  await row.locator('input[type=number]').fill(year);
  await Promise.all([page.waitForURL(/\/console\/supervision\/inbox$/), row.locator('button').click()]);
  assert.equal(await page.locator('#inbox tr', { hasText: '003.txt' }).count(), 0);
  assertClean(page);

  // The roll-up of the city: the agencies below, the findings on the sum, charts with numbers.
  await page.goto(`/console/supervision?agency=demo&year=${year}`);
  await page.waitForSelector('#agencies');
  const coverage = await page.textContent('#coverage');
  assert.match(coverage, /已报送 \d+ 个机构，未报送 \d+ 个/);
  assert.match(coverage, /示例市财政局/, 'the agency without a report is named');
  assert.match(await page.textContent('#agencies'), /示例市住房和城乡建设局/);
  // The table sorts by a column heading (申请数, the fifth), the node's own row staying first.
  const first = await page.textContent('#agencies tbody tr:first-child td:first-child');
  await page.click('#agencies thead th:nth-child(5)');
  assert.equal(await page.getAttribute('#agencies thead th:nth-child(5)', 'aria-sort'), 'descending');
  const counts = await page.$$eval('#agencies tbody tr:not(:first-child) td:nth-child(5)', (tds) =>
    tds.map((t) => Number(t.textContent.trim()) || 0),
  );
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'largest first');
  assert.equal(await page.textContent('#agencies tbody tr:first-child td:first-child'), first);
  await page.waitForSelector('#findings');
  for (const chart of ['#chart-outcomes', '#chart-children', '#chart-trend']) {
    assert.ok(await page.locator(`${chart} svg`).count(), `${chart} is drawn`);
    assert.ok(await page.locator(`${chart} table tr`).count() > 1, `${chart} has its numbers`);
  }
  await screenshot(page, 'supervision');
  assertClean(page);

  // Downloads: the XLSX of the subtree and the 通报 draft, opened and read.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
  const sheet = unzipEntry(fs.readFileSync(await xlsx.path()), 'xl/sharedStrings.xml');
  for (const name of ['示例市人民政府办公室', '示例市住房和城乡建设局', '示例市财政局']) {
    assert.match(sheet, new RegExp(name), `${name} in the XLSX`);
  }
  const [docx] = await Promise.all([page.waitForEvent('download'), page.click('#export-notice')]);
  const notice = unzipEntry(fs.readFileSync(await docx.path()), 'word/document.xml');
  assert.match(notice, /通报/);
  assert.match(notice, /示例市财政局/, 'the missing report is in the 通报');
  await context.close();
});

test('a department files its compiled report with one action; its staff have no supervision pages', async () => {
  const { context, page } = await person(browser);
  await login(page, 'demo-approver');
  await page.goto('/console/reports');
  await page.waitForSelector('#file-form');
  await Promise.all([page.waitForURL(/\?filed=\d+$/), page.click('#file-report')]);
  assert.match(await page.textContent('#filed'), /已报送\d+年度报告（第\d+版）/);
  const response = await page.goto('/console/supervision');
  assert.equal(response.status(), 403);
  await context.close();
});
