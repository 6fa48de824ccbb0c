// An application from the public portal to the reply letter, every step through the real
// pages in Chromium: the applicant applies online, the registrar confirms receipt, the handler
// consults a third party and drafts the reply, the approver signs it, and the applicant, with
// the tracking code and secret, reads the outcome and downloads the letter.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import {
  PHONE,
  assertClean,
  launch,
  login,
  optionValues,
  person,
  recordEvent,
  screenshot,
} from './support.js';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const SECRET = 'chaxun-2026';
// How the information is provided: the part of a 予以公开 letter the handler writes (Art. 36(二)).
const REASONS = '所申请信息已通过电子邮件发送至您预留的邮箱，请查收。';
// A record found for the applicant, with a third party's personal data to withhold (issue 16).
const THIRD_ID = '11010519491231002X';
const RECORD = `关于老旧小区改造项目资金安排的批复\n经办人电话13812345678，身份证号${THIRD_ID}。\n项目总投资3200万元。\n`;
// Unique per run, so the queue row and the letter are this run's.
const ITEM = `关于本市老旧小区改造项目的资金安排文件（测试 ${Date.now()}）`;

/** Shared by the steps below, in order. */
const run = { code: null, caseUrl: null };

/**
 * The approver opens the case, reads the waiting letter rendered as it will go out, and signs
 * it (签发): a handler's notices and replies reach nobody before that.
 */
async function approverSigns(caseUrl, title, text) {
  const { context, page } = await person(browser);
  await login(page, 'demo-approver');
  await page.goto(caseUrl);
  await page.waitForSelector('#reply-draft');
  assert.match(await page.textContent('#reply-draft h2'), new RegExp(`待签发的${title}`));
  const preview = await page.textContent('#draft-letter');
  assert.match(preview, new RegExp(title));
  assert.ok(preview.includes(text), `the ${title} shows what the handler wrote`);
  assert.doesNotMatch(preview, /草稿·待编辑/);
  if (title === '补正告知书') await screenshot(page, 'sign-notice');
  page.on('dialog', (d) => d.accept());
  await Promise.all([page.waitForURL(/\/console\/cases\/\d+\?/), page.click('#sign-submit')]);
  assert.equal((await page.textContent('#case-message'))?.trim(), `${title}已签发`);
  assertClean(page);
  await context.close();
}

test('the public portal works on a phone', async () => {
  const { context, page } = await person(browser, PHONE);
  await page.goto('/');
  assert.equal(await page.textContent('h1'), '政府信息公开');
  // The cards must fit the screen: nothing wider than the viewport.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `home page is ${width}px wide on a ${PHONE.width}px phone`);
  await screenshot(page, 'phone-home');
  await page.click('#home-apply');
  await page.waitForSelector('#apply-form');
  const formWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(formWidth <= PHONE.width, `apply form is ${formWidth}px wide on a phone`);
  await screenshot(page, 'phone-apply');
  assertClean(page);
  await context.close();
});

test('an applicant applies online and gets a tracking code', async () => {
  const { context, page } = await person(browser);
  await page.goto('/');
  await screenshot(page, 'home');
  await page.click('#home-apply');
  await page.waitForSelector('#apply-form');

  // A mistyped repeat of the secret: the form comes back with the message and what was typed.
  await page.selectOption('#agency', 'demo');
  await page.selectOption('#applicant_kind', 'natural');
  await page.fill('#name', '李小龙');
  await page.selectOption('#id_type', 'resident_id');
  await page.fill('#id_number', '11010519491231002X');
  await page.fill('#phone', '13912345678');
  await page.fill('#address', '北京市朝阳区建国路1号');
  await page.fill('#items', `${ITEM}\n2025年度该项目的招标公告`);
  await page.selectOption('#delivery', '电子邮件');
  await page.fill('#secret', SECRET);
  await page.fill('#secret_again', `${SECRET}x`);
  await screenshot(page, 'apply');
  await page.click('#apply-submit');
  await page.waitForSelector('#form-errors');
  assert.match(await page.textContent('#form-errors'), /两次输入的查询密码不一致/);
  // E-mail delivery needs an address (issue 11, point 6).
  assert.match(await page.textContent('#form-errors'), /请填写电子邮箱/);
  // Each error links to its field: following it puts the cursor there.
  await page.click('#form-errors a[href="#email"]');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'email');
  await page.fill('#email', 'li.xiaolong@example.cn');
  assert.equal(await page.inputValue('#name'), '李小龙', 'the form keeps what was typed');
  assert.equal(await page.inputValue('#secret'), '', 'the secret is never sent back');

  await page.fill('#secret', SECRET);
  await page.fill('#secret_again', SECRET);
  // An attachment goes with the application (issue 16): told by its content, not its name.
  await page.setInputFiles('#attachments', {
    name: '身份证明.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('居民身份证复印件：李小龙，11010519491231002X'),
  });
  await page.click('#apply-submit');
  await page.waitForSelector('#ack');
  assert.equal(await page.textContent('h1'), '申请已提交');
  run.code = (await page.textContent('#tracking-code')).trim();
  assert.match(run.code, /^\d{4}-\d{8}-\d$/, `tracking code ${run.code}`);
  // Marked 暂定 while next year's official schedule is not loaded (issue 11, point 9).
  assert.match(await page.textContent('#due-date'), /^\d{4}-\d{2}-\d{2}(（暂定）)?$/);
  await screenshot(page, 'acknowledgement');
  // Reloading the acknowledgement shows the same application and files nothing new.
  assert.match(page.url(), /\/apply\/done$/, 'Post/Redirect/Get');
  await page.reload();
  await page.waitForSelector('#ack');
  assert.equal((await page.textContent('#tracking-code')).trim(), run.code);

  // Straight after submitting, the application is awaiting confirmation of receipt.
  await page.click('#goto-track');
  await page.fill('#code', run.code);
  await page.fill('#secret', SECRET);
  await page.click('#track-submit');
  await page.waitForSelector('#status');
  assert.equal((await page.textContent('#stage')).trim(), '待确认收到');
  assert.equal(await page.$('#letter-html'), null, 'no letter before the reply');
  assertClean(page);
  await context.close();
});

test('a wrong secret reveals nothing', async () => {
  assert.ok(run.code, 'needs the application of the previous step');
  const { context, page } = await person(browser);
  await page.goto('/track');
  await page.fill('#code', run.code);
  await page.fill('#secret', 'not-the-secret');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/track') && r.request().method() === 'POST'),
    page.click('#track-submit'),
  ]);
  assert.equal(response.status(), 403);
  await page.waitForSelector('#track-error');
  assert.equal(await page.$('#status'), null);
  await context.close();
});

test('the registrar confirms receipt from the work queue', async () => {
  assert.ok(run.code, 'needs the application of the previous step');
  const { context, page } = await person(browser);
  // Not logged in: the console sends people to the login page.
  await page.goto('/console');
  await page.waitForSelector('#login-link');
  await page.click('#login-link');
  await page.waitForSelector('#login-form');
  await screenshot(page, 'login');

  // A wrong password is refused with a message.
  await page.fill('#name', 'demo-registrar');
  await page.fill('#password', 'wrong-password');
  await page.click('#login-submit');
  await page.waitForSelector('#login-error');

  await login(page, 'demo-registrar');
  const link = page.locator('#queue a', { hasText: run.code });
  await link.waitFor();
  // The applicant's name is masked in the list.
  const row = page.locator('#queue tr', { has: page.locator('a', { hasText: run.code }) });
  assert.doesNotMatch(await row.textContent(), /李小龙/);
  await screenshot(page, 'queue', { full: false });

  await link.click();
  await page.waitForSelector('#case-facts');
  run.caseUrl = new URL(page.url()).pathname;
  assert.match(await page.textContent('h1'), /待确认收到/);
  const actions = await optionValues(page, '#event');
  assert.ok(actions.includes('confirm_receipt'), `registrar's actions: ${actions}`);
  assert.ok(!actions.includes('answer'), 'a registrar cannot reply');

  // Receipt cannot be dated in the future: the date field stops at today, and the server
  // refuses a forced one with a clear message, changing nothing.
  const today = await page.getAttribute('#on', 'max');
  assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
  const forced = await page.request.post(`${run.caseUrl}/events`, {
    form: {
      csrf: await page.inputValue('#event-form input[name=csrf]'),
      version: await page.inputValue('input[name=version]'),
      event: 'confirm_receipt',
      on: tomorrow,
    },
  });
  assert.match(await forced.text(), /晚于今天/, 'a receipt dated tomorrow is refused');
  await page.reload();
  assert.match(await page.textContent('h1'), /待确认收到/, 'nothing changed');

  await recordEvent(page, 'confirm_receipt');
  assert.match(await page.textContent('h1'), /办理中/);
  assert.match(await page.textContent('#events'), /确认收到申请（登记员小李，记录于\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}）/);
  assertClean(page);
  await context.close();
});

test('the handler asks for a correction and the applicant corrects online', async () => {
  assert.ok(run.caseUrl, 'needs the confirmed application');
  // The handler states at once what to correct, and by when (Art. 30).
  const staff = await person(browser);
  await login(staff.page, 'demo-handler');
  await staff.page.goto(run.caseUrl);
  await staff.page.waitForSelector('#case-facts');
  assert.match(await staff.page.textContent('#files'), /身份证明\.txt.*申请材料/, "the applicant's attachment");
  const today = await staff.page.getAttribute('#on', 'max');
  const by = new Date(Date.parse(`${today}T00:00:00Z`) + 10 * 86400000).toISOString().slice(0, 10);
  const WHAT = '请写明所需资金安排文件的发文机关和大致发文日期';
  await recordEvent(staff.page, 'request_correction', { correct_by: by, what: WHAT }, '补正告知书已提交，待审核人签发');
  assert.match(await staff.page.textContent('h1'), /办理中/, 'nothing sent before 签发');
  await approverSigns(run.caseUrl, '补正告知书', WHAT);
  await staff.page.reload();
  assert.match(await staff.page.textContent('h1'), /待补正/);

  // The applicant reads the notice when tracking, and submits the correction there.
  const { context, page } = await person(browser);
  await page.goto('/track');
  await page.fill('#code', run.code);
  await page.fill('#secret', SECRET);
  await page.click('#track-submit');
  await page.waitForSelector('#correction-notice');
  assert.equal((await page.textContent('#correction-what')).trim(), WHAT);
  await screenshot(page, 'correction-notice');
  await page.fill('#correction', '发文机关为示例市住房和城乡建设局，发文日期约为2025年3月。');
  await Promise.all([page.waitForURL(/\/track\?view=current&done=corrected$/), page.click('#correction-submit')]);
  await page.waitForSelector('#track-message');
  assert.equal(await page.$('#correction-notice'), null, 'nothing left to correct');
  assert.equal((await page.textContent('#stage')).trim(), '办理中');
  assert.match(await page.textContent('#due-date'), /^\d{4}-\d{2}-\d{2}(（暂定）)?$/);
  assertClean(page);
  await context.close();

  // Staff see what was asked and what came back, and the case is being processed again.
  await staff.page.reload();
  assert.match(await staff.page.textContent('h1'), /办理中/);
  assert.match(await staff.page.textContent('#events'), /发文日期约为2025年3月/);
  await staff.context.close();
});

test('the handler consults a third party and drafts the reply', async () => {
  assert.ok(run.caseUrl, 'needs the confirmed application');
  const { context, page } = await person(browser);
  await login(page, 'demo-handler');
  await page.goto(run.caseUrl);
  await page.waitForSelector('#case-facts');
  // The handler sees the applicant in full (staff of the handling agency).
  assert.match(await page.textContent('#case-facts'), /李小龙/);
  assert.match(await page.textContent('#case-facts'), /11010519491231002X/);
  const actions = await optionValues(page, '#event');
  assert.ok(actions.includes('start_consultation'), `handler's actions: ${actions}`);
  // An extension is the approver's decision: the handler only proposes it (Art. 33).
  assert.match(await page.textContent('#event option[value=approve_extension]'), /报审核人批准/);
  const WHOM = '示例建设集团有限公司';
  await recordEvent(page, 'start_consultation', { party: 'third_party', whom: WHOM }, '征求第三方意见书已提交，待审核人签发');
  await approverSigns(run.caseUrl, '征求第三方意见书', WHOM);
  await page.reload();
  assert.match(await page.textContent('h1'), /征求意见中/);
  // The third party's 15 working days are tracked (Art. 32).
  assert.match(await page.textContent('#case-facts'), /第三方答复期限\s*\d{4}-\d{2}-\d{2}.*15个工作日/);
  assert.match(await page.textContent('#events'), /征求意见.*示例建设集团有限公司/);
  await screenshot(page, 'case', { full: false });
  await recordEvent(page, 'end_consultation');
  assert.match(await page.textContent('h1'), /办理中/);

  // The handler's reply is a draft: the case stays open until an approver signs it.
  const asked = [];
  page.on('dialog', (d) => {
    asked.push(d.message());
    d.accept();
  });
  // Without the part of the letter the law requires (how the information is provided), the
  // answer is refused and the case is unchanged.
  await page.selectOption('#event', 'answer');
  await page.selectOption('#outcome', 'granted');
  await Promise.all([page.waitForURL(/\/console\/cases\/\d+\?/), page.click('#event-submit')]);
  assert.match(await page.textContent('#case-error'), /答复书尚缺/);
  assert.equal(await page.$('#reply-draft'), null, 'no draft without the reasons');
  // The record to release, a PDF (printed here by Chromium): uploaded, its personal data
  // proposed, confirmed and removed from the text itself (区分处理).
  const maker = await browser.newPage();
  const paragraphs = RECORD.trim().split('\n').map((l) => `<p>${l}</p>`).join('');
  await maker.setContent(`<html lang="zh-CN"><body style="font-family: 'Noto Sans CJK SC', sans-serif">${paragraphs}</body></html>`);
  const pdf = await maker.pdf({ format: 'A4' });
  await maker.close();
  await page.selectOption('#file-role', 'working');
  await page.setInputFiles('#file-input', { name: '资金批复.pdf', mimeType: 'application/pdf', buffer: pdf });
  await Promise.all([page.waitForURL(/done=files/), page.click('#files-submit')]);
  await Promise.all([page.waitForURL(/\/redact$/), page.click('#files a.redact-link')]);
  const proposals = await page.textContent('#proposals');
  assert.ok(proposals.includes(THIRD_ID) && proposals.includes('13812345678'), 'ID number and phone proposed');
  assert.match(proposals, /身份证号码/);
  await screenshot(page, 'redact');
  await page.fill('#terms', '经办人');
  await Promise.all([page.waitForURL(/done=redacted/), page.click('#redact-submit')]);
  assert.match(await page.textContent('#files'), /资金批复（区分处理）\.pdf.*向申请人提供的信息/);
  assertClean(page);
  await page.selectOption('#event', 'answer');
  await recordEvent(page, 'answer', { outcome: 'granted', reasons: REASONS }, '答复稿已提交，待审核人签发');
  assert.equal(asked.length, 0, 'a draft can still be returned: no warning');
  assert.match(await page.textContent('h1'), /办理中/);
  assert.match(await page.textContent('#draft-answer'), /予以公开/);
  assert.equal(await page.$('#sign-submit'), null, 'the writer of a draft cannot sign it');
  assertClean(page);
  await context.close();
});

test('the approver signs the reply and the letter is ready', async () => {
  assert.ok(run.caseUrl, 'needs the drafted reply');
  const { context, page } = await person(browser);
  await login(page, 'demo-approver');
  await page.goto(run.caseUrl);
  await page.waitForSelector('#reply-draft');
  assert.match(await page.textContent('#reply-draft'), /承办人小王/);
  // The approver reads the letter as the applicant will receive it before signing.
  const preview = await page.textContent('#draft-letter');
  assert.match(preview, /政府信息公开申请答复书/);
  assert.ok(preview.includes(REASONS), 'the reasons typed by the handler are in the letter');
  assert.match(preview, /《资金批复（区分处理）\.pdf》中的.*身份证号码1处.*第三十七条/, 'what was withheld');
  assert.doesNotMatch(preview, /草稿·待编辑/);
  assert.equal(await page.$('#draft-incomplete'), null);
  // The console asks before a signature that cannot be undone (static/app.js).
  const asked = [];
  page.on('dialog', (d) => {
    asked.push(d.message());
    d.accept();
  });
  await Promise.all([page.waitForURL(/\/console\/cases\/\d+\?/), page.click('#sign-submit')]);
  assert.equal(asked.length, 1, 'confirmation asked once');
  assert.equal((await page.textContent('#case-message'))?.trim(), '答复已签发');
  assert.match(await page.textContent('h1'), /已办结/);
  assert.match(await page.textContent('#case-facts'), /办结/);
  assert.match(await page.textContent('#events'), /答复（审核人张科长，/);
  assert.match(await page.textContent('#events'), /提交答复稿（承办人小王）/);
  assert.equal(await page.$('#event-form'), null, 'nothing more to record');
  await page.waitForSelector('#letter-html');

  // The annual report page of the agency, compiled live from the records.
  await page.click('a[href="/console/reports"]');
  await page.waitForSelector('#report-pick');
  assert.match(await page.textContent('h1'), /年政府信息公开工作年度报告/);
  assert.ok((await page.$$('table.report-table')).length >= 3, 'tables 二, 三 and 四');
  await screenshot(page, 'report', { full: false });
  assertClean(page);
  await context.close();
});

test('the applicant sees the reply and downloads the letter', async () => {
  assert.ok(run.code, 'needs the concluded application');
  // A new browser session: only the code and the secret.
  const { context, page } = await person(browser);
  await page.goto('/');
  await page.click('#home-track');
  await page.fill('#code', run.code);
  await page.fill('#secret', SECRET);
  await page.click('#track-submit');
  await page.waitForSelector('#status');
  assert.equal((await page.textContent('#stage')).trim(), '已办结');
  assert.match(await page.textContent('#outcome'), /同意公开/, 'the outcome the approver chose, in plain words');
  assert.equal((await page.textContent('#due-date')).trim(), '已办结');
  const steps = await page.textContent('ol.steps');
  for (const step of ['提交申请', '确认收到申请', '征求意见', '答复']) {
    assert.match(steps, new RegExp(step), `step ${step}`);
  }
  // Staff names stay inside: the public timeline has no actors.
  assert.doesNotMatch(steps, /demo-/);
  await screenshot(page, 'tracking');

  // The Word letter is a download.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#letter-docx')]);
  assert.equal(download.suggestedFilename(), `${run.code}.docx`);
  const file = await download.path();
  const head = fs.readFileSync(file).subarray(0, 2).toString('latin1');
  assert.equal(head, 'PK', 'a DOCX is a zip archive');

  // The record released to the applicant, with the third party's data masked in the text itself.
  const link = page.locator('#files a', { hasText: '资金批复（区分处理）' });
  const [released] = await Promise.all([page.waitForEvent('download'), link.click()]);
  // Read by poppler, an independent reader: the withheld text is gone, the rest is there.
  const content = execFileSync('pdftotext', [await released.path(), '-'], { encoding: 'utf8' });
  assert.ok(!content.includes(THIRD_ID) && !content.includes('13812345678'), content);
  assert.match(content, /项目总投资3200万元/);

  // The HTML letter names the applicant and the information asked for.
  await Promise.all([page.waitForURL(/\/track\/letter$/), page.click('#letter-html')]);
  const letter = await page.textContent('body');
  assert.match(letter, /李小龙/);
  assert.ok(letter.includes(REASONS), 'the letter carries the reasons the handler typed');
  assert.doesNotMatch(letter, /草稿·待编辑/);
  assert.match(letter, new RegExp(run.code));
  await context.close();
});
