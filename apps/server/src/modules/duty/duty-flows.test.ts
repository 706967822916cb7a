import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PERFORMANCE_ITEMS } from '@gridvoice/core';
import { createTestApp, loginAs, makeCounty, type TestApp } from '../../../test/harness.js';
import { makeUnit } from '../../../test/organisation.factory.js';
import { makeDutyDeputy, makeStation } from '../../../test/duty.factory.js';

/**
 * The duty flows over HTTP: a fixed rota with a swap and an announcement, a deputy's check-in on
 * the day, a reception register entry with two requests one of which becomes a concern, a
 * campaign that counts them, the work log, an evaluation in rater order and an oversight item
 * tracked to its answer — with access per role and audit.
 */
describe('duty flows', () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof makeCounty>>;
  let town: string;
  let village: string;
  let station: Awaited<ReturnType<typeof makeStation>>;
  let otherStation: Awaited<ReturnType<typeof makeStation>>;
  let d1: Awaited<ReturnType<typeof makeDutyDeputy>>;
  let d2: Awaited<ReturnType<typeof makeDutyDeputy>>;
  let staff: Awaited<ReturnType<typeof loginAs>>;
  let townStaff: Awaited<ReturnType<typeof loginAs>>;
  let manager: Awaited<ReturnType<typeof loginAs>>;
  let deputy: Awaited<ReturnType<typeof loginAs>>;
  let templateId: string;
  let activityId: string;
  let entryId: string;
  let concernId: string;

  const audits = async (action: string) =>
    (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND outcome = 'success'", [action])).rows[0]!.n;
  const rows = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  beforeAll(async () => {
    t = await createTestApp({ start: '2025-03-03T01:00:00Z' }); // Monday 09:00 in Shanghai
    county = await makeCounty(t, 2, 2);
    town = county.townCodes[0]!;
    village = county.villageCodes[0]![0]!;
    station = await makeStation(t, town, '一镇中心联络站');
    otherStation = await makeStation(t, county.townCodes[1]!, '二镇中心联络站');
    d1 = await makeDutyDeputy(t, town, ['township'], [{ stationId: station.stationId, regionCode: town }], '值班甲');
    d2 = await makeDutyDeputy(t, town, ['county', 'township'], [{ stationId: station.stationId, regionCode: town }], '值班乙');
    staff = await loginAs(t, 'congress_staff', county.countyCode);
    townStaff = await loginAs(t, 'town_staff', town);
    manager = await loginAs(t, 'station_manager', town, { stationId: station.stationId });
    deputy = await loginAs(t, 'deputy', town, { deputyId: d1.deputyId });
  });
  afterAll(() => t.close());

  it('R-DUTY-2: a station keeps its own rota; swaps and announcements; the deputy sees the next duty', async () => {
    const body = (stationId: string) => ({
      name: '每周四固定接待日',
      purpose: 'station_duty',
      place: { kind: 'station', id: stationId },
      recurrence: { kind: 'weekly', weekdays: [4] },
      startTime: '09:00',
      endTime: '11:30',
      deputyIds: [d1.deputyId],
      validFrom: '2025-03-01',
    });
    expect((await manager.session.request('POST', '/api/duty/rota-templates', body(otherStation.stationId))).statusCode).toBe(403);
    const bad = await manager.session.request('POST', '/api/duty/rota-templates', { ...body(station.stationId), endTime: '08:00' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toContainEqual({ field: 'endTime', message: '结束时间应晚于开始时间' });
    expect(await rows('rota_templates')).toBe(0);

    const created = await manager.session.request('POST', '/api/duty/rota-templates', body(station.stationId));
    expect(created.statusCode, created.body).toBe(200);
    templateId = created.json().templateId;
    expect(created.json().recurrenceLabel).toContain('星期四');
    expect(await audits('rota.create')).toBe(1);

    const cal = await townStaff.session.request('GET', `/api/duty/rota-calendar?from=2025-03-01&to=2025-03-31`);
    expect(cal.statusCode).toBe(200);
    expect(cal.json().slots.map((s: { date: string }) => s.date)).toEqual(['2025-03-06', '2025-03-13', '2025-03-20', '2025-03-27']);

    const swap = await manager.session.request('POST', '/api/duty/rota-swaps', {
      slotId: `${templateId}@2025-03-13`,
      fromDeputyId: d1.deputyId,
      toDeputyId: d2.deputyId,
      reason: '外出开会',
    });
    expect(swap.statusCode, swap.body).toBe(200);
    expect(swap.json().deputies.map((d: { deputyId: string }) => d.deputyId)).toEqual([d2.deputyId]);
    const badSwap = await manager.session.request('POST', '/api/duty/rota-swaps', { slotId: `${templateId}@2025-03-14`, fromDeputyId: d1.deputyId, toDeputyId: d2.deputyId });
    expect(badSwap.statusCode).toBe(400);

    const ann = await manager.session.request('POST', `/api/duty/rota-templates/${templateId}/announcements`, { from: '2025-03-04', to: '2025-03-13' });
    expect(ann.statusCode, ann.body).toBe(200);
    expect(ann.json().slots.map((s: { date: string; announcedInTime: boolean }) => [s.date, s.announcedInTime])).toEqual([
      ['2025-03-06', true],
      ['2025-03-13', true],
    ]);
    const list = await deputy.session.request('GET', `/api/duty/rota-announcements?from=2025-03-01&to=2025-03-31&stationId=${station.stationId}`);
    expect(list.json().items).toHaveLength(1);

    const me = await deputy.session.request('GET', '/api/duty/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().nextDuty).toMatchObject({ slotId: `${templateId}@2025-03-06`, date: '2025-03-06' });
    expect(me.json().compliance).toMatchObject({ periodKey: '2025-03', done: 0, required: 1 });

    const viewer = await loginAs(t, 'viewer', county.countyCode);
    expect((await viewer.session.request('POST', '/api/duty/rota-templates', body(station.stationId))).statusCode).toBe(403);
    expect((await viewer.session.request('DELETE', `/api/duty/rota-templates/${templateId}`)).statusCode).toBe(403);
  });

  it('R-DUTY-4: the deputy checks in to the rota duty on the day, with location; it counts toward the rule', async () => {
    const slotId = `${templateId}@2025-03-06`;
    expect((await deputy.session.request('POST', '/api/duty/check-ins', { rotaSlotId: slotId })).statusCode).toBe(400); // not the day
    t.clock.set('2025-03-06T01:30:00Z');
    deputy = await loginAs(t, 'deputy', town, { deputyId: d1.deputyId });
    staff = await loginAs(t, 'congress_staff', county.countyCode);
    townStaff = await loginAs(t, 'town_staff', town);
    manager = await loginAs(t, 'station_manager', town, { stationId: station.stationId });
    const other = await loginAs(t, 'deputy', town, { deputyId: d2.deputyId });
    expect((await other.session.request('POST', '/api/duty/check-ins', { rotaSlotId: slotId })).statusCode).toBe(404); // not on this slot
    const res = await deputy.session.request('POST', '/api/duty/check-ins', { rotaSlotId: slotId, location: { latitude: 22.76, longitude: 112.96 } });
    expect(res.statusCode, res.body).toBe(200);
    activityId = res.json().activityId;
    expect(res.json()).toMatchObject({ kind: 'reception', rotaSlotId: slotId, countsAsDuty: true, personTimes: 1 });
    expect(res.json().participants[0]).toMatchObject({ deputyId: d1.deputyId, location: { latitude: 22.76, longitude: 112.96 } });
    expect((await deputy.session.request('POST', '/api/duty/check-ins', { activityId })).statusCode).toBe(409);
    const me = await deputy.session.request('GET', '/api/duty/me');
    expect(me.json().compliance).toMatchObject({ periodKey: '2025-03', done: 1, compliant: true });
    // the other deputy cannot see an activity they did not take part in
    expect((await other.session.request('GET', `/api/duty/activities/${activityId}`)).statusCode).toBe(404);
  });

  it('R-DUTY-5: a reception register entry with two requests; one becomes a concern; visitor data guarded', async () => {
    const bad = await deputy.session.request('POST', '/api/duty/reception-entries', {
      stationId: station.stationId, receivedAt: '2025-03-06T01:40:00Z', dutyDeputyIds: [d1.deputyId], requests: [], route: 'concern',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toContainEqual({ field: 'requests', message: '请至少填写一项反映事项' });
    expect(await rows('reception_entries')).toBe(0);

    const res = await deputy.session.request('POST', '/api/duty/reception-entries', {
      stationId: station.stationId,
      receivedAt: '2025-03-06T01:25:00Z',
      dutyDeputyIds: [d1.deputyId],
      visitor: { name: '王小明', phone: '13912345678', address: '一村幸福路1号' },
      visitorCount: 2,
      requests: [
        { content: '想咨询一下今年医保怎么交。' },
        { content: '幸福路那段路灯坏了两个月，晚上黑漆漆的很危险。', title: '幸福路路灯损坏' },
      ],
      proposedHandling: '医保当场解答；路灯转交办理',
      route: 'concern',
      activityId,
    });
    expect(res.statusCode, res.body).toBe(200);
    const entry = res.json();
    entryId = entry.entryId;
    expect(entry.registerNumber).toBe(`${station.code}-2025-0001`);
    expect(entry.visitor.name).not.toBe('王小明');
    expect(entry.visitor.phone).not.toContain('12345678');
    expect(res.body).not.toContain('13912345678');
    const stored = (await t.db.query<{ v: string }>('SELECT visitor_phone_enc AS v FROM reception_entries')).rows[0]!.v;
    expect(stored).not.toContain('139');

    // the deputy may not reveal; the station manager may, and it is audited
    expect((await deputy.session.request('POST', `/api/duty/reception-entries/${entryId}/reveal`)).statusCode).toBe(403);
    const reveal = await manager.session.request('POST', `/api/duty/reception-entries/${entryId}/reveal`);
    expect(reveal.json()).toMatchObject({ name: '王小明', phone: '13912345678', address: '一村幸福路1号' });
    expect(await audits('reception.reveal')).toBe(1);
    const otherManager = await loginAs(t, 'station_manager', county.townCodes[1]!, { stationId: otherStation.stationId });
    expect((await otherManager.session.request('GET', `/api/duty/reception-entries/${entryId}`)).statusCode).toBe(404);

    const filed = await deputy.session.request('POST', `/api/duty/reception-entries/${entryId}/concerns`, {
      items: [{ requestIndex: 1, title: '幸福路路灯损坏', categoryCode: 'infrastructure', regionCode: village }],
    });
    expect(filed.statusCode, filed.body).toBe(200);
    concernId = filed.json().created[0].concernId;
    expect(filed.json().created[0].caseNumber).toMatch(new RegExp(`^${county.county6}-2025-\\d{6}$`));
    expect(filed.json().entry.requests[1].concern.concernId).toBe(concernId);
    // filing again files nothing new
    const again = await deputy.session.request('POST', `/api/duty/reception-entries/${entryId}/concerns`, {
      items: [{ requestIndex: 1, title: '幸福路路灯损坏', categoryCode: 'infrastructure', regionCode: village }],
    });
    expect(again.json().created).toEqual([]);
    expect(await rows('concerns')).toBe(1);
    const act = await deputy.session.request('GET', `/api/duty/activities/${activityId}`);
    expect(act.json().concerns.map((c: { concernId: string }) => c.concernId)).toEqual([concernId]);

    const print = await deputy.session.request('GET', `/api/duty/reception-entries/${entryId}/print`);
    expect(print.statusCode).toBe(200);
    expect(print.json()).toMatchObject({ paper: 'A4', number: `${station.code}-2025-0001`, title: '一镇中心联络站接待群众登记表' });
    expect(print.json().requests).toHaveLength(2);
    expect(print.body).not.toContain('13912345678');
  });

  it('R-DUTY-8: a campaign counts the activities and concerns tagged to it', async () => {
    const res = await staff.session.request('POST', '/api/duty/campaigns', {
      name: '绿美家园主题活动月', theme: '人居环境', regionCode: county.countyCode, startsOn: '2025-03-01', endsOn: '2025-03-31', suggestionsFormed: 2,
    });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().campaignId;
    const tag = await staff.session.request('POST', `/api/duty/campaigns/${id}/tags`, { activityIds: [activityId], concernIds: [concernId] });
    expect(tag.statusCode, tag.body).toBe(200);
    expect(tag.json().progress).toMatchObject({ activities: 1, personTimes: 1, concernsCollected: 1, suggestionsFormed: 2 });
    expect(tag.json().summary).toBe('收集群众意见1条，当月解决0条，形成建议2条');
    expect(tag.json().progress.threeOnes[0]).toMatchObject({ code: 'town_head_activity', target: 2, done: 0 });
    const outsider = await loginAs(t, 'congress_staff', (await makeCounty(t, 1, 1)).countyCode);
    expect((await outsider.session.request('GET', `/api/duty/campaigns/${id}`)).statusCode).toBe(404);
    expect((await deputy.session.request('POST', `/api/duty/campaigns/${id}/tags`, { activityIds: [activityId] })).statusCode).toBe(403);
  });

  it('R-DUTY-9: the work log is chronological and lists filed suggestions; ratings go in order self → group → town → office', async () => {
    // a draft is not yet proposed: it enters the log (and the year's facts) when it is filed
    t.clock.set('2025-03-06T01:35:00Z');
    const draft = await deputy.session.request('POST', '/api/suggestions', {
      title: '关于增设一镇中心联络站无障碍通道的建议',
      content: '联络站门前台阶较高，行动不便的群众来访困难，建议增设无障碍通道。',
      category: 'urban_environment',
      period: 'between_sessions',
      term: 17,
      session: 5,
      leadDeputyId: d1.deputyId,
      cosignerDeputyIds: [],
    });
    expect(draft.statusCode, draft.body).toBe(200);
    const sid = draft.json<{ suggestionId: string }>().suggestionId;
    const logOf = async () => (await deputy.session.request('GET', `/api/duty/deputies/${d1.deputyId}/work-log?from=2025-01-01&to=2025-12-31`)).json<{ items: { type: string; id: string }[]; counts: { suggestions: number } }>();
    expect((await logOf()).counts.suggestions).toBe(0);
    let version = draft.json<{ version: number }>().version;
    for (const action of [{ type: 'record_communication', form: 'visit', on: '2025-03-06', withWhom: '一镇人民政府', note: '现场查看' }, { type: 'file' }]) {
      const res = await deputy.session.request('POST', `/api/suggestions/${sid}/actions`, { ...action, version });
      expect(res.statusCode, res.body).toBe(200);
      version = res.json<{ version: number }>().version;
    }

    const log = await deputy.session.request('GET', `/api/duty/deputies/${d1.deputyId}/work-log?from=2025-01-01&to=2025-12-31`);
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json().items.map((i: { type: string }) => i.type)).toEqual(['activity', 'reception', 'concern', 'suggestion']);
    expect(log.json().items.at(-1)).toMatchObject({ id: sid, title: '关于增设一镇中心联络站无障碍通道的建议' });
    expect(log.json().counts).toMatchObject({ activities: 1, concerns: 1, receptions: 1, suggestions: 1 });
    expect((await deputy.session.request('GET', `/api/duty/deputies/${d2.deputyId}/work-log`)).statusCode).toBe(404);

    const scores = Object.fromEntries(DEFAULT_PERFORMANCE_ITEMS.map((i) => [i.code, 92]));
    const url = `/api/duty/deputies/${d1.deputyId}/evaluations/2025`;
    expect((await townStaff.session.request('POST', `${url}/ratings`, { stage: 'group', scores })).statusCode).toBe(409);
    expect((await townStaff.session.request('POST', `${url}/ratings`, { stage: 'self', scores })).statusCode).toBe(403);
    const bad = await deputy.session.request('POST', `${url}/ratings`, { stage: 'self', scores: { ...scores, suggestions: 200 } });
    expect(bad.statusCode).toBe(400);
    expect((await deputy.session.request('POST', `${url}/ratings`, { stage: 'self', scores })).statusCode).toBe(200);
    expect((await staff.session.request('POST', `${url}/ratings`, { stage: 'deputy_affairs_office', scores })).statusCode).toBe(409);
    expect((await townStaff.session.request('POST', `${url}/ratings`, { stage: 'group', scores })).statusCode).toBe(200);
    expect((await townStaff.session.request('POST', `${url}/ratings`, { stage: 'town', scores })).statusCode).toBe(200);
    const done = await staff.session.request('POST', `${url}/ratings`, { stage: 'deputy_affairs_office', scores, comment: '履职积极' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().result).toMatchObject({ total: 92, grade: 'excellent', gradeLabel: '优秀' });
    expect(done.json().facts).toMatchObject({ activities: 1, stationGridDuties: 1, concernsCollected: 1, receptions: 1, suggestions: 1 });
    expect(await audits('evaluation.rate')).toBe(4);
    const record = await deputy.session.request('GET', `/api/duty/deputies/${d1.deputyId}/performance-record/2025`);
    expect(record.statusCode, record.body).toBe(200);
    expect(record.json().reportOutline[0]).toBe('参加各类履职活动1次，其中进站入网格1次');
    expect(record.json().reportOutline).toContain('领衔或附议提出建议1件');
  });

  it('R-OVS-1, R-LOOP-7: a problem list dispatched point to point, answered by the unit, then the return visit', async () => {
    const unit = await makeUnit(t, county.countyCode);
    const otherUnit = await makeUnit(t, county.countyCode);
    const handler = await loginAs(t, 'unit_handler', county.countyCode, { unitId: unit.unitId });
    const otherHandler = await loginAs(t, 'unit_handler', county.countyCode, { unitId: otherUnit.unitId });
    const res = await staff.session.request('POST', '/api/duty/oversight', {
      kind: 'special_supervision', regionCode: county.countyCode, title: '农村生活污水治理专项监督',
      problems: [{ description: '部分管网未接户' }, { description: '设施运维不到位' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    expect(o.stageLabel).toBe('问需求');
    const [p1] = o.problems as { problemId: string }[];
    const dispatched = await staff.session.request('POST', `/api/duty/oversight/${o.oversightId}/dispatch`, { problems: [{ problemId: p1!.problemId, unitId: unit.unitId }] });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect((await handler.session.request('GET', '/api/duty/oversight')).json().items).toHaveLength(1);
    expect((await otherHandler.session.request('GET', '/api/duty/oversight')).json().items).toHaveLength(0);
    expect((await otherHandler.session.request('POST', `/api/duty/oversight-problems/${p1!.problemId}/answer`, { answer: '已整改' })).statusCode).toBe(404);
    const answered = await handler.session.request('POST', `/api/duty/oversight-problems/${p1!.problemId}/answer`, { answer: '已完成接户改造' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().problems).toHaveLength(1); // a unit sees only its own problems
    const revisit = await staff.session.request('POST', `/api/duty/oversight-problems/${p1!.problemId}/revisit`, { note: '回访群众，表示满意' });
    expect(revisit.json().problems[0]).toMatchObject({ status: 'revisited' });
    const stage = await staff.session.request('POST', `/api/duty/oversight/${o.oversightId}/stage`, { stage: 'reply' });
    expect(stage.json().stageLabel).toBe('面回复');
    expect(await audits('oversight.answer')).toBe(1);
  });

  it('R-DUTY-1, R-DUTY-3: rules are inherited down the tree; a town sets its direct-contact weekday', async () => {
    const before = await townStaff.session.request('GET', `/api/duty/rules?regionCode=${town}`);
    expect(before.json()).toMatchObject({ isDefault: true, inheritedFrom: null, rule: { name: '631 工作制度' } });
    const put = await townStaff.session.request('PUT', '/api/duty/direct-contact-days', { regionCode: town, weekdays: [4] });
    expect(put.statusCode, put.body).toBe(200);
    const days = await deputy.session.request('GET', `/api/duty/direct-contact-days?regionCode=${town}&from=2025-03-01&to=2025-03-31`);
    expect(days.json().days).toEqual(['2025-03-06', '2025-03-13', '2025-03-20', '2025-03-27']);
    expect((await townStaff.session.request('PUT', '/api/duty/direct-contact-days', { regionCode: county.townCodes[1]!, weekdays: [4] })).statusCode).toBe(403);
    const bad = await staff.session.request('PUT', '/api/duty/rules', { regionCode: county.countyCode, rule: { name: '', frequencies: {} } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['rule.name', 'rule.frequencies']));
    const village = await townStaff.session.request('GET', `/api/duty/rules?regionCode=${county.villageCodes[0]![0]!}`);
    expect(village.json()).toMatchObject({ isDefault: false, inheritedFrom: town, directContactWeekdays: [4] });
    expect(await audits('duty.direct_contact_days.update')).toBe(1);
  });
});
