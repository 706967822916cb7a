import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, loginAs, makeCounty, makeUser, type TestApp } from '../../../test/harness.js';

type County = Awaited<ReturnType<typeof makeCounty>>;
type Session = Awaited<ReturnType<typeof loginAs>>['session'];

const count = async (t: TestApp, table: string) =>
  (await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0;

async function post(s: Session, url: string, body: unknown) {
  const res = await s.request('POST', url, body);
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const names = (res: { json(): { items: { name: string }[] } }) => res.json().items.map((d) => d.name).sort();

describe('organisation: deputies (R-ORG-4, R-ORG-5, search, personal data, access)', () => {
  let t: TestApp;
  let county: County;
  let clerkA: Awaited<ReturnType<typeof loginAs>>;
  let clerkB: Awaited<ReturnType<typeof loginAs>>;
  let countyStaff: Awaited<ReturnType<typeof loginAs>>;
  let stationA: { stationId: string };
  let stationB: { stationId: string };
  let gridA: { gridId: string };
  let microA: { gridId: string };
  let gridA2: { gridId: string };
  let gridB: { gridId: string };
  let zhang: { deputyId: string; publicId: string };
  let li: { deputyId: string };
  let wang: { deputyId: string };

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t, 2, 2);
    clerkA = await loginAs(t, 'town_staff', county.townCodes[0]!);
    clerkB = await loginAs(t, 'town_staff', county.townCodes[1]!);
    countyStaff = await loginAs(t, 'congress_staff', county.countyCode);
    const [vA1, vA2] = county.villageCodes[0] as [string, string];
    const [vB1] = county.villageCodes[1] as [string];
    stationA = await post(clerkA.session, '/api/organisation/stations', { kind: 'village', regionCode: vA1, name: 'A站' });
    stationB = await post(clerkB.session, '/api/organisation/stations', { kind: 'village', regionCode: vB1, name: 'B站' });
    gridA = await post(clerkA.session, '/api/organisation/grids', { villageCode: vA1, name: 'A网格' });
    microA = await post(clerkA.session, '/api/organisation/grids', { parentGridId: gridA.gridId, name: 'A微网格' });
    gridA2 = await post(clerkA.session, '/api/organisation/grids', { villageCode: vA2, name: 'A二网格' });
    gridB = await post(clerkB.session, '/api/organisation/grids', { villageCode: vB1, name: 'B网格' });
    zhang = await post(clerkA.session, '/api/organisation/deputies', {
      name: '张惠萍',
      gender: 'female',
      ethnicity: '汉族',
      birthYear: 1978,
      occupation: '社区工作者',
      regionCode: county.townCodes[0],
      phone: '13912345678',
      mandates: [
        { level: 'county', term: 17, constituency: '第三选区', constituencyRegionCode: county.townCodes[0] },
        { level: 'township', term: 17 },
      ],
    });
    li = await post(clerkA.session, '/api/organisation/deputies', {
      name: '李锦华',
      gender: 'male',
      regionCode: county.townCodes[0],
      residenceRegionCode: vA2,
      mandates: [{ level: 'prefectural', term: 16 }],
    });
    wang = await post(clerkB.session, '/api/organisation/deputies', {
      name: '王建国',
      gender: 'male',
      regionCode: county.townCodes[1],
      phone: '13600001111',
      mandates: [{ level: 'township', term: 17 }],
    });
  });
  afterAll(() => t.close());

  it('creates a deputy of two levels with the congress of each level filled in, a public id and pinyin keys', async () => {
    const d = (await clerkA.session.request('GET', `/api/organisation/deputies/${zhang.deputyId}`)).json();
    expect(d).toMatchObject({
      name: '张惠萍',
      namePinyin: 'zhanghuiping',
      nameInitials: 'zhp',
      levels: ['county', 'township'],
      levelLabels: ['县（市、区）人大代表', '乡镇人大代表'],
      phoneMasked: '139****5678',
      publicPath: `/d/${zhang.publicId}`,
      allowedBases: ['constituency'],
    });
    expect(zhang.publicId).toMatch(/^[2-9A-HJKMNP-TV-Z]{8}$/);
    expect(d.mandates.map((m: { level: string; congressRegionCode: string }) => [m.level, m.congressRegionCode])).toEqual([
      ['county', county.countyCode],
      ['township', county.townCodes[0]],
    ]);
    expect(d.actions).toEqual(['update', 'manage_mandates', 'manage_assignments', 'manage_photo', 'reveal_phone', 'deactivate', 'delete']);
  });

  it('the phone is never stored in plain text; lists mask it; a reveal is permitted, audited and shows the number', async () => {
    const rows = await t.db.query<{ phone_encrypted: string; phone_index: string }>(
      'SELECT phone_encrypted, phone_index FROM deputies WHERE deputy_id = $1',
      [zhang.deputyId],
    );
    expect(rows.rows[0]?.phone_encrypted).toMatch(/^sm4:v1:/);
    expect(rows.rows[0]?.phone_index).toBe(t.deps.cipher.blindIndex('phone', '13912345678'));
    const anywhere = await t.db.query(
      `SELECT 1 FROM deputies d WHERE d::text LIKE '%13912345678%'
       UNION ALL SELECT 1 FROM audit_log a WHERE a::text LIKE '%13912345678%'`,
    );
    expect(anywhere.rows).toHaveLength(0);
    const list = await clerkA.session.request('GET', '/api/organisation/deputies');
    expect(list.body).not.toContain('13912345678');
    expect(list.body).toContain('139****5678');

    const reveal = await clerkA.session.request('POST', `/api/organisation/deputies/${zhang.deputyId}/reveal-phone`);
    expect(reveal.json()).toEqual({ phone: '13912345678' });
    const audit = await t.db.query<{ actor_username: string }>(
      `SELECT actor_username FROM audit_log WHERE action = 'deputy.reveal_phone' AND object_id = $1 AND outcome = 'success'`,
      [zhang.deputyId],
    );
    expect(audit.rows.map((r) => r.actor_username)).toEqual([clerkA.username]);

    const viewer = await loginAs(t, 'viewer', county.countyCode);
    const v = await viewer.session.request('GET', `/api/organisation/deputies/${zhang.deputyId}`);
    expect(v.json().actions).toEqual([]);
    expect((await viewer.session.request('POST', `/api/organisation/deputies/${zhang.deputyId}/reveal-phone`)).statusCode).toBe(403);
    const denied = await t.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'deputy.reveal_phone' AND object_id = $1 AND outcome = 'denied'`,
      [zhang.deputyId],
    );
    expect(denied.rows).toHaveLength(1);
  });

  it('R-ORG-5: county and township deputies by constituency, prefectural by residence or workplace', async () => {
    const byResidence = await clerkA.session.request('POST', `/api/organisation/deputies/${zhang.deputyId}/assignments`, {
      gridId: gridA.gridId,
      basis: 'residence',
    });
    expect(byResidence.statusCode).toBe(400);
    expect(byResidence.json().error.details[0]).toEqual({ field: 'basis', message: '县、乡镇人大代表应按选区安排进站入网格' });
    const ok = await clerkA.session.request('POST', `/api/organisation/deputies/${zhang.deputyId}/assignments`, {
      stationId: stationA.stationId,
      gridId: microA.gridId,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().assignments[0]).toMatchObject({ basis: 'constituency', basisLabel: '选区', station: { id: stationA.stationId }, grid: { id: microA.gridId, kind: 'micro_grid' } });
    const again = await clerkA.session.request('POST', `/api/organisation/deputies/${zhang.deputyId}/assignments`, {
      stationId: stationA.stationId,
      gridId: microA.gridId,
    });
    expect(again.statusCode).toBe(409);

    // prefectural deputy: residence in village A2, so a grid in A1 is outside it
    const outside = await clerkA.session.request('POST', `/api/organisation/deputies/${li.deputyId}/assignments`, { gridId: gridA.gridId, basis: 'residence' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toBe('所选网格（联络站）不在代表的居住地范围内');
    const byConstituency = await clerkA.session.request('POST', `/api/organisation/deputies/${li.deputyId}/assignments`, { gridId: gridA2.gridId, basis: 'constituency' });
    expect(byConstituency.json().error.message).toBe('省、市人大代表应按居住地或工作地安排进站入网格');
    const inside = await clerkA.session.request('POST', `/api/organisation/deputies/${li.deputyId}/assignments`, { gridId: gridA2.gridId });
    expect(inside.statusCode, inside.body).toBe(200);
    expect(inside.json().assignments[0].basis).toBe('residence');

    // a station and a grid of different towns make no assignment
    const split = await countyStaff.session.request('POST', `/api/organisation/deputies/${li.deputyId}/assignments`, {
      stationId: stationB.stationId,
      gridId: gridA2.gridId,
      basis: 'residence',
    });
    expect(split.statusCode).toBe(400);
    expect(split.json().error.details[0]).toEqual({ field: 'stationId', message: '联络站与网格须在同一镇（街道）' });
    // a clerk cannot place a deputy in another town's grid
    const foreign = await clerkA.session.request('POST', `/api/organisation/deputies/${zhang.deputyId}/assignments`, { gridId: gridB.gridId });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0]).toEqual({ field: 'gridId', message: '网格不存在' });
    // town B places its own deputy
    expect((await clerkB.session.request('POST', `/api/organisation/deputies/${wang.deputyId}/assignments`, { stationId: stationB.stationId, gridId: gridB.gridId })).statusCode).toBe(200);
  });

  it('search: by name, pinyin, initials, phone, public id; by level, town, station, grid (with micro-grids) and group', async () => {
    const s = countyStaff.session;
    const q = (query: string) => s.request('GET', `/api/organisation/deputies?${query}`);
    expect(names(await q('q=zhp'))).toEqual(['张惠萍']);
    expect(names(await q('q=ZHP'))).toEqual(['张惠萍']);
    expect(names(await q('q=zhanghui'))).toEqual(['张惠萍']);
    expect(names(await q('q=huiping'))).toEqual(['张惠萍']);
    expect(names(await q(`q=${encodeURIComponent('惠萍')}`))).toEqual(['张惠萍']);
    expect(names(await q('q=139%201234%205678'))).toEqual(['张惠萍']);
    expect(names(await q(`q=${zhang.publicId.toLowerCase()}`))).toEqual(['张惠萍']);
    expect(names(await q('q=l'))).toEqual(['李锦华']);
    expect(names(await q('level=township'))).toEqual(['张惠萍', '王建国']);
    expect(names(await q('level=prefectural'))).toEqual(['李锦华']);
    expect(names(await q(`regionCode=${county.townCodes[1]}`))).toEqual(['王建国']);
    expect(names(await q(`stationId=${stationA.stationId}`))).toEqual(['张惠萍']);
    expect(names(await q(`gridId=${gridA.gridId}`))).toEqual(['张惠萍']);
    expect(names(await q(`gridId=${gridA2.gridId}`))).toEqual(['李锦华']);
    expect(names(await q('hasStation=false'))).toEqual(['李锦华']);
    const group = await post(s, '/api/organisation/deputy-groups', {
      regionCode: county.countyCode,
      name: '城建环保组',
      field: '城建环保',
      members: [{ deputyId: zhang.deputyId, role: 'leader' }, { deputyId: wang.deputyId }],
    });
    expect(group).toMatchObject({ memberCount: 2, mixesLevels: true, levelCounts: { county: 1, township: 2 } });
    expect(names(await q(`groupId=${group.groupId}`))).toEqual(['张惠萍', '王建国']);
    const sorted = (await q('sort=pinyin&order=desc&pageSize=2')).json();
    expect(sorted.total).toBe(3);
    expect(sorted.items.map((d: { name: string }) => d.name)).toEqual(['张惠萍', '王建国']);
    expect((await q('sort=pinyin&order=desc&pageSize=2&page=2')).json().items.map((d: { name: string }) => d.name)).toEqual(['李锦华']);
  });

  it('a town clerk sees their deputies and those placed in their town, changes only their own, and nothing of another town', async () => {
    // 王建国 (town B) is placed at a station of town A: clerk A may read him, not change him
    const placed = await countyStaff.session.request('POST', `/api/organisation/deputies/${wang.deputyId}/assignments`, {
      stationId: stationA.stationId,
    });
    expect(placed.statusCode, placed.body).toBe(200);
    const listA = await clerkA.session.request('GET', '/api/organisation/deputies');
    expect(names(listA)).toEqual(['张惠萍', '李锦华', '王建国'].sort());
    const wangForA = (await clerkA.session.request('GET', `/api/organisation/deputies/${wang.deputyId}`)).json();
    expect(wangForA.actions).toEqual(['reveal_phone']);
    expect((await clerkA.session.request('PATCH', `/api/organisation/deputies/${wang.deputyId}`, { occupation: '改' })).statusCode).toBe(403);

    const listB = await clerkB.session.request('GET', '/api/organisation/deputies');
    expect(names(listB)).toEqual(['王建国']);
    expect(listB.body).not.toContain('张惠萍');
    for (const [method, url, body] of [
      ['GET', `/api/organisation/deputies/${zhang.deputyId}`, undefined],
      ['PATCH', `/api/organisation/deputies/${zhang.deputyId}`, { occupation: '改' }],
      ['POST', `/api/organisation/deputies/${zhang.deputyId}/reveal-phone`, undefined],
      ['POST', `/api/organisation/deputies/${zhang.deputyId}/deactivate`, undefined],
      ['DELETE', `/api/organisation/deputies/${zhang.deputyId}`, undefined],
      ['POST', `/api/organisation/deputies/${zhang.deputyId}/mandates`, { level: 'township', term: 18 }],
    ] as const) {
      const res = await clerkB.session.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.body).not.toContain('张惠萍');
      expect(res.body).not.toContain('5678');
    }
    expect((await clerkB.session.request('GET', `/api/organisation/deputies?regionCode=${county.townCodes[0]}`)).statusCode).toBe(403);
    const create = await clerkB.session.request('POST', '/api/organisation/deputies', {
      name: '越界', gender: 'male', regionCode: county.townCodes[0], mandates: [{ level: 'township', term: 17 }],
    });
    expect(create.statusCode).toBe(403);
  });

  it('a deputy reads their own record only; a station manager the deputies of their station', async () => {
    const self = await loginAs(t, 'deputy', county.townCodes[0]!, { deputyId: zhang.deputyId });
    const list = await self.session.request('GET', '/api/organisation/deputies');
    expect(names(list)).toEqual(['张惠萍']);
    expect(list.json().canCreate).toBe(false);
    const own = (await self.session.request('GET', `/api/organisation/deputies/${zhang.deputyId}`)).json();
    expect(own.actions).toEqual(['manage_photo', 'reveal_phone']);
    expect((await self.session.request('POST', `/api/organisation/deputies/${zhang.deputyId}/reveal-phone`)).json().phone).toBe('13912345678');
    expect((await self.session.request('GET', `/api/organisation/deputies/${li.deputyId}`)).statusCode).toBe(403);
    expect((await self.session.request('PATCH', `/api/organisation/deputies/${zhang.deputyId}`, { occupation: '自改' })).statusCode).toBe(403);

    const mgr = await makeUser(t, 'station_manager', county.townCodes[0]!, { stationId: stationA.stationId });
    const ms = await login(t.app, mgr.username);
    expect(names(await ms.request('GET', '/api/organisation/deputies'))).toEqual(['张惠萍', '王建国']);
    expect((await ms.request('GET', `/api/organisation/deputies/${li.deputyId}`)).statusCode).toBe(403);
    expect((await ms.request('POST', `/api/organisation/deputies/${zhang.deputyId}/reveal-phone`)).statusCode).toBe(200);
    // grids: only those their station covers (its village)
    const grids = (await ms.request('GET', '/api/organisation/grids')).json();
    expect(grids.items.map((g: { name: string }) => g.name).sort()).toEqual(['A微网格', 'A网格'].sort());
    expect((await ms.request('GET', `/api/organisation/grids/${gridA2.gridId}`)).statusCode).toBe(403);
    const unlinked = await loginAs(t, 'station_manager', county.townCodes[0]!);
    expect((await unlinked.session.request('GET', '/api/organisation/deputies')).json().total).toBe(0);
    expect((await unlinked.session.request('GET', '/api/organisation/stations')).json().total).toBe(0);
  });

  it('validation errors are 400, name the field in Chinese and write nothing', async () => {
    const before = await count(t, 'deputies');
    const mandatesBefore = await count(t, 'deputy_mandates');
    const cases: [unknown, string, string][] = [
      [{ gender: 'male', regionCode: county.townCodes[0], mandates: [{ level: 'county', term: 17 }] }, 'name', '代表姓名'],
      [{ name: '某', gender: 'x', regionCode: county.townCodes[0], mandates: [{ level: 'county', term: 17 }] }, 'gender', '性别不正确'],
      [{ name: '某', gender: 'male', regionCode: county.townCodes[0], mandates: [] }, 'mandates', '请至少填写一项代表资格'],
      [{ name: '某', gender: 'male', regionCode: county.townCodes[0], mandates: [{ level: 'mayor', term: 17 }] }, 'mandates.0.level', '代表层级不正确'],
      [{ name: '某', gender: 'male', regionCode: county.townCodes[0], mandates: [{ level: 'county', term: 0 }] }, 'mandates.0.term', '届次不能小于 1'],
      [{ name: '某', gender: 'male', regionCode: county.townCodes[0], phone: '110', mandates: [{ level: 'county', term: 17 }] }, 'phone', '电话号码格式不正确'],
      [{ name: '某', gender: 'male', regionCode: '4401', mandates: [{ level: 'county', term: 17 }] }, 'regionCode', '所属区划应为12位区划代码'],
      [{ name: '某', gender: 'male', regionCode: county.townCodes[0], birthYear: 1800, mandates: [{ level: 'county', term: 17 }] }, 'birthYear', '出生年份不能小于 1900'],
      [{ name: '某', gender: 'male', regionCode: county.townCodes[0], mandates: [{ level: 'county', term: 17, congressRegionCode: county.townCodes[0] }] }, 'mandates.0.congressRegionCode', '该层级代表所属人大应为县（市、区）区划'],
      [{ name: '某', gender: 'male', regionCode: county.townCodes[0], mandates: [{ level: 'county', term: 17 }, { level: 'county', term: 17 }] }, 'mandates.1.level', '同一层级、同一届次的代表资格重复'],
    ];
    for (const [body, field, message] of cases) {
      const res = await clerkA.session.request('POST', '/api/organisation/deputies', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const details = res.json().error.details as { field: string; message: string }[];
      expect(details.find((d) => d.field === field)?.message, res.body).toContain(message);
      expect(res.json().error.message).toContain(message);
    }
    expect(await count(t, 'deputies')).toBe(before);
    expect(await count(t, 'deputy_mandates')).toBe(mandatesBefore);
  });

  it('mandates and personal fields change with an audit trail; deactivated deputies leave the default list; delete removes a mistake', async () => {
    const added = await clerkA.session.request('POST', `/api/organisation/deputies/${li.deputyId}/mandates`, { level: 'township', term: 17 });
    expect(added.json().levels).toEqual(['prefectural', 'township']);
    const mandateId = added.json().mandates.find((m: { level: string }) => m.level === 'township').mandateId;
    const ended = await clerkA.session.request('PATCH', `/api/organisation/deputies/${li.deputyId}/mandates/${mandateId}`, { status: 'ended', endedOn: '2025-01-31' });
    expect(ended.json().levels).toEqual(['prefectural']);
    const renamed = await clerkA.session.request('PATCH', `/api/organisation/deputies/${li.deputyId}`, { name: '李锦平', phone: '13700002222' });
    expect(renamed.json()).toMatchObject({ name: '李锦平', namePinyin: 'lijinping', nameInitials: 'ljp', phoneMasked: '137****2222' });
    const cleared = await clerkA.session.request('PATCH', `/api/organisation/deputies/${li.deputyId}`, { phone: null, version: renamed.json().version });
    expect(cleared.json().phoneMasked).toBeNull();
    await clerkA.session.request('POST', `/api/organisation/deputies/${li.deputyId}/deactivate`);
    expect(names(await clerkA.session.request('GET', '/api/organisation/deputies'))).not.toContain('李锦平');
    expect(names(await clerkA.session.request('GET', '/api/organisation/deputies?status=inactive'))).toEqual(['李锦平']);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE object_id = $1 AND outcome = 'success' ORDER BY audit_id`,
      [li.deputyId],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'deputy.create', 'deputy.assign', 'deputy.add_mandate', 'deputy.update_mandate', 'deputy.update', 'deputy.update', 'deputy.deactivate',
    ]);
    expect((await clerkA.session.request('DELETE', `/api/organisation/deputies/${li.deputyId}`)).json()).toEqual({ deleted: true });
    expect((await t.db.query('SELECT 1 FROM deputy_assignments WHERE deputy_id = $1', [li.deputyId])).rows).toHaveLength(0);
  });
});
