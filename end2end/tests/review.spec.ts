// The public comparison of two versions, read without JavaScript. The
// review workflow itself (edit, submit, return with a field comment,
// resubmit, approve, publish, compare) is workflow.spec.ts.
import { expect, test } from '@playwright/test';

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
