import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, loginAs, makeCounty, makeUser, type TestApp } from '../../../test/harness.js';

type Session = Awaited<ReturnType<typeof loginAs>>['session'];

async function ok(s: Session, method: string, url: string, body?: unknown) {
  const res = await s.request(method, url, body);
  if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

describe('organisation: handling units and the category routing table (R-ORG-9)', () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof makeCounty>>;
  let staff: Awaited<ReturnType<typeof loginAs>>;
  let clerkA: Awaited<ReturnType<typeof loginAs>>;
  let clerkB: Awaited<ReturnType<typeof loginAs>>;
  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t, 2, 2);
    staff = await loginAs(t, 'congress_staff', county.countyCode);
    clerkA = await loginAs(t, 'town_staff', county.townCodes[0]!);
    clerkB = await loginAs(t, 'town_staff', county.townCodes[1]!);
  });
  afterAll(() => t.close());

  it('county departments and town offices; codes; handlers; the most specific route wins', async () => {
    const zhujian = await ok(staff.session, 'POST', '/api/organisation/units', {
      regionCode: county.countyCode,
      name: '测试县住房和城乡建设局',
      shortName: '住建局',
      kind: 'department',
      contactPhone: '0750-8881111',
    });
    expect(zhujian).toMatchObject({ code: 'U001', kindLabel: '政府部门', actions: ['update', 'manage_handlers', 'deactivate', 'delete'] });
    const chengguan = await ok(staff.session, 'POST', '/api/organisation/units', {
      regionCode: county.countyCode,
      name: '测试县城市管理和综合执法局',
      kind: 'department',
      code: 'CGJ',
    });
    const townOffice = await ok(clerkA.session, 'POST', '/api/organisation/units', {
      regionCode: county.townCodes[0],
      name: '测试镇1人民政府',
      kind: 'town_office',
    });
    expect(townOffice.code).toBe('U002');
    const dup = await staff.session.request('POST', '/api/organisation/units', { regionCode: county.countyCode, name: '测试县住房和城乡建设局', kind: 'department' });
    expect(dup.statusCode).toBe(409);
    // a town clerk cannot set up a county department, nor another town's office
    expect((await clerkA.session.request('POST', '/api/organisation/units', { regionCode: county.countyCode, name: 'x局', kind: 'department' })).statusCode).toBe(403);
    expect((await clerkB.session.request('PATCH', `/api/organisation/units/${townOffice.unitId}`, { name: '改' })).statusCode).toBe(403);
    // a town clerk reads the county's departments (to route concerns), but does not change them
    const seen = (await clerkA.session.request('GET', '/api/organisation/units')).json();
    expect(seen.items.map((u: { code: string }) => u.code).sort()).toEqual(['CGJ', 'U001', 'U002']);
    expect(seen.items.find((u: { code: string }) => u.code === 'U001').actions).toEqual([]);
    expect((await clerkB.session.request('GET', '/api/organisation/units')).json().items.map((u: { code: string }) => u.code).sort()).toEqual(['CGJ', 'U001']);
    expect((await clerkB.session.request('GET', `/api/organisation/units/${townOffice.unitId}`)).statusCode).toBe(403);

    await ok(staff.session, 'PUT', '/api/organisation/category-routes', { regionCode: county.countyCode, categoryCode: 'living_environment', unitId: chengguan.unitId });
    await ok(staff.session, 'PUT', '/api/organisation/category-routes', { regionCode: county.countyCode, categoryCode: 'infrastructure', unitId: zhujian.unitId });
    await ok(clerkA.session, 'PUT', '/api/organisation/category-routes', { regionCode: county.townCodes[0], categoryCode: 'living_environment', unitId: townOffice.unitId });
    // upsert: setting it again replaces, never duplicates
    await ok(staff.session, 'PUT', '/api/organisation/category-routes', { regionCode: county.countyCode, categoryCode: 'infrastructure', unitId: zhujian.unitId });
    expect((await staff.session.request('GET', '/api/organisation/category-routes')).json().total).toBe(3);
    // a town office cannot lead for the whole county; a clerk cannot set the county's routes
    const wrong = await staff.session.request('PUT', '/api/organisation/category-routes', { regionCode: county.countyCode, categoryCode: 'other', unitId: townOffice.unitId });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('unitId');
    expect((await clerkA.session.request('PUT', '/api/organisation/category-routes', { regionCode: county.countyCode, categoryCode: 'other', unitId: zhujian.unitId })).statusCode).toBe(403);
    const badCategory = await staff.session.request('PUT', '/api/organisation/category-routes', { regionCode: county.countyCode, categoryCode: '人居环境', unitId: zhujian.unitId });
    expect(badCategory.statusCode).toBe(400);
    expect(badCategory.json().error.message).toContain('问题分类代码不正确');

    const resolve = (region: string, category: string) =>
      ok(staff.session, 'GET', `/api/organisation/category-routes/resolve?regionCode=${region}&categoryCode=${category}`);
    expect((await resolve(county.villageCodes[0]![0]!, 'living_environment')).route.unit.unitId).toBe(townOffice.unitId);
    expect((await resolve(county.villageCodes[1]![0]!, 'living_environment')).route.unit.unitId).toBe(chengguan.unitId);
    expect((await resolve(county.villageCodes[0]![0]!, 'infrastructure')).route.unit.unitId).toBe(zhujian.unitId);
    expect((await resolve(county.villageCodes[0]![0]!, 'education')).route).toBeNull();
    // an inactive unit is skipped: the county route applies again
    await ok(clerkA.session, 'POST', `/api/organisation/units/${townOffice.unitId}/deactivate`);
    expect((await resolve(county.villageCodes[0]![0]!, 'living_environment')).route.unit.unitId).toBe(chengguan.unitId);

    // handlers: users of the unit_handler role; a handler sees only their unit
    const handler = await makeUser(t, 'unit_handler', county.countyCode);
    const viewer = await makeUser(t, 'viewer', county.countyCode);
    const refused = await staff.session.request('PUT', `/api/organisation/units/${zhujian.unitId}/handlers`, { userIds: [viewer.userId] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('不是承办单位经办人角色');
    const set = await ok(staff.session, 'PUT', `/api/organisation/units/${zhujian.unitId}/handlers`, { userIds: [handler.userId] });
    expect(set).toMatchObject({ handlerCount: 1, handlers: [{ userId: handler.userId }] });
    const hs = await login(t.app, handler.username);
    expect((await hs.request('GET', '/api/organisation/units')).json().items.map((u: { code: string }) => u.code)).toEqual(['U001']);
    expect((await hs.request('GET', `/api/organisation/units/${chengguan.unitId}`)).statusCode).toBe(403);
    expect((await hs.request('PATCH', `/api/organisation/units/${zhujian.unitId}`, { name: '改' })).statusCode).toBe(403);
    const linked = await t.db.query<{ unit_id: string }>('SELECT unit_id FROM users WHERE user_id = $1', [handler.userId]);
    expect(linked.rows[0]?.unit_id).toBe(zhujian.unitId);

    // delete: routes and handlers go with a unit that never handled anything
    await ok(staff.session, 'DELETE', `/api/organisation/units/${zhujian.unitId}`);
    expect((await t.db.query('SELECT 1 FROM category_routes WHERE unit_id = $1', [zhujian.unitId])).rows).toHaveLength(0);
    expect((await t.db.query<{ unit_id: string | null }>('SELECT unit_id FROM users WHERE user_id = $1', [handler.userId])).rows[0]?.unit_id).toBeNull();
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE object_type IN ('handling_unit', 'category_route') AND outcome = 'success' ORDER BY audit_id`,
    );
    expect(audit.rows.map((r) => r.action)).toContain('handling_unit.set_handlers');
    expect(audit.rows.filter((r) => r.action === 'category_route.set')).toHaveLength(4);
  });
});

describe('organisation: deputy groups (R-ORG-7) and committee links (R-ORG-8)', () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof makeCounty>>;
  let staff: Awaited<ReturnType<typeof loginAs>>;
  let clerkB: Awaited<ReturnType<typeof loginAs>>;
  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t, 2, 1);
    staff = await loginAs(t, 'congress_staff', county.countyCode);
    clerkB = await loginAs(t, 'town_staff', county.townCodes[1]!);
  });
  afterAll(() => t.close());

  it('groups mix levels, have at most one leader, and are kept by their region', async () => {
    const mk = (name: string, level: string, region = county.townCodes[0]) =>
      ok(staff.session, 'POST', '/api/organisation/deputies', { name, gender: 'male', regionCode: region, mandates: [{ level, term: 17 }] });
    const a = await mk('甲', 'prefectural');
    const b = await mk('乙', 'county');
    const c = await mk('丙', 'township');
    const group = await ok(staff.session, 'POST', '/api/organisation/deputy-groups', {
      regionCode: county.countyCode,
      name: '农业农村代表小组',
      field: '农业农村',
      members: [{ deputyId: a.deputyId, role: 'leader' }, { deputyId: b.deputyId }],
    });
    expect(group).toMatchObject({ memberCount: 2, mixesLevels: true, levelCounts: { prefectural: 1, county: 1, township: 0 } });
    expect(group.members[0]).toMatchObject({ deputyId: a.deputyId, role: 'leader' });
    const twoLeaders = await staff.session.request('PUT', `/api/organisation/deputy-groups/${group.groupId}/members`, {
      members: [{ deputyId: a.deputyId, role: 'leader' }, { deputyId: c.deputyId, role: 'leader' }],
    });
    expect(twoLeaders.statusCode).toBe(400);
    expect(twoLeaders.json().error.message).toContain('只能有一名组长');
    const updated = await ok(staff.session, 'PUT', `/api/organisation/deputy-groups/${group.groupId}/members`, {
      members: [{ deputyId: a.deputyId }, { deputyId: b.deputyId }, { deputyId: c.deputyId, role: 'leader' }],
    });
    expect(updated.memberCount).toBe(3);
    const sameName = await staff.session.request('POST', '/api/organisation/deputy-groups', { regionCode: county.countyCode, name: '农业农村代表小组' });
    expect(sameName.statusCode).toBe(409);
    const inTown = await staff.session.request('POST', '/api/organisation/deputy-groups', { regionCode: county.villageCodes[0]![0], name: '村小组' });
    expect(inTown.statusCode).toBe(400);
    expect(inTown.json().error.details[0].field).toBe('regionCode');
    // town B reads nothing of the county group and cannot change it
    expect((await clerkB.session.request('GET', '/api/organisation/deputy-groups')).json().total).toBe(0);
    expect((await clerkB.session.request('GET', `/api/organisation/deputy-groups/${group.groupId}`)).statusCode).toBe(403);
    expect((await clerkB.session.request('PATCH', `/api/organisation/deputy-groups/${group.groupId}`, { name: '改' })).statusCode).toBe(403);
    // and cannot put a deputy of town A in their own group
    const foreign = await clerkB.session.request('POST', '/api/organisation/deputy-groups', {
      regionCode: county.townCodes[1],
      name: 'B组',
      members: [{ deputyId: a.deputyId }],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].field).toBe('members.0.deputyId');
    const byField = (await staff.session.request('GET', `/api/organisation/deputy-groups?field=${encodeURIComponent('农业农村')}`)).json();
    expect(byField.items.map((g: { name: string }) => g.name)).toEqual(['农业农村代表小组']);
    const detail = (await staff.session.request('GET', `/api/organisation/deputies/${c.deputyId}`)).json();
    expect(detail.groups).toEqual([{ groupId: group.groupId, name: '农业农村代表小组', role: 'leader' }]);
    await ok(staff.session, 'DELETE', `/api/organisation/deputy-groups/${group.groupId}`);
    expect((await t.db.query('SELECT 1 FROM deputy_group_members WHERE group_id = $1', [group.groupId])).rows).toHaveLength(0);
  });

  it('links: committee member ↔ deputy, presidium member ↔ station, deputy ↔ department; each shape checked', async () => {
    const d = await ok(staff.session, 'POST', '/api/organisation/deputies', {
      name: '联系代表', gender: 'female', regionCode: county.townCodes[0], mandates: [{ level: 'county', term: 17 }],
    });
    const station = await ok(staff.session, 'POST', '/api/organisation/stations', { kind: 'central', regionCode: county.townCodes[0], name: '中心站' });
    const unit = await ok(staff.session, 'POST', '/api/organisation/units', { regionCode: county.countyCode, name: '水利局', kind: 'department' });
    const l1 = await ok(staff.session, 'POST', '/api/organisation/committee-links', {
      kind: 'committee_member_deputy', regionCode: county.countyCode, memberName: '常委甲', deputyId: d.deputyId,
    });
    expect(l1).toMatchObject({ kindLabel: '常委会组成人员联系代表', memberName: '常委甲', deputy: { id: d.deputyId, name: '联系代表' } });
    await ok(staff.session, 'POST', '/api/organisation/committee-links', {
      kind: 'presidium_member_station', regionCode: county.townCodes[0], memberName: '主席团成员乙', stationId: station.stationId,
    });
    await ok(staff.session, 'POST', '/api/organisation/committee-links', {
      kind: 'deputy_unit', regionCode: county.countyCode, deputyId: d.deputyId, unitId: unit.unitId,
    });
    const missing = await staff.session.request('POST', '/api/organisation/committee-links', { kind: 'deputy_unit', regionCode: county.countyCode, deputyId: d.deputyId });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([{ field: 'unitId', message: '请选择联系的政府部门' }]);
    const list = (await staff.session.request('GET', `/api/organisation/committee-links?deputyId=${d.deputyId}`)).json();
    expect(list.total).toBe(2);
    expect((await staff.session.request('GET', '/api/organisation/committee-links?q=%E5%B8%B8%E5%A7%94')).json().total).toBe(1);
    const detail = (await staff.session.request('GET', `/api/organisation/deputies/${d.deputyId}`)).json();
    expect(detail.links.map((l: { kind: string }) => l.kind).sort()).toEqual(['committee_member_deputy', 'deputy_unit']);
    expect((await clerkB.session.request('DELETE', `/api/organisation/committee-links/${l1.linkId}`)).statusCode).toBe(403);
    await ok(staff.session, 'DELETE', `/api/organisation/committee-links/${l1.linkId}`);
    expect((await staff.session.request('GET', `/api/organisation/committee-links?deputyId=${d.deputyId}`)).json().total).toBe(1);
  });
});
