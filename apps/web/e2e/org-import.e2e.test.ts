import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, openPage, pickOption, screenshotPath, menuItem } from './browser';

/**
 * Issue 3 item 7 in the browser: a town clerk uploads a deputies file with three bad rows, sees
 * the three problems and nothing imported; fixes the file and sees the import land; then prints
 * the service cards of the town (item 8).
 */
const HEADERS = [
  '姓名',
  '性别',
  '民族',
  '出生年份',
  '手机号码',
  '所属区划代码',
  '职业',
  '工作单位',
  '代表层级',
  '届次',
  '选区',
  '联络站编码',
  '网格编码',
];

async function writeXlsx(path: string, rows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('代表');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

const getJson = <T>(page: Page, url: string) =>
  page.evaluate(async (u) => (await fetch(u, { headers: { accept: 'application/json' } })).json(), url) as Promise<T>;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('spreadsheet import (town clerk of 龙口镇)', () => {
  it('shows every problem of a bad file and imports nothing; the fixed file lands; the cards print', async () => {
    const { context, page } = await openPage(browser);
    const dir = mkdtempSync(join(tmpdir(), 'gv-import-'));
    try {
      await logIn(page, 'demo_town2', inject('demoPassword'));
      const regions = await getJson<{ code: string; level: string; parentCode: string | null }[]>(
        page,
        '/api/admin/regions',
      );
      const village = regions.find((r) => r.level === 'village' && r.code.startsWith('440784101'))!.code;
      const total = async () =>
        (
          await getJson<{ total: number }>(
            page,
            '/api/organisation/deputies?q=%E5%AF%BC%E5%85%A5%E6%B5%8B%E8%AF%95&pageSize=100',
          )
        ).total;
      expect(await total()).toBe(0);

      const good = (i: number): (string | number | null)[] => [
        `导入测试${'一二三四五'[i - 1]}`,
        i % 2 ? '男' : '女',
        '汉族',
        1970 + i,
        `1391234000${i}`,
        village,
        '农民',
        null,
        '乡镇',
        18,
        null,
        null,
        null,
      ];
      const rows = [1, 2, 3, 4, 5].map(good);
      const bad = rows.map((r) => [...r]);
      bad[0]![4] = '1391234'; // row 2: phone
      bad[2]![8] = '村级'; // row 4: level
      bad[3]![5] = '440784001000'; // row 5: 沙坪街道, another town

      await menuItem(page, '批量导入导出').click();
      await page.getByRole('heading', { name: '批量导入导出' }).waitFor();
      await page.locator('input[type=file]').setInputFiles(await writeXlsx(join(dir, '代表名单.xlsx'), bad));
      await page.getByText('发现 3 处问题，未导入任何数据').waitFor();
      const problems = page.getByRole('table');
      await expect.poll(() => problems.getByRole('row').count()).toBe(4);
      const text = await problems.innerText();
      expect(text).toContain('第 2 行');
      expect(text).toContain('手机号码格式不正确');
      expect(text).toContain('第 4 行');
      expect(text).toContain('代表层级应为');
      expect(text).toContain('第 5 行');
      expect(text).toContain('所属区划超出您的管辖范围');
      await page.screenshot({ path: screenshotPath('org-import-errors'), fullPage: true });
      expect(await total()).toBe(0);

      await page.locator('input[type=file]').setInputFiles(await writeXlsx(join(dir, '代表名单-已修改.xlsx'), rows));
      await page.getByText('导入成功：“代表名单-已修改.xlsx”共 5 行').waitFor();
      await page.getByText('新增代表 5 个，更新 0 个，未变化 0 个。').waitFor();
      expect(await page.getByText('未导入任何数据').count()).toBe(0);
      await page.screenshot({ path: screenshotPath('org-import-success'), fullPage: true });
      expect(await total()).toBe(5);

      // the same file again changes nothing
      await page.locator('input[type=file]').setInputFiles(join(dir, '代表名单-已修改.xlsx'));
      await page.getByText('新增代表 0 个，更新 0 个，未变化 5 个。').waitFor();
      expect(await total()).toBe(5);

      // the service cards of the town
      await menuItem(page, '代表服务卡').click();
      await page.getByLabel('镇（街道）').click();
      await pickOption(page, '龙口镇');
      await page.getByRole('article', { name: '导入测试一的服务卡' }).waitFor();
      const card = page.getByRole('article', { name: '导入测试一的服务卡' });
      expect(await card.innerText()).toContain('139****0001');
      expect(await card.getByRole('img', { name: '导入测试一的二维码' }).count()).toBe(1);
      await page.screenshot({ path: screenshotPath('org-service-cards'), fullPage: false });
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: screenshotPath('org-service-cards-print'), fullPage: false });
    } finally {
      await context.close();
    }
  });
});
