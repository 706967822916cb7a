import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, logIn, openPage, screenshotPath, menuItem } from './browser';

/**
 * Issue 8 (R-STAT-1), "Done when": the overview opens, a bar is clicked, and the list that opens
 * counts exactly the bar; the big screen renders at 1920×1080 with Chinese text.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface ChartEl extends HTMLElement {
  __chart?: {
    getOption(): { series: { data: number[] }[] };
    getModel(): {
      getSeriesByIndex(i: number): {
        getData(): { getItemLayout(i: number): { x: number; y: number; width: number; height: number } };
      };
    };
  };
}

describe('stats: overview drill-down and big screen', () => {
  it('clicking a bar of the towns chart opens the list whose count equals the bar', async () => {
    const { context, page } = await openPage(browser, { width: 1440, height: 1000 });
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '统计总览').click();
      await page.getByRole('heading', { name: /统计总览/ }).waitFor();
      const chart = page.getByRole('img', { name: '按下级区划统计图' });
      await chart.waitFor();
      // the first bar (of 收集) with a value
      await expect
        .poll(
          () => chart.evaluate((el: ChartEl) => (el.__chart?.getOption().series[0]?.data ?? []).some((v) => v > 0)),
          { timeout: 20_000 },
        )
        .toBe(true);
      await page.waitForTimeout(1500); // the bars' grow animation
      const target = await chart.evaluate((el: ChartEl) => {
        const c = el.__chart!;
        const data = c.getOption().series[0]!.data;
        const i = data.findIndex((v) => v > 0);
        // the laid-out rectangle of the bar (series 0 = 收集群众意见)
        const layout = c.getModel().getSeriesByIndex(0).getData().getItemLayout(i);
        return { i, value: data[i]!, x: layout.x + layout.width / 2, y: layout.y + layout.height / 2 };
      });
      await page.screenshot({ path: screenshotPath('stats-overview'), fullPage: true });
      await chart.scrollIntoViewIfNeeded();
      const box = (await chart.boundingBox())!;
      await page.mouse.click(box.x + target.x, box.y + target.y);
      const drawer = page.getByRole('dialog');
      await drawer.getByTestId('records-count').waitFor();
      const text = await drawer.getByTestId('records-count').innerText();
      expect(Number(/共\s*(\d+)/.exec(text)![1])).toBe(target.value);
      // the table's pagination counts the same records
      await expect.poll(async () => (await drawer.locator('.ant-table-row').count()) > 0).toBe(true);
      const rows = await drawer.locator('.ant-table-row').count();
      expect(rows).toBe(Math.min(20, target.value));
      await page.screenshot({ path: screenshotPath('stats-drill-down') });
    } finally {
      await context.close();
    }
  });

  it('a suggestions or projects figure opens the suggestions or projects behind it, as many as it says', async () => {
    const { context, page } = await openPage(browser, { width: 1440, height: 1000 });
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '统计总览').click();
      await page.getByRole('heading', { name: /统计总览/ }).waitFor();
      for (const [label, unit, link] of [['形成代表建议', '条', /^\/suggestions\//], ['民生微实事立项', '件', /^\/projects\//]] as const) {
        const card = page.locator(`[aria-label^="${label}："]`);
        await expect.poll(async () => (await card.getAttribute('aria-label')) ?? '', { timeout: 20_000 }).toMatch(/：\d+$/);
        const shown = Number(/：(\d+)$/.exec((await card.getAttribute('aria-label'))!)![1]);
        expect(shown, `${label} of the demo county this year`).toBeGreaterThan(0);
        await card.click();
        const drawer = page.getByRole('dialog');
        await drawer.getByTestId('records-count').waitFor();
        expect(await drawer.getByTestId('records-count').innerText()).toBe(`共 ${shown} ${unit}`);
        await expect.poll(async () => drawer.locator('.ant-table-row').count()).toBe(Math.min(20, shown));
        const href = await drawer.locator('.ant-table-row a').first().getAttribute('href');
        expect(href).toMatch(link);
        await page.screenshot({ path: screenshotPath(`stats-drill-${unit === '条' ? 'suggestions' : 'projects'}`) });
        await drawer.locator('.ant-drawer-close').click();
        await drawer.waitFor({ state: 'hidden' });
      }
    } finally {
      await context.close();
    }
  });

  it('the big screen renders at 1920×1080 with Chinese text and figures', async () => {
    const { context, page } = await openPage(browser, { width: 1920, height: 1080 });
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await page.goto('/stats/screen');
      const screen = page.getByTestId('big-screen');
      await screen.waitFor();
      await expect.poll(() => screen.innerText(), { timeout: 20_000 }).toMatch(/收集群众意见\s*\n?\s*\d+/);
      const text = await screen.innerText();
      expect(text).toContain('数据大屏');
      expect(text).toContain('履职活动');
      expect(text).toContain('每30秒自动刷新');
      // suggestions and projects too (R-STAT-1), with their units
      expect(text).toMatch(/形成代表建议\s*\d+\s*条/);
      expect(text).toMatch(/民生实事安排资金\s*[\d.]+(万元|亿元)/);
      await page.waitForTimeout(800); // chart animations
      await page.screenshot({ path: screenshotPath('stats-big-screen') });
    } finally {
      await context.close();
    }
  });

  it('the report pack reads like the congress reports', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await page.goto('/stats/report');
      const body = page.getByRole('article', { name: '统计报告正文' });
      await body.waitFor();
      await expect
        .poll(() => body.innerText(), { timeout: 20_000 })
        .toMatch(/共组织各级人大代表\d+人次开展“进站入网格”履职活动\d+次/);
      await page.screenshot({ path: screenshotPath('stats-report'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
