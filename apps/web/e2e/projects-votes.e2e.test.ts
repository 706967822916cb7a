import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, logIn, menuItem, openPage, PHONE, screenshotPath, searchAndPick, searchAndPickTree } from './browser';

/**
 * Issue 6 in the browser: a micro-project proposed from a deputy's suggestion (R-PROJ-1) keeps its
 * link to it; the deputy's phone shows this year's livelihood vote, their own ballot and the
 * ranked result (R-VOTE-1). The demo county's vote was held through the votes service.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

const TITLE = '泮坑村截污管网改造（浏览器测试）';

describe('micro-projects and the livelihood vote, clicked through', () => {
  it('county staff propose a micro-project from the 泮坑村 suggestion; its page leads back to the suggestion', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '项目').click();
      await page.getByRole('heading', { name: '民生微实事' }).waitFor();
      await page.getByRole('button', { name: /提出/ }).first().click();
      const dialog = page.getByRole('dialog', { name: '提出民生微实事' });
      await dialog.getByLabel('项目名称').fill(TITLE);
      await searchAndPickTree(page, dialog.getByLabel('所在镇街或村（社区）'), '共和', '共和镇');
      await dialog.getByLabel('项目内容').fill('改造截污管网标高、实施雨污分流');
      await searchAndPick(page, dialog.getByLabel('来源代表建议'), '泮坑', '泮坑村雨天污水倒灌');
      await dialog.getByLabel('估算资金（元，可选）').fill('180000');
      await page.screenshot({ path: screenshotPath('project-propose-from-suggestion') });
      await dialog.getByRole('button', { name: '提出' }).click();
      await page.getByText(`已提出：${TITLE}`).waitFor();
      await dialog.waitFor({ state: 'hidden' });

      await page.getByRole('searchbox', { name: '搜索项目' }).fill(TITLE);
      await page.getByRole('searchbox', { name: '搜索项目' }).press('Enter');
      await page.getByRole('link', { name: TITLE }).click();
      await page.getByRole('heading', { name: TITLE }).waitFor();
      await expect.poll(() => page.getByText('估算').count()).toBeGreaterThan(0);
      // the source suggestion is named by its 案号 and title
      const source = page.getByRole('link', { name: /关于解决共和镇泮坑村雨天污水倒灌问题的建议$/ });
      expect(await source.innerText()).toMatch(/\S+号 关于解决共和镇泮坑村雨天污水倒灌问题的建议$/);
      await source.click();
      await page.getByRole('heading', { name: '关于解决共和镇泮坑村雨天污水倒灌问题的建议' }).waitFor();
      await page.screenshot({ path: screenshotPath('project-source-suggestion'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('the deputy on the phone sees their ballot of this year and the ranked result', async () => {
    const { context, page } = await openPage(browser, PHONE);
    try {
      await logIn(page, 'demo_deputy', inject('demoPassword'));
      await page.getByRole('button', { name: '打开菜单' }).click();
      await menuItem(page, '我的票决').click();
      await page.getByText('您已投票').waitFor();
      const result = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head', { hasText: '票决结果' }) });
      await result.waitFor();
      const lines = await result.innerText();
      // Ranked 1, 2, 3 … with the yes votes of each.
      expect(lines).toMatch(/1\. .+（赞成\d+票）/);
      expect(lines).toMatch(/2\. .+（赞成\d+票）/);
      await page.screenshot({ path: screenshotPath('vote-phone-result'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
