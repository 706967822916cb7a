import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, openPage, screenshotPath, menuItem, searchAndPickTree } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The "共 N …" under a list. */
async function listTotal(page: Page): Promise<number> {
  const text = await page.locator('.ant-pagination-total-text').innerText();
  return Number(/共 (\d+)/.exec(text)?.[1] ?? NaN);
}

describe('organisation pages', () => {
  it('county staff: a number in 覆盖情况 opens the list behind it, with the same total', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '覆盖情况').click();
      // 沙坪街道's row: deputies not yet in a grid, and the villages count.
      const link = page.getByRole('link', { name: /^沙坪街道未进网格的代表：\d+$/ });
      await link.waitFor();
      const label = (await link.getAttribute('aria-label')) ?? '';
      const count = Number(label.split('：')[1]);
      await page.screenshot({ path: screenshotPath('org-coverage'), fullPage: true });
      await link.click();
      await page.waitForURL(/\/organisation\/deputies\?.*hasGrid=false/);
      await expect.poll(() => listTotal(page)).toBe(count);
      await page.screenshot({ path: screenshotPath('org-coverage-deputies-without-grid'), fullPage: true });

      await page.goBack();
      const grids = page.getByRole('link', { name: /^沙坪街道网格数：\d+$/ });
      await grids.waitFor();
      const gridCount = Number(((await grids.getAttribute('aria-label')) ?? '').split('：')[1]);
      expect(gridCount).toBeGreaterThan(0);
      await grids.click();
      await page.waitForURL(/\/organisation\/grids\?/);
      await expect.poll(() => listTotal(page)).toBe(gridCount);

      await page.goBack();
      const villages = page.getByRole('link', { name: /^合计（鹤山市）无联络站覆盖的村（社区）：\d+$/ });
      await villages.waitFor();
      const villageCount = Number(((await villages.getAttribute('aria-label')) ?? '').split('：')[1]);
      await villages.click();
      await page.waitForURL(/\/organisation\/villages\?.*hasStation=false/);
      await expect.poll(() => listTotal(page)).toBe(villageCount);
      await page.screenshot({ path: screenshotPath('org-coverage-villages'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('county staff: find a deputy by pinyin initials, open the detail and reveal the phone', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      // Any deputy with a phone will do; the initials are the server's own search key.
      const res = await page.request.get('/api/organisation/deputies?pageSize=50&page=9');
      const list = (await res.json()) as {
        items: { name: string; nameInitials: string; phoneMasked: string | null }[];
      };
      const target = list.items.find((d) => d.phoneMasked)!;
      expect(target).toBeTruthy();

      await menuItem(page, '人大代表').click();
      await expect.poll(() => listTotal(page)).toBeGreaterThan(100);
      const everyone = await listTotal(page);
      await page.getByRole('searchbox', { name: '搜索代表' }).fill(target.nameInitials);
      await page.getByRole('button', { name: '搜索' }).click();
      await page.waitForURL(new RegExp(`q=${target.nameInitials}`));
      await expect.poll(() => listTotal(page)).toBeLessThan(everyone);
      const row = page.getByRole('row').filter({ hasText: target.name }).first();
      await row.waitFor();
      await page.screenshot({ path: screenshotPath('org-deputies-search'), fullPage: true });

      await row.getByRole('button', { name: target.name, exact: true }).click();
      const drawer = page.getByRole('dialog', { name: `代表详情：${target.name}` });
      await drawer.getByText('代表资格').first().waitFor();
      await drawer.getByText('进站入网格').first().waitFor();
      expect(await drawer.innerText()).toContain(target.phoneMasked!);
      await drawer.getByRole('button', { name: `查看${target.name}的完整电话` }).click();
      await expect.poll(async () => /1\d{10}|\d{3,4}-?\d{7,8}/.test(await drawer.innerText())).toBe(true);
      expect(await drawer.getByRole('button', { name: `查看${target.name}的完整电话` }).count()).toBe(0);
      await page.screenshot({ path: screenshotPath('org-deputy-detail-revealed'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('a town clerk sees only 沙坪街道 grids', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_town', inject('demoPassword'));
      await menuItem(page, '网格').click();
      const nav = page.getByRole('navigation', { name: '区划导航' });
      await nav
        .getByText(/^沙坪街道/)
        .first()
        .waitFor();
      expect(await nav.innerText()).not.toContain('龙口镇');
      await expect.poll(() => listTotal(page)).toBeGreaterThan(0);
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      const texts = await rows.allInnerTexts();
      expect(texts.length).toBeGreaterThan(0);
      for (const t of texts) expect(t).toContain('沙坪街道');
      await page.screenshot({ path: screenshotPath('org-grids-town'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('county staff create a grid through the dialog, then deactivate it', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '网格').click();
      await page.getByRole('button', { name: '新建网格' }).click();
      const dialog = page.getByRole('dialog', { name: '新建网格' });
      await searchAndPickTree(page, dialog.getByLabel('所属村（社区）'), '和平社区', '和平社区');
      await dialog.getByLabel('名称').fill('和平社区测试网格');
      await dialog.getByLabel('网格员1姓名').fill('黄测试');
      await dialog.getByLabel('网格员1电话').fill('123');
      await dialog.getByRole('button', { name: '创建' }).click();
      // The server's message for the bad phone lands in the dialog.
      const phoneItem = dialog.locator('.ant-form-item').filter({ has: page.getByLabel('网格员1电话') });
      await phoneItem.getByText('电话号码格式不正确', { exact: false }).waitFor();
      await page.screenshot({ path: screenshotPath('org-grid-create-error') });
      await dialog.getByLabel('网格员1电话').fill('13912345678');
      await dialog.getByRole('button', { name: '创建' }).click();
      await dialog.waitFor({ state: 'hidden' });

      await page.getByRole('searchbox', { name: '搜索网格' }).fill('和平社区测试网格');
      await page.getByRole('button', { name: '搜索' }).click();
      const row = page.getByRole('row').filter({ hasText: '和平社区测试网格' });
      await row.waitFor();
      expect(await row.innerText()).toContain('黄测试');
      expect(await row.innerText()).not.toContain('13912345678');
      await row.getByRole('button', { name: '停用' }).click();
      const confirm = page.getByRole('tooltip').filter({ hasText: '停用“和平社区测试网格”？' });
      await confirm.waitFor();
      await confirm.getByRole('button', { name: '停用' }).click();
      await page.getByText('已停用“和平社区测试网格”').waitFor({ timeout: 30_000 });
      await row.waitFor({ state: 'detached', timeout: 30_000 });
      // Only active grids are listed by default: it has gone; under 已停用 it is there.
      await page.getByLabel('按状态筛选').click();
      await page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
        .getByTitle('已停用', { exact: true })
        .click();
      await page.getByRole('row').filter({ hasText: '和平社区测试网格' }).waitFor();
      await page.screenshot({ path: screenshotPath('org-grid-deactivated'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('county staff see the 五位一体 network and the category routing table', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '联络站').click();
      await expect.poll(() => listTotal(page)).toBeGreaterThan(0);
      await page.screenshot({ path: screenshotPath('org-stations'), fullPage: true });
      await page.getByRole('tab', { name: '五位一体网络' }).click();
      await page
        .getByRole('tabpanel', { name: '五位一体网络' })
        .getByRole('cell', { name: '沙坪街道', exact: true })
        .waitFor();
      await page.screenshot({ path: screenshotPath('org-stations-network'), fullPage: true });

      await menuItem(page, '承办单位').click();
      await expect.poll(() => listTotal(page)).toBeGreaterThan(0);
      await page.screenshot({ path: screenshotPath('org-units'), fullPage: true });
      await page.getByRole('tab', { name: '分类路由表' }).click();
      await page.waitForURL(/view=routes/);
      await page
        .getByRole('tabpanel', { name: '分类路由表' })
        .getByRole('row')
        .filter({ hasText: '人居环境' })
        .first()
        .waitFor();
      await page.screenshot({ path: screenshotPath('org-units-routes'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
