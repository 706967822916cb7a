/**
 * Spreadsheet import of 10,000 deputies (issue 3 item 7): a generated .xlsx goes through the
 * import service (read, check every row, one transaction, one audit record). Target ≤ 10 s on
 * PostgreSQL. The figure is the wall time of `import()` alone; making the file is not counted.
 */
import ExcelJS from 'exceljs';
import { normalizeRegionCode } from '@gridvoice/core';
import { loadConfig } from '../../apps/server/src/config.js';
import { systemClock } from '../../apps/server/src/lib/clock.js';
import { createPersonalDataCipher } from '../../apps/server/src/lib/personal-data.js';
import { upsertRegions } from '../../apps/server/src/modules/organisation/region.repository.js';
import type { SourceRegion } from '../../apps/server/src/modules/organisation/region-source.js';
import { COLUMNS, createImportExportService } from '../../apps/server/src/modules/organisation/import-export.service.js';
import type { AppDeps, RequestContext } from '../../apps/server/src/types.js';
import type { BenchContext, BenchSuite } from '../run.js';

const ROWS = 10_000;
const COUNTY = '440784';
const TOWNS = 10;
const VILLAGES = 20;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华慧萍建国志红玉兰春梅海燕文辉';

function regions(): { rows: SourceRegion[]; villages: string[] } {
  const rows: SourceRegion[] = [
    { code: normalizeRegionCode('44'), parentCode: null, name: '广东省', level: 'province', kind: null },
    { code: normalizeRegionCode('4407'), parentCode: normalizeRegionCode('44'), name: '江门市', level: 'prefecture', kind: null },
    { code: normalizeRegionCode(COUNTY), parentCode: normalizeRegionCode('4407'), name: '鹤山市', level: 'county', kind: null },
  ];
  const villages: string[] = [];
  for (let i = 1; i <= TOWNS; i++) {
    const town = `${COUNTY}${String(100 + i).padStart(3, '0')}000`;
    rows.push({ code: town, parentCode: normalizeRegionCode(COUNTY), name: `镇${i}`, level: 'town', kind: 'town' });
    for (let j = 1; j <= VILLAGES; j++) {
      const v = `${town.slice(0, 9)}${String(200 + j).padStart(3, '0')}`;
      villages.push(v);
      rows.push({ code: v, parentCode: town, name: `镇${i}第${j}村`, level: 'village', kind: 'village' });
    }
  }
  return { rows, villages };
}

async function deputiesFile(villages: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('代表');
  ws.addRow(COLUMNS.deputies.map((c) => c.header));
  for (let i = 0; i < ROWS; i++) {
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 13) % GIVEN.length]}`;
    ws.addRow([
      name,
      i % 2 ? '男' : '女',
      '汉族',
      1950 + (i % 50),
      `139${String(i).padStart(8, '0')}`,
      villages[i % villages.length],
      '农民',
      null,
      i % 3 === 0 ? '县、乡镇' : '乡镇',
      18,
      `第${(i % 40) + 1}选区`,
      null,
      null,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const suite: BenchSuite = {
  name: 'import',
  async run(ctx: BenchContext) {
    const { rows, villages } = regions();
    await ctx.db.transaction((tx) => upsertRegions(tx, rows));
    const deps: AppDeps = {
      config: { ...loadConfig({ GRIDVOICE_DATA_DIR: '/tmp/gv-unused' }), logLevel: 'silent' },
      db: ctx.db,
      clock: systemClock,
      cipher: createPersonalDataCipher(Buffer.from('b'.repeat(64), 'hex')),
      version: 'bench',
    };
    const reqCtx = {
      actor: {
        userId: '00000000-0000-4000-8000-000000000001',
        username: 'bench',
        role: 'congress_staff',
        scopeRegionCode: normalizeRegionCode(COUNTY),
        stationId: null,
        deputyId: null,
        unitId: null,
      },
      ip: '127.0.0.1',
      requestId: 'bench',
    } as unknown as RequestContext;
    const file = await deputiesFile(villages);
    ctx.log(`file: ${ROWS} rows, ${(file.length / 1024).toFixed(0)} KiB`);
    const svc = createImportExportService(deps);
    const t0 = performance.now();
    const result = await svc.import(reqCtx, 'deputies', file);
    const seconds = (performance.now() - t0) / 1000;
    if (!result.ok || result.created !== ROWS) throw new Error(`import failed: ${JSON.stringify(result).slice(0, 500)}`);
    const t1 = performance.now();
    const again = await svc.import(reqCtx, 'deputies', file);
    const reimportSeconds = (performance.now() - t1) / 1000;
    if (again.unchanged !== ROWS) throw new Error(`re-import changed rows: ${JSON.stringify(again).slice(0, 300)}`);
    ctx.log(`import ${seconds.toFixed(2)} s, re-import (no change) ${reimportSeconds.toFixed(2)} s`);
    return { rows: ROWS, seconds: Number(seconds.toFixed(2)), reimportSeconds: Number(reimportSeconds.toFixed(2)) };
  },
};

export default suite;
