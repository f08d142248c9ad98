// The drawn flowchart on the item page: server-rendered SVG beside the text
// version, readable without JavaScript; download links; after hydration,
// zoom buttons and arrow keys that move focus along the edges.
//
// Runs against the demo data (data/demo/sample.json, sample_v2.json).

import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { hydrated } from './support';

const shots = path.join(__dirname, '..', 'test-results');

/** An 18-node penalty procedure with three decisions and five outcomes. */
const PENALTY = {
  id: 'MZ-CF-010-00',
  name: '对制造、销售封建迷信殡葬用品的处罚',
  nodes: 18,
};
/** A 12-node licence procedure with a return loop. */
const LICENCE = {
  id: 'SJ-XK-001-01',
  name: '食品经营许可（新办）',
  nodes: 12,
};

function section(page: Page): Locator {
  return page.locator('section.flowchart');
}

function chart(page: Page): Locator {
  return section(page).locator('svg[role="img"]');
}

/** The id of the focused element. */
async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

/** The chart, its text version and the download links of one item. */
async function expectChartAndText(page: Page, item: { id: string; name: string; nodes: number }) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(item.name);
  const svg = chart(page);
  await expect(svg).toHaveCount(1);
  await expect(svg).toBeVisible();
  await expect(svg.locator('> title')).toHaveText(`${item.name}运行流程图`);
  await expect(svg).toHaveAttribute('aria-labelledby', 'flowchart-title flowchart-desc');
  await expect(svg.locator('> desc')).toContainText(`共${item.nodes}个环节`);
  const nodes = svg.locator('g.node');
  await expect(nodes).toHaveCount(item.nodes);
  for (const tabindex of await nodes.evaluateAll((all) => all.map((n) => n.getAttribute('tabindex')))) {
    expect(tabindex).toBe('0');
  }
  // The legend explains the shapes and markers.
  await expect(svg.locator('g.legend')).toContainText('开始/结束');
  await expect(svg.locator('g.legend')).toContainText('廉政风险点：▲高 ◆中 ●低');

  // The text version stays visible beside the drawing.
  await expect(page.locator('#flowchart ~ h3')).toHaveText('文字版');
  const steps = page.locator('#flowchart ~ ol.steps > li');
  await expect(steps).toHaveCount(item.nodes);
  await expect(steps.first()).toBeVisible();
  await expect(steps.first().locator('.step__head')).toContainText('第1步');

  await expect(section(page).locator('.flowchart__invalid')).toHaveCount(0);
}

/** The download links point at the API, with `?version=` when given. */
async function expectDownloads(page: Page, itemId: string, version?: string) {
  const query = version ? `?version=${version}` : '';
  const svgLink = section(page).getByRole('link', { name: '下载SVG', exact: true });
  const pngLink = section(page).getByRole('link', { name: '下载PNG', exact: true });
  await expect(svgLink).toHaveAttribute('href', `/api/v1/items/${itemId}/flowchart.svg${query}`);
  await expect(pngLink).toHaveAttribute('href', `/api/v1/items/${itemId}/flowchart.png${query}`);
  await expect(svgLink).toHaveAttribute('download', `${itemId}-运行流程图.svg`);
  await expect(pngLink).toHaveAttribute('download', `${itemId}-运行流程图.png`);
}

test.describe('flowchart without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the 18-node chart is drawn on the server beside its text version', async ({ page }) => {
    await page.goto(`/items/${PENALTY.id}`);
    await expectChartAndText(page, PENALTY);
    const svg = chart(page);
    await expect(svg.locator('#flowchart-node-N1')).toHaveAttribute('aria-label', /^开始：案件来源/);
    await expect(svg.locator('#flowchart-node-N1')).toHaveAttribute('data-next', 'flowchart-node-N2');
    await expect(svg.locator('#flowchart-node-D1')).toHaveAttribute('aria-label', /^判断：调查终结：违法事实是否成立/);
    await expect(svg.locator('g.node--decision')).toHaveCount(3);
    await expect(svg.locator('g.node--end')).toHaveCount(5);
    await expect(page.locator('#flowchart ~ ol.steps > li .step__head').first()).toHaveText(
      '第1步 案件来源（检查发现/投诉举报/移送/上级交办） 开始',
    );
    await expectDownloads(page, PENALTY.id);
    // Zoom needs scripts: without them there are no buttons at all.
    await expect(section(page).getByRole('button')).toHaveCount(0);
    await expect(section(page).locator('.flowchart__hint')).toHaveCount(0);
  });

  test('the licence chart and its return loop are drawn too', async ({ page }) => {
    await page.goto(`/items/${LICENCE.id}`);
    await expectChartAndText(page, LICENCE);
    await expect(chart(page).locator('g.edge--return')).toHaveCount(1);
    await expect(chart(page).locator('g.edge--return')).toHaveAttribute('data-to', 'N2');
    await expectDownloads(page, LICENCE.id);
  });

  test('an older version downloads the chart of that version', async ({ page }) => {
    await page.goto('/items/ZR-CF-006-00?version=v2024.1');
    await expect(page.locator('.notice')).toHaveText('您正在查看历史版本，内容可能已被调整。');
    await expect(chart(page)).toHaveCount(1);
    await expectDownloads(page, 'ZR-CF-006-00', 'v2024.1');
  });
});

test.describe('flowchart with JavaScript', () => {
  test('arrow keys follow the edges and Tab visits the nodes in order', async ({ page }) => {
    await page.goto(`/items/${PENALTY.id}`);
    await hydrated(page);
    const svg = chart(page);
    const ids = await svg.locator('g.node').evaluateAll((all) => all.map((n) => n.id));
    expect(ids).toHaveLength(PENALTY.nodes);
    const nextOf = async (id: string) =>
      ((await svg.locator(`#${id}`).getAttribute('data-next')) ?? '').split(' ').filter(Boolean);

    await svg.locator('#flowchart-node-N1').focus();
    expect(await focusedId(page)).toBe('flowchart-node-N1');
    await page.keyboard.press('ArrowDown');
    await expect(svg.locator('#flowchart-node-N2')).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(svg.locator('#flowchart-node-D0')).toBeFocused();
    // From a decision, forward is its first way out.
    const [firstOut] = await nextOf('flowchart-node-D0');
    expect(['flowchart-node-N3', 'flowchart-node-E0']).toContain(firstOut);
    await page.keyboard.press('ArrowDown');
    expect(await focusedId(page)).toBe(firstOut);
    await page.keyboard.press('ArrowUp');
    await expect(svg.locator('#flowchart-node-D0')).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(svg.locator('#flowchart-node-N2')).toBeFocused();

    // N7 has two predecessors (陈述申辩复核, 听证): back goes the way it came.
    await svg.locator('#flowchart-node-N5').focus();
    const [viaN5] = await nextOf('flowchart-node-N5');
    expect(['flowchart-node-N6', 'flowchart-node-N6a']).toContain(viaN5);
    await page.keyboard.press('ArrowDown');
    expect(await focusedId(page)).toBe(viaN5);
    await page.keyboard.press('ArrowDown');
    await expect(svg.locator('#flowchart-node-N7')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    expect(await focusedId(page)).toBe(viaN5);

    // At an end there is nowhere to go: focus stays.
    await svg.locator('#flowchart-node-E4').focus();
    await page.keyboard.press('ArrowDown');
    await expect(svg.locator('#flowchart-node-E4')).toBeFocused();

    // Tab follows the document order of the nodes.
    await svg.locator(`#${ids[0]}`).focus();
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe(ids[1]);
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe(ids[2]);
    await page.keyboard.press('Shift+Tab');
    expect(await focusedId(page)).toBe(ids[1]);
  });

  test('zoom buttons scale the drawing and 还原 restores it', async ({ page }) => {
    await page.goto(`/items/${PENALTY.id}`);
    await hydrated(page);
    const svg = chart(page);
    const zoomIn = section(page).getByRole('button', { name: '放大流程图' });
    const zoomOut = section(page).getByRole('button', { name: '缩小流程图' });
    const reset = section(page).getByRole('button', { name: '将流程图还原为原始大小' });
    await expect(zoomIn).toHaveText('放大');
    await expect(zoomOut).toHaveText('缩小');
    await expect(reset).toHaveText('还原');
    for (const button of [zoomIn, zoomOut, reset]) await expect(button).toHaveAttribute('type', 'button');
    await expect(section(page).locator('.flowchart__hint')).toContainText('按 ↓ 或 → 转到下一环节');

    const level = section(page).locator('.flowchart__zoom-level');
    await expect(level).toHaveText('缩放 100%');
    const [, , width, height] = ((await svg.getAttribute('viewBox')) ?? '').split(' ').map(Number);
    expect(width).toBeGreaterThan(200);
    const shown = () => svg.evaluate((el) => el.getBoundingClientRect().width);
    expect(await shown()).toBeCloseTo(width, 0);

    await zoomIn.click();
    await expect(level).toHaveText('缩放 125%');
    await expect(svg).toHaveAttribute('width', (width * 1.25).toFixed(1));
    await expect(svg).toHaveAttribute('height', (height * 1.25).toFixed(1));
    expect(await shown()).toBeCloseTo(width * 1.25, 0);

    await zoomOut.click();
    await zoomOut.click();
    await expect(level).toHaveText('缩放 80%');
    expect(await shown()).toBeCloseTo(width * 0.8, 0);

    await reset.click();
    await expect(level).toHaveText('缩放 100%');
    await expect(reset).toHaveAttribute('aria-disabled', 'true');
    expect(await shown()).toBeCloseTo(width, 0);
  });

  test('the PNG download is a PNG image', async ({ page, request }) => {
    await page.goto(`/items/${LICENCE.id}`);
    const href = await section(page).getByRole('link', { name: '下载PNG', exact: true }).getAttribute('href');
    expect(href).toBe(`/api/v1/items/${LICENCE.id}/flowchart.png`);
    const png = await request.get(href!);
    expect(png.status()).toBe(200);
    expect(png.headers()['content-type']).toBe('image/png');
    const body = await png.body();
    expect([...body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const svgHref = await section(page).getByRole('link', { name: '下载SVG', exact: true }).getAttribute('href');
    const svg = await request.get(svgHref!);
    expect(svg.status()).toBe(200);
    expect(svg.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toContain('<title id="flowchart-title">食品经营许可（新办）运行流程图</title>');
  });
});

test.describe('flowchart layout', () => {
  for (const width of [1280, 360]) {
    test(`the 18-node chart fits a ${width} px wide screen`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`/items/${PENALTY.id}`);
      await hydrated(page);
      // The page never scrolls sideways; a chart wider than its frame
      // scrolls inside the frame.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const canvas = section(page).locator('.flowchart__canvas');
      const frame = await canvas.evaluate((el) => ({
        scrollWidth: el.scrollWidth,
        clientWidth: el.clientWidth,
        overflowX: getComputedStyle(el).overflowX,
      }));
      expect(frame.overflowX).toBe('auto');
      const svgWidth = Number(await chart(page).getAttribute('width'));
      if (svgWidth > frame.clientWidth) expect(frame.scrollWidth).toBeGreaterThan(frame.clientWidth);
      if (width === 360) expect(frame.scrollWidth).toBeGreaterThan(frame.clientWidth);

      // The start node is in view inside the frame (scrolled to it when the
      // drawing is wider than the frame).
      const frameBox = (await canvas.boundingBox())!;
      const startBox = (await chart(page).locator('g.node--start').boundingBox())!;
      expect(startBox.x).toBeGreaterThanOrEqual(frameBox.x);
      expect(startBox.x + startBox.width).toBeLessThanOrEqual(frameBox.x + frameBox.width);

      const steps = page.locator('#flowchart ~ ol.steps');
      const chartBox = (await canvas.boundingBox())!;
      const stepsBox = (await steps.boundingBox())!;
      if (width === 1280) {
        // Side by side: the steps start to the right of the drawing.
        expect(stepsBox.x).toBeGreaterThanOrEqual(chartBox.x + chartBox.width);
      } else {
        // Stacked: the steps follow below the drawing.
        expect(stepsBox.y).toBeGreaterThanOrEqual(chartBox.y + chartBox.height);
      }
      await page.locator('#flowchart').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shots, `flowchart-${width}.png`), fullPage: true });
      await section(page).screenshot({ path: path.join(shots, `flowchart-section-${width}.png`) });
    });
  }
});
