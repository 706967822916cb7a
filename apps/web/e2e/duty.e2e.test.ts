import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, openPage, PHONE, pickOption, screenshotPath, menuItem, pickInMultiple } from './browser';

/**
 * Issue 5, "Done when": a deputy checks in to a rota duty on the phone, registers a reception with
 * two requests and turns one into a concern; the station's compliance and the campaign progress
 * move accordingly (read on the pages before and after).
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** An API session of a demo login (for arranging the rota as county staff). */
async function apiAs(
  username: string,
): Promise<{ request: APIRequestContext; csrf: string; close: () => Promise<void> }> {
  const context = await browser.newContext({ baseURL: inject('baseUrl') });
  const res = await context.request.post('/api/auth/login', { data: { username, password: inject('demoPassword') } });
  expect(res.ok()).toBe(true);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { request: context.request, csrf: csrfToken, close: () => context.close() };
}

const statistic = (page: Page, title: string) =>
  page.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content-value').innerText();

async function readCompliance(page: Page): Promise<{ pending: number; row: string }> {
  await menuItem(page, '履职达标').click();
  await page.getByRole('heading', { name: '履职达标' }).waitFor();
  await page.locator('.ant-statistic').first().waitFor();
  const pending = Number(await statistic(page, '本期尚未履职'));
  const row = (await page.getByRole('row').filter({ hasText: '沙坪街道' }).allInnerTexts()).join('\n');
  return { pending, row };
}

async function readCampaign(page: Page, name: string): Promise<string> {
  const card = page.getByRole('region', { name: `主题活动 ${name}` });
  await card.waitFor();
  return card.innerText();
}

describe('duty: check in, reception, concern; compliance and campaign move', () => {
  const campaignName = '进站入网格·春季主题活动';
  let deputyId = '';

  it("county staff put the demo deputy on today's rota and open a campaign", async () => {
    const deputy = await apiAs('demo_deputy');
    const me = (await (await deputy.request.get('/api/duty/me')).json()) as {
      deputyId: string;
      nextDuty: { date: string } | null;
    };
    deputyId = me.deputyId;
    const detail = (await (await deputy.request.get(`/api/duty/deputies/${deputyId}/compliance`)).json()) as {
      assignments: { stationId: string | null }[];
    };
    await deputy.close();
    const stationId = detail.assignments.find((a) => a.stationId)?.stationId;
    expect(stationId).toBeTruthy();

    // the server's clock starts on Monday 3 March 2025, 09:00 in Beijing
    if (me.nextDuty?.date !== '2025-03-03') {
      const staff = await apiAs('demo_county');
      const res = await staff.request.post('/api/duty/rota-templates', {
        headers: { 'x-csrf-token': staff.csrf },
        data: {
          name: '沙坪街道联络站每日值班（测试）',
          purpose: 'station_duty',
          place: { kind: 'station', id: stationId },
          recurrence: { kind: 'weekly', weekdays: [0, 1, 2, 3, 4, 5, 6] },
          startTime: '08:00',
          endTime: '20:00',
          deputyIds: [deputyId],
          validFrom: '2025-03-03',
          validUntil: '2025-03-31',
        },
      });
      expect(res.status(), await res.text()).toBeLessThan(300);
      await staff.close();
    }

    // the campaign, through its page
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '主题活动').click();
      await page.getByRole('button', { name: '新建主题活动' }).click();
      const dialog = page.getByRole('dialog', { name: '新建主题活动' });
      await dialog.getByLabel('活动名称').fill(campaignName);
      await dialog.getByLabel('活动主题').fill('代表进站入网格，听民声解民忧');
      await dialog.getByPlaceholder('开始日期').click();
      await dialog.getByPlaceholder('开始日期').fill('2025-03-01');
      await dialog.getByPlaceholder('结束日期').fill('2025-03-31');
      await dialog.getByPlaceholder('结束日期').press('Enter');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const text = await readCampaign(page, campaignName);
      expect(text).toContain('收集群众意见0条');
      expect(text).toMatch(/活动\s*0 场/);
    } finally {
      await context.close();
    }
  });

  it('the deputy checks in, registers a reception with two requests and files one as a concern', async () => {
    // before: the station manager's compliance report
    const station = await openPage(browser);
    await logIn(station.page, 'demo_station', inject('demoPassword'));
    const before = await readCompliance(station.page);
    await station.page.screenshot({ path: screenshotPath('duty-compliance-before'), fullPage: true });

    const { context, page } = await openPage(browser, PHONE);
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 22.765, longitude: 112.964 });
    try {
      await logIn(page, 'demo_deputy', inject('demoPassword'));
      await page.getByRole('button', { name: '打开菜单' }).click();
      await menuItem(page, '我的履职').click();
      await page.getByRole('heading', { name: '我的履职' }).waitFor();
      await page.getByText('2025-03-03').first().waitFor();
      const periodBefore = await statistic(page, '本期已履职');
      await page.screenshot({ path: screenshotPath('duty-me-before'), fullPage: true });

      await page
        .getByRole('button', { name: '签 到' })
        .or(page.getByRole('button', { name: '签到' }))
        .click();
      await page.getByText('签到成功（已记录位置）').waitFor();
      await expect.poll(() => statistic(page, '本期已履职')).not.toBe(periodBefore);

      await page.getByRole('button', { name: '登记接待' }).click();
      const dialog = page.getByRole('dialog', { name: '登记接待' });
      await dialog.getByLabel('来访人姓名').fill('李桂芳');
      await dialog.getByLabel('联系电话').fill('13800138000');
      await dialog.getByRole('textbox', { name: '反映事项 1' }).fill('村口路灯坏了三个月，晚上出行不安全。');
      await dialog.getByRole('button', { name: '添加反映事项' }).click();
      await dialog.getByRole('textbox', { name: '反映事项 2' }).fill('希望社区增设老年人活动场所。');
      await page.screenshot({ path: screenshotPath('duty-me-reception-form'), fullPage: true });
      await dialog.getByRole('button', { name: '提交登记' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText(/登记编号 /).waitFor();

      await page.getByRole('button', { name: '转为群众意见' }).first().click();
      const concern = page.getByRole('dialog', { name: '转为群众意见' });
      await concern.getByLabel('标题').fill('村口路灯损坏');
      await concern.getByLabel('问题类别').click();
      await pickOption(page, '基础设施');
      await concern.getByRole('button', { name: '转为群众意见' }).click();
      await concern.waitFor({ state: 'hidden' });
      // the first request now shows its case number, the second can still be filed
      await expect.poll(() => page.getByRole('button', { name: '转为群众意见' }).count()).toBe(1);
      await page.screenshot({ path: screenshotPath('duty-me-after'), fullPage: true });
    } finally {
      await context.close();
    }

    // after: one fewer deputy of the town still owes this period's duty
    await station.page.reload();
    const after = await readCompliance(station.page);
    await station.page.screenshot({ path: screenshotPath('duty-compliance-after'), fullPage: true });
    expect(after.pending).toBe(before.pending - 1);
    expect(after.row).not.toBe(before.row);
    await station.context.close();
  });

  it('county staff file the duty and the concern under the campaign; its progress moves', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '主题活动').click();
      const before = await readCampaign(page, campaignName);
      const card = page.getByRole('region', { name: `主题活动 ${campaignName}` });
      await card.getByRole('button', { name: '归入活动和意见' }).click();
      const dialog = page.getByRole('dialog', { name: `归入「${campaignName}」` });
      // each pick is checked on the select itself (a click during a re-render can choose nothing)
      await pickInMultiple(page, dialog.getByLabel('履职活动'), /沙坪街道联络站每日值班（测试）/, dialog.getByText(`归入「${campaignName}」`));
      await pickInMultiple(page, dialog.getByLabel('群众意见'), /村口路灯损坏/, dialog.getByText(`归入「${campaignName}」`));
      await dialog
        .getByRole('button', { name: '归 入' })
        .or(dialog.getByRole('button', { name: '归入' }))
        .click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => readCampaign(page, campaignName)).toContain('收集群众意见1条');
      const after = await readCampaign(page, campaignName);
      expect(before).toMatch(/活动\s*0 场/);
      expect(after).toMatch(/活动\s*1 场/);
      expect(after).toMatch(/参加代表\s*1 人次/);
      await card.screenshot({ path: screenshotPath('duty-campaign-after') });
    } finally {
      await context.close();
    }
  });

  it('county staff see the rota template and announce a week of it', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '排班').click();
      const row = page.getByRole('row').filter({ hasText: '沙坪街道联络站每日值班（测试）' });
      await row.waitFor();
      expect(await row.innerText()).toContain('08:00–20:00');
      await row
        .getByRole('button', { name: '公示' })
        .or(row.getByRole('button', { name: '公 示' }))
        .click();
      const dialog = page.getByRole('dialog', { name: /公示值班安排/ });
      await dialog.getByPlaceholder('开始日期').click();
      await dialog.getByPlaceholder('开始日期').fill('2025-03-10');
      await dialog.getByPlaceholder('结束日期').fill('2025-03-16');
      await dialog.getByPlaceholder('结束日期').press('Enter');
      await dialog
        .getByRole('button', { name: '公 示' })
        .or(dialog.getByRole('button', { name: '公示' }))
        .click();
      await page.getByText('已公示 7 个班次').waitFor();
      await page.screenshot({ path: screenshotPath('duty-rota'), fullPage: true });

      // the deputy's check-in is in the activities, counted as station duty
      await menuItem(page, '履职活动').click();
      await page.getByRole('heading', { name: '履职活动' }).waitFor();
      const activity = page.getByRole('row').filter({ hasText: '沙坪街道联络站每日值班（测试）' });
      await activity.waitFor();
      expect(await activity.innerText()).toContain('计入');
      expect(Number((await statistic(page, '活动（场）')).replace(/,/g, ''))).toBeGreaterThan(0);
      await page.screenshot({ path: screenshotPath('duty-activities') });
    } finally {
      await context.close();
    }
  });
});
