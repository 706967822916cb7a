import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, makeCounty, type Session, type TestApp } from '../../../test/harness.js';
import { makeDeputy, makeUnit } from '../../../test/organisation.factory.js';

type County = Awaited<ReturnType<typeof makeCounty>>;

async function count(t: TestApp, table: string, where = 'true', params: unknown[] = []) {
  const r = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return r.rows[0]?.n ?? 0;
}

const concernBody = (village: string, deputyId: string, title: string, name: string) => ({
  title,
  content: `${title}，雨天污水倒灌农田，恶臭四散`,
  channel: 'grid_visit',
  categoryCode: 'infrastructure',
  regionCode: village,
  collectorKind: 'deputy',
  deputyId,
  constituent: { name, phone: '13812345678', anonymous: false },
});

describe('suggestions over HTTP (R-SUG-1, R-SUG-2, R-LOOP-8)', () => {
  let t: TestApp;
  let county: County;
  let village: string;
  let town: string;
  let w: Awaited<ReturnType<typeof world>>;

  async function world() {
    const lead = await makeDeputy(t, town, '钟慧芬');
    const co = await makeDeputy(t, town, '李锦平');
    const co2 = await makeDeputy(t, town, '张惠萍');
    const deputy = await loginAs(t, 'deputy', town, { deputyId: lead.deputyId });
    const cosigner = await loginAs(t, 'deputy', town, { deputyId: co.deputyId });
    const office = await loginAs(t, 'congress_staff', county.countyCode);
    const townStaff = await loginAs(t, 'town_staff', town);
    const otherTown = await loginAs(t, 'town_staff', county.townCodes[1]!);
    const viewer = await loginAs(t, 'viewer', county.countyCode);
    const admin = await loginAs(t, 'admin', county.countyCode);
    const leadUnit = await makeUnit(t, county.countyCode, '鹤山市水利局');
    const helpUnit = await makeUnit(t, county.countyCode, '共和镇人民政府');
    const strangerUnit = await makeUnit(t, county.countyCode, '鹤山市教育局');
    const L = await loginAs(t, 'unit_handler', county.countyCode, { unitId: leadUnit.unitId });
    const H = await loginAs(t, 'unit_handler', county.countyCode, { unitId: helpUnit.unitId });
    const X = await loginAs(t, 'unit_handler', county.countyCode, { unitId: strangerUnit.unitId });
    return { lead, co, co2, deputy, cosigner, office, townStaff, otherTown, viewer, admin, leadUnit, helpUnit, strangerUnit, L, H, X };
  }

  beforeAll(async () => {
    t = await createTestApp({ start: '2025-09-01T02:00:00Z', config: { loginRateLimitPerMinute: 10_000 } });
    county = await makeCounty(t, 2, 2);
    village = county.villageCodes[0]![0]!;
    town = county.townCodes[0]!;
    w = await world();
  });
  afterAll(() => t.close());

  async function concern(title: string, name: string) {
    const res = await w.deputy.session.request('POST', '/api/concerns', concernBody(village, w.lead.deputyId, title, name));
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ concernId: string; caseNumber: string }>();
  }

  function draftBody(extra: Record<string, unknown> = {}) {
    return {
      title: '关于解决泮坑村雨天污水倒灌问题的建议',
      content: '泮坑村雨天污水倒灌，造成农田污染、恶臭四散，建议推动农村生活污水工程改造。',
      category: 'urban_environment',
      period: 'between_sessions',
      term: 17,
      session: 5,
      leadDeputyId: w.lead.deputyId,
      cosignerDeputyIds: [w.co.deputyId, w.co2.deputyId],
      ...extra,
    };
  }

  async function create(extra: Record<string, unknown> = {}, s: Session = w.deputy.session) {
    const res = await s.request('POST', '/api/suggestions', draftBody(extra));
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ suggestionId: string; version: number }>();
  }

  function actor(id: string, start: number) {
    let version = start;
    return async (s: Session, action: Record<string, unknown>, expected = 200) => {
      const res = await s.request('POST', `/api/suggestions/${id}/actions`, { ...action, version });
      expect(res.statusCode, `${String(action.type)}: ${res.body}`).toBe(expected);
      if (res.statusCode === 200) version = res.json<{ version: number }>().version;
      return res.json();
    };
  }

  const communicate = { type: 'record_communication', form: 'visit', on: '2025-09-01', withWhom: '共和镇政府、市水利局', note: '实地查勘' };
  const consult = { type: 'record_consultation', form: 'visit', on: '2025-09-01', people: ['钟慧芬', '水利局李科长'], note: '到泮坑村现场面商' };
  const replyB = {
    type: 'reply',
    category: 'B',
    content: '已将泮坑村纳入农村生活污水工程改造计划，正在设计。',
    documentNumber: '鹤水函〔2025〕36号',
    signer: '王局长',
    contact: '李科长 0750-8880000',
    itemsDone: ['完成现场查勘'],
    itemsPlanned: [{ item: '改造截污管网', dueOn: '2025-12-20' }],
  };

  it('R-LOOP-8 + R-SUG-1: from two concerns through co-signing, review, dispatch, consultation, reply B, dissatisfied, re-handling, reply A, satisfied', async () => {
    const c1 = await concern('泮坑村雨天污水倒灌', '村民甲');
    const c2 = await concern('泮坑村农田被污水污染', '村民乙');
    const created = await create({ concernIds: [c1.concernId, c2.concernId] });
    const id = created.suggestionId;
    const act = actor(id, created.version);
    // each concern's own timeline shows the link (through the concerns workflow)
    for (const c of [c1, c2]) {
      const d = (await w.deputy.session.request('GET', `/api/concerns/${c.concernId}`)).json<{ timeline: { type: string }[] }>();
      expect(d.timeline.map((e) => e.type)).toContain('suggestion_linked');
    }
    let d = await act(w.deputy.session, { type: 'file' }, 409); // communication first (R-SUG-1)
    expect(d.error.message).toBe('提交前须先与有关单位沟通并登记沟通情况');
    await act(w.deputy.session, communicate);
    d = await act(w.cosigner.session, { type: 'cosign' });
    d = await act(w.deputy.session, { type: 'file' });
    expect(d.status).toBe('filed');
    expect(d.caseNumber).toMatch(/^测试县\d+十七届五次会议闭会期间第001号$/);
    // the office sees only its actions
    const seen = (await w.office.session.request('GET', `/api/suggestions/${id}`)).json<{ actions: string[] }>();
    expect(seen.actions).toEqual(['register', 'merge', 'refuse_registration']);
    d = await act(w.office.session, { type: 'register' });
    expect(d.deputies.map((x: { name: string }) => x.name).sort()).toEqual(['李锦平', '钟慧芬'].sort()); // the unconfirmed co-signer is dropped
    // not yet visible to the unit
    expect((await w.L.session.request('GET', `/api/suggestions/${id}`)).statusCode).toBe(404);
    d = await act(w.office.session, { type: 'dispatch', units: [{ unitId: w.leadUnit.unitId, role: 'lead' }, { unitId: w.helpUnit.unitId, role: 'assisting' }] });
    expect([d.status, d.dueOn, d.leadUnitName]).toEqual(['dispatched', '2025-12-01', '鹤山市水利局']);
    expect((await w.X.session.request('GET', `/api/suggestions/${id}`)).statusCode).toBe(404);
    await act(w.H.session, { type: 'give_opinion', content: '镇政府配合做好群众工作' });
    await act(w.L.session, replyB, 409); // consultation (面商) first
    await act(w.L.session, consult);
    d = await act(w.L.session, replyB);
    expect([d.status, d.lastReplyCategory]).toEqual(['replied', 'B']);
    // the constituents' concerns show the suggestion's reply on their tracking data (through the public service)
    d = await act(w.deputy.session, { type: 'rate', handling: 'satisfied', result: 'dissatisfied', comment: '雨天仍有倒灌' });
    expect([d.status, d.dueOn]).toEqual(['rehandling', '2025-10-01']);
    await act(w.L.session, { ...replyB, category: 'A' }, 409); // a new consultation for the second reply
    await act(w.L.session, { ...consult, on: '2025-09-01' });
    d = await act(w.L.session, { ...replyB, category: 'A', itemsDone: ['完成截污管网改造'], itemsPlanned: [] });
    d = await act(w.deputy.session, { type: 'rate', handling: 'satisfied', result: 'satisfied' });
    expect(d.status).toBe('closed');
    expect(d.timeline.map((e: { type: string }) => e.type)).toEqual([
      'drafted', 'communication_recorded', 'cosigned', 'filed', 'registered', 'dispatched', 'opinion_given',
      'consultation_recorded', 'replied', 'rehandling_started', 'consultation_recorded', 'replied', 'closed',
    ]);
    expect(await count(t, 'audit_log', `object_id = $1 AND outcome = 'success'`, [id])).toBe(13);
    // per-unit statistics
    const stats = (await w.office.session.request('GET', '/api/suggestions/stats/units')).json<{ items: { unitName: string; asLead: number; repliedOnTime: number; satisfaction: Record<string, number> }[] }>();
    expect(stats.items.find((u) => u.unitName === '鹤山市水利局')).toMatchObject({ asLead: 1, repliedOnTime: 1, satisfaction: { satisfied: 1 } });
  });

  it('R-SUG-1: 案号 numbers count per congress, term, session and period', async () => {
    const numberOf = async (extra: Record<string, unknown>) => {
      const s = await create({ cosignerDeputyIds: [], ...extra });
      const act = actor(s.suggestionId, s.version);
      await act(w.deputy.session, communicate);
      return (await act(w.deputy.session, { type: 'file' })).caseNumber as string;
    };
    expect(await numberOf({ period: 'session', session: 5 })).toMatch(/十七届五次会议第001号$/);
    expect(await numberOf({ period: 'session', session: 5 })).toMatch(/十七届五次会议第002号$/);
    expect(await numberOf({ period: 'session', session: 6 })).toMatch(/十七届六次会议第001号$/);
    expect(await numberOf({ period: 'between_sessions', session: 5 })).toMatch(/闭会期间第002号$/);
  });

  it('review: merge into another, not registered with a reason; nothing written when refused', async () => {
    const target = await create({ cosignerDeputyIds: [] });
    const ta = actor(target.suggestionId, target.version);
    await ta(w.deputy.session, communicate);
    await ta(w.deputy.session, { type: 'file' });
    const s = await create({ cosignerDeputyIds: [] });
    const act = actor(s.suggestionId, s.version);
    await act(w.deputy.session, communicate);
    await act(w.deputy.session, { type: 'file' });
    const before = await count(t, 'suggestion_events', 'suggestion_id = $1', [s.suggestionId]);
    const bad = await act(w.office.session, { type: 'refuse_registration', reason: '' }, 400);
    expect(bad.error.message).toContain('不予立案理由');
    await act(w.office.session, { type: 'merge', mergedInto: '00000000-0000-4000-8000-000000000000' }, 400);
    expect(await count(t, 'suggestion_events', 'suggestion_id = $1', [s.suggestionId])).toBe(before);
    const merged = await act(w.office.session, { type: 'merge', mergedInto: target.suggestionId, reason: '同一问题' });
    expect(merged.status).toBe('merged');
    const other = await create({ cosignerDeputyIds: [] });
    const oa = actor(other.suggestionId, other.version);
    await oa(w.deputy.session, communicate);
    await oa(w.deputy.session, { type: 'file' });
    expect((await oa(w.office.session, { type: 'refuse_registration', reason: '属于个人诉求' })).status).toBe('not_registered');
  });

  it('409 on a stale version; 400 in Chinese naming the field; nothing written', async () => {
    const s = await create({ cosignerDeputyIds: [] });
    const stale = await w.deputy.session.request('POST', `/api/suggestions/${s.suggestionId}/actions`, { ...communicate, version: s.version + 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toBe('该建议已被他人更新，请刷新后重试');
    const bad = await w.deputy.session.request('POST', '/api/suggestions', { ...draftBody(), title: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('请填写建议标题');
    const badDay = await w.deputy.session.request('POST', `/api/suggestions/${s.suggestionId}/actions`, { ...communicate, on: '2025/09/01', version: s.version });
    expect(badDay.statusCode).toBe(400);
    expect(badDay.body).toContain('沟通日期格式应为 YYYY-MM-DD');
    expect(await count(t, 'suggestion_events', 'suggestion_id = $1', [s.suggestionId])).toBe(1);
    // a failing concern link rolls back the whole draft
    const n = await count(t, 'suggestions');
    const broken = await w.deputy.session.request('POST', '/api/suggestions', draftBody({ concernIds: ['00000000-0000-4000-8000-000000000000'] }));
    expect(broken.statusCode).toBe(400);
    expect(await count(t, 'suggestions')).toBe(n);
  });

  it('scope: who reads, who acts; refusals audited', async () => {
    const s = await create();
    const id = s.suggestionId;
    expect((await w.townStaff.session.request('GET', `/api/suggestions/${id}`)).statusCode).toBe(200);
    expect((await w.viewer.session.request('GET', `/api/suggestions/${id}`)).statusCode).toBe(200);
    expect((await w.otherTown.session.request('GET', `/api/suggestions/${id}`)).statusCode).toBe(404);
    expect((await w.admin.session.request('GET', `/api/suggestions/${id}`)).statusCode).toBe(403);
    expect((await w.viewer.session.request('POST', `/api/suggestions/${id}/actions`, { ...communicate, version: 1 })).statusCode).toBe(403);
    expect((await w.townStaff.session.request('GET', `/api/suggestions/${id}`)).json().actions).toEqual([]);
    // a co-signer sees it and may co-sign, not file
    const co = (await w.cosigner.session.request('GET', `/api/suggestions/${id}`)).json<{ actions: string[] }>();
    expect(co.actions).toEqual(['cosign']);
    const tried = await w.cosigner.session.request('POST', `/api/suggestions/${id}/actions`, { type: 'file', version: 1 });
    expect(tried.statusCode).toBe(403);
    expect(await count(t, 'audit_log', `object_id = $1 AND outcome = 'denied'`, [id])).toBeGreaterThanOrEqual(2);
    // a deputy cannot draft in another's name
    const forged = await w.cosigner.session.request('POST', '/api/suggestions', draftBody());
    expect(forged.statusCode).toBe(403);
    // lists: mine, to co-sign
    const mine = (await w.cosigner.session.request('GET', '/api/suggestions?view=to-cosign')).json<{ items: { suggestionId: string }[] }>();
    expect(mine.items.map((i) => i.suggestionId)).toContain(id);
    expect((await w.otherTown.session.request('GET', '/api/suggestions')).json().total).toBe(0);
  });

  it('R-SUG-1 / R-SUG-2: extension up to 6 months, key supervision, overdue and due-soon views', async () => {
    const s = await create({ cosignerDeputyIds: [] });
    const act = actor(s.suggestionId, s.version);
    await act(w.deputy.session, communicate);
    await act(w.deputy.session, { type: 'file' });
    await act(w.office.session, { type: 'register' });
    await act(w.office.session, { type: 'dispatch', units: [{ unitId: w.leadUnit.unitId, role: 'lead' }] });
    await act(w.L.session, { type: 'request_extension', dueOn: '2026-03-02', reason: '需争取资金' }, 400);
    await act(w.L.session, { type: 'request_extension', dueOn: '2026-03-01', reason: '需争取资金' });
    await act(w.office.session, { type: 'decide_extension', approve: true });
    const d = await act(w.office.session, { type: 'set_key_supervision', on: true, leader: '常委会副主任', deputyIds: [w.lead.deputyId] });
    expect([d.dueOn, d.keySupervision]).toEqual(['2026-03-01', true]);
    const key = (await w.office.session.request('GET', '/api/suggestions?view=key-supervision')).json<{ items: { suggestionId: string }[] }>();
    expect(key.items.map((i) => i.suggestionId)).toContain(s.suggestionId);
    // sessions expire over idle time: a fresh login after each jump of the clock
    t.clock.set(new Date('2026-02-20T02:00:00Z'));
    let office = await loginAs(t, 'congress_staff', county.countyCode);
    const soon = (await office.session.request('GET', '/api/suggestions?view=due-soon')).json<{ items: { suggestionId: string; dueStanding: string }[] }>();
    expect(soon.items.find((i) => i.suggestionId === s.suggestionId)?.dueStanding).toBe('due_soon');
    t.clock.set(new Date('2026-03-02T02:00:00Z'));
    office = await loginAs(t, 'congress_staff', county.countyCode);
    const over = (await office.session.request('GET', '/api/suggestions?view=overdue')).json<{ items: { suggestionId: string; daysLeft: number }[] }>();
    expect(over.items.find((i) => i.suggestionId === s.suggestionId)?.daysLeft).toBe(-1);
    const stats = (await office.session.request('GET', '/api/suggestions/stats/units')).json<{ items: { unitName: string; overdue: number }[] }>();
    expect(stats.items.find((u) => u.unitName === '鹤山市水利局')?.overdue).toBe(1);
  });
});
