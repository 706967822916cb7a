import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDb, migrate, type Db } from '@gridvoice/db';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { systemClock } from '../../server/src/lib/clock.js';
import { createPersonalDataCipher } from '../../server/src/lib/personal-data.js';
import { listConsoleSms } from '../../server/src/modules/notifications/notifications.repository.js';
import type { AppDeps } from '../../server/src/types.js';
import { normalizeRegionCode, type Role } from '@gridvoice/core';
import { insertUser } from '../../server/src/modules/admin/users.repository.js';
import { hashPassword } from '../../server/src/modules/auth/password-hasher.js';
import { upsertRegions } from '../../server/src/modules/organisation/region.repository.js';
import { makeUnit } from '../../server/test/organisation.factory.js';
import { makePublicPlace } from '../../server/test/public.factory.js';
import { launchBrowser, PHONE, screenshotPath } from './browser';

/**
 * The citizens' pages in Chromium on a phone-sized screen. This file runs its own server (same
 * build, in-process, embedded database) because it needs the database: to build the station it
 * scans and to read the code the console SMS provider "sent".
 */
let browser: Browser;
let app: FastifyInstance;
let db: Db;
let deps: AppDeps;
let baseUrl: string;
let dataDir: string;
let place: Awaited<ReturnType<typeof makePublicPlace>>;
let county: { countyCode: string; townCode: string; villageCode: string };
const PASSWORD = 'E2e-Public-Passw0rd!';

/** One county, town and village (the server harness's factories need the server project's setup). */
async function makeCounty() {
  const c = '440799';
  const town = `${c}101000`;
  const village = `${c}101201`;
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
        name: '测试县',
        level: 'county',
        kind: null,
      },
      { code: town, parentCode: normalizeRegionCode(c), name: '幸福镇', level: 'town', kind: 'town' },
      { code: village, parentCode: town, name: '幸福村', level: 'village', kind: 'village' },
    ]),
  );
  return { countyCode: normalizeRegionCode(c), townCode: town, villageCode: village };
}

/** A signed-in API client (the clerk and the handling unit act through the console's API). */
async function signedIn(role: Role, scope: string, extra: { unitId?: string } = {}) {
  const username = `${role}_${Math.random().toString(36).slice(2, 8)}`;
  await insertUser(db, {
    username,
    displayName: `测试${role}`,
    passwordHash: await hashPassword(PASSWORD),
    role,
    scopeRegionCode: scope,
    mustChangePassword: false,
    now: new Date(),
    stationId: null,
    unitId: extra.unitId ?? null,
    deputyId: null,
  });
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  const cookie = res.cookies.find((x) => x.name === 'gv_session')!.value;
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return {
    request: (method: 'POST' | 'GET', url: string, payload?: Record<string, unknown>) =>
      app.inject({
        method,
        url,
        cookies: { gv_session: cookie },
        headers: { 'x-csrf-token': csrf },
        ...(payload ? { payload } : {}),
      }),
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gv-public-e2e-'));
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
    cipher: createPersonalDataCipher(Buffer.from('c'.repeat(64), 'hex')),
    version: 'e2e',
  };
  app = await buildApp(deps, { rateLimitPerMinute: 100_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  county = await makeCounty();
  // a weekly duty on tomorrow's weekday (Beijing), so the next duty day is always shown
  const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).getUTCDay();
  place = await makePublicPlace({ deps }, county.villageCode, { rotaWeekday: tomorrow });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function phonePage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'zh-CN',
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  context.setDefaultTimeout(15_000);
  return { context, page: await context.newPage() };
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

describe('citizens’ pages on a phone', () => {
  it('scan the station QR, raise a concern with a photo, verify by SMS, follow it, 不满意 reopens, then 满意', async () => {
    const { context, page } = await phonePage();
    try {
      await page.goto(`/s/${place.stationCode}`);
      await page.getByRole('heading', { level: 1, name: /幸福村代表联络站/ }).waitFor();
      // the station: kind, address, opening hours, the duty deputy, the deputies with masked phones
      const main = page.getByRole('main');
      await expect.poll(() => main.innerText()).toContain('村（社区）联络站');
      const text = await main.innerText();
      expect(text).toContain('幸福村文化楼一楼');
      expect(text).toContain('周一至周五 9:00-17:00');
      expect(await page.getByRole('region', { name: '近期驻站安排' }).innerText()).toContain('驻站代表：李秀英');
      expect(await page.getByRole('region', { name: '本站代表' }).innerText()).toContain('137****2222');
      expect(text).not.toContain('13711112222');
      // nothing of the console is loaded
      const scripts = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => n.endsWith('.js')),
      );
      expect(scripts.some((s) => /antd|router|query|echarts/.test(s))).toBe(false);
      // and what is loaded comes compressed (pre-compressed at build time)
      const reactChunk = scripts.find((s) => /\/assets\/react-/.test(s));
      expect(reactChunk).toBeTruthy();
      const compressed = await fetch(reactChunk!, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(compressed.headers.get('content-encoding')).toBe('br');
      await page.screenshot({ path: screenshotPath('public-station'), fullPage: true });

      await page.getByRole('link', { name: '我要反映问题' }).click();
      await page.getByRole('heading', { level: 1, name: '反映问题' }).waitFor();
      await expect.poll(() => page.locator('.pv-place').innerText()).toContain('幸福村代表联络站');
      await page.getByLabel('问题分类').selectOption('infrastructure');
      await page.getByLabel('您要反映的问题').fill('村口到小学的路灯坏了三个月，晚上孩子放学很不安全');
      const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#6b8e23' } })
        .jpeg()
        .toBuffer();
      await page.getByLabel(/^照片/).setInputFiles({ name: 'lamp.jpg', mimeType: 'image/jpeg', buffer: photo });
      await page.getByRole('img', { name: '第 1 张照片' }).waitFor();
      await page.getByLabel(/^您的姓名/).fill('张阿婆');
      const phone = '15912345678';
      await page.getByLabel('手机号').fill(phone);
      await page.getByRole('button', { name: '获取验证码' }).click();
      await page.getByRole('button', { name: /秒后重新获取/ }).waitFor();
      await page.getByLabel('短信验证码').fill(await smsCode(phone));
      await page.getByLabel('不向人大以外的人公开我的姓名').check();
      await page.getByLabel('我已阅读并同意个人信息保护说明').check();
      await page.screenshot({ path: screenshotPath('public-form'), fullPage: true });
      await page.getByRole('button', { name: '提交', exact: true }).click();

      await page.getByRole('heading', { level: 1, name: '提交成功' }).waitFor();
      const caseNumber = await page.locator('.pv-number').innerText();
      expect(caseNumber).toMatch(/^\d{6}-\d{4}-\d{6}$/);
      const href = await page.getByRole('link', { name: '办理进度查询链接' }).getAttribute('href');
      expect(href).toMatch(/^\/t\/[\w-]{43}$/);
      await page.screenshot({ path: screenshotPath('public-receipt'), fullPage: true });

      // a clerk dispatches it and the handling unit replies (through the API)
      const row = await db.query<{ concern_id: string; attachment_ids: string[] }>(
        'SELECT concern_id, attachment_ids FROM concerns WHERE case_number = $1',
        [caseNumber],
      );
      const id = row.rows[0]!.concern_id;
      expect(row.rows[0]!.attachment_ids).toHaveLength(1);
      const clerk = await signedIn('town_staff', county.townCode);
      const unit = await makeUnit({ deps }, county.countyCode, '镇住建办');
      const handler = await signedIn('unit_handler', county.countyCode, { unitId: unit.unitId });
      let version = 1;
      const act = async (s: typeof clerk, action: Record<string, unknown>) => {
        const r = await s.request('POST', `/api/concerns/${id}/actions`, { ...action, version });
        expect(r.statusCode, r.body).toBe(200);
        version = r.json<{ version: number }>().version;
      };
      await act(clerk, { type: 'send_for_dispatch' });
      await act(clerk, { type: 'dispatch', units: [{ unitId: unit.unitId, role: 'lead', workingDays: 5 }] });
      await act(handler, { type: 'accept' });
      await act(handler, { type: 'reply', content: '已安排电工更换村口路灯' });

      await page.getByRole('button', { name: '查看办理进度' }).click();
      await page.getByRole('heading', { level: 1, name: '村口到小学的路灯坏了三个月' }).waitFor();
      await expect.poll(() => page.locator('.pv-status').innerText()).toBe('已答复，请您评价');
      expect(await page.getByRole('region', { name: '答复' }).innerText()).toContain('已安排电工更换村口路灯');
      expect(await page.getByRole('main').innerText()).toContain('承办期限');
      expect(await page.getByRole('main').innerText()).not.toContain('住建办');
      await page.screenshot({ path: screenshotPath('public-track-replied'), fullPage: true });

      await page.getByLabel('不满意（问题没解决）').check();
      await page.getByLabel(/想说的话/).fill('只修好了一盏');
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.getByText('这件事会重新办理').first().waitFor();
      await expect.poll(() => page.locator('.pv-status').innerText()).toBe('办理中');
      expect(await page.getByRole('list').last().innerText()).toContain('您表示问题没有解决，已重新办理');
      await page.screenshot({ path: screenshotPath('public-track-reopened'), fullPage: true });
      version += 1;

      await act(handler, { type: 'reply', content: '三盏路灯已全部更换' });
      await page.reload();
      await page.getByLabel('满意', { exact: true }).check();
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.getByText('感谢您的评价').waitFor();
      await expect.poll(() => page.locator('.pv-status').innerText()).toBe('已办结');
      await page.screenshot({ path: screenshotPath('public-track-closed'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('大字模式 sticks across visits; 繁體 on request (button and ?lang=zh-TW); every control is named', async () => {
    const { context, page } = await phonePage();
    try {
      await page.goto(`/s/${place.stationCode}`);
      const elder = page.getByRole('button', { name: '大字模式' });
      await elder.click();
      expect(await elder.getAttribute('aria-pressed')).toBe('true');
      await page.reload();
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
      const size = await page.evaluate(() => getComputedStyle(document.querySelector('.pv-raise')!).minHeight);
      expect(parseFloat(size)).toBeGreaterThanOrEqual(60);
      await page.screenshot({ path: screenshotPath('public-station-elder'), fullPage: true });

      await page.getByRole('button', { name: '切換為繁體中文' }).click();
      await page.getByRole('heading', { name: '近期駐站安排' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-TW');
      await page.getByRole('link', { name: '我要反映問題' }).click();
      await page.getByLabel('問題分類').waitFor();
      await page.screenshot({ path: screenshotPath('public-form-elder-zh-TW'), fullPage: true });
      // every form control has an accessible name
      const unnamed = await page.evaluate(() =>
        Array.from(document.querySelectorAll('main input, main select, main textarea, main button'))
          .filter((el) => !el.closest('[aria-hidden="true"]'))
          .filter((el) => {
            const e = el as HTMLInputElement;
            return !(
              e.labels?.length ||
              e.getAttribute('aria-label') ||
              (el.tagName === 'BUTTON' && el.textContent?.trim())
            );
          })
          .map((el) => el.outerHTML),
      );
      expect(unnamed).toEqual([]);
      // keyboard: Tab reaches the category first after the heading
      await page.getByRole('heading', { level: 1 }).focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-category');
    } finally {
      await context.close();
    }

    const fresh = await phonePage();
    try {
      await fresh.page.goto(`/g/${place.gridCode}?lang=zh-TW`);
      await fresh.page.getByRole('heading', { name: '網格員' }).waitFor();
      expect(await fresh.page.getByRole('main').innerText()).toContain('139****1111');
      await fresh.page.screenshot({ path: screenshotPath('public-grid-zh-TW'), fullPage: true });
      await fresh.page.goto(`/d/${place.deputies[0]!.publicId}?lang=zh-CN`);
      await fresh.page.getByRole('heading', { level: 1, name: '李秀英' }).waitFor();
      expect(await fresh.page.getByRole('main').innerText()).toContain('县（市、区）人大代表');
      await fresh.page.screenshot({ path: screenshotPath('public-deputy'), fullPage: true });
    } finally {
      await fresh.context.close();
    }
  });

  it('on a slow phone (CPU ×4, slow 4G) the form shows within 3 s of opening the QR link', async () => {
    const { context, page } = await phonePage();
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.enable');
      // DevTools' "Slow 4G" profile: 562.5 ms round trip, 1.6 Mbps down, 750 kbps up
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 562.5,
        downloadThroughput: ((1.6 * 1024 * 1024) / 8) * 0.9,
        uploadThroughput: ((750 * 1024) / 8) * 0.9,
      });
      const started = Date.now();
      await page.goto(`/s/${place.stationCode}/report`, { waitUntil: 'commit' });
      await page.getByRole('button', { name: '提交', exact: true }).waitFor({ timeout: 10_000 });
      await page.getByLabel('问题分类').waitFor();
      const elapsed = Date.now() - started;
      console.log(`form visible after ${elapsed} ms on a throttled phone`);
      await page.screenshot({ path: screenshotPath('public-form-slow-phone'), fullPage: false });
      expect(elapsed).toBeLessThan(3_000);
    } finally {
      await context.close();
    }
  });
});
