import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, menuItem, openPage, screenshotPath, searchAndPick, searchAndPickTree } from './browser';

/**
 * Issue 3: the deputy groups (代表小组, R-ORG-4) and the committee links (联系代表, 双联系, R-ORG-7)
 * pages, clicked through by county staff: create, add and remove members, link, unlink.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

const GROUP = '沙坪街道乡村振兴代表小组（测试）';

async function pickDeputy(page: Page, label: string, initials: string, name: string) {
  await searchAndPick(page, page.getByRole('combobox', { name: label }), initials, name);
}
async function pickRegion(page: Page, label: string, name: string) {
  await searchAndPickTree(page, page.getByRole('combobox', { name: label }), name.slice(0, 2), name);
}

describe('deputy groups and committee links', () => {
  let deputies: { name: string; nameInitials: string }[] = [];

  it('county staff create a group in 沙坪街道 with a leader, add a member, and remove one', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      const res = await page.request.get('/api/organisation/deputies?pageSize=3&page=4');
      deputies = ((await res.json()) as { items: { name: string; nameInitials: string }[] }).items;
      expect(deputies.length).toBe(3);
      const [leader, member] = deputies as [
        { name: string; nameInitials: string },
        { name: string; nameInitials: string },
      ];

      await menuItem(page, '代表小组').click();
      await page.getByRole('button', { name: '新建小组' }).click();
      const dialog = page.getByRole('dialog', { name: '新建代表小组' });
      await dialog.getByLabel('小组名称').fill(GROUP);
      await pickRegion(page, '所属区划', '沙坪街道');
      await dialog.getByLabel('领域（可选）').fill('乡村振兴');
      await pickDeputy(page, '组长', leader.nameInitials, leader.name);
      await dialog.getByRole('button', { name: '新建' }).click();
      await page.getByText(`已新建“${GROUP}”`).waitFor();

      const drawer = page.getByRole('dialog', { name: GROUP });
      const members = drawer.getByRole('table');
      await members.getByText(leader.name).waitFor({ timeout: 30_000 });
      await expect.poll(() => drawer.getByText('组长').count()).toBeGreaterThan(0);
      await pickDeputy(page, '添加成员', member.nameInitials, member.name);
      await drawer.getByRole('button', { name: '添加', exact: true }).click();
      await page.getByText('已添加成员').waitFor();
      await members.getByText(member.name).waitFor();
      await expect.poll(() => drawer.innerText()).toMatch(/成员\s*2 人/);
      await page.screenshot({ path: screenshotPath('org-group-members'), fullPage: true });
      await members.getByRole('row').filter({ hasText: member.name }).getByRole('button', { name: '移出' }).click();
      await page.getByText(`已移出 ${member.name}`).waitFor();
      await expect.poll(() => drawer.innerText()).toMatch(/成员\s*1 人/);
      await drawer.getByRole('button', { name: 'Close' }).or(drawer.getByLabel('Close')).first().click();

      await page.getByRole('searchbox', { name: '搜索代表小组' }).fill(GROUP);
      await page.getByRole('searchbox', { name: '搜索代表小组' }).press('Enter');
      const row = page.getByRole('row').filter({ hasText: GROUP });
      await row.waitFor();
      expect(await row.innerText()).toContain('沙坪街道');
      await page.screenshot({ path: screenshotPath('org-groups'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('county staff link a committee member with a deputy (双联系), see it listed, and remove it', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      const deputy = deputies[2] as { name: string; nameInitials: string };
      await menuItem(page, '联系代表').click();
      await page.getByRole('button', { name: '新建联系' }).click();
      const dialog = page.getByRole('dialog', { name: '新建联系：常委会组成人员联系代表' });
      await pickRegion(page, '所属区划', '沙坪街道');
      await dialog.getByLabel('常委会组成人员姓名').fill('司徒主任');
      await pickDeputy(page, '联系的代表', deputy.nameInitials, deputy.name);
      await dialog.getByRole('button', { name: '新建' }).click();
      await page.getByText('已新建联系').waitFor();
      await page.getByRole('searchbox', { name: '搜索联系' }).fill('司徒主任');
      await page.getByRole('searchbox', { name: '搜索联系' }).press('Enter');
      const row = page.getByRole('row').filter({ hasText: '司徒主任' });
      await row.waitFor();
      expect(await row.innerText()).toContain(deputy.name);
      await page.screenshot({ path: screenshotPath('org-committee-links'), fullPage: true });
      await row.getByRole('button', { name: '删除' }).click();
      await page.getByRole('tooltip').getByRole('button', { name: '删除' }).click();
      await page.getByText('已删除联系').waitFor();
      await row.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });
});
