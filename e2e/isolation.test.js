// Agencies are isolated in the console: staff of one agency cannot open another agency's
// case by typing its address, while the supervising office reads it with personal data hidden.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertClean, launch, login, person } from './support.js';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Registers an application at the counter as `user` and returns its case path. */
async function registerAtCounter(page, name) {
  await page.click('#new-case');
  await page.waitForSelector('#case-form');
  await page.selectOption('#channel', 'in_person');
  await page.selectOption('#applicant_kind', 'natural');
  await page.fill('#name', name);
  await page.fill('#id_number', '11010519491231002X');
  await page.fill('#phone', '13800000000');
  await page.fill('#items', `住房保障资格审核结果（隔离测试 ${Date.now()}）`);
  await page.fill('#delivery', '当面领取');
  // The receipt comes first: tracking code and the secret, shown once, to print (issue 11, point 6).
  await Promise.all([page.waitForURL(/\/console\/cases\/\d+\/receipt$/), page.click('#case-submit')]);
  assert.match(await page.textContent('#receipt-code'), /^\d{4}-\d{8}-[0-9A-Z]$/);
  assert.match(await page.textContent('#receipt-secret'), /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await Promise.all([page.waitForURL(/\/console\/cases\/\d+\?done=registered$/), page.click('#receipt-case')]);
  assert.equal((await page.textContent('#case-message')).trim(), '申请已登记');
  return new URL(page.url()).pathname;
}

test("staff of one agency cannot open another agency's case", async () => {
  // Agency B (住建局): its handler registers an application at the counter.
  const b = await person(browser);
  await login(b.page, 'housing-handler');
  const casePath = await registerAtCounter(b.page, '王住建');
  assert.match(await b.page.textContent('#case-facts'), /王住建/);
  assertClean(b.page);
  await b.context.close();

  // Agency A (市政府办公室): its handler types the address of B's case.
  const a = await person(browser);
  await login(a.page, 'demo-handler');
  for (const path of [casePath, `${casePath}/letter`]) {
    const response = await a.page.goto(path);
    assert.ok([403, 404].includes(response.status()), `${path} answered ${response.status()}`);
    await a.page.waitForSelector('#error-message');
    const body = await a.page.textContent('body');
    assert.doesNotMatch(body, /王住建/, `${path} leaks the applicant`);
    assert.doesNotMatch(body, /住房保障资格审核结果/, `${path} leaks the request`);
  }
  // Recording an event on B's case is refused as well, and changes nothing.
  const csrf = await a.page.goto('/console').then(() => a.page.inputValue('form.logout input[name=csrf]'));
  const post = await a.page.request.post(`${casePath}/events`, {
    form: { csrf, version: '1', event: 'withdraw', on: '2026-01-05' },
    maxRedirects: 0,
  });
  assert.ok([403, 404].includes(post.status()), `event on another agency's case: ${post.status()}`);
  // B's case is not in A's queue.
  assert.equal(await a.page.locator(`#queue a[href="${casePath}"]`).count(), 0);
  await a.context.close();

  // The supervising office (the city government office above 住建局) reads it, masked.
  const s = await person(browser);
  await login(s.page, 'demo-supervisor');
  const response = await s.page.goto(casePath);
  assert.equal(response.status(), 200);
  const facts = await s.page.textContent('#case-facts');
  assert.doesNotMatch(facts, /王住建/, 'personal data is masked for the supervisor');
  assert.doesNotMatch(facts, /11010519491231002X/);
  assert.equal(await s.page.$('#event-form'), null, 'a supervisor records nothing');
  assertClean(s.page);
  await s.context.close();

  // And B's own staff still see it: the case was not changed by A's attempt.
  const b2 = await person(browser);
  await login(b2.page, 'housing-handler');
  await b2.page.goto(casePath);
  assert.match(await b2.page.textContent('h1'), /待确认收到|办理中/);
  assert.doesNotMatch(await b2.page.textContent('#events'), /撤回/);
  await b2.context.close();
});
