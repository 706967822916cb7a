import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDb, migrate, type Db } from '@gridvoice/db';
import { normalizeRegionCode, PRIVACY_NOTICE_VERSION, type Role } from '@gridvoice/core';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { systemClock } from '../../server/src/lib/clock.js';
import { createPersonalDataCipher } from '../../server/src/lib/personal-data.js';
import { insertUser } from '../../server/src/modules/admin/users.repository.js';
import { hashPassword } from '../../server/src/modules/auth/password-hasher.js';
import { listConsoleSms } from '../../server/src/modules/notifications/notifications.repository.js';
import { upsertRegions } from '../../server/src/modules/organisation/region.repository.js';
import type { AppDeps } from '../../server/src/types.js';
import { makeUnit } from '../../server/test/organisation.factory.js';
import { makePublicPlace } from '../../server/test/public.factory.js';
import { DESKTOP, launchBrowser, PHONE, screenshotPath, menuItem, openDropdown, searchAndPick } from './browser';

/**
 * R-LOOP-8, R-SUG-1 (issue 6, "Done when"): two constituents raise concerns on the citizens'
 * pages; the deputy affairs office forms a suggestion from both for the lead deputy; it walks
 * co-signing, review, dispatch, consultation, reply B, a dissatisfied rating, re-handling,
 * reply A and a satisfied rating — each step clicked by its role — and both constituents then
 * see the outcome on their tracking pages. Its own server (like the public pages' test) so the
 * concerns can be submitted with an SMS code read from the console provider.
 */
let browser: Browser;
let app: FastifyInstance;
let db: Db;
let deps: AppDeps;
let baseUrl: string;
let dataDir: string;
const PASSWORD = 'E2e-Sugg-Passw0rd!';
const TITLE = '关于解决幸福村雨天污水倒灌问题的建议';
const users: Record<string, string> = {};
const tracking: string[] = [];
let leadName = '';
let cosignerName = '';

async function user(
  role: Role,
  scope: string,
  extra: { unitId?: string; deputyId?: string } = {},
  displayName = `测试${role}`,
) {
  const username = `${role}_${Math.random().toString(36).slice(2, 8)}`;
  await insertUser(db, {
    username,
    displayName,
    passwordHash: await hashPassword(PASSWORD),
    role,
    scopeRegionCode: scope,
    mustChangePassword: false,
    now: new Date(),
    stationId: null,
    unitId: extra.unitId ?? null,
    deputyId: extra.deputyId ?? null,
  });
  return username;
}

async function smsCode(phone: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const [sms] = await listConsoleSms(db, deps.cipher.blindIndex('phone', phone), 1);
    const m = /(\d{6})/.exec(sms?.body ?? '');
    if (m) return m[1]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no SMS');
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gv-sug-e2e-'));
  const webDist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
  const config = loadConfig({
    GRIDVOICE_DATA_DIR: dataDir,
    WEB_DIST_DIR: webDist,
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
  });
  db = await createEmbeddedDb();
  await migrate(db);
  deps = {
    config,
    db,
    clock: systemClock,
    cipher: createPersonalDataCipher(Buffer.from('d'.repeat(64), 'hex')),
    version: 'e2e',
  };
  app = await buildApp(deps, { rateLimitPerMinute: 100_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const c = '440798';
  const town = `${c}106000`;
  const village = `${c}106201`;
  await db.transaction((tx) =>
    upsertRegions(tx, [
      { code: normalizeRegionCode('44'), parentCode: null, name: '广东省', level: 'province', kind: null },
      {
        code: normalizeRegionCode('4407'),
        parentCode: normalizeRegionCode('44'),
        name: '江门市',
        level: 'prefecture',
        kind: null,
      },
      {
        code: normalizeRegionCode(c),
        parentCode: normalizeRegionCode('4407'),
        name: '鹤山市',
        level: 'county',
        kind: null,
      },
      { code: town, parentCode: normalizeRegionCode(c), name: '共和镇', level: 'town', kind: 'town' },
      { code: village, parentCode: town, name: '幸福村', level: 'village', kind: 'village' },
    ]),
  );
  const place = await makePublicPlace({ deps }, village);
  const [lead, cosigner] = place.deputies as [(typeof place.deputies)[number], (typeof place.deputies)[number]];
  leadName = lead.name;
  cosignerName = cosigner.name;
  const county12 = normalizeRegionCode(c);
  const water = await makeUnit({ deps }, county12, '鹤山市水利局');
  const townGov = await makeUnit({ deps }, county12, '共和镇人民政府');
  users.office = await user('congress_staff', county12, {}, '代表工委·陈干事');
  users.lead = await user('deputy', town, { deputyId: lead.deputyId }, `${lead.name}代表`);
  users.cosigner = await user('deputy', town, { deputyId: cosigner.deputyId }, `${cosigner.name}代表`);
  users.water = await user('unit_handler', county12, { unitId: water.unitId }, '水利局·李科长');
  users.townGov = await user('unit_handler', county12, { unitId: townGov.unitId }, '共和镇·黄干事');
  // two constituents raise the problem on the citizens' pages (SMS-verified), each with a tracking link
  const inject = (url: string, payload: object, ip: string) =>
    app.inject({ method: 'POST', url, payload, remoteAddress: ip });
  for (const [i, [name, phone, content]] of (
    [
      ['陈阿婆', '15912340001', '一下大雨村里污水就倒灌进巷子和院子，臭得没法住'],
      ['梁伯', '15912340002', '下雨天污水倒灌进稻田，农田被污染，恶臭四散'],
    ] as const
  ).entries()) {
    const ip = `10.8.0.${i + 1}`;
    expect((await inject('/api/public/verification-codes', { phone }, ip)).statusCode).toBe(200);
    const res = await inject(
      '/api/public/concerns',
      {
        stationCode: place.stationCode,
        categoryCode: 'living_environment',
        content,
        name,
        phone,
        code: await smsCode(phone),
        anonymous: false,
        privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
      },
      ip,
    );
    expect(res.statusCode, res.body).toBe(200);
    tracking.push(res.json<{ trackingUrl: string }>().trackingUrl);
  }
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Signs in as one of the users above and runs the steps; the context is closed afterwards. */
async function as(who: keyof typeof users, viewport: typeof DESKTOP, fn: (page: Page) => Promise<void>) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'zh-CN',
    timezoneId: 'America/Los_Angeles',
    viewport,
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await page.getByLabel('用户名').fill(users[who]!);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: /^您好/ }).waitFor();
    await fn(page);
  } finally {
    await context.close();
  }
}

async function menu(page: Page, entry: string) {
  if ((page.viewportSize()?.width ?? 1000) < 600) await page.getByRole('button', { name: '打开菜单' }).click();
  await menuItem(page, entry).click();
}

async function openSuggestion(page: Page) {
  await menu(page, '建议列表');
  await page.getByRole('link', { name: TITLE }).click();
  await page.getByRole('heading', { name: TITLE }).waitFor();
}

const visibleDropdown = openDropdown;

async function act(page: Page, action: string, fill?: (dialog: Locator) => Promise<void>) {
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

async function consult(page: Page) {
  await act(page, '登记面商', async (d) => {
    await d.locator('label').filter({ hasText: '走访' }).click();
    const people = d.getByLabel('参加人员');
    await people.click();
    for (const name of [leadName, '水利局李科长']) {
      await people.pressSequentially(name);
      await people.press('Enter');
    }
    await d.getByLabel('面商情况').fill('到幸福村现场面商改造方案');
  });
  await expectTimeline(page, '面商');
}

async function reply(page: Page, category: 'B' | 'A') {
  await act(page, '答复', async (d) => {
    await d
      .locator('label')
      .filter({ hasText: new RegExp(`^${category}类`) })
      .click();
    await d
      .getByLabel('答复内容')
      .fill(
        category === 'B'
          ? '已将幸福村纳入农村生活污水工程改造，正在设计，汛期前完成截污管网改造。'
          : '截污管网改造和雨污分流已完工，经多场降雨检验未再倒灌，问题已解决。',
      );
    await d.getByLabel('文号').fill(category === 'B' ? '鹤水函〔2025〕36号' : '鹤水函〔2025〕58号');
    await d.getByLabel('签发人').fill('王局长');
    await d.getByLabel('联系人及电话').fill('李科长 0750-8880001');
    await d.getByLabel('已办事项').fill(category === 'B' ? '完成现场查勘' : '完成截污管网改造\n实施雨污分流');
    if (category === 'B') {
      await d.getByRole('button', { name: /添加计划事项/ }).click();
      await d.getByLabel('计划事项1').fill('改造截污管网、实施雨污分流');
      const date = d.getByLabel('完成时间1');
      await date.click();
      await date.fill('2099-06-30');
      await date.press('Enter');
    }
  });
  await expectTimeline(page, '答复');
}

async function rateOnPhone(page: Page, result: '满意' | '不满意', comment?: string) {
  await menu(page, '我的建议');
  const card = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head', { hasText: '待我评价' }) });
  await card.getByRole('button', { name: '评价' }).click();
  const dialog = page.getByRole('dialog', { name: '评价办理情况' });
  await dialog.waitFor();
  await dialog.locator('#suggestion-rate_handling').getByText('满意', { exact: true }).click();
  await dialog.locator('#suggestion-rate_result').getByText(result, { exact: true }).click();
  if (comment) await dialog.getByLabel('意见').fill(comment);
  await page.screenshot({
    path: screenshotPath(`suggestion-rate-${result === '满意' ? 'satisfied' : 'dissatisfied'}-phone`),
    fullPage: true,
  });
  await dialog.getByRole('button', { name: '提交评价' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('a suggestion formed from two concerns, clicked through by each role', () => {
  it('the deputy affairs office drafts it for the lead deputy from the two concerns', async () => {
    await as('office', DESKTOP, async (page) => {
      await menu(page, '起草建议');
      await page.getByRole('heading', { name: '起草代表建议' }).waitFor();
      await page.getByLabel('标题').fill(TITLE);
      await page
        .getByLabel('建议内容')
        .fill(
          '幸福村雨天污水倒灌，造成农田污染、恶臭四散。建议市水利部门会同共和镇推动农村生活污水工程改造，解决工程遗留问题。',
        );
      await searchAndPick(page, page.getByLabel('领衔代表'), leadName, new RegExp(`^${leadName}`));
      await page.getByLabel('附议代表').click();
      await page.getByLabel('附议代表').fill(cosignerName);
      await visibleDropdown(page)
        .getByText(new RegExp(`^${cosignerName}`))
        .click();
      await page.keyboard.press('Escape');
      const concerns = page.getByLabel('关联群众意见');
      await concerns.click();
      await concerns.fill('倒灌');
      await expect.poll(() => visibleDropdown(page).locator('.ant-select-item-option').count()).toBe(2);
      await visibleDropdown(page).locator('.ant-select-item-option').nth(0).click();
      await visibleDropdown(page).locator('.ant-select-item-option').nth(1).click();
      await page.keyboard.press('Escape');
      await page.screenshot({ path: screenshotPath('suggestion-create'), fullPage: true });
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.getByRole('heading', { name: TITLE }).waitFor();
      expect(await page.getByText('由以下群众意见形成').count()).toBe(1);
      await expectTimeline(page, '起草');
    });
  });

  it('the lead deputy records the communication and files it on the phone; the co-signer co-signs', async () => {
    await as('lead', PHONE, async (page) => {
      await menu(page, '我的建议');
      await page.getByRole('link', { name: TITLE }).click();
      await page.getByRole('heading', { name: TITLE }).waitFor();
      // 提交 is offered only after the communication is recorded (R-SUG-1)
      expect(await page.getByRole('button', { name: '提交', exact: true }).count()).toBe(0);
      await act(page, '登记沟通', async (d) => {
        await d.getByLabel('沟通对象').fill('共和镇人民政府、市水利局');
        await d.getByLabel('沟通情况').fill('实地查勘排水情况，与镇政府沟通解决办法');
      });
      await act(page, '提交');
      await expect.poll(() => page.getByText(/鹤山市十七届五次会议闭会期间第001号/).count()).toBeGreaterThan(0);
    });
    await as('cosigner', PHONE, async (page) => {
      await menu(page, '我的建议');
      await page.getByText('待我附议').waitFor();
      await page.screenshot({ path: screenshotPath('suggestion-my-phone-cosign'), fullPage: true });
      await page.getByRole('button', { name: '附议', exact: true }).click();
      await expect.poll(() => page.getByText('待我附议').count()).toBe(0);
    });
  });

  it('the office registers it and dispatches it to the water bureau with the town as assisting unit', async () => {
    await as('office', DESKTOP, async (page) => {
      await openSuggestion(page);
      expect(await page.getByText(`${cosignerName}（已附议）`).count()).toBe(1);
      await act(page, '立案');
      await act(page, '交办', async (d) => {
        await searchAndPick(page, d.getByLabel('承办单位1'), '水利', /鹤山市水利局/);
        await d.getByRole('button', { name: '添加协办、会办单位' }).click();
        await searchAndPick(page, d.getByLabel('承办单位2'), '共和', /共和镇人民政府/);
      });
      await expectTimeline(page, '交办');
      await page.screenshot({ path: screenshotPath('suggestion-dispatched'), fullPage: true });
    });
  });

  it('the town gives its opinion; the water bureau consults the deputy and replies B', async () => {
    await as('townGov', DESKTOP, async (page) => {
      await openSuggestion(page);
      await act(page, '提交协办意见', async (d) => {
        await d.getByLabel('协办意见').fill('镇政府负责群众工作和施工协调，配合水利局推进改造。');
      });
      await expectTimeline(page, '协办意见');
    });
    await as('water', DESKTOP, async (page) => {
      await openSuggestion(page);
      // the reply needs a consultation first
      expect(await page.getByRole('button', { name: '答复', exact: true }).count()).toBe(0);
      await consult(page);
      await reply(page, 'B');
      await page.screenshot({ path: screenshotPath('suggestion-replied-b'), fullPage: true });
    });
  });

  it('the deputy is not satisfied with the result: re-handling; the bureau consults again and replies A; the deputy is satisfied', async () => {
    await as('lead', PHONE, async (page) => {
      await rateOnPhone(page, '不满意', '雨天仍有倒灌，请加快施工');
      await expect.poll(() => page.getByText('重新办理').count()).toBeGreaterThan(0);
    });
    await as('water', DESKTOP, async (page) => {
      await openSuggestion(page);
      await expect.poll(() => page.getByText('重新办理').count()).toBeGreaterThan(0);
      await consult(page);
      await reply(page, 'A');
    });
    await as('lead', PHONE, async (page) => {
      await rateOnPhone(page, '满意');
      await expect.poll(() => page.getByText('已办结').count()).toBeGreaterThan(0);
      await page.screenshot({ path: screenshotPath('suggestion-my-phone-closed'), fullPage: true });
    });
    await as('office', DESKTOP, async (page) => {
      await openSuggestion(page);
      for (const label of [
        '起草',
        '提交前沟通',
        '附议',
        '提交',
        '立案',
        '交办',
        '协办意见',
        '不满意，重新办理',
        '办结',
      ])
        {await expectTimeline(page, label);}
      await expectTimeline(page, '面商', 2);
      await expectTimeline(page, '答复', 2);
      await page.screenshot({ path: screenshotPath('suggestion-closed'), fullPage: true });
      await menu(page, '承办单位统计');
      await expect.poll(() => page.getByRole('row', { name: /鹤山市水利局/ }).innerText()).toContain('满意 1');
      await page.screenshot({ path: screenshotPath('suggestion-unit-stats'), fullPage: true });
    });
  });

  it('R-LOOP-8: both constituents see the suggestion and its reply on their tracking pages', async () => {
    for (const [i, url] of tracking.entries()) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: 'zh-CN',
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      });
      try {
        const page = await context.newPage();
        await page.goto(url);
        const card = page.getByTestId('linked-suggestion');
        await card.waitFor();
        const text = await card.innerText();
        expect(text).toContain(TITLE);
        expect(text).toContain('已办结');
        expect(text).toContain('A类（已解决或基本解决）');
        expect(text).toContain('截污管网改造和雨污分流已完工');
        expect(await page.getByRole('main').innerText()).toContain('代表已将您的意见形成代表建议');
        expect(await page.getByRole('main').innerText()).not.toContain('水利局');
        await page.screenshot({ path: screenshotPath(`suggestion-public-track-${i + 1}`), fullPage: true });
      } finally {
        await context.close();
      }
    }
  });
});
