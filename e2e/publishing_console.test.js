// Publishing (主动公开) in the console, three people: a handler drafts, an approver passes the
// confidentiality review (保密审查), an administrator publishes and later withdraws; the public
// page of a withdrawn item says so.

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

test('draft, review by another account, publish and withdraw by a third, all in the browser', async () => {
  const title = `关于开展政务公开专项检查的通知（${Date.now()}）`;

  // The handler drafts.
  const drafter = await person(browser);
  await login(drafter.page, 'demo-handler');
  await drafter.page.click('text=主动公开');
  await drafter.page.click('#item-new');
  await drafter.page.fill('#item-title', title);
  await drafter.page.fill('#item-doc-number', '示政办发(2025)12号');
  await drafter.page.fill('#item-body', '各区政府，市政府各部门：\n现就开展政务公开专项检查有关事项通知如下。');
  await Promise.all([drafter.page.waitForURL(/\/console\/items\/\d+\?done=created$/), drafter.page.click('#item-save')]);
  const itemPath = new URL(drafter.page.url()).pathname;
  assert.equal((await drafter.page.textContent('#item-status')).trim(), '草稿');
  assert.match(await drafter.page.textContent('#item-facts'), /示政办发〔2025〕12号/, '文号 normalised');
  assert.equal(await drafter.page.locator('#do-approve').count(), 0, 'the drafter cannot review it');
  assertClean(drafter.page);
  await drafter.context.close();

  // Another account passes 保密审查.
  const reviewer = await person(browser);
  await login(reviewer.page, 'demo-approver');
  await reviewer.page.goto(itemPath);
  await reviewer.page.fill('#note-approve', '不涉及国家秘密，同意公开');
  await Promise.all([reviewer.page.waitForURL(/done=approve$/), reviewer.page.click('#do-approve')]);
  assert.equal((await reviewer.page.textContent('#item-status')).trim(), '已审查');
  assert.equal(await reviewer.page.locator('#do-publish').count(), 0, 'the reviewer does not publish');
  await reviewer.context.close();

  // A third publishes, then withdraws with a reason.
  const publisher = await person(browser);
  await login(publisher.page, 'demo-admin');
  await publisher.page.goto(itemPath);
  await Promise.all([publisher.page.waitForURL(/done=publish$/), publisher.page.click('#do-publish')]);
  assert.equal((await publisher.page.textContent('#item-status')).trim(), '已发布');
  const publicPath = await publisher.page.getAttribute('#item-public', 'href');
  const live = await publisher.page.goto(publicPath);
  assert.equal(live.status(), 200);
  assert.match(await publisher.page.textContent('h1'), /政务公开专项检查/);
  await publisher.page.goto(itemPath);
  await publisher.page.fill('#note-withdraw', '内容有误，修改后重新发布');
  await Promise.all([publisher.page.waitForURL(/done=withdraw$/), publisher.page.click('#do-withdraw')]);
  assert.equal((await publisher.page.textContent('#item-status')).trim(), '已撤回');
  const history = await publisher.page.textContent('#item-history');
  for (const step of ['起草', '保密审查通过', '发布', '撤回', '承办人小王', '审核人张科长']) {
    assert.match(history, new RegExp(step), `history names ${step}`);
  }
  assertClean(publisher.page);
  await publisher.context.close();

  // The public address of the withdrawn item says it was withdrawn, with the reason.
  const visitor = await person(browser);
  const gone = await visitor.page.goto(publicPath);
  assert.equal(gone.status(), 410);
  assert.match(await visitor.page.textContent('body'), /已于.*撤回。撤回原因：内容有误/);
  await visitor.context.close();
});
