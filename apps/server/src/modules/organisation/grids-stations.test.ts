import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, makeCounty, makeUser, type TestApp } from '../../../test/harness.js';

type County = Awaited<ReturnType<typeof makeCounty>>;

const square = (lng: number, lat: number, size: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + size, lat],
      [lng + size, lat + size],
      [lng, lat + size],
      [lng, lat],
    ],
  ],
});

const count = async (t: TestApp, table: string) =>
  (await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0;

describe('organisation: grids and micro-grids (R-ORG-2)', () => {
  let t: TestApp;
  let county: County;
  let clerkA: Awaited<ReturnType<typeof loginAs>>;
  let clerkB: Awaited<ReturnType<typeof loginAs>>;
  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t, 2, 2);
    clerkA = await loginAs(t, 'town_staff', county.townCodes[0]!);
    clerkB = await loginAs(t, 'town_staff', county.townCodes[1]!);
  });
  afterAll(() => t.close());

  it('a grid takes its village code plus a sequence; a micro-grid its grid code plus two digits', async () => {
    const village = county.villageCodes[0]![0]!;
    const g1 = await clerkA.session.request('POST', '/api/organisation/grids', { villageCode: village, name: '第一网格' });
    expect(g1.statusCode, g1.body).toBe(200);
    expect(g1.json()).toMatchObject({ code: `${village}001`, kind: 'grid', sequence: 1, villageCode: village, publicPath: `/g/${village}001` });
    const g2 = await clerkA.session.request('POST', '/api/organisation/grids', { villageCode: village, name: '第二网格' });
    expect(g2.json().code).toBe(`${village}002`);
    const m1 = await clerkA.session.request('POST', '/api/organisation/grids', { parentGridId: g1.json().gridId, name: '一号楼' });
    expect(m1.statusCode, m1.body).toBe(200);
    expect(m1.json()).toMatchObject({ code: `${village}00101`, kind: 'micro_grid', parentGridId: g1.json().gridId });
    // an explicit sequence is kept; taking it twice is a conflict
    const g9 = await clerkA.session.request('POST', '/api/organisation/grids', { villageCode: village, name: '第九网格', sequence: 9 });
    expect(g9.json().code).toBe(`${village}009`);
    const dup = await clerkA.session.request('POST', '/api/organisation/grids', { villageCode: village, name: '重复', sequence: 9 });
    expect(dup.statusCode).toBe(409);
    const detail = await clerkA.session.request('GET', `/api/organisation/grids/${g1.json().gridId}`);
    expect(detail.json().microGrids.map((m: { code: string }) => m.code)).toEqual([`${village}00101`]);
    expect(detail.json().actions).toEqual(['update', 'deactivate', 'delete', 'create_micro_grid']);
  });

  it('a grid never hangs directly under a town, nor a micro-grid under a micro-grid: 400 naming the field, nothing written', async () => {
    const before = await count(t, 'grids');
    const underTown = await clerkA.session.request('POST', '/api/organisation/grids', { villageCode: county.townCodes[0], name: '镇网格' });
    expect(underTown.statusCode).toBe(400);
    expect(underTown.json().error.message).toContain('村（社区）');
    expect(underTown.json().error.details[0].field).toBe('villageCode');
    const list = await clerkA.session.request('GET', `/api/organisation/grids?kind=micro_grid`);
    const micro = list.json().items[0];
    const nested = await clerkA.session.request('POST', '/api/organisation/grids', { parentGridId: micro.gridId, name: '套娃' });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().error.details[0]).toEqual({ field: 'parentGridId', message: '微网格之下不能再设微网格' });
    const both = await clerkA.session.request('POST', '/api/organisation/grids', { name: '无归属' });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.message).toContain('所属村（社区）');
    const noName = await clerkA.session.request('POST', '/api/organisation/grids', { villageCode: county.villageCodes[0]![0], name: '' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.message).toContain('请输入网格名称');
    const badPhone = await clerkA.session.request('POST', '/api/organisation/grids', {
      villageCode: county.villageCodes[0]![0],
      name: '某网格',
      workers: [{ name: '王五', phone: '12345' }],
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.details[0].field).toBe('workers.0.phone');
    expect(badPhone.json().error.message).toContain('电话号码格式不正确');
    const openRing = await clerkA.session.request('POST', '/api/organisation/grids', {
      villageCode: county.villageCodes[0]![0],
      name: '某网格',
      boundary: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] },
    });
    expect(openRing.statusCode).toBe(400);
    expect(openRing.json().error.message).toContain('首尾闭合');
    const unknown = await clerkA.session.request('POST', '/api/organisation/grids', {
      villageCode: county.villageCodes[0]![0],
      name: '某网格',
      code: '123',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('不支持的字段：code');
    expect(await count(t, 'grids')).toBe(before);
  });

  it('a clerk of another town neither lists, reads nor changes these grids — nothing leaks', async () => {
    const village = county.villageCodes[0]![1]!;
    const g = (await clerkA.session.request('POST', '/api/organisation/grids', { villageCode: village, name: '机密网格名' })).json();
    const listB = await clerkB.session.request('GET', '/api/organisation/grids?pageSize=200');
    expect(listB.statusCode).toBe(200);
    expect(listB.body).not.toContain('机密网格名');
    const filtered = await clerkB.session.request('GET', `/api/organisation/grids?regionCode=${county.townCodes[0]}`);
    expect(filtered.statusCode).toBe(403);
    expect(filtered.body).not.toContain('机密网格名');
    for (const [method, url, body] of [
      ['GET', `/api/organisation/grids/${g.gridId}`, undefined],
      ['PATCH', `/api/organisation/grids/${g.gridId}`, { name: '改名' }],
      ['POST', `/api/organisation/grids/${g.gridId}/deactivate`, undefined],
      ['DELETE', `/api/organisation/grids/${g.gridId}`, undefined],
      ['POST', '/api/organisation/grids', { parentGridId: g.gridId, name: '插入' }],
      ['POST', '/api/organisation/grids', { villageCode: village, name: '插入' }],
    ] as const) {
      const res = await clerkB.session.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.body).not.toContain('机密网格名');
    }
    const still = await t.db.query<{ name: string; is_active: boolean }>('SELECT name, is_active FROM grids WHERE grid_id = $1', [g.gridId]);
    expect(still.rows[0]).toEqual({ name: '机密网格名', is_active: true });
    const denied = await t.db.query(`SELECT 1 FROM audit_log WHERE outcome = 'denied' AND object_id = $1`, [g.gridId]);
    expect(denied.rows.length).toBeGreaterThanOrEqual(4);
  });

  it('grid workers: phones stored encrypted with a blind index, masked in lists, revealed only with an audit record', async () => {
    const village = county.villageCodes[1]![0]!;
    const created = await clerkB.session.request('POST', '/api/organisation/grids', {
      villageCode: village,
      name: '网格员网格',
      workers: [{ name: '李网格', phone: '13812345678' }, { name: '无电话' }],
    });
    expect(created.statusCode, created.body).toBe(200);
    const grid = created.json();
    expect(grid.workers.map((w: { phoneMasked: string | null }) => w.phoneMasked)).toEqual(['138****5678', null]);
    expect(created.body).not.toContain('13812345678');
    const stored = await t.db.query<{ phone_encrypted: string; phone_index: string }>(
      'SELECT phone_encrypted, phone_index FROM grid_workers WHERE grid_id = $1 AND phone_encrypted IS NOT NULL',
      [grid.gridId],
    );
    expect(stored.rows[0]?.phone_encrypted).toMatch(/^sm4:v1:/);
    expect(stored.rows[0]?.phone_index).toBe(t.deps.cipher.blindIndex('phone', '13812345678'));
    const plain = await t.db.query(`SELECT 1 FROM grid_workers WHERE phone_encrypted LIKE '%13812345678%' OR phone_index LIKE '%13812345678%'`);
    expect(plain.rows).toHaveLength(0);
    expect(grid.actions).toContain('reveal_phone');
    const worker = grid.workers[0];
    const reveal = await clerkB.session.request('POST', `/api/organisation/grids/${grid.gridId}/workers/${worker.gridWorkerId}/reveal-phone`);
    expect(reveal.json()).toEqual({ phone: '13812345678' });
    const audit = await t.db.query<{ after: unknown }>(
      `SELECT after FROM audit_log WHERE action = 'grid_worker.reveal_phone' AND object_id = $1 AND outcome = 'success'`,
      [worker.gridWorkerId],
    );
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows[0]?.after)).not.toContain('13812345678');
    // other town: refused and audited as denied
    const other = await clerkA.session.request('POST', `/api/organisation/grids/${grid.gridId}/workers/${worker.gridWorkerId}/reveal-phone`);
    expect(other.statusCode).toBe(403);
    expect(other.body).not.toContain('5678');
  });

  it('update, deactivate (micro-grids with it), delete only when empty; stale versions are refused', async () => {
    const village = county.villageCodes[1]![1]!;
    const g = (await clerkB.session.request('POST', '/api/organisation/grids', { villageCode: village, name: '待改网格' })).json();
    const m = (await clerkB.session.request('POST', '/api/organisation/grids', { parentGridId: g.gridId, name: '微格' })).json();
    const updated = await clerkB.session.request('PATCH', `/api/organisation/grids/${g.gridId}`, {
      name: '已改网格',
      centreLat: 22.7,
      centreLng: 112.9,
      boundary: square(112.9, 22.7, 0.1),
      version: g.version,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ name: '已改网格', centre: { lat: 22.7, lng: 112.9 }, hasBoundary: true, version: g.version + 1 });
    const stale = await clerkB.session.request('PATCH', `/api/organisation/grids/${g.gridId}`, { name: 'x', version: g.version });
    expect(stale.statusCode).toBe(409);
    const halfCentre = await clerkB.session.request('PATCH', `/api/organisation/grids/${g.gridId}`, { centreLat: 22.7 });
    expect(halfCentre.statusCode).toBe(400);
    expect(halfCentre.json().error.message).toContain('中心点须同时填写经度和纬度');
    const busy = await clerkB.session.request('DELETE', `/api/organisation/grids/${g.gridId}`);
    expect(busy.statusCode).toBe(409);
    const off = await clerkB.session.request('POST', `/api/organisation/grids/${g.gridId}/deactivate`);
    expect(off.json().active).toBe(false);
    expect((await clerkB.session.request('GET', `/api/organisation/grids/${m.gridId}`)).json().active).toBe(false);
    const inactiveList = await clerkB.session.request('GET', `/api/organisation/grids?status=inactive&regionCode=${village}`);
    expect(inactiveList.json().total).toBe(2);
    expect((await clerkB.session.request('DELETE', `/api/organisation/grids/${m.gridId}`)).json()).toEqual({ deleted: true });
    expect((await clerkB.session.request('DELETE', `/api/organisation/grids/${g.gridId}`)).statusCode).toBe(200);
    const actions = await t.db.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE object_id = $1 AND outcome = $2 ORDER BY audit_id',
      [g.gridId, 'success'],
    );
    expect(actions.rows.map((r) => r.action)).toEqual(['grid.create', 'grid.update', 'grid.deactivate', 'grid.delete']);
  });

  it('a coordinate finds its grid, the micro-grid first', async () => {
    const village = county.villageCodes[1]![0]!;
    const g = (await clerkB.session.request('POST', '/api/organisation/grids', { villageCode: village, name: '定位网格', boundary: square(113, 23, 0.1) })).json();
    const m = (
      await clerkB.session.request('POST', '/api/organisation/grids', { parentGridId: g.gridId, name: '定位微网格', boundary: square(113.02, 23.02, 0.02) })
    ).json();
    expect((await clerkB.session.request('GET', '/api/organisation/grids/locate?lat=23.03&lng=113.03')).json().grid.gridId).toBe(m.gridId);
    expect((await clerkB.session.request('GET', '/api/organisation/grids/locate?lat=23.08&lng=113.08')).json().grid.gridId).toBe(g.gridId);
    expect((await clerkB.session.request('GET', '/api/organisation/grids/locate?lat=24&lng=113.08')).json().grid).toBeNull();
    // town A does not find town B's grid
    expect((await clerkA.session.request('GET', '/api/organisation/grids/locate?lat=23.03&lng=113.03')).json().grid).toBeNull();
    const bad = await clerkB.session.request('GET', '/api/organisation/grids/locate?lat=abc&lng=113');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('纬度');
  });

  it('lists page, sort and filter', async () => {
    const village = county.villageCodes[0]![1]!;
    for (const name of ['丙网格', '甲网格', '乙网格']) {
      await clerkA.session.request('POST', '/api/organisation/grids', { villageCode: village, name });
    }
    const page1 = await clerkA.session.request('GET', `/api/organisation/grids?regionCode=${village}&pageSize=2&sort=code&order=desc`);
    const body = page1.json();
    expect(body.total).toBe(4);
    expect(body.items).toHaveLength(2);
    expect(body.items[0].code > body.items[1].code).toBe(true);
    const page2 = await clerkA.session.request('GET', `/api/organisation/grids?regionCode=${village}&pageSize=2&page=2&sort=code&order=desc`);
    expect(page2.json().items[0].code < body.items[1].code).toBe(true);
    const q = await clerkA.session.request('GET', `/api/organisation/grids?q=${encodeURIComponent('乙网')}`);
    expect(q.json().items.map((g: { name: string }) => g.name)).toEqual(['乙网格']);
    const badSort = await clerkA.session.request('GET', '/api/organisation/grids?sort=secret');
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().error.message).toContain('排序字段不正确');
    const tooBig = await clerkA.session.request('GET', '/api/organisation/grids?pageSize=1000');
    expect(tooBig.json().error.message).toContain('每页条数最多 200');
  });
});

describe('organisation: stations (R-ORG-3)', () => {
  let t: TestApp;
  let county: County;
  let clerkA: Awaited<ReturnType<typeof loginAs>>;
  let clerkB: Awaited<ReturnType<typeof loginAs>>;
  let countyStaff: Awaited<ReturnType<typeof loginAs>>;
  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t, 2, 3);
    clerkA = await loginAs(t, 'town_staff', county.townCodes[0]!);
    clerkB = await loginAs(t, 'town_staff', county.townCodes[1]!);
    countyStaff = await loginAs(t, 'congress_staff', county.countyCode);
  });
  afterAll(() => t.close());

  it('codes follow county + kind letter + sequence; each kind sits at its level', async () => {
    const hq = await countyStaff.session.request('POST', '/api/organisation/stations', {
      kind: 'headquarters',
      regionCode: county.countyCode,
      name: '代表联络总站',
    });
    expect(hq.statusCode, hq.body).toBe(200);
    expect(hq.json().code).toBe(`${county.county6}H001`);
    const central = await clerkA.session.request('POST', '/api/organisation/stations', {
      kind: 'central',
      regionCode: county.townCodes[0],
      name: '镇中心联络站',
      parentStationId: hq.json().stationId,
      address: '镇政府一楼',
      openingHours: '每月第一个星期四 9:00-12:00',
      contactPhone: '0750-8881234',
      lat: 22.76,
      lng: 112.96,
    });
    expect(central.statusCode, central.body).toBe(200);
    expect(central.json()).toMatchObject({
      code: `${county.county6}C001`,
      kindLabel: '中心联络站',
      parentName: '代表联络总站',
      publicPath: `/s/${county.county6}C001`,
    });
    const village = await clerkA.session.request('POST', '/api/organisation/stations', {
      kind: 'village',
      regionCode: county.villageCodes[0]![0],
      name: '一村联络站',
      parentStationId: central.json().stationId,
      villageCodes: [county.villageCodes[0]![1]],
    });
    expect(village.json()).toMatchObject({ code: `${county.county6}V001`, villageCount: 1 });
    const wrongLevel = await clerkA.session.request('POST', '/api/organisation/stations', {
      kind: 'village',
      regionCode: county.townCodes[0],
      name: '错层站',
    });
    expect(wrongLevel.statusCode).toBe(400);
    expect(wrongLevel.json().error.details[0]).toEqual({ field: 'regionCode', message: '村（社区）联络站应设在村（社区）一级' });
    const wrongCode = await clerkA.session.request('POST', '/api/organisation/stations', {
      kind: 'village',
      regionCode: county.villageCodes[0]![2],
      name: '错码站',
      code: `${county.county6}C009`,
    });
    expect(wrongCode.statusCode).toBe(400);
    expect(wrongCode.json().error.details[0].field).toBe('code');
    const badKind = await clerkA.session.request('POST', '/api/organisation/stations', { kind: 'castle', regionCode: county.townCodes[0], name: 'x' });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.message).toContain('联络站类型不正确');
    // a town clerk cannot set up the county's headquarters, nor a station in another town
    expect((await clerkA.session.request('POST', '/api/organisation/stations', { kind: 'headquarters', regionCode: county.countyCode, name: 'x' })).statusCode).toBe(403);
    expect((await clerkA.session.request('POST', '/api/organisation/stations', { kind: 'central', regionCode: county.townCodes[1], name: 'x' })).statusCode).toBe(403);
    // nor cover another town's village
    const foreign = await clerkA.session.request('PUT', `/api/organisation/stations/${village.json().stationId}/coverage`, {
      villageCodes: [county.villageCodes[1]![0]],
      gridIds: [],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].field).toBe('villageCodes.0');
  });

  it('the network view counts stations by kind and town, with villages covered', async () => {
    const net = await countyStaff.session.request('GET', '/api/organisation/stations/network');
    expect(net.statusCode, net.body).toBe(200);
    const body = net.json();
    const kinds = Object.fromEntries(body.kinds.map((k: { kind: string; count: number }) => [k.kind, k.count]));
    expect(kinds).toMatchObject({ headquarters: 1, central: 1, village: 1, area: 0 });
    const townA = body.towns.find((x: { townCode: string }) => x.townCode === county.townCodes[0]);
    expect(townA).toMatchObject({ villages: 3, villagesWithStation: 2 });
    expect(townA.counts).toMatchObject({ central: 1, village: 1 });
    const townView = await clerkA.session.request('GET', `/api/organisation/stations/network?regionCode=${county.townCodes[0]}`);
    expect(townView.json().stations).toHaveLength(2);
    expect((await clerkB.session.request('GET', `/api/organisation/stations/network?regionCode=${county.townCodes[0]}`)).statusCode).toBe(403);
  });

  it('a station manager sees and keeps only their station; managers are set by the town', async () => {
    const list = (await clerkA.session.request('GET', '/api/organisation/stations?kind=village')).json();
    const station = list.items[0];
    const other = (await clerkA.session.request('GET', '/api/organisation/stations?kind=central')).json().items[0];
    const mgr = await makeUser(t, 'station_manager', county.townCodes[0]!);
    const notMgr = await makeUser(t, 'viewer', county.townCodes[0]!);
    const refused = await clerkA.session.request('PUT', `/api/organisation/stations/${station.stationId}/managers`, { userIds: [notMgr.userId] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('不是联络站管理员角色');
    const set = await clerkA.session.request('PUT', `/api/organisation/stations/${station.stationId}/managers`, { userIds: [mgr.userId] });
    expect(set.json().managers.map((m: { userId: string }) => m.userId)).toEqual([mgr.userId]);
    const { login } = await import('../../../test/harness.js');
    const s = await login(t.app, mgr.username);
    const mine = await s.request('GET', '/api/organisation/stations');
    expect(mine.json().items.map((x: { stationId: string }) => x.stationId)).toEqual([station.stationId]);
    expect(mine.json().canCreate).toBe(false);
    expect((await s.request('GET', `/api/organisation/stations/${other.stationId}`)).statusCode).toBe(403);
    const mineDetail = (await s.request('GET', `/api/organisation/stations/${station.stationId}`)).json();
    expect(mineDetail.actions).toEqual(['update']);
    const upd = await s.request('PATCH', `/api/organisation/stations/${station.stationId}`, { openingHours: '每周四全天' });
    expect(upd.json().openingHours).toBe('每周四全天');
    expect((await s.request('PATCH', `/api/organisation/stations/${other.stationId}`, { openingHours: 'x' })).statusCode).toBe(403);
    // moving the station in the network is not theirs to do
    expect((await s.request('PATCH', `/api/organisation/stations/${station.stationId}`, { parentStationId: null })).statusCode).toBe(403);
    expect((await s.request('POST', `/api/organisation/stations/${station.stationId}/deactivate`)).statusCode).toBe(403);
    expect((await s.request('POST', '/api/organisation/stations', { kind: 'village', regionCode: county.villageCodes[0]![2], name: 'x' })).statusCode).toBe(403);
  });

  it('a parent station cannot be the station itself or below it; deactivated stations stop covering villages', async () => {
    const stations = (await clerkA.session.request('GET', '/api/organisation/stations?sort=kind')).json().items;
    const central = stations.find((s: { kind: string }) => s.kind === 'central');
    const village = stations.find((s: { kind: string }) => s.kind === 'village');
    const cycle = await clerkA.session.request('PATCH', `/api/organisation/stations/${central.stationId}`, { parentStationId: village.stationId });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details[0]).toEqual({ field: 'parentStationId', message: '上级联络站不能是本站或其下级' });
    await clerkA.session.request('POST', `/api/organisation/stations/${village.stationId}/deactivate`);
    const uncovered = await clerkA.session.request('GET', `/api/organisation/villages?regionCode=${county.townCodes[0]}&hasStation=false`);
    expect(uncovered.json().total).toBe(3);
    await clerkA.session.request('POST', `/api/organisation/stations/${village.stationId}/activate`);
    expect((await clerkA.session.request('GET', `/api/organisation/villages?regionCode=${county.townCodes[0]}&hasStation=false`)).json().total).toBe(1);
  });
});
