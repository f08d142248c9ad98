// The review workflow in the browser, as its users go through it (issue
// #6): an editor of 市场监督管理局 changes two items and removes one, gives
// the reasons and submits; the reviewer returns the draft with a comment
// on a field; the editor fixes that field and resubmits; the reviewer
// approves; the admin publishes; the public comparison shows exactly those
// three changes.
//
// The server runs with `--demo` (accounts editor-sj, reviewer, admin).
// editor.spec.ts works on 民政局 and discretion.spec.ts only reads, so
// 市场监督管理局's draft is ours.

import { expect, test, type Browser, type Page } from '@playwright/test';
import { hydrated } from './support';

const REVIEW = '/edit/SJ/review';

async function signedIn(browser: Browser, name: string, password: string, next: string): Promise<Page> {
  const page = await browser.newContext().then((c) => c.newPage());
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(next);
  await hydrated(page);
  return page;
}

/** Sets an item's promised time limit in the draft and saves it. */
async function setPromised(page: Page, code: string, days: string): Promise<void> {
  await page.goto(`/edit/SJ/items/${code}`);
  await hydrated(page);
  await page.getByRole('group', { name: '承诺期限' }).getByRole('spinbutton').fill(days);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
}

test('edit, submit, return with a field comment, fix, resubmit, approve, publish, compare', async ({ browser }) => {
  test.setTimeout(120_000);
  const editor = await signedIn(browser, 'editor-sj', 'sunlit-editor-demo', '/edit/SJ');

  // Two changes and one removal.
  await setPromised(editor, 'SJ-XK-002-00', '4');
  await setPromised(editor, 'SJ-XK-001-03', '2');
  await editor.goto('/edit/SJ');
  await hydrated(editor);
  const removed = '对举报市场监管领域重大违法行为的奖励';
  await editor.getByRole('button', { name: `删除「${removed}」` }).click();
  await editor.getByRole('button', { name: '确认删除' }).click();
  await expect(editor.getByRole('link', { name: removed })).toHaveCount(0);

  // The review page lists the three changes and asks a reason for each.
  await editor.goto(REVIEW);
  await hydrated(editor);
  await expect(editor.locator('.compare-summary')).toContainText('取消 1 项 · 变更 2 项');
  const records = editor.locator('fieldset.adjustment-record');
  await expect(records).toHaveCount(3);
  // Submitting without reasons is refused and nothing changes.
  await editor.getByRole('button', { name: '提交审查' }).click();
  await expect(editor.getByRole('status')).toContainText('尚未填写调整记录及理由');
  for (let i = 0; i < 3; i++) {
    await records.nth(i).getByLabel('调整理由').fill(`优化营商环境，压缩办理时限（第${i + 1}项）`);
  }
  await editor.getByRole('button', { name: '提交审查' }).click();
  await expect(editor.getByRole('status')).toHaveText('已提交合法性审查。');
  await expect(editor.locator('.meta').filter({ hasText: '审核状态' })).toContainText('已提交审查');
  // Once submitted, no route changes the draft: uploading the draft's own
  // spreadsheet through the import form (no JavaScript needed) is refused.
  const csv = await editor.request.get('/edit/SJ/download/draft.csv');
  expect(csv.status()).toBe(200);
  const uploader = await browser.newContext({ javaScriptEnabled: false, storageState: await editor.context().storageState() })
    .then((c) => c.newPage());
  await uploader.goto('/edit/SJ/import');
  await uploader.getByLabel('清单文件').setInputFiles({ name: '清单.csv', mimeType: 'text/csv', buffer: await csv.body() });
  const refused = uploader.waitForResponse((r) => r.url().endsWith('/edit/SJ/import') && r.request().method() === 'POST');
  await uploader.getByRole('button', { name: '上传并预览' }).click();
  expect((await refused).status()).toBe(409);
  await expect(uploader.locator('body')).toContainText('草稿已提交审查，不能修改');
  await uploader.context().close();

  // The department opens the submitted draft for public comments (征求意见).
  const today = new Date().toISOString().slice(0, 10);
  await editor.locator('#consult-until').fill(today);
  await editor.getByRole('button', { name: '开始公开征求意见' }).click();
  await expect(editor.getByRole('status')).toHaveText('已开始公开征求意见。');
  // A citizen, without JavaScript, finds it on the department page and
  // comments on a field of one item.
  const citizen = await browser.newContext({ javaScriptEnabled: false }).then((c) => c.newPage());
  await citizen.goto('/departments/SJ');
  await citizen.getByRole('link', { name: /正在公开征求意见/ }).click();
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('示范县市场监督管理局权责清单调整草案公开征求意见');
  const proposal = citizen.locator('section.consult-item').filter({ hasText: '特种设备使用登记' });
  await expect(proposal).toContainText('优化营商环境，压缩办理时限');
  await proposal.getByLabel('针对内容').selectOption({ label: '承诺期限' });
  await proposal.getByLabel('姓名或单位（可不填）').fill('某检验检测公司');
  await proposal.getByLabel('意见和建议').fill('支持压缩到4个工作日，建议同步公布现场核查标准。');
  await proposal.getByRole('button', { name: '提交意见' }).click();
  await expect(citizen.locator('section.consult-item').filter({ hasText: '特种设备使用登记' }).locator('.public-comment'))
    .toContainText('某检验检测公司');
  // The editor answers it on the review page.
  await editor.goto(REVIEW);
  await hydrated(editor);
  const received = editor.locator('.public-comment').filter({ hasText: '现场核查标准' });
  await received.getByLabel('答复').fill('感谢建议，核查标准将与清单同步公布。');
  await received.getByRole('button', { name: '发布答复' }).click();
  await expect(editor.getByRole('status')).toHaveText('答复已发布。');
  await citizen.reload();
  await expect(citizen.locator('.public-comment__answer')).toContainText('核查标准将与清单同步公布');

  // The reviewer comments on a field of one item and returns the draft.
  const reviewer = await signedIn(browser, 'reviewer', 'sunlit-reviewer-demo', REVIEW);
  const renewal = reviewer.locator('article.diff-item').filter({ hasText: '食品经营许可（延续）' });
  const itemId = await renewal.getAttribute('data-item');
  const form = reviewer.locator(`form.comment-form[data-item="${itemId}"]`);
  await form.getByLabel('针对内容').selectOption({ label: '承诺期限' });
  await form.getByLabel('审查意见').fill('承诺期限可与本市同类事项一致，请定为1个工作日。');
  await form.getByRole('button', { name: '添加意见' }).click();
  await expect(reviewer.getByRole('status')).toHaveText('意见已添加。');
  await expect(reviewer.locator('.review-comment')).toContainText('承诺期限');
  await reviewer.locator('#review-opinion').fill('请按意见修改后重新提交。');
  await reviewer.getByRole('button', { name: '退回修改' }).click();
  await expect(reviewer.getByRole('status')).toHaveText('审查意见已记录。');
  await expect(reviewer.locator('.meta').filter({ hasText: '审核状态' })).toContainText('已退回修改');

  // The editor reads the comment, fixes the field and resubmits.
  await editor.goto(REVIEW);
  await hydrated(editor);
  await expect(editor.locator('.review-comment')).toContainText('请定为1个工作日');
  await setPromised(editor, 'SJ-XK-001-03', '1');
  await editor.goto(REVIEW);
  await hydrated(editor);
  // Still three changes, each with its record and reason.
  await expect(editor.locator('.compare-summary')).toContainText('取消 1 项 · 变更 2 项');
  await expect(records).toHaveCount(3);
  await editor.getByRole('button', { name: '提交审查' }).click();
  await expect(editor.getByRole('status')).toHaveText('已提交合法性审查。');

  // The reviewer approves; the admin publishes.
  await reviewer.goto(REVIEW);
  await hydrated(reviewer);
  await reviewer.getByRole('button', { name: '审查通过' }).click();
  await expect(reviewer.locator('.meta').filter({ hasText: '审核状态' })).toContainText('审查通过');
  await expect(reviewer.getByRole('heading', { name: '发布新版本' })).toHaveCount(0);

  const admin = await signedIn(browser, 'admin', 'sunlit-admin-demo', REVIEW);
  await admin.getByLabel('版本号（如 v2025.2）').fill('v2026.1-SJ');
  await admin.getByLabel('版本名称').fill('2026年第一次调整');
  await admin.locator('#publish-date').fill('2026-12-01');
  await admin.getByLabel('发布文号').fill('示范县市监〔2026〕12号');
  await admin.getByRole('button', { name: '发布新版本' }).click();
  await expect(admin).toHaveURL(/\/departments\/SJ\/compare\?.*to=v2026\.1-SJ/);

  // The public comparison, without an account, shows exactly those changes.
  await citizen.goto('/departments/SJ/compare?to=v2026.1-SJ');
  await expect(citizen.locator('.compare-summary')).toContainText('新增 0 项 · 取消 1 项 · 变更 2 项');
  await expect(citizen.locator('body')).toContainText(removed);
  const changes = citizen.locator('article.diff-item');
  await expect(changes).toHaveCount(3);
  const changed = changes.filter({ hasText: '特种设备使用登记' });
  await expect(changed.locator('del')).toContainText('5');
  await expect(changed.locator('ins')).toContainText('4');
  // The item the reviewer sent back carries the fix, not the first edit.
  const renewed = changes.filter({ hasText: '食品经营许可（延续）' });
  await expect(renewed.locator('del')).toContainText('3');
  await expect(renewed.locator('ins')).toContainText('1');
  await expect(changes.filter({ hasText: removed })).toHaveCount(1);
  // Each change carries its adjustment record and reason.
  await expect(citizen.locator('body')).toContainText('优化营商环境，压缩办理时限');
  const published = await citizen.request.get('/api/v1/departments/SJ/versions/v2026.1-SJ/export.json');
  const exported = await published.json();
  const adjustments = exported.adjustments as { item_name: string[] }[];
  expect(adjustments.map((a) => a.item_name.join()).sort()).toEqual(['特种设备使用登记', '食品经营许可（延续）', removed].sort());
  // The trail names the content approved and published, and its approver.
  const trail = exported.list_version.process as { step: string; content_hash?: string }[];
  const approvedHash = trail.filter((s) => s.step === '合法性审查（通过）').map((s) => s.content_hash)[0];
  expect(approvedHash).toMatch(/^[0-9a-f]{64}$/);
  expect(trail[trail.length - 1].content_hash).toBe(approvedHash);
  expect(exported.list_version.approved_by).toBe('reviewer');
  await citizen.goto('/departments/SJ');
  await expect(citizen.locator('body')).toContainText('v2026.1-SJ');

  for (const page of [editor, reviewer, admin, citizen]) {
    await page.context().close();
  }
});
