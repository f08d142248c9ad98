// The public portal as a person uses it: from the home page to a department's
// list and to one item with its legal bases, time limits and flowchart; the
// category filter and the version selector, with and without JavaScript.
//
// Runs against the demo data (data/demo/sample.json, sample_v2.json).

import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { hydrated, expectNoHorizontalScroll } from './support';

const shots = path.join(__dirname, '..', 'test-results');

const SJ = '示范县市场监督管理局';
const ITEM = '食品经营许可（新办）';

/** What the item page of 食品经营许可（新办） must show. */
async function expectFoodLicenceItem(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/items\/SJ-XK-001-01$/);
  await expect(page).toHaveTitle(`${ITEM} - 县市场监管局 - 阳光清单`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ITEM);
  await expect(page.locator('h1')).toHaveCount(1);

  const crumbs = page.getByRole('navigation', { name: '当前位置' });
  await expect(crumbs.getByRole('listitem')).toHaveText(['首页›', `${SJ}›`, ITEM]);

  // 七公开: legal bases with role, level and the unverified marker.
  const bases = page.locator('#facts ~ dl .basis');
  await expect(bases).toHaveCount(2);
  await expect(bases.nth(0)).toContainText('设定依据');
  await expect(bases.nth(0)).toContainText('《中华人民共和国食品安全法》第三十五条');
  await expect(bases.nth(0)).toContainText('（法律）');
  await expect(bases.nth(0)).not.toContainText('未核验');
  await expect(bases.nth(1)).toContainText('实施依据');
  await expect(bases.nth(1)).toContainText('《食品经营许可和备案管理办法》');
  await expect(bases.nth(1)).toContainText('（部门规章）');
  await expect(bases.nth(1)).toContainText('未核验');

  const fact = (term: string) =>
    page.locator('#facts ~ dl > .facts__row').filter({ has: page.locator('dt', { hasText: term }) }).locator('dd');
  await expect(fact('办理时限')).toHaveText('法定10个工作日 / 承诺5个工作日');
  await expect(fact('收费')).toHaveText('不收费');
  await expect(fact('实施主体')).toHaveText(SJ);
  await expect(fact('承办机构')).toHaveText('行政审批股（政务服务中心窗口）');
  await expect(fact('投诉渠道')).toHaveText('12345政务服务便民热线');
  const phone = fact('监督电话').getByRole('link');
  await expect(phone).toHaveText('0000-0000002（示例）');
  await expect(phone).toHaveAttribute('href', 'tel:0000-0000002');
  await expect(fact('程序').getByRole('link')).toHaveText('见运行流程图（共 12 步）');

  // The flowchart as an ordered list of steps, in reading order.
  const steps = page.locator('#flowchart ~ ol.steps > li');
  await expect(steps).toHaveCount(12);
  await expect(steps.locator('.step__head')).toHaveText([
    '第1步 申请 开始',
    '第2步 受理 办理环节',
    '第3步 材料是否齐全、符合法定形式 判断',
    '第4步 一次性告知补正 办理环节',
    '第5步 不予受理（告知理由及复议、诉讼权利） 结束',
    '第6步 审查 办理环节',
    '第7步 现场核查 办理环节',
    '第8步 决定 办理环节 电子监察点',
    '第9步 是否符合许可条件 判断',
    '第10步 送达/颁证 办理环节',
    '第11步 办结（结果公开） 结束',
    '第12步 不予许可（书面说明理由，告知复议、诉讼权利） 结束',
  ]);
  await expect(steps.nth(1)).toContainText('承办：政务服务中心窗口（行政审批股（政务服务中心窗口））');
  await expect(steps.nth(1)).toContainText('时限：1个工作日');
  await expect(steps.nth(1)).toContainText('风险等级：低');
  await expect(steps.nth(0)).toContainText('食品经营许可申请书');
  await expect(steps.nth(2).locator('.next')).toHaveText([
    '若材料齐全、符合法定形式 → 第6步 审查',
    '若材料不齐全或不符合法定形式 → 第4步 一次性告知补正',
    '若不属于本机关职权范围或依法不需要取得许可 → 第5步 不予受理（告知理由及复议、诉讼权利）',
  ]);
  await expect(steps.nth(3).locator('.next')).toHaveText('退回 → 第2步 受理（申请人补正后重新提交）');
  await expect(steps.nth(7)).toContainText('风险等级：高');
  await expect(steps.nth(10)).toContainText('流程结束');

  // Duties, accountability and relief.
  await expect(page.locator('#responsibilities ~ .table-wrap tbody tr')).toHaveCount(6);
  await expect(page.locator('#accountability ~ ol > li')).toHaveCount(7);
  await expect(page.locator('#relief ~ ul > li')).toHaveText([
    '行政复议（《中华人民共和国行政复议法》）',
    '行政诉讼（《中华人民共和国行政诉讼法》）',
  ]);
  await expect(page.locator('#related ~ p').getByRole('link')).toHaveText('食品经营许可');
}

test.describe('with JavaScript', () => {
  test('home → department → item shows the facts and the flowchart steps', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveTitle('政府部门权责清单 - 阳光清单');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('政府部门权责清单');
    await expect(page.getByText('公开各部门行政权力清单、运行流程图和裁量基准，让权力在阳光下运行。')).toBeVisible();
    // Departments with a published list (another test may add one without).
    const cards = page.locator('.card').filter({ hasNotText: '尚未发布清单' });
    await expect(cards).toHaveCount(3);
    const sj = cards.filter({ hasText: SJ });
    await expect(sj.locator('.card__count')).toHaveText('15 项');
    await expect(sj.locator('.card__categories')).toHaveText(
      '行政许可 5 · 行政处罚 6 · 行政强制 1 · 行政奖励 1 · 行政检查 1 · 公共服务 1',
    );
    await expect(sj.locator('.card__date')).toHaveText('施行日期：2024年3月1日');
    await expect(page.locator('.recent a[href="/departments/ZR?version=v2025.1-ZR"]')).toContainText(
      '示范县自然资源局权责清单（2025年第一次动态调整）',
    );
    await hydrated(page);

    await page.getByRole('link', { name: SJ, exact: true }).click();
    await expect(page).toHaveURL(/\/departments\/SJ$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SJ);
    await expect(page).toHaveTitle(`${SJ} - 阳光清单`);
    await expect(page.locator('.item-entry__name')).toHaveCount(15);
    await expect(page.locator('.category-group h2')).toHaveText([
      '行政许可（5 项）',
      '行政处罚（6 项）',
      '行政强制（1 项）',
      '行政奖励（1 项）',
      '行政检查（1 项）',
      '公共服务（1 项）',
    ]);
    // Sub-items are nested under their main item.
    const main = page.locator('.item-entry').filter({ has: page.getByRole('link', { name: '食品经营许可', exact: true }) });
    await expect(main.locator('.item-list--sub .item-entry__name')).toHaveText([ITEM, '食品经营许可（延续）']);
    await expect(page.locator('.version-info')).toContainText('示政发〔2024〕5号（示例）');
    await expect(page.locator('.version-info')).toContainText('现行有效');
    await page.screenshot({ path: path.join(shots, 'department.png'), fullPage: true });

    await page.getByRole('link', { name: ITEM, exact: true }).click();
    await expectFoodLicenceItem(page);
    await page.screenshot({ path: path.join(shots, 'item.png'), fullPage: true });
  });

  test('the category filter narrows the list as soon as a category is chosen', async ({ page }) => {
    await page.goto('/departments/SJ');
    await hydrated(page);
    const filter = page.getByLabel('权力类别');
    await expect(filter.locator('option')).toHaveText([
      '全部（15）',
      '行政许可（5）',
      '行政处罚（6）',
      '行政强制（1）',
      '行政奖励（1）',
      '行政检查（1）',
      '公共服务（1）',
    ]);
    // Keyboard users keep their place: the select has the focus again on
    // the page it loads.
    await filter.focus();
    await filter.selectOption('CF');
    // Navigates on change, without pressing 筛选.
    await expect(page).toHaveURL(/\/departments\/SJ\?category=CF$/);
    await expect(page.locator('.list-summary')).toHaveText('行政处罚 6 项（全部 15 项）');
    await expect(page.locator('.category-group h2')).toHaveText(['行政处罚（6 项）']);
    const names = page.locator('.item-entry__name');
    await expect(names).toHaveCount(6);
    await expect(names.first()).toHaveText('对未取得食品经营许可从事食品经营活动的处罚');
    for (const name of await names.allTextContents()) expect(name).toMatch(/^对.*的处罚$/);
    await expect(filter).toBeFocused();

    // The submit button still works, and 全部 brings everything back.
    // 全部 navigates too, leaving the empty field out of the address; the
    // button on the page it loads (once live) does the same.
    await filter.selectOption('');
    await expect(page).toHaveURL(/\/departments\/SJ$/);
    await hydrated(page);
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page).toHaveURL(/\/departments\/SJ$/);
    await expect(page.locator('.item-entry__name')).toHaveCount(15);
  });

  test('the version selector switches a department to an older list', async ({ page }) => {
    await page.goto('/departments/ZR');
    await hydrated(page);
    await expect(page.locator('.version-info')).toContainText('示范县自然资源局权责清单（2025年第一次动态调整）');
    await expect(page.getByRole('link', { name: '农村村民宅基地审核' })).toHaveCount(0);
    const versions = page.getByLabel('选择版本');
    await expect(versions.locator('option')).toHaveText([
      '示范县自然资源局权责清单（2025年第一次动态调整）（2025年3月1日施行，现行有效）',
      '示范县政府工作部门权责清单（2024年版）（2024年3月1日施行，已被替代）',
    ]);
    await versions.selectOption('v2024.1');
    await page.getByRole('button', { name: '查看', exact: true }).click();
    await expect(page).toHaveURL(/\/departments\/ZR\?version=v2024\.1$/);
    await expect(page.locator('.notice')).toContainText('您正在查看历史版本');
    const cancelled = page.getByRole('link', { name: '农村村民宅基地审核', exact: true });
    await expect(cancelled).toHaveAttribute('href', '/items/ZR-QT-004-00?version=v2024.1');
    await expect(page.locator('.item-entry__name')).toHaveCount(16);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the same journey and the filter work as plain pages and GET forms', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('.card').filter({ hasNotText: '尚未发布清单' })).toHaveCount(3);
    await page.getByRole('link', { name: SJ, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SJ);
    await expect(page.locator('.item-entry__name')).toHaveCount(15);

    await page.getByLabel('权力类别').selectOption('CF');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page).toHaveURL(/\/departments\/SJ\?category=CF$/);
    await expect(page.getByLabel('权力类别')).toHaveValue('CF');
    await expect(page.locator('.category-group h2')).toHaveText(['行政处罚（6 项）']);
    await expect(page.locator('.item-entry__name')).toHaveCount(6);

    await page.getByLabel('权力类别').selectOption('XK');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page).toHaveURL(/\/departments\/SJ\?category=XK$/);
    await expect(page.locator('.item-entry__name')).toHaveCount(5);
    await page.getByRole('link', { name: ITEM, exact: true }).click();
    await expectFoodLicenceItem(page);
  });

  test('the version selector works as a GET form', async ({ page }) => {
    await page.goto('/departments/ZR');
    await page.getByLabel('选择版本').selectOption('v2024.1');
    await page.getByRole('button', { name: '查看', exact: true }).click();
    await expect(page).toHaveURL(/\/departments\/ZR\?version=v2024\.1$/);
    await page.getByRole('link', { name: '农村村民宅基地审核', exact: true }).click();
    await expect(page).toHaveURL(/\/items\/ZR-QT-004-00\?version=v2024\.1$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('农村村民宅基地审核');
    await expect(page.locator('.notice')).toHaveText('您正在查看历史版本，内容可能已被调整。');
    await expect(page.locator('.page-head__meta')).toContainText('示范县政府工作部门权责清单（2024年版），2024年3月1日施行，已被替代');
    await expect(page.getByRole('navigation', { name: '当前位置' }).getByRole('link', { name: '示范县自然资源局' })).toHaveAttribute(
      'href',
      '/departments/ZR?version=v2024.1',
    );
  });
});

test.describe('errors', () => {
  test('an unknown item answers 404 with the Chinese page', async ({ page }) => {
    const response = await page.goto('/items/NO-SUCH-ITEM');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('页面不存在');
    await expect(page).toHaveTitle('页面不存在 - 阳光清单');
    await expect(page.getByRole('link', { name: '返回首页' })).toHaveAttribute('href', '/');
  });

  test('unknown addresses, departments and versions answer 404', async ({ page }) => {
    for (const url of ['/no/such/page', '/departments/XX', '/departments/SJ?version=v1999.9']) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('页面不存在');
    }
  });

  test('an unknown category answers 400', async ({ page }) => {
    const response = await page.goto('/departments/SJ?category=NOPE');
    expect(response?.status()).toBe(400);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('请求有误');
    await expect(page.locator('.error-page')).toContainText('未知的权力类别“NOPE”。');
  });
});

test.describe('layout', () => {
  for (const width of [360, 1280]) {
    test(`pages fit a ${width} px wide screen`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      for (const [name, url] of [
        ['home', '/'],
        ['department', '/departments/SJ'],
        ['item', '/items/SJ-XK-001-01'],
        ['penalty', '/items/SJ-CF-004-00'],
      ]) {
        await page.goto(url);
        await expect(page.locator('h1')).toHaveCount(1);
        await expectNoHorizontalScroll(page);
        await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
      }
    });
  }

  test('the skip link leads to the main content', async ({ page }) => {
    await page.goto('/items/SJ-XK-001-01');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: '跳到主要内容' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
  });

  test('the discretion standard is a table per statutory range', async ({ page }) => {
    await page.goto('/items/SJ-CF-004-00');
    await expect(page.locator('#discretion ~ h3')).toHaveText([
      '适用于各法定幅度',
      '法定幅度：货值金额不足一万元',
      '法定幅度：货值金额一万元以上',
    ]);
    const tables = page.locator('#discretion ~ .table-wrap table');
    await expect(tables).toHaveCount(3);
    await expect(tables.nth(0).locator('tbody th')).toHaveText(['减轻处罚']);
    await expect(tables.nth(0).locator('tbody .fine')).toHaveText(['5万元以下']);
    await expect(tables.nth(1).locator('tbody th')).toHaveText(['从轻处罚', '一般处罚', '从重处罚']);
    await expect(tables.nth(1).locator('tbody .fine')).toHaveText(['5万元至6.5万元', '6.5万元至8.5万元', '8.5万元至10万元']);
    await expect(tables.nth(2).locator('tbody .fine')).toHaveText([
      '货值金额10倍至13倍',
      '货值金额13倍至17倍',
      '货值金额17倍至20倍',
    ]);
  });
});
