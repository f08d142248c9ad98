// A citizen looks for what applies to food: types 食品 on the home page,
// narrows the results to 行政处罚, opens an item and reaches its flowchart;
// with JavaScript (suggestions while typing) and without (plain GET forms).
//
// Runs against the demo data (data/demo/sample.json, sample_v2.json).

import { expect, test, type Page } from '@playwright/test';
import { hydrated, expectNoHorizontalScroll } from './support';

const PENALTY = '对未取得食品经营许可从事食品经营活动的处罚';

/** From the search results for 食品 to the flowchart of the penalty. */
async function filterOpenAndReachFlowchart(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/search\?q=%E9%A3%9F%E5%93%81$/);
  await expect(page).toHaveTitle('食品 - 搜索事项 - 阳光清单');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('搜索事项');
  await expect(page.getByRole('status').first()).toHaveText('找到 6 项与“食品”有关的事项');
  const hits = page.locator('ol.hits > li');
  await expect(hits).toHaveCount(6);
  // Matches are marked in the names.
  await expect(hits.first().locator('mark').first()).toHaveText('食品');
  await expectNoHorizontalScroll(page);

  const categories = page.getByRole('navigation', { name: '按权力类别' });
  await categories.getByRole('link', { name: '行政处罚（1）' }).click();
  await expect(page).toHaveURL(/category=CF/);
  await expect(hits).toHaveCount(1);
  // The chosen filter says so in words, not only by its look.
  await expect(categories.locator('[aria-current="true"]')).toHaveText('行政处罚（1）（已选）');
  // The search form shows the filter too.
  await expect(page.getByLabel('权力类别', { exact: true })).toHaveValue('CF');

  await hits.first().getByRole('link', { name: PENALTY }).click();
  await expect(page).toHaveURL(/\/items\/SJ-CF-004-00$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(PENALTY);
  await page.getByRole('link', { name: /^见运行流程图（共 \d+ 步）$/ }).click();
  await expect(page).toHaveURL(/#flowchart$/);
  await expect(page.locator('#flowchart')).toBeInViewport();
  await expect(page.locator('#flowchart ~ ol.steps > li').first()).toContainText('第1步');
}

test.describe('with JavaScript', () => {
  test('search from the home page with suggestions, filter, open, flowchart', async ({ page }) => {
    await page.goto('/');
    await hydrated(page);
    const box = page.locator('#search-home');
    await expect(box).toHaveAccessibleName('搜索权责事项');
    await box.pressSequentially('食品');
    // Suggestions from the index fill the list the box points to.
    const suggestions = page.locator('#search-home-suggestions option');
    await expect(suggestions.first()).toHaveAttribute('value', '食品经营许可');
    await box.press('Enter');
    await filterOpenAndReachFlowchart(page);
  });

  test('the header box searches from any page; nothing found says so', async ({ page }) => {
    await page.goto('/departments/SJ');
    await hydrated(page);
    const box = page.locator('#search-header');
    await box.fill('量子纠缠');
    await box.press('Enter');
    await expect(page.getByRole('heading', { level: 2, name: '没有找到与“量子纠缠”有关的事项' })).toBeVisible();
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the same journey works with plain GET forms and links', async ({ page }) => {
    await page.goto('/');
    const box = page.locator('#search-home');
    await box.fill('食品');
    await box.press('Enter');
    await filterOpenAndReachFlowchart(page);
  });

  test('a legal basis on an item page leads to the items citing it', async ({ page }) => {
    await page.goto('/items/SJ-XK-001-01');
    await page.getByRole('link', { name: '《中华人民共和国食品安全法》第三十五条' }).click();
    await expect(page).toHaveURL(/\/basis\?law=/);
    await expect(page.getByRole('status')).toHaveText(
      '引用《中华人民共和国食品安全法》第三十五条的事项：共 2 项',
    );
    await expect(page.locator('ol.hits > li')).toHaveCount(2);
  });
});
