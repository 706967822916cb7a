import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import type { Browser, Locator, Page } from 'playwright-core';
import { closeDropdown, launchBrowser, logIn, menuItem, openPage, pickOption, screenshotPath, searchAndPick } from './browser';

/**
 * Issue 3, the last items in the browser: a deputy's photo on the drawer and the service card,
 * editing a mandate and a placement from the drawer, the coverage workbook, station managers and
 * unit handlers, and a stations file with every column filled.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const TOWN = '440784001000'; // 沙坪街道

/** An API session of a demo login, to arrange records the pages then work on. */
async function apiAs(username: string) {
  const context = await browser.newContext({ baseURL: inject('baseUrl') });
  const password = username === 'admin' ? inject('adminPassword') : inject('demoPassword');
  const res = await context.request.post('/api/auth/login', { data: { username, password } });
  expect(res.ok()).toBe(true);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = async <T>(method: 'get' | 'post' | 'put', url: string, data?: unknown): Promise<T> => {
    const r = await context.request[method](url, {
      headers: { 'x-csrf-token': csrfToken },
      ...(data === undefined ? {} : { data }),
    });
    if (!r.ok()) throw new Error(`${method} ${url}: ${r.status()} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return { call, close: () => context.close() };
}

/** The "共 N …" under a list. */
async function listTotal(page: Page): Promise<number> {
  const text = await page.locator('.ant-pagination-total-text').innerText();
  return Number(/共 (\d+)/.exec(text)?.[1] ?? NaN);
}

/**
 * Searches a multiple select on the server and ticks one option. The list re-renders with each
 * answer, so a click that lands between two renders is retried until the choice shows in the box.
 */
async function tickOption(page: Page, box: Locator, query: string, option: string): Promise<void> {
  const input = box.getByRole('combobox');
  await input.click();
  await input.fill(query);
  for (let attempt = 1; ; attempt++) {
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .locator('.ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
    try {
      await box.locator('.ant-select-selection-item').filter({ hasText: option }).waitFor({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/** An <img> that has actually loaded (the server sent a decodable picture). */
const imageLoaded = (img: Locator) => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0);

describe('organisation: the last pieces of issue 3', () => {
  it('R-DUTY-7, R-ORG-4, R-ORG-5: a town clerk uploads a deputy photo, ends a mandate and moves a placement from the drawer; the service card shows photo, levels, station, grid, masked phone and QR', async () => {
    const api = await apiAs('demo_town');
    const { context, page } = await openPage(browser);
    try {
      const stations = await api.call<{ items: { stationId: string; name: string }[] }>(
        'get',
        `/api/organisation/stations?regionCode=${TOWN}&kind=village&pageSize=1`,
      );
      const station = stations.items[0]!;
      const grids = await api.call<{ items: { gridId: string; name: string; villageCode: string }[] }>(
        'get',
        `/api/organisation/grids?regionCode=${TOWN}&kind=grid&pageSize=50&sort=name`,
      );
      // two grids with distinct names, so the picker's search finds exactly one
      const first = grids.items[0]!;
      const second = grids.items.find((g) => g.name !== first.name && !g.name.includes(first.name) && !first.name.includes(g.name))!;
      const name = '照片测试代表';
      const created = await api.call<{ deputyId: string }>('post', '/api/organisation/deputies', {
        name,
        gender: 'female',
        regionCode: TOWN,
        phone: '13712345678',
        mandates: [
          { level: 'county', term: 17, constituencyRegionCode: TOWN },
          { level: 'township', term: 17, constituencyRegionCode: TOWN },
        ],
      });
      await api.call('post', `/api/organisation/deputies/${created.deputyId}/assignments`, {
        stationId: station.stationId,
        gridId: first.gridId,
      });

      await logIn(page, 'demo_town', inject('demoPassword'));
      await menuItem(page, '人大代表').click();
      await expect.poll(() => listTotal(page)).toBeGreaterThan(0);
      await page.getByRole('searchbox', { name: '搜索代表' }).fill(name);
      await page.getByRole('button', { name: '搜索' }).click();
      const row = page.getByRole('row').filter({ hasText: name }).first();
      await row.getByRole('button', { name, exact: true }).click();
      const drawer = page.getByRole('dialog', { name: `代表详情：${name}` });
      await drawer.getByLabel('暂无照片').waitFor();

      // the photo: a JPEG with EXIF goes through the attachments module and shows at once
      const jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#b03a2e' } })
        .jpeg()
        .withExif({ IFD0: { Make: 'PhoneMaker' } })
        .toBuffer();
      await drawer.locator('input[type=file]').setInputFiles({ name: '照片.jpg', mimeType: 'image/jpeg', buffer: jpeg });
      const photo = drawer.getByRole('img', { name: `${name}的照片` });
      await photo.waitFor();
      await expect.poll(() => imageLoaded(photo)).toBe(true);
      await drawer.getByRole('button', { name: '更换照片' }).waitFor();

      // end the township mandate
      await drawer.getByRole('button', { name: '修改乡镇人大代表资格' }).click();
      const mandate = page.getByRole('dialog', { name: `修改代表资格：${name}` });
      await mandate.getByLabel('选区').fill('沙坪第二选区');
      await mandate.getByLabel('状态').click();
      await pickOption(page, '已终止');
      await mandate.getByLabel('任期结束日期').fill('2025-06-30');
      await page.screenshot({ path: screenshotPath('org-mandate-edit') });
      await mandate.getByRole('button', { name: '保存' }).click();
      await mandate.waitFor({ state: 'hidden' });
      const mandates = drawer.getByRole('region', { name: '代表资格' });
      await mandates.getByText('（至 2025-06-30）').waitFor();
      expect(await mandates.innerText()).toContain('沙坪第二选区');

      // move the placement to the second grid
      await drawer.getByRole('button', { name: `修改安排：${station.name}、${first.name}` }).click();
      const placement = page.getByRole('dialog', { name: `修改进站入网格：${name}` });
      await searchAndPick(page, placement.getByRole('combobox', { name: '网格' }), second.name, second.name);
      await placement.getByRole('button', { name: '保存' }).click();
      await placement.waitFor({ state: 'hidden' });
      const placements = drawer.getByRole('region', { name: '进站入网格' });
      await placements.getByRole('cell', { name: second.name, exact: true }).waitFor();
      expect(await placements.getByRole('cell', { name: first.name, exact: true }).count()).toBe(0);
      await page.screenshot({ path: screenshotPath('org-deputy-drawer-photo'), fullPage: true });

      // the service card
      await drawer.getByRole('link', { name: /查看服务卡/ }).click();
      const card = page.getByRole('article', { name: `${name}的服务卡` });
      await card.waitFor();
      const cardPhoto = card.getByRole('img', { name: `${name}的照片` });
      await expect.poll(() => imageLoaded(cardPhoto)).toBe(true);
      await expect.poll(() => imageLoaded(card.getByRole('img', { name: `${name}的二维码` }))).toBe(true);
      const text = await card.innerText();
      expect(text).toContain('县（市、区）人大代表');
      expect(text).not.toContain('乡镇人大代表');
      expect(text).toContain(station.name);
      expect(text).toContain(second.name);
      expect(text).toContain('137****5678');
      expect(text).not.toContain('13712345678');
      await card.screenshot({ path: screenshotPath('org-service-card-photo') });
    } finally {
      await context.close();
      await api.close();
    }
  });

  it('R-ORG-6: county staff download the coverage workbook from 覆盖情况; its total row is the page’s', async () => {
    const { context, page } = await openPage(browser);
    const dir = mkdtempSync(join(tmpdir(), 'gv-coverage-'));
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '覆盖情况').click();
      const totalLink = page.getByRole('link', { name: /^合计（鹤山市）无代表的网格：\d+$/ });
      await totalLink.waitFor();
      const withoutDeputy = Number(((await totalLink.getAttribute('aria-label')) ?? '').split('：')[1]);
      const button = page.getByRole('link', { name: /导出 Excel/ });
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      expect(download.suggestedFilename()).toBe('覆盖情况（鹤山市）.xlsx');
      const file = join(dir, 'coverage.xlsx');
      await download.saveAs(file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        '按镇统计',
        '无代表的网格',
        '未进网格的代表',
        '未进联络站的代表',
        '无联络站覆盖的村（社区）',
      ]);
      const summary = wb.getWorksheet('按镇统计')!;
      expect(summary.getRow(1).getCell(1).value).toBe('区划');
      const last = summary.getRow(summary.rowCount);
      expect(last.getCell(1).value).toBe('合计（鹤山市）');
      expect(last.getCell(3).value).toBe(withoutDeputy);
      expect(wb.getWorksheet('无代表的网格')!.rowCount - 1).toBe(withoutDeputy);
      await page.screenshot({ path: screenshotPath('org-coverage-export'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('R-ORG-3, R-ORG-9: county staff set a station’s manager on the stations page and a unit’s handler on the units page', async () => {
    const api = await apiAs('demo_county');
    const { context, page } = await openPage(browser);
    try {
      const villages = await api.call<{ items: { code: string }[] }>('get', `/api/organisation/villages?regionCode=${TOWN}&pageSize=1`);
      const stationName = 'E2E测试联络站';
      await api.call('post', '/api/organisation/stations', { kind: 'village', regionCode: villages.items[0]!.code, name: stationName });
      const unitName = 'E2E测试承办单位';
      await api.call('post', '/api/organisation/units', { regionCode: '440784000000', name: unitName, kind: 'department' });
      const password = 'E2e-Some-Passw0rd!';
      // the system administrator opens the accounts: console.e2e finds the one account demo_county creates
      const admin = await apiAs('admin');
      await admin.call('post', '/api/admin/users', {
        username: 'e2e_station_mgr',
        displayName: '测试站长甲',
        role: 'station_manager',
        scopeRegionCode: TOWN,
        password,
      });
      await admin.call('post', '/api/admin/users', {
        username: 'e2e_unit_handler',
        displayName: '测试经办人乙',
        role: 'unit_handler',
        scopeRegionCode: '440784000000',
        password,
      });
      await admin.close();

      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '联络站').click();
      await page.getByRole('searchbox', { name: '搜索联络站' }).fill(stationName);
      await page.getByRole('button', { name: '搜索' }).click();
      const row = page.getByRole('row').filter({ hasText: stationName });
      await row.waitFor();
      await row.getByRole('button', { name: `设置${stationName}的管理员` }).click();
      const dialog = page.getByRole('dialog', { name: `联络站管理员：${stationName}` });
      await dialog.getByRole('combobox', { name: '联络站管理员' }).waitFor();
      await tickOption(page, dialog.locator('.ant-select'), '测试站长', '测试站长甲');
      await closeDropdown(page, dialog.locator('.ant-modal-title'));
      await page.screenshot({ path: screenshotPath('org-station-managers') });
      await dialog.getByRole('button', { name: '保存' }).click();
      await page.getByText(`已设置“${stationName}”的联络站管理员`).waitFor();
      await dialog.waitFor({ state: 'hidden' });
      // the manager count in the row, and the account now keeps that station
      // 编码, 名称, 类型, 所在, 覆盖村（社区）, 覆盖网格, 代表, 管理员
      await expect.poll(() => row.getByRole('cell').nth(7).innerText()).toBe('1');
      const stationDetail = await api.call<{ items: { stationId: string }[] }>(
        'get',
        `/api/organisation/stations?q=${encodeURIComponent(stationName)}`,
      );
      const detail = await api.call<{ managers: { username: string }[] }>(
        'get',
        `/api/organisation/stations/${stationDetail.items[0]!.stationId}`,
      );
      expect(detail.managers.map((m) => m.username)).toEqual(['e2e_station_mgr']);

      await menuItem(page, '承办单位').click();
      await page.getByRole('searchbox', { name: '搜索承办单位' }).fill(unitName);
      await page.getByRole('button', { name: '搜索' }).click();
      const unitRow = page.getByRole('row').filter({ hasText: unitName });
      await unitRow.waitFor();
      await unitRow.getByRole('button', { name: `设置${unitName}的经办人` }).click();
      const unitDialog = page.getByRole('dialog', { name: `承办单位经办人：${unitName}` });
      await unitDialog.getByRole('combobox', { name: '承办单位经办人' }).waitFor();
      await tickOption(page, unitDialog.locator('.ant-select'), '测试经办人', '测试经办人乙');
      await closeDropdown(page, unitDialog.locator('.ant-modal-title'));
      await unitDialog.getByRole('button', { name: '保存' }).click();
      await page.getByText(`已设置“${unitName}”的承办单位经办人`).waitFor();
      await unitDialog.waitFor({ state: 'hidden' });
      // 编码, 名称, 类型, 所属区划, 联系人, 经办人
      await expect.poll(() => unitRow.getByRole('cell').nth(5).innerText()).toBe('1');
      await page.screenshot({ path: screenshotPath('org-unit-handlers'), fullPage: true });
    } finally {
      await context.close();
      await api.close();
    }
  });

  it('R-ORG-3: a stations file with every column filled imports whole, and the station reads back the same', async () => {
    const api = await apiAs('demo_town');
    const { context, page } = await openPage(browser);
    const dir = mkdtempSync(join(tmpdir(), 'gv-import-all-'));
    try {
      const villages = await api.call<{ items: { code: string }[] }>('get', `/api/organisation/villages?regionCode=${TOWN}&pageSize=3`);
      const village = villages.items[2]!.code;
      // the next free village-station code of the county
      const taken = await api.call<{ items: { code: string }[] }>('get', '/api/organisation/stations?kind=village&pageSize=200&sort=code&order=desc&status=all');
      const next = Math.max(0, ...taken.items.map((s) => Number(s.code.slice(7)))) + 1;
      const code = `440784V${String(next + 500).padStart(3, '0')}`;
      const row = [code, '全字段导入测试站', '村（社区）联络站', village, '沙坪街道文化路8号', '每周二、周四 9:00-11:30', '梁联络', '0750-8765432'];
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('联络站');
      ws.addRow(['联络站编码', '联络站名称', '类型', '所在区划代码', '地址', '开放时间', '联系人', '联系电话']);
      ws.addRow(row);
      const file = join(dir, '联络站名单.xlsx');
      writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

      await logIn(page, 'demo_town', inject('demoPassword'));
      await menuItem(page, '批量导入导出').click();
      await page.getByRole('heading', { name: '批量导入导出' }).waitFor();
      await page.locator('.ant-segmented').getByText('联络站', { exact: true }).click();
      await page.locator('input[type=file]').setInputFiles(file);
      await page.getByText('导入成功：“联络站名单.xlsx”共 1 行').waitFor();
      await page.screenshot({ path: screenshotPath('org-import-all-columns'), fullPage: true });

      await menuItem(page, '联络站').click();
      await page.getByRole('searchbox', { name: '搜索联络站' }).fill(code);
      await page.getByRole('button', { name: '搜索' }).click();
      const listed = page.getByRole('row').filter({ hasText: code });
      await listed.waitFor();
      expect(await listed.innerText()).toContain('每周二、周四 9:00-11:30');
      const found = await api.call<{ items: Record<string, unknown>[] }>('get', `/api/organisation/stations?q=${code}`);
      expect(found.items[0]).toMatchObject({
        code,
        name: '全字段导入测试站',
        kind: 'village',
        regionCode: village,
        address: '沙坪街道文化路8号',
        openingHours: '每周二、周四 9:00-11:30',
        contactName: '梁联络',
        contactPhone: '0750-8765432',
      });
    } finally {
      await context.close();
      await api.close();
    }
  });
});
