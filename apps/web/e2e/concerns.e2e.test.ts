import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, openPage, PHONE, pickOption, screenshotPath, menuItem, searchAndPick, searchAndPickTree } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const TITLE = '沙坪某巷路灯坏了三个月';
let caseNumber = '';

/** Opens the concern as `username` from the given inbox tab, by clicking its number. */
async function openFromInbox(username: string, tab: string, viewport?: { width: number; height: number }) {
  const { context, page } = await openPage(browser, viewport);
  await logIn(page, username, inject('demoPassword'));
  if (viewport === PHONE) await page.getByRole('button', { name: '打开菜单' }).click();
  await menuItem(page, '待办').click();
  await page.getByRole('tab', { name: new RegExp(tab) }).click();
  await page.getByRole('link', { name: caseNumber }).click();
  await page.getByRole('heading', { name: TITLE }).waitFor();
  return { context, page };
}

async function act(page: Page, action: string, fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: action });
  await dialog.waitFor();
  if (fill) await fill(dialog);
  await dialog.getByRole('button', { name: '确定' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

const timeline = (page: Page) => page.getByRole('region', { name: '办理记录' });

async function expectTimeline(page: Page, label: string, count = 1) {
  await expect.poll(() => timeline(page).getByText(label, { exact: true }).count()).toBeGreaterThanOrEqual(count);
}

async function dispatchToHousing(page: Page) {
  await act(page, '交办', async (dialog) => {
    await searchAndPick(page, dialog.getByLabel('承办单位1'), '住建', /住房和城乡建设局/);
    await dialog.getByLabel('时限1').fill('10');
  });
}

describe('one concern walks the closed loop, clicked by each role', () => {
  it('a deputy registers it on a phone and sends it for dispatch', async () => {
    const { context, page } = await openPage(browser, PHONE);
    try {
      await logIn(page, 'demo_deputy', inject('demoPassword'));
      await page.getByRole('button', { name: '打开菜单' }).click();
      await menuItem(page, '登记').click();
      await page.getByRole('heading', { name: '登记群众意见' }).waitFor();
      await searchAndPickTree(page, page.getByLabel('所在村（社区）'), '和平', '和平社区');
      await page.getByLabel('问题分类').click();
      await pickOption(page, '基础设施');
      await page.getByLabel('标题').fill(TITLE);
      await page.getByLabel('反映内容').fill('巷子里的路灯坏了三个月，晚上老人出门看不清路，希望尽快修好。');
      await page.getByLabel('群众姓名（可选）').fill('陈阿姨');
      await page.getByLabel('联系电话（可选）').fill('13800138000');
      await page.getByRole('region', { name: '相似的群众意见' }).waitFor();
      await page.screenshot({ path: screenshotPath('concern-create-phone'), fullPage: true });
      await page.getByRole('button', { name: '登记', exact: true }).click();
      await page.getByRole('heading', { name: TITLE }).waitFor();
      caseNumber = (
        await page
          .getByText(/^\d{6}-\d{4}-\d{6}$/)
          .first()
          .innerText()
      ).trim();
      expect(caseNumber).toMatch(/^440784-\d{4}-\d{6}$/);
      // the constituent is masked until 查看
      expect(await page.getByText('13800138000').count()).toBe(0);
      await act(page, '提交分办');
      await expectTimeline(page, '提交分办');
      await page.screenshot({ path: screenshotPath('concern-sent-for-dispatch-phone'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('the town clerk dispatches it to 住建局, preselected from the category routing table', async () => {
    const { context, page } = await openFromInbox('demo_town', '待交办');
    try {
      await act(page, '交办', async (dialog) => {
        // 基础设施 is routed to the county's 住建局: suggested and already chosen as lead unit
        await dialog.getByText(/建议牵头单位：.*住房和城乡建设局/).waitFor();
        await expect.poll(() => dialog.getByText(/住房和城乡建设局/).count()).toBeGreaterThanOrEqual(2);
        await page.screenshot({ path: screenshotPath('concern-dispatch-suggested'), fullPage: true });
        await dialog.getByLabel('时限1').fill('10');
      });
      await expectTimeline(page, '交办');
      await page.screenshot({ path: screenshotPath('concern-dispatched'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('the unit returns it with a reason', async () => {
    const { context, page } = await openFromInbox('demo_unit', '交办给本单位');
    try {
      await act(page, '退回', (d) => d.getByLabel('退回理由').fill('路灯属城管局管养，请核实后再交办'));
      await expectTimeline(page, '退回');
    } finally {
      await context.close();
    }
  });

  it('the clerk re-dispatches it to 住建局; the unit accepts and replies', async () => {
    {
      const { context, page } = await openFromInbox('demo_town', '待交办');
      try {
        await dispatchToHousing(page);
        await expectTimeline(page, '交办', 2);
      } finally {
        await context.close();
      }
    }
    const { context, page } = await openFromInbox('demo_unit', '交办给本单位');
    try {
      await act(page, '签收');
      await act(page, '答复', (d) => d.getByLabel('答复内容').fill('已安排维修，路灯已于本周修复。'));
      await expectTimeline(page, '答复');
    } finally {
      await context.close();
    }
  });

  it('the deputy records 不满意 on the constituent’s behalf, which reopens it', async () => {
    const { context, page } = await openFromInbox('demo_deputy', '我的群众意见', PHONE);
    try {
      await act(page, '评价', async (d) => {
        await d.getByText('不满意', { exact: true }).click();
        await d.getByLabel('评价意见').fill('只修了一盏，另外两盏还是不亮');
      });
      await expectTimeline(page, '重新办理');
    } finally {
      await context.close();
    }
  });

  it('the unit replies again, the deputy records 满意, and it is closed', async () => {
    {
      const { context, page } = await openFromInbox('demo_unit', '交办给本单位');
      try {
        if (await page.getByRole('button', { name: '签收', exact: true }).count()) await act(page, '签收');
        await act(page, '答复', (d) => d.getByLabel('答复内容').fill('三盏路灯已全部修复，并已回访。'));
        await expectTimeline(page, '答复', 2);
      } finally {
        await context.close();
      }
    }
    const { context, page } = await openFromInbox('demo_deputy', '我的群众意见');
    try {
      await act(page, '评价', (d) => d.getByText('满意', { exact: true }).click());
      await expectTimeline(page, '办结');
      for (const step of ['登记', '提交分办', '交办', '退回', '签收', '答复', '群众评价', '重新办理', '办结']) {
        await expectTimeline(page, step);
      }
      expect(await page.getByText('已办结').count()).toBeGreaterThan(0);
      // a deputy may not reveal the constituent's phone (no 查看); it stays masked
      expect(await page.getByRole('button', { name: '查看' }).count()).toBe(0);
      expect(await page.getByText('13800138000').count()).toBe(0);
      await page.screenshot({ path: screenshotPath('concern-closed'), fullPage: true });
      // the list shows it closed
      await menuItem(page, '全部').click();
      await page.getByRole('tab', { name: '已办结' }).click();
      await page.getByRole('link', { name: caseNumber }).waitFor();
      await page.screenshot({ path: screenshotPath('concern-list'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
