// An editor of 民政局 signs in, edits an item of the department's draft (the
// promised time limit), adds a flowchart step and sees the chart redrawn
// in the browser, saves; a second editor who had the same item open gets
// the conflict page instead of overwriting; a name with <script> stays text.
//
// The server runs with `--demo`: demo accounts editor-mz (民政局) and admin.

import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { hydrated } from './support';

const ITEM_URL = '/edit/MZ/items/MZ-XK-001-01';

async function signIn(page: Page, name: string, password: string, next: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(next);
  await hydrated(page);
}

async function newEditor(browser: Browser, name: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, name, password, ITEM_URL);
  return page;
}

test('wrong passwords are refused in Chinese, without JavaScript too', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('用户名').fill('editor-mz');
  await page.getByLabel('密码').fill('not the password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确，请重新输入。');
  await expect(page.getByLabel('用户名')).toHaveValue('editor-mz');
  // The editor is not for the public.
  await page.goto('/edit/MZ');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请先登录');
  await context.close();
});

test('an editor imports the 民政局 list of sample.json into the draft, previewed first', async ({ browser }) => {
  const page = await newEditor(browser, 'editor-mz', 'sunlit-editor-demo');
  await page.goto('/edit/MZ');
  await page.getByRole('link', { name: '从文件导入' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('从文件导入清单');
  await page.getByLabel('清单文件').setInputFiles(path.join(__dirname, '..', '..', 'data', 'demo', 'sample.json'));
  await page.getByRole('button', { name: '上传并预览' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('导入预览');
  await expect(page.locator('.lead')).toContainText('识别出 12 项事项');
  await expect(page.locator('.notice').first()).toContainText('检查通过');
  // The preview says what the import does: sample.json holds the list the
  // draft was opened from, so nothing changes.
  await expect(page.getByRole('status').filter({ hasText: '导入后草稿不会有任何变化' })).toBeVisible();
  await page.getByRole('button', { name: '确认导入 12 项' }).click();
  await expect(page).toHaveURL(/\/edit\/MZ\?imported=12$/);
  await expect(page.getByRole('status').filter({ hasText: '已导入 12 项事项' })).toBeVisible();
  // A file with problems is refused with its rows and columns; nothing changes.
  await page.goto('/edit/MZ/import');
  await page.getByLabel('清单文件').setInputFiles({
    name: '清单.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('序号,事项编码,事项名称,权力类型,实施主体\n1,990101-MZ-XK-001-00,社会团体登记,行政许可证,示范县民政局\n'),
  });
  await page.getByRole('button', { name: '上传并预览' }).click();
  await expect(page.getByRole('alert')).toContainText('改正前不能导入');
  await expect(page.getByRole('table', { name: '需要修改的问题' })).toContainText('清单.csv!D2（权力类型）');
  await expect(page.getByRole('button', { name: /确认导入/ })).toHaveCount(0);
  await page.context().close();
});

test('an editor edits an item and its flowchart; a second editor gets the conflict page', async ({ browser }) => {
  const first = await newEditor(browser, 'editor-mz', 'sunlit-editor-demo');
  const second = await newEditor(browser, 'admin', 'sunlit-admin-demo');

  // The draft list shows the department's items.
  await first.goto('/edit/MZ');
  await hydrated(first);
  await expect(first.getByRole('heading', { level: 1 })).toHaveText('示范县民政局清单草稿');
  await expect(first.getByRole('link', { name: '社会团体成立登记' })).toBeVisible();

  await first.goto(ITEM_URL);
  await hydrated(first);
  await expect(first.getByRole('heading', { level: 1 })).toHaveText('社会团体成立登记');

  // Promised time limit 20 → 15 working days; a value above the statutory
  // limit is flagged beside the field while typing.
  const promised = first.getByRole('group', { name: '承诺期限' }).getByRole('spinbutton');
  await promised.fill('70');
  await expect(first.locator('#f-time_limit-promised-problems')).toContainText('承诺期限不能长于法定期限');
  await promised.fill('15');
  await expect(first.locator('#f-time_limit-promised-problems')).toBeEmpty();

  // Add a step: the chart is redrawn in the browser.
  const preview = first.getByTestId('chart-preview');
  await expect(preview.locator('svg')).toBeVisible();
  const before = await preview.locator('svg').getAttribute('viewBox');
  await expect(preview).not.toContainText('专家评审');
  await first.getByRole('button', { name: '添加步骤' }).click();
  const steps = first.getByRole('table', { name: '办理步骤' });
  const last = steps.locator('tbody tr').last();
  await last.getByRole('textbox', { name: /步骤名称/ }).fill('专家评审');
  // Until it is connected the chart is invalid and the problem is named.
  await expect(first.locator('#chart-problems')).toContainText('cannot be reached');
  await first.getByRole('button', { name: '添加流转' }).click();
  const edges = first.getByRole('table', { name: '流转关系' });
  const newEdge = edges.locator('tbody tr').last();
  const newId = await last.getByRole('textbox', { name: /编号/ }).inputValue();
  // 受理 → 专家评审 → 办结 keeps the chart valid.
  await newEdge.getByRole('combobox', { name: /从$/ }).selectOption({ index: 1 });
  await newEdge.getByRole('combobox', { name: /到$/ }).selectOption(newId);
  await first.getByRole('button', { name: '添加流转' }).click();
  const back = edges.locator('tbody tr').last();
  await back.getByRole('combobox', { name: /从$/ }).selectOption(newId);
  const endId = await steps.locator('tbody tr').filter({ has: first.locator('option[selected]', { hasText: '结束' }) }).first().getByRole('textbox', { name: /编号/ }).inputValue();
  await back.getByRole('combobox', { name: /到$/ }).selectOption(endId);
  await expect(first.locator('#chart-problems')).toHaveText('流程图结构完整。');
  await expect(preview).toContainText('专家评审');
  expect(await preview.locator('svg').getAttribute('viewBox')).not.toEqual(before);

  // A name with markup is text, in the form and in the heading.
  await first.getByLabel('备注').fill('<script>window.__pwned = 1</script>');
  await first.getByRole('button', { name: '保存', exact: true }).click();
  await expect(first.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
  expect(await first.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // The second editor still has the old revision open: saving is refused
  // with both versions shown side by side.
  await second.getByLabel('备注').fill('第二位编辑的备注');
  await second.getByRole('button', { name: '保存', exact: true }).click();
  const conflict = second.getByRole('alert').filter({ hasText: '保存冲突' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('editor-mz');
  const rows = conflict.getByRole('table', { name: '两个版本不同的字段' });
  await expect(rows.getByRole('row', { name: /办理期限/ })).toContainText('承诺15个工作日');
  await expect(rows.getByRole('row', { name: /备注/ })).toContainText('<script>window.__pwned = 1</script>');
  // Taking theirs loads the saved version into the form.
  await second.getByRole('button', { name: '放弃我的修改，采用已保存的版本' }).click();
  await expect(second.getByLabel('备注')).toHaveValue('<script>window.__pwned = 1</script>');
  await expect(second.getByRole('group', { name: '承诺期限' }).getByRole('spinbutton')).toHaveValue('15');

  // The published page is untouched until publication.
  await first.goto('/items/MZ-XK-001-01');
  await expect(first.locator('body')).toContainText('承诺20个工作日');
  await first.context().close();
  await second.context().close();
});

test('the discretion editor offers the 30%/70% split of a statutory range', async ({ browser }) => {
  const page = await browser.newContext().then((c) => c.newPage());
  await signIn(page, 'editor-sj', 'sunlit-editor-demo', '/edit/SJ/items/SJ-CF-004-00');
  const editor = page.locator('fieldset.discretion-editor');
  await expect(editor.getByRole('table', { name: '裁量阶次' })).toBeVisible();
  // Clear the tiers of the lower range, then ask for the customary split.
  const tiers = editor.getByRole('table', { name: '裁量阶次' }).locator('tbody tr');
  const before = await tiers.count();
  await editor.getByRole('button', { name: '为「货值金额不足一万元」按30%/70%建议分档' }).click();
  await expect(editor.getByRole('status')).toContainText('已按30%/70%生成从轻、一般、从重三档');
  await expect(tiers).toHaveCount(before);
  // 5万–10万 split at 30% and 70%: 5万–6.5万, 6.5万–8.5万, 8.5万–10万.
  const lower = tiers.filter({ has: page.locator('option[selected][value="货值金额不足一万元"]') });
  await expect(lower).toHaveCount(3);
  const bounds = await lower.evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('input')).map((i) => (i as HTMLInputElement).value).join('–')),
  );
  expect(bounds).toEqual(['50000–65000', '65000–85000', '85000–100000']);
  // The user can change a bound; the standard is checked again at once.
  await lower.first().getByRole('textbox', { name: /下限/ }).fill('40000');
  await lower.first().getByRole('textbox', { name: /下限/ }).press('Tab');
  await expect(editor.locator('.problem-list')).not.toBeEmpty();
  await page.screenshot({ path: path.join(__dirname, '..', 'test-results', 'editor-discretion.png'), fullPage: false });
  await page.context().close();
});
