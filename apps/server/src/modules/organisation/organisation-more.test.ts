import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, loginAs, makeCounty, makeUser, type Session, type TestApp } from '../../../test/harness.js';

/**
 * Issue 3, the last items: deputy photos on the drawer and the service card, editing mandates and
 * placements, the coverage workbook, station managers and unit handlers, and an import that fills
 * every column of the templates — each in scope and out of it.
 */
type County = Awaited<ReturnType<typeof makeCounty>>;

async function ok<T = Record<string, unknown>>(s: Session, method: string, url: string, body?: unknown): Promise<T> {
  const res = await s.request(method, url, body);
  if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

function multipart(filename: string, bytes: Buffer) {
  const boundary = '----gridvoice' + Math.random().toString(16).slice(2);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function uploadFile(t: TestApp, s: Session, filename: string, bytes: Buffer): Promise<string> {
  const m = multipart(filename, bytes);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/attachments',
    payload: m.payload,
    headers: { 'content-type': m.contentType, 'x-csrf-token': s.csrfToken },
    cookies: { gv_session: s.cookie },
  });
  if (res.statusCode !== 200) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return res.json<{ attachmentId: string }>().attachmentId;
}

const portrait = () =>
  sharp({ create: { width: 120, height: 160, channels: 3, background: '#c0392b' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneMaker' } })
    .toBuffer();

async function xlsx(headers: string[], rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readBook(body: Buffer): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out = new Map<string, string[][]>();
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    ws.eachRow((r) =>
      rows.push((r.values as (string | number | null | undefined)[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
    );
    out.set(ws.name, rows);
  }
  return out;
}

const auditActions = async (t: TestApp, objectId: string) =>
  (
    await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE object_id = $1 AND outcome = 'success' ORDER BY audit_id`,
      [objectId],
    )
  ).rows.map((r) => r.action);

describe('organisation: photos, mandates and placements, coverage workbook, managers and handlers (issue 3)', () => {
  let t: TestApp;
  let county: County;
  let clerkA: Session;
  let clerkB: Session;
  let countyStaff: Session;
  let stationA: { stationId: string; code: string };
  let stationA2: { stationId: string; code: string };
  let stationB: { stationId: string };
  let gridA: { gridId: string; code: string };
  let gridA2: { gridId: string };
  let gridB: { gridId: string };
  let zhang: { deputyId: string };
  let wang: { deputyId: string };

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t, 2, 2);
    clerkA = (await loginAs(t, 'town_staff', county.townCodes[0]!)).session;
    clerkB = (await loginAs(t, 'town_staff', county.townCodes[1]!)).session;
    countyStaff = (await loginAs(t, 'congress_staff', county.countyCode)).session;
    const [vA1, vA2] = county.villageCodes[0] as [string, string];
    const [vB1] = county.villageCodes[1] as [string];
    stationA = await ok(clerkA, 'POST', '/api/organisation/stations', { kind: 'village', regionCode: vA1, name: '一村联络站' });
    stationA2 = await ok(clerkA, 'POST', '/api/organisation/stations', { kind: 'village', regionCode: vA2, name: '二村联络站' });
    stationB = await ok(clerkB, 'POST', '/api/organisation/stations', { kind: 'village', regionCode: vB1, name: 'B村联络站' });
    gridA = await ok(clerkA, 'POST', '/api/organisation/grids', { villageCode: vA1, name: '一村第一网格' });
    gridA2 = await ok(clerkA, 'POST', '/api/organisation/grids', { villageCode: vA2, name: '二村第一网格' });
    gridB = await ok(clerkB, 'POST', '/api/organisation/grids', { villageCode: vB1, name: 'B村第一网格' });
    zhang = await ok(clerkA, 'POST', '/api/organisation/deputies', {
      name: '张惠萍',
      gender: 'female',
      regionCode: county.townCodes[0],
      phone: '13912345678',
      mandates: [{ level: 'township', term: 17, constituencyRegionCode: county.townCodes[0] }],
    });
    wang = await ok(clerkB, 'POST', '/api/organisation/deputies', {
      name: '王建国',
      gender: 'male',
      regionCode: county.townCodes[1],
      mandates: [{ level: 'township', term: 17 }],
    });
  });
  afterAll(() => t.close());

  it('R-DUTY-7: staff in scope put a re-encoded photo on a deputy; the drawer and the service card show it; another town cannot', async () => {
    const photoId = await uploadFile(t, clerkA, '张惠萍.jpg', await portrait());
    const detail = await ok<{ photoPath: string; actions: string[] }>(clerkA, 'PUT', `/api/organisation/deputies/${zhang.deputyId}/photo`, {
      attachmentId: photoId,
    });
    const publicId = (await ok<{ publicId: string }>(clerkA, 'GET', `/api/organisation/deputies/${zhang.deputyId}`)).publicId;
    expect(detail.photoPath).toBe(`/api/public/deputies/${publicId}/photo/${photoId}`);
    expect(detail.actions).toContain('manage_photo');
    const card = await ok<{ photoPath: string }>(clerkA, 'GET', `/api/organisation/deputies/${zhang.deputyId}/service-card`);
    expect(card.photoPath).toBe(detail.photoPath);
    // the card's photo is public (the citizens' page shows it too), without its EXIF
    const seen = await t.app.inject({ method: 'GET', url: detail.photoPath });
    expect(seen.statusCode).toBe(200);
    expect(seen.headers['content-type']).toBe('image/jpeg');
    expect(seen.headers['x-content-type-options']).toBe('nosniff');
    expect((await sharp(seen.rawPayload).metadata()).exif).toBeUndefined();
    const page = (await t.app.inject({ method: 'GET', url: `/api/public/deputies/${publicId}` })).json<{ photoUrl: string | null }>();
    expect(page.photoUrl).toBe(detail.photoPath);
    // through the attachments module, only those who may read the deputy
    expect((await countyStaff.request('GET', `/api/attachments/${photoId}`)).statusCode).toBe(200);
    expect((await clerkB.request('GET', `/api/attachments/${photoId}`)).statusCode).toBe(404);
    // another file id, or any other file, is not served on the public path
    const stray = await uploadFile(t, clerkA, 'stray.jpg', await portrait());
    expect((await t.app.inject({ method: 'GET', url: `/api/public/deputies/${publicId}/photo/${stray}` })).statusCode).toBe(404);

    // the same file cannot be used twice; another town's clerk may not set a photo here
    expect((await clerkA.request('PUT', `/api/organisation/deputies/${zhang.deputyId}/photo`, { attachmentId: photoId })).statusCode).toBe(400);
    const other = await uploadFile(t, clerkB, 'x.jpg', await portrait());
    expect((await clerkB.request('PUT', `/api/organisation/deputies/${zhang.deputyId}/photo`, { attachmentId: other })).statusCode).toBe(403);
    // someone else's upload cannot be taken
    expect((await clerkA.request('PUT', `/api/organisation/deputies/${zhang.deputyId}/photo`, { attachmentId: other })).statusCode).toBe(400);
    expect(await auditActions(t, zhang.deputyId)).toContain('deputy.set_photo');
  });

  it('R-DUTY-7: a photo must be an image within the size cap; a PDF or an oversized picture is refused and nothing changes', async () => {
    const pdf = await uploadFile(t, clerkA, '简历.pdf', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'));
    const res = await clerkA.request('PUT', `/api/organisation/deputies/${zhang.deputyId}/photo`, { attachmentId: pdf });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toBe('代表照片应为 JPG、PNG 或 WebP 图片');
    const noisy = await sharp({
      create: { width: 1100, height: 1100, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
    })
      .png()
      .toBuffer();
    const big = await uploadFile(t, clerkA, '大照片.png', noisy);
    const tooBig = await clerkA.request('PUT', `/api/organisation/deputies/${zhang.deputyId}/photo`, { attachmentId: big });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json<{ error: { message: string } }>().error.message).toBe('代表照片不能超过 2 MB');
  });

  it('R-DUTY-7: the deputy may set their own photo, not another deputy’s; a station manager may not; removing is audited', async () => {
    const me = await makeUser(t, 'deputy', county.townCodes[0]!, { deputyId: zhang.deputyId });
    const deputy = await login(t.app, me.username);
    const own = await uploadFile(t, deputy, '我.jpg', await portrait());
    const mine = await ok<{ photoPath: string; actions: string[] }>(deputy, 'PUT', `/api/organisation/deputies/${zhang.deputyId}/photo`, {
      attachmentId: own,
    });
    expect(mine.photoPath).toMatch(new RegExp(`/photo/${own}$`));
    expect(mine.actions).toEqual(expect.arrayContaining(['manage_photo']));
    expect(mine.actions).not.toContain('update');
    const again = await uploadFile(t, deputy, '他.jpg', await portrait());
    expect((await deputy.request('PUT', `/api/organisation/deputies/${wang.deputyId}/photo`, { attachmentId: again })).statusCode).toBe(403);

    const sm = await loginAs(t, 'station_manager', county.townCodes[0]!, { stationId: stationA.stationId });
    const smFile = await uploadFile(t, sm.session, 'x.jpg', await portrait());
    expect((await sm.session.request('PUT', `/api/organisation/deputies/${zhang.deputyId}/photo`, { attachmentId: smFile })).statusCode).toBe(403);

    expect((await clerkB.request('DELETE', `/api/organisation/deputies/${zhang.deputyId}/photo`)).statusCode).toBe(403);
    const removed = await ok<{ photoPath: string | null }>(clerkA, 'DELETE', `/api/organisation/deputies/${zhang.deputyId}/photo`);
    expect(removed.photoPath).toBeNull();
    // a removed photo is no longer public
    expect((await t.app.inject({ method: 'GET', url: mine.photoPath })).statusCode).toBe(404);
    expect(await auditActions(t, zhang.deputyId)).toEqual(
      expect.arrayContaining(['deputy.set_photo', 'deputy.set_photo', 'deputy.remove_photo']),
    );
  });

  it('R-ORG-4: a mandate changes level (its congress follows), term, constituency and status — ending it — with an audit record; out of scope it is refused', async () => {
    const d = await ok<{ mandates: { mandateId: string }[] }>(clerkA, 'GET', `/api/organisation/deputies/${zhang.deputyId}`);
    const mandateId = d.mandates[0]!.mandateId;
    const url = `/api/organisation/deputies/${zhang.deputyId}/mandates/${mandateId}`;
    expect((await clerkB.request('PATCH', url, { term: 18 })).statusCode).toBe(403);

    const county6 = await ok<{ levels: string[]; mandates: { level: string; congressRegionCode: string; term: number; constituency: string | null }[] }>(
      clerkA,
      'PATCH',
      url,
      { level: 'county', term: 18, constituency: '第三选区' },
    );
    expect(county6.levels).toEqual(['county']);
    expect(county6.mandates[0]).toMatchObject({ level: 'county', congressRegionCode: county.countyCode, term: 18, constituency: '第三选区' });

    const bad = await clerkA.request('PATCH', url, { startedOn: '2025-01-01', endedOn: '2024-12-31' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe('endedOn');

    const ended = await ok<{ levels: string[]; mandates: { status: string; endedOn: string }[] }>(clerkA, 'PATCH', url, {
      status: 'ended',
      endedOn: '2025-06-30',
    });
    expect(ended.levels).toEqual([]);
    expect(ended.mandates[0]).toMatchObject({ status: 'ended', endedOn: '2025-06-30' });

    // a second mandate may not collide with the first
    const added = await ok<{ mandates: { mandateId: string; level: string }[] }>(clerkA, 'POST', `/api/organisation/deputies/${zhang.deputyId}/mandates`, {
      level: 'township',
      term: 18,
    });
    const second = added.mandates.find((m) => m.level === 'township')!.mandateId;
    const clash = await clerkA.request('PATCH', `/api/organisation/deputies/${zhang.deputyId}/mandates/${second}`, { level: 'county' });
    expect(clash.statusCode).toBe(409);
    expect(await auditActions(t, zhang.deputyId)).toEqual(expect.arrayContaining(['deputy.update_mandate', 'deputy.update_mandate']));
  });

  it('R-ORG-5: a placement changes its station, grid and basis within the rules, audited; another town’s place is refused', async () => {
    const li = await ok<{ deputyId: string }>(clerkA, 'POST', '/api/organisation/deputies', {
      name: '李锦华',
      gender: 'male',
      regionCode: county.townCodes[0],
      residenceRegionCode: county.villageCodes[0]![0],
      workplaceRegionCode: county.villageCodes[0]![1],
      mandates: [{ level: 'prefectural', term: 16 }],
    });
    const placed = await ok<{ assignments: { assignmentId: string; basis: string }[] }>(
      clerkA,
      'POST',
      `/api/organisation/deputies/${li.deputyId}/assignments`,
      { stationId: stationA.stationId, gridId: gridA.gridId },
    );
    const a = placed.assignments[0]!;
    expect(a.basis).toBe('residence');
    const url = `/api/organisation/deputies/${li.deputyId}/assignments/${a.assignmentId}`;

    // to the workplace village: station and grid move together, the basis with them
    const moved = await ok<{ assignments: { basis: string; station: { id: string } | null; grid: { id: string } | null }[] }>(
      clerkA,
      'PATCH',
      url,
      { stationId: stationA2.stationId, gridId: gridA2.gridId, basis: 'workplace' },
    );
    expect(moved.assignments).toHaveLength(1);
    expect(moved.assignments[0]).toMatchObject({ basis: 'workplace', station: { id: stationA2.stationId }, grid: { id: gridA2.gridId } });
    // the rule still holds: the residence basis does not fit the workplace village
    expect((await clerkA.request('PATCH', url, { basis: 'residence' })).statusCode).toBe(400);
    // a station in another town: not this clerk's to place at (and the grid would not fit it)
    const foreign = await clerkA.request('PATCH', url, { stationId: stationB.stationId, gridId: gridB.gridId });
    expect([400, 403]).toContain(foreign.statusCode);
    // the other town's clerk cannot touch the placement at all
    expect((await clerkB.request('PATCH', url, { gridId: null })).statusCode).toBe(403);
    // dropping the grid keeps the station; dropping both is refused
    const stationOnly = await ok<{ assignments: { grid: unknown; station: { id: string } | null }[] }>(clerkA, 'PATCH', url, { gridId: null });
    expect(stationOnly.assignments[0]).toMatchObject({ grid: null, station: { id: stationA2.stationId } });
    expect((await clerkA.request('PATCH', url, { stationId: null })).statusCode).toBe(400);
    expect(await auditActions(t, li.deputyId)).toEqual(['deputy.create', 'deputy.assign', 'deputy.update_assignment', 'deputy.update_assignment']);
  });

  it('R-ORG-6: the coverage workbook has Chinese headers, the town rows and total of the report, and the lists behind each gap; in scope only', async () => {
    const report = await ok<{ rows: { regionName: string; grids: number; gridsWithoutDeputy: number; deputies: number; villagesWithoutStation: number }[]; totals: { grids: number; gridsWithoutDeputy: number; deputiesWithoutGrid: number; deputiesWithoutStation: number; villagesWithoutStation: number } }>(
      countyStaff,
      'GET',
      '/api/organisation/coverage',
    );
    const res = await countyStaff.request('GET', '/api/organisation/coverage/export');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('覆盖情况');
    const book = await readBook(res.rawPayload);
    expect([...book.keys()]).toEqual(['按镇统计', '无代表的网格', '未进网格的代表', '未进联络站的代表', '无联络站覆盖的村（社区）']);
    const summary = book.get('按镇统计')!;
    expect(summary[0]).toEqual([
      '区划', '网格数', '无代表的网格', '网格有代表率', '代表数', '未进网格的代表', '代表进网格率', '未进联络站的代表', '代表进站率',
      '村（社区）数', '无联络站覆盖的村（社区）', '村（社区）覆盖率',
    ]);
    expect(summary).toHaveLength(report.rows.length + 2);
    const total = summary[summary.length - 1]!;
    expect(total[0]).toMatch(/^合计/);
    expect(total.slice(1, 3)).toEqual([String(report.totals.grids), String(report.totals.gridsWithoutDeputy)]);
    expect(book.get('无代表的网格')!.length - 1).toBe(report.totals.gridsWithoutDeputy);
    expect(book.get('未进网格的代表')!.length - 1).toBe(report.totals.deputiesWithoutGrid);
    expect(book.get('未进联络站的代表')!.length - 1).toBe(report.totals.deputiesWithoutStation);
    expect(book.get('无联络站覆盖的村（社区）')!.length - 1).toBe(report.totals.villagesWithoutStation);
    expect(book.get('未进网格的代表')![0]).toEqual(['姓名', '所属区划', '代表层级']);
    expect(JSON.stringify([...book.values()])).not.toContain('13912345678');

    // a town clerk exports their town; another town, a station manager or a deputy cannot
    const mine = await readBook((await clerkA.request('GET', `/api/organisation/coverage/export?regionCode=${county.townCodes[0]}`)).rawPayload);
    expect(mine.get('按镇统计')!.map((r) => r[0])).toEqual(['区划', '测试镇1', '合计（测试镇1）']);
    expect((await clerkB.request('GET', `/api/organisation/coverage/export?regionCode=${county.townCodes[0]}`)).statusCode).toBe(403);
    const sm = await loginAs(t, 'station_manager', county.townCodes[0]!, { stationId: stationA.stationId });
    expect((await sm.session.request('GET', '/api/organisation/coverage/export')).statusCode).toBe(403);
  });

  it('R-ORG-3: the town lists its station-manager accounts and sets them on a station, audited; another town can do neither', async () => {
    const mgrA = await makeUser(t, 'station_manager', county.townCodes[0]!, { displayName: '一村站长' });
    const mgrB = await makeUser(t, 'station_manager', county.townCodes[1]!, { displayName: 'B村站长' });
    await makeUser(t, 'deputy', county.townCodes[0]!, { displayName: '不是站长' });
    const list = await ok<{ items: { userId: string; displayName: string; currentId: string | null }[] }>(
      clerkA,
      'GET',
      `/api/organisation/stations/${stationA.stationId}/manager-candidates`,
    );
    const ids = list.items.map((u) => u.userId);
    expect(ids).toContain(mgrA.userId);
    expect(ids).not.toContain(mgrB.userId);
    expect(list.items.map((u) => u.displayName)).not.toContain('不是站长');
    const searched = await ok<{ items: { userId: string }[] }>(
      clerkA,
      'GET',
      `/api/organisation/stations/${stationA.stationId}/manager-candidates?q=${encodeURIComponent('一村站')}`,
    );
    expect(searched.items.map((u) => u.userId)).toEqual([mgrA.userId]);

    const set = await ok<{ managers: { userId: string }[]; managerCount: number }>(
      clerkA,
      'PUT',
      `/api/organisation/stations/${stationA.stationId}/managers`,
      { userIds: [mgrA.userId] },
    );
    expect(set.managers.map((m) => m.userId)).toEqual([mgrA.userId]);
    const after = await ok<{ items: { userId: string; currentId: string | null; currentName: string | null }[] }>(
      clerkA,
      'GET',
      `/api/organisation/stations/${stationA2.stationId}/manager-candidates`,
    );
    expect(after.items.find((u) => u.userId === mgrA.userId)).toMatchObject({ currentId: stationA.stationId, currentName: '一村联络站' });
    // the new manager now sees the station as theirs
    const manager = await login(t.app, mgrA.username);
    expect((await manager.request('GET', `/api/organisation/stations/${stationA.stationId}`)).statusCode).toBe(200);

    expect((await clerkB.request('GET', `/api/organisation/stations/${stationA.stationId}/manager-candidates`)).statusCode).toBe(403);
    expect((await clerkA.request('PUT', `/api/organisation/stations/${stationA.stationId}/managers`, { userIds: [mgrB.userId] })).statusCode).toBe(400);
    expect(await auditActions(t, stationA.stationId)).toContain('station.set_managers');
  });

  it('R-ORG-9: the county lists its handler accounts and sets them on a unit, audited; a town clerk cannot for a county unit', async () => {
    const unit = await ok<{ unitId: string }>(countyStaff, 'POST', '/api/organisation/units', {
      regionCode: county.countyCode,
      name: '住房和城乡建设局',
      kind: 'department',
    });
    const h1 = await makeUser(t, 'unit_handler', county.countyCode, { displayName: '住建经办人' });
    const list = await ok<{ items: { userId: string; currentId: string | null }[] }>(
      countyStaff,
      'GET',
      `/api/organisation/units/${unit.unitId}/handler-candidates`,
    );
    expect(list.items.find((u) => u.userId === h1.userId)).toMatchObject({ currentId: null });
    const set = await ok<{ handlers: { userId: string }[]; handlerCount: number }>(
      countyStaff,
      'PUT',
      `/api/organisation/units/${unit.unitId}/handlers`,
      { userIds: [h1.userId] },
    );
    expect(set).toMatchObject({ handlerCount: 1, handlers: [{ userId: h1.userId }] });
    expect((await clerkA.request('GET', `/api/organisation/units/${unit.unitId}/handler-candidates`)).statusCode).toBe(403);
    expect((await clerkA.request('PUT', `/api/organisation/units/${unit.unitId}/handlers`, { userIds: [] })).statusCode).toBe(403);
    expect(await auditActions(t, unit.unitId)).toContain('handling_unit.set_handlers');
  });
});

describe('organisation: an import that fills every column of the templates reads back the same (issue 3 item 7)', () => {
  let t: TestApp;
  let county: County;
  let clerkA: Session;
  const upload = (s: Session, kind: string, file: Buffer) =>
    s.request('POST', `/api/organisation/import/${kind}`, file, { 'content-type': 'application/octet-stream' });

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t, 2, 2);
    clerkA = (await loginAs(t, 'town_staff', county.townCodes[0]!)).session;
  });
  afterAll(() => t.close());

  it('R-ORG-2, R-ORG-3, R-ORG-4: grids, stations and deputies with every optional column land whole and export as imported', async () => {
    const [v1] = county.villageCodes[0] as [string];
    const c6 = county.county6;
    const template = async (kind: string) =>
      (await readBook((await clerkA.request('GET', `/api/organisation/import/${kind}/template`)).rawPayload)).values().next().value![0]!;

    const gridRows = [
      [`${v1}001`, '一村第一网格', '网格', '测试村'],
      [`${v1}00101`, '一村第一网格一号微网格', '微网格', '测试村'],
    ];
    const grids = await upload(clerkA, 'grids', await xlsx(await template('grids'), gridRows));
    expect(grids.json(), grids.body).toMatchObject({ ok: true, created: 2 });

    const stationRow = [`${c6}V001`, '一村联络站', '村（社区）联络站', v1, '一村文化楼二楼', '每周四 9:00-12:00', '陈联络', '0750-8881234'];
    const stations = await upload(clerkA, 'stations', await xlsx(await template('stations'), [stationRow]));
    expect(stations.json(), stations.body).toMatchObject({ ok: true, created: 1 });

    const deputyRow = [
      '黄秀英', '女', '壮族', 1981, '13911112222', v1, '乡村医生', '一村卫生站', '县、乡镇', 18, '第五选区', `${c6}V001`, `${v1}001`,
    ];
    const deputies = await upload(clerkA, 'deputies', await xlsx(await template('deputies'), [deputyRow]));
    expect(deputies.json(), deputies.body).toMatchObject({ ok: true, created: 1 });

    // read back through the API
    const grid = (await ok<{ items: { kind: string; name: string; code: string; parentCode: string | null }[] }>(
      clerkA,
      'GET',
      `/api/organisation/grids?q=${v1}00101`,
    )).items[0]!;
    expect(grid).toMatchObject({ kind: 'micro_grid', name: '一村第一网格一号微网格', parentCode: `${v1}001` });
    const station = (await ok<{ items: Record<string, unknown>[] }>(clerkA, 'GET', `/api/organisation/stations?q=${c6}V001`)).items[0]!;
    expect(station).toMatchObject({
      code: `${c6}V001`,
      name: '一村联络站',
      kind: 'village',
      regionCode: v1,
      address: '一村文化楼二楼',
      openingHours: '每周四 9:00-12:00',
      contactName: '陈联络',
      contactPhone: '0750-8881234',
    });
    const found = (await ok<{ items: { deputyId: string }[] }>(clerkA, 'GET', `/api/organisation/deputies?q=${encodeURIComponent('黄秀英')}`)).items[0]!;
    const d = await ok<Record<string, unknown> & { deputyId: string }>(clerkA, 'GET', `/api/organisation/deputies/${found.deputyId}`);
    expect(d).toMatchObject({
      name: '黄秀英',
      gender: 'female',
      ethnicity: '壮族',
      birthYear: 1981,
      phoneMasked: '139****2222',
      regionCode: v1,
      occupation: '乡村医生',
      workplace: '一村卫生站',
      levels: ['county', 'township'],
      mandates: [
        { level: 'county', term: 18, constituency: '第五选区' },
        { level: 'township', term: 18, constituency: '第五选区' },
      ],
      assignments: [{ station: { code: `${c6}V001` }, grid: { code: `${v1}001` } }],
    });
    expect(await ok(clerkA, 'POST', `/api/organisation/deputies/${d.deputyId}/reveal-phone`)).toEqual({ phone: '13911112222' });

    // and through the export, column for column (the phone masked)
    const exported = async (kind: string) =>
      (await readBook((await clerkA.request('GET', `/api/organisation/export/${kind}`)).rawPayload)).values().next().value!;
    expect((await exported('grids')).slice(1).map((r) => r.slice(0, 3))).toEqual(gridRows.map((r) => r.slice(0, 3)));
    expect((await exported('stations')).slice(1)).toEqual([stationRow]);
    const dep = (await exported('deputies')).slice(1);
    expect(dep).toEqual([deputyRow.map((v, i) => (i === 4 ? '139****2222' : i === 8 ? '县、乡镇' : String(v)))]);

    // the same file again changes nothing
    expect((await upload(clerkA, 'deputies', await xlsx(await template('deputies'), [deputyRow]))).json()).toMatchObject({
      ok: true,
      created: 0,
      unchanged: 1,
    });
  });

  it('optional columns are checked like the forms: lengths, phone format, a grid type that contradicts its code, places outside one’s town', async () => {
    const [v1] = county.villageCodes[0] as [string];
    const [vB] = county.villageCodes[1] as [string];
    const countyStaff = (await loginAs(t, 'congress_staff', county.countyCode)).session;
    await ok(countyStaff, 'POST', '/api/organisation/grids', { villageCode: vB, name: 'B村网格' });
    const foreignGrid = (await ok<{ items: { code: string }[] }>(countyStaff, 'GET', `/api/organisation/grids?regionCode=${vB}`)).items[0]!.code;

    const grids = await upload(clerkA, 'grids', await xlsx(['网格编码', '网格名称', '类型'], [[`${v1}002`, '一村第二网格', '微网格']]));
    expect(grids.json().problems).toEqual([{ row: 2, column: '类型', message: '类型与网格编码不符（该编码是网格）' }]);

    const stations = await upload(
      clerkA,
      'stations',
      await xlsx(['联络站编码', '联络站名称', '类型', '所在区划代码', '地址', '开放时间', '联系人', '联系电话'], [
        [`${county.county6}V002`, '一村二站', '村（社区）联络站', v1, '路'.repeat(129), null, null, '12345'],
      ]),
    );
    expect(stations.json().problems.map((p: { column: string }) => p.column)).toEqual(['地址', '联系电话']);

    const deputies = await upload(
      clerkA,
      'deputies',
      await xlsx(['姓名', '性别', '出生年份', '所属区划代码', '代表层级', '届次', '选区', '网格编码'], [
        ['陈测试', '男', 1980, v1, '乡镇', 18, '选'.repeat(65), foreignGrid],
      ]),
    );
    expect(deputies.json().problems.map((p: { column: string; message: string }) => `${p.column}:${p.message}`)).toEqual([
      '选区:选区不能超过64个字',
      '网格编码:该网格超出您的管辖范围',
    ]);
  });
});
