// The review workflow in a browser (市场监督管理局, whose draft no other
// browser test changes): an editor changes two items and removes
// one, records reasons and submits; the reviewer returns it with a comment
// on a field; the editor fixes and resubmits; the reviewer approves, the
// admin publishes; the public comparison shows exactly those changes, also
// without JavaScript.
import { expect, test, type Page } from '@playwright/test';
import { hydrated } from './support';

async function signIn(page: Page, name: string, password: string, next: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.locator('#login-name').fill(name);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-password').press('Enter');
  await page.waitForURL(`**${next}`);
  await hydrated(page);
}

async function setPromised(page: Page, itemId: string, days: string): Promise<void> {
  await page.goto(`/edit/SJ/items/${itemId}`);
  await hydrated(page);
  await page.locator('#f-time_limit-promised-value').fill(days);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('已保存。')).toBeVisible();
}

test('edit, submit, return, resubmit, approve, publish, compare', async ({ browser }) => {
  const editor = await (await browser.newContext()).newPage();
  await signIn(editor, 'editor-sj', 'sunlit-editor-demo', '/edit/SJ');
  await setPromised(editor, 'SJ-XK-002-00', '5');
  await setPromised(editor, 'SJ-XK-001-03', '2');
  await editor.goto('/edit/SJ');
  await hydrated(editor);
  await editor.getByRole('button', { name: '删除「对举报市场监管领域重大违法行为的奖励」' }).click();
  await editor.getByRole('group', { name: '确定删除「对举报市场监管领域重大违法行为的奖励」？' }).getByRole('button', { name: '删除' }).click();
  await expect(editor.getByRole('link', { name: '对举报市场监管领域重大违法行为的奖励' })).toHaveCount(0);

  await editor.goto('/edit/SJ/review');
  await hydrated(editor);
  const reasons = editor.getByLabel('调整理由');
  await expect(reasons).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    await reasons.nth(i).fill('落实“放管服”改革要求（示例）');
  }
  await editor.getByRole('button', { name: '提交审查' }).click();
  await expect(editor.getByText('已提交合法性审查。')).toBeVisible();

  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, 'reviewer', 'sunlit-reviewer-demo', '/edit/SJ/review');
  const form = reviewer.locator('form.comment-form[data-item="SJ-XK-002-00"]');
  await form.getByLabel('针对内容').selectOption('承诺期限');
  await form.getByLabel('审查意见').fill('承诺期限可压缩至3个工作日。');
  await form.getByRole('button', { name: '添加意见' }).click();
  await expect(reviewer.getByText('意见已添加。')).toBeVisible();
  await reviewer.locator('#review-opinion').fill('请按意见修改后重新提交。');
  await reviewer.getByRole('button', { name: '退回修改' }).click();
  await expect(reviewer.getByText('审查意见已记录。')).toBeVisible();

  await setPromised(editor, 'SJ-XK-002-00', '3');
  await editor.goto('/edit/SJ/review');
  await hydrated(editor);
  await expect(editor.getByText('承诺期限可压缩至3个工作日。')).toBeVisible();
  await editor.getByRole('button', { name: '提交审查' }).click();
  await expect(editor.getByText('已提交合法性审查。')).toBeVisible();

  await reviewer.reload();
  await hydrated(reviewer);
  await reviewer.getByRole('button', { name: '审查通过' }).click();
  await expect(reviewer.getByText('审查通过，待发布')).toBeVisible();

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin', 'sunlit-admin-demo', '/edit/SJ/review');
  await admin.getByLabel('版本号（如 v2025.2）').fill('v2025.2');
  await admin.getByLabel('版本名称').fill('示范县市场监督管理局权责清单（2025年动态调整）');
  await admin.locator('#publish-date').fill('2025-07-01');
  await admin.getByLabel('发布文号').fill('示政发〔2025〕9号（示例）');
  await admin.getByRole('button', { name: '发布新版本' }).click();
  await admin.waitForURL('**/departments/SJ/compare?to=v2025.2');
  await expect(admin.getByText('新增 0 项 · 取消 1 项 · 变更 2 项')).toBeVisible();
  await expect(admin.locator('article.diff-item')).toHaveCount(3);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the public comparison renders', async ({ page }) => {
    await page.goto('/departments/ZR/compare');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('版本比对');
    await expect(page.getByText('新增 2 项 · 取消 2 项 · 变更 4 项 · 未变 10 项')).toBeVisible();
    await expect(page.locator('ins').first()).toBeVisible();
    await page.getByLabel('原版本').selectOption('v2024.1');
    await page.getByRole('button', { name: '比对' }).click();
    await expect(page).toHaveURL(/from=v2024\.1/);
  });
});
