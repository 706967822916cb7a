import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Role } from '@gridvoice/core';
import { launchBrowser, logIn, openPage, PHONE, pickOption, screenshotPath, menuItem, searchAndPickTree } from './browser';

/**
 * What each role sees in the sidebar — written out by hand, so a change to the permission table
 * that moves a menu entry fails here. 三员分立: the system administrator manages accounts but does
 * not read the audit trail; the auditor reads it (and may look up accounts, read-only).
 */
const EXPECTED_MENU: Record<Role, string[]> = {
  admin: [
    '工作台',
    '组织架构',
    '网格',
    '联络站',
    '人大代表',
    '代表小组',
    '联系代表',
    '承办单位',
    '覆盖情况',
    '批量导入导出',
    '代表服务卡',
    '系统管理',
    '用户管理',
  ],
  security_admin: ['工作台', '系统管理', '用户管理', '动态验证码'],
  auditor: ['工作台', '系统管理', '用户管理', '审计日志'],
  congress_staff: [
    '工作台',
    '组织架构',
    '网格',
    '联络站',
    '人大代表',
    '代表小组',
    '联系代表',
    '承办单位',
    '覆盖情况',
    '批量导入导出',
    '代表服务卡',
    '群众意见',
    '登记',
    '全部',
    '待办',
    '履职管理',
    '我的履职',
    '履职达标',
    '履职设置',
    '排班',
    '履职活动',
    '接待登记',
    '履职档案',
    '监督事项',
    '主题活动',
    '代表建议',
    '我的建议',
    '起草建议',
    '建议列表',
    '逾期与临期',
    '承办单位统计',
    // projects and votes (issue 6)
    '民生微实事',
    '项目',
    '票决',
    '民生实事票决',
    '统计分析',
    '统计总览',
    '网格地图',
    '数据大屏',
    '统计报告',
    '系统管理',
    '用户管理',
  ],
  town_staff: [
    '工作台',
    '组织架构',
    '网格',
    '联络站',
    '人大代表',
    '代表小组',
    '联系代表',
    '承办单位',
    '覆盖情况',
    '批量导入导出',
    '代表服务卡',
    '群众意见',
    '登记',
    '全部',
    '待办',
    '履职管理',
    '我的履职',
    '履职达标',
    '履职设置',
    '排班',
    '履职活动',
    '接待登记',
    '履职档案',
    '监督事项',
    '主题活动',
    '代表建议',
    '建议列表',
    '逾期与临期',
    '承办单位统计',
    // projects and votes (issue 6)
    '民生微实事',
    '项目',
    '票决',
    '民生实事票决',
    '统计分析',
    '统计总览',
    '网格地图',
    '数据大屏',
    '统计报告',
    '系统管理',
    '用户管理',
  ],
  station_manager: [
    '工作台',
    '组织架构',
    '网格',
    '联络站',
    '人大代表',
    '代表小组',
    '联系代表',
    '承办单位',
    '群众意见',
    '登记',
    '全部',
    '待办',
    '履职管理',
    '我的履职',
    '履职达标',
    '履职设置',
    '排班',
    '履职活动',
    '接待登记',
    '履职档案',
    '监督事项',
    '主题活动',
    // projects and votes (issue 6)
    '民生微实事',
    '项目',
    '票决',
    '民生实事票决',
  ],
  deputy: [
    '工作台',
    '组织架构',
    '网格',
    '联络站',
    '人大代表',
    '代表小组',
    '联系代表',
    '承办单位',
    '群众意见',
    '登记',
    '全部',
    '待办',
    '履职管理',
    '我的履职',
    '履职活动',
    '接待登记',
    '履职档案',
    '监督事项',
    '主题活动',
    '代表建议',
    '我的建议',
    '起草建议',
    '建议列表',
    '逾期与临期',
    '承办单位统计',
    // projects and votes (issue 6)
    '民生微实事',
    '项目',
    '视察项目',
    '票决',
    '我的票决',
    '民生实事票决',
  ],
  unit_handler: [
    '工作台',
    '组织架构',
    '网格',
    '联络站',
    '承办单位',
    '群众意见',
    '全部',
    '待办',
    '履职管理',
    '监督交办',
    '代表建议',
    '建议列表',
    '逾期与临期',
    '承办单位统计',
    '民生微实事',
    '项目',
  ],
  viewer: [
    '工作台',
    '组织架构',
    '网格',
    '联络站',
    '人大代表',
    '代表小组',
    '联系代表',
    '承办单位',
    '覆盖情况',
    '群众意见',
    '全部',
    '履职管理',
    '履职活动',
    '接待登记',
    '履职档案',
    '监督事项',
    '主题活动',
    '代表建议',
    '建议列表',
    '逾期与临期',
    '承办单位统计',
    // projects and votes (issue 6)
    '民生微实事',
    '项目',
    '票决',
    '民生实事票决',
    '统计分析',
    '统计总览',
    '网格地图',
    '数据大屏',
    '统计报告',
  ],
};

const menuEntries = (page: Page) =>
  page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem').allInnerTexts();

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('each role logs in and sees its own menu', () => {
  const logins = [
    { username: 'admin', role: 'admin' as Role, password: inject('adminPassword') },
    ...inject('demoLogins').map((l) => ({ username: l.username, role: l.role, password: inject('demoPassword') })),
  ];

  it.each(logins)('$username ($role)', async ({ username, role, password }) => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, username, password);
      await expect.poll(() => menuEntries(page)).toEqual(EXPECTED_MENU[role]);
      // The header names the user, their role and region, and marks the demo data.
      const header = page.getByRole('banner');
      await header.getByRole('button', { name: '用户菜单' }).waitFor();
      expect(await header.innerText()).toContain('演示数据');
      await page.screenshot({ path: screenshotPath(`menu-${username}`), fullPage: true });
    } finally {
      await context.close();
    }
  });
});

describe('login page', () => {
  it('shows the server message for a wrong password', async () => {
    const { context, page } = await openPage(browser);
    try {
      await page.goto('/admin/users');
      await page.waitForURL(/\/login\?from=%2Fadmin%2Fusers$/);
      await page.getByLabel('用户名').fill('demo_viewer');
      await page.getByLabel('密码').fill('not-the-password');
      await page.getByRole('button', { name: '登录' }).click();
      await expect.poll(() => page.getByRole('alert').innerText()).toContain('用户名或密码错误');
      await expect.poll(() => page.getByLabel('密码').inputValue()).toBe('');
      await page.screenshot({ path: screenshotPath('login-wrong-password') });
    } finally {
      await context.close();
    }
  });
});

describe('guards', () => {
  it('a deputy who opens user administration by address gets 403; an unknown address gets 404', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_deputy', inject('demoPassword'));
      await page.goto('/admin/users');
      await page.getByText('抱歉，您没有访问此页面的权限', { exact: false }).waitFor();
      await page.goto('/no-such-page');
      await page.getByText('抱歉，您访问的页面不存在。').waitFor();
      await page.getByRole('button', { name: '返回工作台' }).click();
      await page.getByRole('heading', { name: '您好，演示·人大代表' }).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('user administration, then the audit trail', () => {
  const clerk = { username: 'shaping_clerk', displayName: '沙坪街道人大工委文书', password: 'Clerk-Passw0rd-2025' };

  it('county staff create a town clerk through the dialog, correcting a password the server refuses', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '用户管理').click();
      // Accounts above their standing (the auditor) offer them no buttons at all.
      const auditorRow = page.getByRole('row').filter({ hasText: 'demo_auditor' });
      await auditorRow.waitFor();
      expect(await auditorRow.getByRole('button').count()).toBe(0);
      await page.getByRole('button', { name: '新建用户' }).click();
      const dialog = page.getByRole('dialog', { name: '新建用户' });
      await dialog.getByLabel('用户名').fill(clerk.username);
      await dialog.getByLabel('姓名').fill(clerk.displayName);

      await dialog.getByLabel('角色').click();
      await pickOption(page, '乡镇（街道）人大工作人员');

      await searchAndPickTree(page, dialog.getByLabel('管辖区域'), '沙坪', '沙坪街道');

      await dialog.getByLabel('初始密码').fill('short');
      await dialog.getByRole('button', { name: '创建' }).click();
      // The policy lives on the server; its message lands on the password field.
      const passwordItem = dialog.locator('.ant-form-item').filter({ has: page.getByLabel('初始密码') });
      await passwordItem.getByText('密码长度至少为 8 位').waitFor();
      await page.screenshot({ path: screenshotPath('users-create-field-error') });

      await dialog.getByLabel('初始密码').fill(clerk.password);
      await dialog.getByRole('button', { name: '创建' }).click();
      await dialog.waitFor({ state: 'hidden' });

      // The demo county has more accounts than one page holds (handlers of the concerns demo): find the new one.
      await page.getByRole('searchbox', { name: '搜索用户' }).fill(clerk.username);
      await page.getByRole('button', { name: '搜索' }).click();
      const row = page.getByRole('row').filter({ hasText: clerk.username });
      await row.waitFor();
      expect(await row.innerText()).toContain(clerk.displayName);
      expect(await row.innerText()).toContain('乡镇（街道）人大工作人员');
      expect(await row.innerText()).toContain('沙坪街道');
      await page.screenshot({ path: screenshotPath('users-after-create'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('the new clerk must change the password at first login, then sees only their town', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, clerk.username, clerk.password);
      const dialog = page.getByRole('dialog', { name: '修改密码' });
      await dialog.waitFor();
      expect(await dialog.getByRole('button', { name: '取消' }).isVisible()).toBe(false);
      await page.screenshot({ path: screenshotPath('forced-password-change') });
      await dialog.getByLabel('当前密码').fill(clerk.password);
      await dialog.getByLabel('新密码', { exact: true }).fill('Clerk-Changed-2025');
      await dialog.getByLabel('确认新密码').fill('Clerk-Changed-2025');
      await dialog.getByRole('button', { name: '确认修改' }).click();
      await dialog.waitFor({ state: 'hidden' });

      await menuItem(page, '用户管理').click();
      await page.getByRole('row').filter({ hasText: clerk.username }).waitFor();
      const rows = await page.getByRole('row').allInnerTexts();
      expect(rows.some((r) => r.includes('demo_town2'))).toBe(false); // 龙口镇 is not theirs
      expect(await page.getByRole('button', { name: '新建用户' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('the auditor finds the creation in the audit log, in Beijing time, with its after-image', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_auditor', inject('demoPassword'));
      await menuItem(page, '审计日志').click();
      await page.getByLabel('操作', { exact: true }).fill('user.create');
      await page.getByLabel('操作人').fill('demo_county');
      await page.getByRole('button', { name: '查询' }).click();

      const row = page.getByRole('row').filter({ hasText: '新建用户' }).filter({ hasText: 'demo_county' });
      await expect.poll(() => row.count()).toBe(1);
      const text = await row.innerText();
      expect(text).toContain('人大常委会工作人员');
      expect(text).toContain('成功');
      expect(text).toContain('127.0.0.1');
      // The server's clock began at 2025-03-03 09:00 Beijing time; the browser is in Los Angeles.
      expect(text).toMatch(/2025-03-03 09:\d\d:\d\d/);

      await row.getByRole('button', { name: /展开/ }).click();
      const detail = page.getByText('"username": "shaping_clerk"');
      await detail.waitFor();
      expect(await page.getByText('"scopeRegionCode": "440784001000"').count()).toBe(1);
      await page.screenshot({ path: screenshotPath('audit-user-create'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});

describe('on a phone', () => {
  it('the sidebar folds into a drawer opened from the header', async () => {
    const { context, page } = await openPage(browser, PHONE);
    try {
      await logIn(page, 'demo_town', inject('demoPassword'));
      expect(await page.getByRole('navigation', { name: '主导航' }).count()).toBe(0);
      await page.screenshot({ path: screenshotPath('phone-home'), fullPage: true });
      await page.getByRole('button', { name: '打开菜单' }).click();
      await expect.poll(() => menuEntries(page)).toEqual(EXPECTED_MENU.town_staff);
      const drawer = page.getByRole('dialog').filter({ has: page.getByRole('navigation', { name: '主导航' }) });
      await expect.poll(async () => (await drawer.boundingBox())?.x).toBe(0); // slid fully in
      await page.screenshot({ path: screenshotPath('phone-menu') });
      await menuItem(page, '用户管理').click();
      await page.getByText('共 ', { exact: false }).first().waitFor();
      await expect.poll(() => page.getByRole('navigation', { name: '主导航' }).isVisible()).toBe(false);
      await page.screenshot({ path: screenshotPath('phone-users'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
