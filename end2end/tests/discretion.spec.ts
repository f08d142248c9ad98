// A citizen reads the discretion standard (裁量基准) of a penalty and works out
// the fine for their case: the tiers per statutory range with their scales,
// and the calculator, live after hydration and as a GET form without
// JavaScript.
//
// Runs against the demo data (data/demo/sample.json): 对未取得食品经营许可从事
// 食品经营活动的处罚 has two statutory ranges named by the goods value
// (货值金额不足一万元 / 货值金额一万元以上) and no structured conditions, so the
// range is read from the names (系统根据文字推断).

import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { hydrated, expectNoHorizontalScroll } from './support';

const shots = path.join(__dirname, '..', 'test-results');

const ITEM = '对未取得食品经营许可从事食品经营活动的处罚';
const ITEM_URL = '/items/SJ-CF-004-00';
const GOODS_VALUE = '货值金额（元）';

/** The tiers and scales as a citizen reads them. */
async function expectTiers(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ITEM);
  const section = page.locator('section.discretion');
  await expect(section.getByRole('heading', { level: 2 })).toHaveText('裁量基准');

  const lower = section.getByRole('table', { name: '法定幅度：货值金额不足一万元' });
  await expect(lower.getByRole('rowheader')).toHaveText(['从轻处罚', '一般处罚', '从重处罚']);
  await expect(lower.locator('tbody .fine')).toHaveText([
    '5万元至6.5万元',
    '6.5万元至8.5万元',
    '8.5万元至10万元',
  ]);
  const upper = section.getByRole('table', { name: '法定幅度：货值金额一万元以上' });
  await expect(upper.locator('tbody .fine')).toHaveText([
    '货值金额10倍至13倍',
    '货值金额13倍至17倍',
    '货值金额17倍至20倍',
  ]);
  const any = section.getByRole('table', { name: '适用于各法定幅度' });
  await expect(any.getByRole('rowheader')).toHaveText(['减轻处罚']);

  // Bounds and the condition read from the range's name.
  await expect(section).toContainText('罚款幅度：5万元至10万元（根据各阶次推算）');
  await expect(section).toContainText('适用条件：货值金额不足1万元（系统根据文字推断）');

  // One scale per range that divides into tiers, labelled on the segments.
  const scales = section.locator('svg.discretion-scale');
  await expect(scales).toHaveCount(2);
  await expect(section.getByRole('img', { name: '货值金额不足一万元：法定处罚幅度与裁量阶次' })).toBeVisible();
  await expect(scales.nth(0).locator('.discretion-scale__tier text')).toHaveText(['从轻', '一般', '从重']);
  await expect(scales.nth(1).locator('text').first()).toHaveText('法定幅度：货值金额10倍至20倍');
}

/** What the result shows for a goods value of 8,000 元. */
async function expectResultFor8000(page: Page): Promise<void> {
  const result = page.locator('.calculation');
  await expect(result).toHaveAttribute('aria-live', 'polite');
  await expect(result.getByRole('heading', { level: 5 }).first()).toHaveText(
    '适用的法定幅度：货值金额不足一万元',
  );
  await expect(result).toContainText('适用条件：货值金额不足1万元（系统根据文字推断）');
  await expect(result).toContainText('罚款金额：5万元至10万元');
  const tiers = result.locator('.calculation__range').first().locator('.calculation__tier');
  await expect(tiers.locator('.calculation__tier-head')).toHaveText([
    '从轻处罚 可能适用',
    '一般处罚 可能适用',
    '从重处罚 可能适用',
  ]);
  await expect(tiers.locator('.calculation__amount')).toHaveText([
    '罚款：5万元至6.5万元',
    '罚款：6.5万元至8.5万元',
    '罚款：8.5万元至10万元',
  ]);
  await expect(tiers.first().locator('.calculation__basis')).toHaveText(
    '依据：示范县市场监督管理局行政处罚裁量基准（示例，按30%/70%分档法编制）：货值金额不足一万元，从轻处罚',
  );
  await expect(result).toContainText('不适用：货值金额一万元以上');
  await expect(result).toContainText('具体阶次以执法机关认定的情节为准');
}

test.describe('with JavaScript', () => {
  test('a citizen reads the tiers and works out the fine as they type', async ({ page }) => {
    await page.goto(ITEM_URL);
    await hydrated(page);
    await expectTiers(page);

    const input = page.getByLabel(GOODS_VALUE);
    await expect(input).toHaveAttribute('inputmode', 'decimal');
    await expect(page.locator('.calculation')).toContainText('请在上方输入案件事实');

    // Typing updates the result in place: no navigation, no submit.
    const url = page.url();
    await input.fill('8000');
    await expectResultFor8000(page);
    expect(page.url()).toBe(url);

    // Above 10,000 元 the other range applies, with the amounts computed.
    await input.fill('2万');
    const result = page.locator('.calculation');
    await expect(result.getByRole('heading', { level: 5 }).first()).toHaveText(
      '适用的法定幅度：货值金额一万元以上',
    );
    await expect(result).toContainText('货值金额2万元 × 10倍至13倍 = 20万元至26万元');
    await expect(result).toContainText('罚款金额：20万元至40万元');

    // Bad input is explained next to the field.
    await input.fill('abc');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    const error = page.locator('.field__error');
    await expect(error).toHaveText('请输入数字，例如 8000 或 1.5万。');
    await expect(input).toHaveAttribute('aria-describedby', /calculator-fact-1-error/);
    await expect(result).toContainText('请先更正上方标出的输入。');
    await input.fill('-5');
    await expect(error).toHaveText('数值不能为负数。');
    await input.fill('8,000');
    await expect(error).toHaveCount(0);
    await expectResultFor8000(page);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the calculator works as a GET form', async ({ page }) => {
    await page.goto(ITEM_URL);
    await expectTiers(page);
    await page.getByLabel(GOODS_VALUE).fill('8000');
    await page.getByRole('button', { name: '计算' }).click();
    await expect(page).toHaveURL(/\/items\/SJ-CF-004-00\?%E8%B4%A7%E5%80%BC%E9%87%91%E9%A2%9D=8000#discretion-calculator$/);
    await expect(page.getByLabel(GOODS_VALUE)).toHaveValue('8000');
    await expectResultFor8000(page);
  });

  test('bad input gets a message next to the field', async ({ page }) => {
    await page.goto(`${ITEM_URL}?${encodeURIComponent('货值金额')}=abc`);
    const input = page.getByLabel(GOODS_VALUE);
    await expect(input).toHaveValue('abc');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('.field__error')).toHaveText('请输入数字，例如 8000 或 1.5万。');
    await expect(page.locator('.calculation')).toContainText('请先更正上方标出的输入。');
  });
});

test.describe('layout', () => {
  for (const width of [360, 1280]) {
    test(`the standard and the calculator fit a ${width} px wide screen`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${ITEM_URL}?${encodeURIComponent('货值金额')}=8000`);
      await hydrated(page);
      await expectResultFor8000(page);
      await expectNoHorizontalScroll(page);
      await page.locator('section.discretion').screenshot({
        path: path.join(shots, `discretion-${width}.png`),
      });
    });
  }
});
