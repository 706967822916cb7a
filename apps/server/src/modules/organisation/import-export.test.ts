import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, makeCounty, type TestApp } from '../../../test/harness.js';

type County = Awaited<ReturnType<typeof makeCounty>>;
type Session = Awaited<ReturnType<typeof loginAs>>['session'];

async function xlsx(headers: string[], rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readXlsx(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out: string[][] = [];
  wb.worksheets[0]!.eachRow((r) => out.push((r.values as (string | number | null | undefined)[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return out;
}

const upload = (s: Session, kind: string, file: Buffer) =>
  s.request('POST', `/api/organisation/import/${kind}`, file, { 'content-type': 'application/octet-stream' });

const DEPUTY_HEADERS = ['姓名', '性别', '民族', '出生年份', '手机号码', '所属区划代码', '职业', '工作单位', '代表层级', '届次', '选区', '联络站编码', '网格编码'];

describe('organisation: spreadsheet import and export (issue 3 item 7)', () => {
  let t: TestApp;
  let county: County;
  let clerkA: Session;
  let clerkB: Session;
  let countyStaff: Session;
  const snapshot = async () =>
    (
      await t.db.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM grids) || '/' || (SELECT count(*) FROM stations) || '/' ||
           (SELECT count(*) FROM deputies) || '/' || (SELECT count(*) FROM deputy_mandates) || '/' ||
           (SELECT count(*) FROM deputy_assignments) || '/' || (SELECT coalesce(max(version), 0) FROM deputies) AS n`,
      )
    ).rows[0]!.n;

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t, 2, 2);
    clerkA = (await loginAs(t, 'town_staff', county.townCodes[0]!)).session;
    clerkB = (await loginAs(t, 'town_staff', county.townCodes[1]!)).session;
    countyStaff = (await loginAs(t, 'congress_staff', county.countyCode)).session;
  });
  afterAll(() => t.close());

  it('offers a template with Chinese headers', async () => {
    const res = await clerkA.request('GET', '/api/organisation/import/deputies/template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(DEPUTY_HEADERS);
  });

  it('imports grids and stations, and re-importing changes nothing', async () => {
    const [v1, v2] = county.villageCodes[0] as [string, string];
    const grids = await xlsx(['网格编码', '网格名称'], [
      [`${v1}001`, '一村第一网格'],
      [`${v1}00101`, '一村第一网格一号微网格'],
      [`${v2}001`, '二村第一网格'],
    ]);
    const first = await upload(clerkA, 'grids', grids);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ ok: true, rows: 3, created: 3, updated: 0, unchanged: 0 });
    const again = await upload(clerkA, 'grids', grids);
    expect(again.json()).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 3 });

    const stations = await xlsx(['联络站编码', '联络站名称', '类型', '所在区划代码', '地址'], [
      [`${county.county6}C001`, '测试镇1中心联络站', '中心联络站', county.townCodes[0]!, '人民路1号'],
      [`${county.county6}V001`, '一村联络站', '村（社区）联络站', v1, null],
    ]);
    expect((await upload(clerkA, 'stations', stations)).json()).toMatchObject({ ok: true, created: 2 });
    expect((await upload(clerkA, 'stations', stations)).json()).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 2 });
  });

  it('with three bad rows returns the three problems and writes nothing; the fixed file lands; again changes nothing', async () => {
    const town = county.townCodes[0]!;
    const [v1] = county.villageCodes[0] as [string];
    const good = (i: number): (string | number | null)[] =>
      [`代表${i}`, i % 2 ? '男' : '女', '汉族', 1970 + i, `1380013${String(8000 + i)}`, v1, '农民', null, '县、乡镇', 18, '第一选区', `${county.county6}V001`, `${v1}001`];
    const rows = [good(1), good(2), good(3), good(4), good(5)];
    const bad = rows.map((r) => [...r]);
    bad[1]![4] = '12345'; // phone
    bad[2]![8] = '村级'; // level
    bad[4]![5] = county.townCodes[1]!; // another town
    const before = await snapshot();
    const auditBefore = (await t.db.query(`SELECT count(*) AS n FROM audit_log WHERE action LIKE 'organisation.import%'`)).rows[0];
    const res = await upload(clerkA, 'deputies', await xlsx(DEPUTY_HEADERS, bad));
    expect(res.statusCode).toBe(200);
    const body = res.json<{ ok: boolean; problems: { row: number; column: string; message: string }[] }>();
    expect(body.ok).toBe(false);
    expect(body.problems.map((p) => [p.row, p.column])).toEqual([
      [3, '手机号码'],
      [4, '代表层级'],
      [6, '所属区划代码'],
    ]);
    expect(body.problems[2]!.message).toContain('管辖范围');
    expect(await snapshot()).toBe(before);
    expect((await t.db.query(`SELECT count(*) AS n FROM audit_log WHERE action LIKE 'organisation.import%'`)).rows[0]).toEqual(auditBefore);

    const fixed = await upload(clerkA, 'deputies', await xlsx(DEPUTY_HEADERS, rows));
    expect(fixed.json()).toMatchObject({ ok: true, rows: 5, created: 5, updated: 0, unchanged: 0, problems: [] });
    const stored = await t.db.query<{ phone_encrypted: string; phone_index: string; levels: number }>(
      `SELECT d.phone_encrypted, d.phone_index, (SELECT count(*)::int FROM deputy_mandates m WHERE m.deputy_id = d.deputy_id) AS levels
       FROM deputies d WHERE d.name = '代表1'`,
    );
    expect(stored.rows[0]!.phone_encrypted).not.toContain('13800138001');
    expect(t.deps.cipher.decrypt(stored.rows[0]!.phone_encrypted)).toBe('13800138001');
    expect(stored.rows[0]!.levels).toBe(2);
    const audit = await t.db.query<{ after: unknown }>(`SELECT after FROM audit_log WHERE action = 'organisation.import_deputies'`);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.after).toMatchObject({ rows: 5, created: 5 });

    const afterFirst = await snapshot();
    const again = await upload(clerkA, 'deputies', await xlsx(DEPUTY_HEADERS, rows));
    expect(again.json()).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 5 });
    expect(await snapshot()).toBe(afterFirst);

    // a changed occupation updates that one deputy only
    rows[0]![6] = '教师';
    expect((await upload(clerkA, 'deputies', await xlsx(DEPUTY_HEADERS, rows))).json()).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
    expect(town).toBeTruthy();
  });

  it('a town clerk cannot import into another town (nothing written)', async () => {
    const [vB] = county.villageCodes[1] as [string];
    const before = await snapshot();
    const res = await upload(clerkA, 'grids', await xlsx(['网格编码', '网格名称'], [[`${vB}001`, '他镇网格']]));
    expect(res.json()).toMatchObject({ ok: false, problems: [{ row: 2, column: '网格编码' }] });
    // a deputy of town A cannot be re-homed by town B's clerk either
    const resB = await upload(clerkB, 'deputies', await xlsx(DEPUTY_HEADERS, [['代表1', '男', '汉族', 1971, '13800138001', vB, '农民', null, '县', 18, null, null, null]]));
    expect(resB.json<{ ok: boolean; problems: { message: string }[] }>().problems[0]!.message).toContain('其他辖区');
    expect(await snapshot()).toBe(before);
    // the town B clerk may import into town B
    expect((await upload(clerkB, 'grids', await xlsx(['网格编码', '网格名称'], [[`${vB}001`, '他镇网格']]))).json()).toMatchObject({ ok: true, created: 1 });
  });

  it('exports the lists with masked phones', async () => {
    const res = await countyStaff.request('GET', '/api/organisation/export/deputies');
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(DEPUTY_HEADERS);
    const one = rows.find((r) => r[0] === '代表1')!;
    expect(one[4]).toMatch(/^138\*{4}8001$/);
    expect(one[8]).toBe('县、乡镇');
    expect(rows.length).toBe(6);
    // the exported file imports back without changes
    const back = await upload(clerkA, 'deputies', res.rawPayload);
    expect(back.json()).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 5 });
  });

  it('refuses a file that is not a spreadsheet, and people without the permission', async () => {
    const res = await upload(clerkA, 'deputies', Buffer.from('not a spreadsheet'));
    expect(res.json()).toMatchObject({ ok: false, problems: [{ row: 0 }] });
    const viewer = (await loginAs(t, 'viewer', county.countyCode)).session;
    expect((await upload(viewer, 'deputies', await xlsx(DEPUTY_HEADERS, []))).statusCode).toBe(403);
  });
});
