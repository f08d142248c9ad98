// A new office's first day (issue 20): an admin creates its department on
// the departments page (plain forms, no JavaScript needed); the office's own
// spreadsheet — name cells merged, Chinese numerals, one bad row — is
// previewed, its valid rows go into the draft, the bad row's problem stays
// listed on the draft until it is marked as dealt with.
//
// The server runs with `--demo` (demo account admin).

import { expect, test } from '@playwright/test';

const SHEET = [
  '示范县文化广电和旅游局权责清单',
  '序号,职权编码,职权名称,子项名称,职权类型,实施主体,法定期限,承诺期限',
  '1,990101-WL-XK-001-00,营业性演出审批,,行政许可,示范县文化广电和旅游局,二十个工作日,十个工作日',
  '1-1,990101-WL-XK-001-01,,营业性演出审批（新办）,,,二十个工作日,十个工作日',
  '1-2,990101-WL-XK-001-02,,营业性演出审批（变更）,,,二十个工作日,五个工作日',
  '2,990101-WL-CF-002-00,对擅自从事营业性演出经营活动的处罚,,行政处罚,示范县文化广电和旅游局,90日（自立案之日起）,',
  '3,990101-WL-JC-003-00,对演出场所的检查,,行政检查,示范县文化广电和旅游局,二十个半工作日,',
  '填表说明：本表由各单位法规股填写。',
].join('\n');

test('an admin creates a department and its office spreadsheet imports, the bad row held back', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login?next=%2Fadmin%2Fdepartments');
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('sunlit-admin-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('部门管理');

  await page.getByLabel('部门编码', { exact: true }).fill('WL');
  await page.getByLabel('部门全称', { exact: true }).fill('示范县文化广电和旅游局');
  await page.getByLabel('简称', { exact: true }).fill('县文旅局');
  await page.getByRole('button', { name: '新建', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('已新建部门 WL');
  // The same code twice is refused, in words.
  await page.getByLabel('部门编码', { exact: true }).fill('WL');
  await page.getByLabel('部门全称', { exact: true }).fill('又一个局');
  await page.getByRole('button', { name: '新建', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('编码为 WL 的部门已存在');
  await expect(page.getByLabel('WL 部门全称')).toHaveValue('示范县文化广电和旅游局');

  await page.goto('/edit/WL/import');
  await page.getByLabel('清单文件').setInputFiles({
    name: '文旅局权责清单.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(SHEET),
  });
  await page.getByRole('button', { name: '上传并预览' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('导入预览');
  await expect(page.getByRole('alert').first()).toContainText('改正前不能导入');
  await expect(page.getByRole('table', { name: '需要修改的问题' })).toContainText('二十个半工作日');
  await page.getByRole('button', { name: '只导入无问题的 4 项' }).click();
  await expect(page).toHaveURL(/\/edit\/WL\?imported=4$/);
  await expect(page.getByRole('link', { name: '营业性演出审批（新办）' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /导入时留下的问题（1 处/ })).toBeVisible();
  await page.getByRole('button', { name: '已全部处理，标记为已处理' }).click();
  await expect(page).toHaveURL(/\/edit\/WL$/);
  await expect(page.getByRole('heading', { name: /导入时留下的问题/ })).toHaveCount(0);
  await context.close();
});
