import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, makeCounty, type TestApp } from '../../../test/harness.js';
import { makeDeputy, makeUnit } from '../../../test/organisation.factory.js';
import { createConcernsService } from './concerns.service.js';

type County = Awaited<ReturnType<typeof makeCounty>>;

const body = (village: string, deputyId: string, extra: Record<string, unknown> = {}) => ({
  title: '村口路灯坏了',
  content: '村口到小学的路灯坏了三个月，晚上孩子放学很不安全',
  channel: 'grid_visit',
  categoryCode: 'infrastructure',
  regionCode: village,
  collectorKind: 'deputy',
  deputyId,
  constituent: { name: '张三', phone: '13812345678', anonymous: false },
  ...extra,
});

async function count(t: TestApp, table: string, where = 'true', params: unknown[] = []) {
  const r = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return r.rows[0]?.n ?? 0;
}

describe('concerns: the closed loop over HTTP', () => {
  let t: TestApp;
  let county: County;
  let village: string;
  let town: string;
  beforeAll(async () => {
    t = await createTestApp({ start: '2025-03-03T01:00:00Z', config: { loginRateLimitPerMinute: 10_000 } });
    county = await makeCounty(t, 2, 2);
    village = county.villageCodes[0]![0]!;
    town = county.townCodes[0]!;
  });
  afterAll(() => t.close());

  async function actors() {
    const dep = await makeDeputy(t, village);
    const deputy = await loginAs(t, 'deputy', town, { deputyId: dep.deputyId });
    const clerk = await loginAs(t, 'town_staff', town);
    const unitA = await makeUnit(t, county.countyCode);
    const unitB = await makeUnit(t, county.countyCode);
    const handlerA = await loginAs(t, 'unit_handler', county.countyCode, { unitId: unitA.unitId });
    const handlerB = await loginAs(t, 'unit_handler', county.countyCode, { unitId: unitB.unitId });
    return { dep, deputy, clerk, unitA, unitB, handlerA, handlerB };
  }

  it('R-LOOP-3: register → dispatch → return → re-dispatch → accept → reply → dissatisfied → reopen → reply → satisfied → closed', async () => {
    const { dep, deputy, clerk, unitA, unitB, handlerA, handlerB } = await actors();
    const created = await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId));
    expect(created.statusCode, created.body).toBe(200);
    const { concernId, caseNumber } = created.json();
    expect(caseNumber).toMatch(new RegExp(`^${county.county6}-2025-\\d{6}$`));

    let version = 1;
    const act = async (s: typeof deputy.session, action: Record<string, unknown>, expected = 200) => {
      const res = await s.request('POST', `/api/concerns/${concernId}/actions`, { ...action, version });
      expect(res.statusCode, `${String(action.type)}: ${res.body}`).toBe(expected);
      if (res.statusCode === 200) version = res.json().version;
      return res.json();
    };

    let d = await act(deputy.session, { type: 'send_for_dispatch' });
    expect(d.status).toBe('awaiting_dispatch');
    // the clerk sees only the actions the workflow lets them take
    const seen = await clerk.session.request('GET', `/api/concerns/${concernId}`);
    expect(seen.json().actions).toContain('dispatch');
    expect(seen.json().actions).not.toContain('accept');
    // the handler is not assigned yet: not visible
    expect((await handlerB.session.request('GET', `/api/concerns/${concernId}`)).statusCode).toBe(404);

    d = await act(clerk.session, { type: 'dispatch', units: [{ unitId: unitB.unitId, role: 'lead', workingDays: 5 }] });
    expect(d.status).toBe('dispatched');
    expect(d.dueAt).toBe('2025-03-10T16:00:00.000Z'); // Mon 3 Mar + 5 working days = Mon 10 Mar, end of day in Shanghai
    expect(d.trafficLight).toBe('green');
    // the wrong unit returns it
    d = await act(handlerB.session, { type: 'return', reason: '不属于本单位职责' });
    expect(d.status).toBe('awaiting_dispatch');
    d = await act(clerk.session, { type: 'dispatch', units: [{ unitId: unitA.unitId, role: 'lead' }] });
    const inbox = await handlerA.session.request('GET', '/api/concerns/inbox/assigned');
    expect(inbox.json().items.map((i: { concernId: string }) => i.concernId)).toContain(concernId);
    d = await act(handlerA.session, { type: 'accept' });
    expect(d.status).toBe('in_progress');
    d = await act(handlerA.session, { type: 'reply', content: '已更换路灯' });
    expect(d.status).toBe('replied');
    d = await act(deputy.session, { type: 'rate', rating: 'dissatisfied', comment: '只修了一盏' });
    expect(d.status).toBe('in_progress');
    expect(d.reopenCount).toBe(1);
    d = await act(handlerA.session, { type: 'reply', content: '全部更换完毕' });
    d = await act(deputy.session, { type: 'rate', rating: 'satisfied' });
    expect(d.status).toBe('closed');
    expect(d.rating).toBe('satisfied');
    expect(d.actions).not.toContain('rate');
    expect(d.actions).not.toContain('urge');
    const types = (d.timeline as { type: string }[]).map((e) => e.type);
    expect(types).toEqual([
      'registered', 'sent_for_dispatch', 'dispatched', 'returned', 'dispatched', 'accepted', 'replied', 'rated',
      'reopened', 'replied', 'rated', 'closed',
    ]);
    // every event has its outbox row; every transition its audit record
    expect(await count(t, 'outbox', `aggregate_id = $1`, [concernId])).toBe(types.length);
    expect(await count(t, 'audit_log', `object_id = $1 AND outcome = 'success' AND action LIKE 'concern.%'`, [concernId])).toBe(10);
    // the returning unit still sees it (it was assigned), and the timeline only grew
    expect((await handlerB.session.request('GET', `/api/concerns/${concernId}`)).statusCode).toBe(200);
  });

  it('R-LOOP-1: 20 concurrent registrations in one county get 20 consecutive numbers; counties and years apart', async () => {
    const { dep, deputy } = await actors();
    const other = await makeCounty(t, 1, 1);
    const dep2 = await makeDeputy(t, other.villageCodes[0]![0]!);
    const deputy2 = await loginAs(t, 'deputy', other.townCodes[0]!, { deputyId: dep2.deputyId });
    const before = await count(t, 'concerns', 'county_code = $1', [county.county6]);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId, { title: `并发登记${i}` })),
      ),
    );
    const numbers = results.map((r) => {
      expect(r.statusCode, r.body).toBe(200);
      return Number((r.json().caseNumber as string).slice(-6));
    });
    const sorted = [...numbers].sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(20);
    expect(sorted[19]! - sorted[0]!).toBe(19);
    expect(sorted[0]).toBe(before + 1);
    const o = await deputy2.session.request('POST', '/api/concerns', body(other.villageCodes[0]![0]!, dep2.deputyId));
    expect(o.json().caseNumber).toBe(`${other.county6}-2025-000001`);
    // a new year (in Asia/Shanghai: 2025-12-31T16:00Z is already 2026) starts again at 1
    t.clock.set('2025-12-31T16:30:00Z');
    try {
      const fresh = await loginAs(t, 'deputy', other.townCodes[0]!, { deputyId: dep2.deputyId });
      const y = await fresh.session.request('POST', '/api/concerns', body(other.villageCodes[0]![0]!, dep2.deputyId));
      expect(y.json().caseNumber).toBe(`${other.county6}-2026-000001`);
    } finally {
      t.clock.set('2025-03-03T01:00:00Z');
    }
  });

  it('idempotency: the same key returns the same concern; the same key with another body is 422', async () => {
    const { dep, deputy } = await actors();
    const b = body(village, dep.deputyId, { title: '幂等登记' });
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const first = await deputy.session.request('POST', '/api/concerns', b, headers);
    const again = await deputy.session.request('POST', '/api/concerns', b, headers);
    expect(first.statusCode).toBe(200);
    expect(again.json().concernId).toBe(first.json().concernId);
    expect(again.json().replayed).toBe(true);
    expect(await count(t, 'concerns', `title = '幂等登记'`)).toBe(1);
    const changed = await deputy.session.request('POST', '/api/concerns', { ...b, title: '另一件事' }, headers);
    expect(changed.statusCode).toBe(422);
    expect(await count(t, 'concerns', `title = '另一件事'`)).toBe(0);
  });

  it('a stale version is 409 and a forbidden or impossible step is refused, with nothing written', async () => {
    const { dep, deputy, clerk, handlerA } = await actors();
    const { concernId } = (await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId))).json();
    const ok = await deputy.session.request('POST', `/api/concerns/${concernId}/actions`, { type: 'send_for_dispatch', version: 1 });
    expect(ok.statusCode).toBe(200);
    const snapshot = async () => ({
      events: await count(t, 'concern_events', 'concern_id = $1', [concernId]),
      outbox: await count(t, 'outbox', 'aggregate_id = $1', [concernId]),
      audit: await count(t, 'audit_log', `object_id = $1 AND outcome = 'success'`, [concernId]),
      version: (await t.db.query<{ version: number }>('SELECT version FROM concerns WHERE concern_id = $1', [concernId])).rows[0]?.version,
    });
    const before = await snapshot();
    const stale = await clerk.session.request('POST', `/api/concerns/${concernId}/actions`, {
      type: 'escalate', reason: '县级事项', version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    // If-Match works as the version too
    const viaHeader = await clerk.session.request('POST', `/api/concerns/${concernId}/actions`, { type: 'escalate', reason: '县级事项' }, { 'if-match': '"1"' });
    expect(viaHeader.statusCode).toBe(409);
    // the deputy may not dispatch: 403 with the reason
    const forbidden = await deputy.session.request('POST', `/api/concerns/${concernId}/actions`, {
      type: 'dispatch', units: [{ unitId: '6f1b0c9e-0000-4000-8000-000000000001', role: 'lead' }], version: 2,
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.message).toMatch(/无权/);
    // resolve_on_spot is not allowed once sent on: 409
    const invalid = await deputy.session.request('POST', `/api/concerns/${concernId}/actions`, { type: 'resolve_on_spot', result: '已解决', version: 2 });
    expect(invalid.statusCode).toBe(409);
    // a unit handler that is not assigned cannot even see it
    expect((await handlerA.session.request('POST', `/api/concerns/${concernId}/actions`, { type: 'accept', version: 2 })).statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('400 names the field in Chinese and writes nothing', async () => {
    const { dep, deputy } = await actors();
    const before = await count(t, 'concerns');
    const bad = await deputy.session.request('POST', '/api/concerns', { ...body(village, dep.deputyId), title: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('请填写标题');
    expect(bad.json().error.details[0].field).toBe('title');
    const noChannel = await deputy.session.request('POST', '/api/concerns', { ...body(village, dep.deputyId), channel: 'fax' });
    expect(noChannel.json().error.message).toContain('请选择反映渠道');
    const badPhone = await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId, { constituent: { phone: '123' } }));
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.message).toContain('手机号');
    expect(await count(t, 'concerns')).toBe(before);
    expect(await count(t, 'concern_case_sequences', 'county_code = $1 AND last_value > $2', [county.county6, 1000])).toBe(0);
  });

  it('scope: a clerk of another town gets 404 and an audited refusal; a unit handler sees only its units', async () => {
    const { dep, deputy, clerk } = await actors();
    const { concernId } = (await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId, { title: '范围测试' }))).json();
    const otherClerk = await loginAs(t, 'town_staff', county.townCodes[1]!);
    expect((await otherClerk.session.request('GET', `/api/concerns/${concernId}`)).statusCode).toBe(404);
    const act = await otherClerk.session.request('POST', `/api/concerns/${concernId}/actions`, { type: 'urge', version: 1 });
    expect(act.statusCode).toBe(404);
    expect(await count(t, 'audit_log', `object_id = $1 AND outcome = 'denied'`, [concernId])).toBe(2);
    const list = await otherClerk.session.request('GET', '/api/concerns?q=范围测试');
    expect(list.json().total).toBe(0);
    const mine = await clerk.session.request('GET', '/api/concerns?q=范围测试');
    expect(mine.json().total).toBe(1);
    const stranger = await loginAs(t, 'unit_handler', county.countyCode, { unitId: (await makeUnit(t, county.countyCode)).unitId });
    expect((await stranger.session.request('GET', '/api/concerns?pageSize=200')).json().total).toBe(0);
    // another deputy sees only what they collected
    const dep2 = await makeDeputy(t, village);
    const deputy2 = await loginAs(t, 'deputy', town, { deputyId: dep2.deputyId });
    expect((await deputy2.session.request('GET', `/api/concerns/${concernId}`)).statusCode).toBe(404);
    // and may not register in another deputy's name
    const spoof = await deputy2.session.request('POST', '/api/concerns', body(village, dep.deputyId));
    expect(spoof.statusCode).toBe(403);
  });

  it('personal data: the phone is stored encrypted, masked in lists, revealed only with permission and audited', async () => {
    const { dep, deputy, clerk } = await actors();
    const { concernId } = (await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId, { address: '测试镇第一村幸福路8号' }))).json();
    const raw = await t.db.query<Record<string, unknown>>('SELECT * FROM concern_constituents WHERE concern_id = $1', [concernId]);
    const stored = JSON.stringify(raw.rows);
    expect(stored).not.toContain('13812345678');
    expect(stored).not.toContain('张三');
    expect(stored).not.toContain('幸福路8号');
    expect(JSON.stringify((await t.db.query('SELECT * FROM concerns WHERE concern_id = $1', [concernId])).rows)).not.toContain('13812345678');
    const detail = (await clerk.session.request('GET', `/api/concerns/${concernId}`)).json();
    expect(detail.constituent.phone).toBe('138****5678');
    expect(detail.constituent.name).toBe('张*');
    expect(detail.canReveal).toBe(true);
    expect((await deputy.session.request('POST', `/api/concerns/${concernId}/reveal`)).statusCode).toBe(403);
    const revealed = await clerk.session.request('POST', `/api/concerns/${concernId}/reveal`);
    expect(revealed.json()).toMatchObject({ name: '张三', phone: '13812345678', address: '测试镇第一村幸福路8号' });
    expect(await count(t, 'audit_log', `object_id = $1 AND action = 'concern.reveal' AND outcome = 'success'`, [concernId])).toBe(1);
    const xlsx = await clerk.session.request('GET', `/api/concerns/export.xlsx?q=${encodeURIComponent('路灯')}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('a crash after the first write leaves nothing of the registration or the transition', async () => {
    const { dep, deputy } = await actors();
    const boom = createConcernsService(t.deps, {
      faults: { afterFirstWrite: () => { throw new Error('injected crash'); } },
    });
    const me = await t.db.query<{ user_id: string }>('SELECT user_id FROM users WHERE username = $1', [deputy.username]);
    const actor = { userId: me.rows[0]!.user_id, username: deputy.username, role: 'deputy' as const, scopeRegionCode: town, deputyId: dep.deputyId };
    const ctx = { actor, requestId: 'crash', ip: '127.0.0.1' };
    const before = { concerns: await count(t, 'concerns'), events: await count(t, 'concern_events'), outbox: await count(t, 'outbox'), audit: await count(t, 'audit_log') };
    const input = { ...body(village, dep.deputyId), tier: 'general' as const, attachmentIds: [], constituent: { anonymous: false } } as never;
    await expect(boom.create(ctx, input, 'crash-key-000001')).rejects.toThrow('injected crash');
    expect(await count(t, 'idempotency_keys', `key = 'crash-key-000001'`)).toBe(0);
    expect({ concerns: await count(t, 'concerns'), events: await count(t, 'concern_events'), outbox: await count(t, 'outbox'), audit: await count(t, 'audit_log') }).toEqual(before);

    const { concernId } = (await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId))).json();
    const mid = { events: await count(t, 'concern_events'), outbox: await count(t, 'outbox'), audit: await count(t, 'audit_log') };
    await expect(boom.act(ctx, concernId, { type: 'send_for_dispatch', version: 1 })).rejects.toThrow('injected crash');
    const row = await t.db.query<{ status: string; version: number }>('SELECT status, version FROM concerns WHERE concern_id = $1', [concernId]);
    expect(row.rows[0]).toEqual({ status: 'registered', version: 1 });
    expect({ events: await count(t, 'concern_events'), outbox: await count(t, 'outbox'), audit: await count(t, 'audit_log') }).toEqual(mid);
  });

  it('merge: the master’s reply is relayed to the merged concern in the same transaction', async () => {
    const { dep, deputy, clerk, unitA, handlerA } = await actors();
    const a = (await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId, { title: '小区门口积水严重' }))).json();
    const b = (await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId, { title: '小区门口积水' }))).json();
    const hint = await clerk.session.request('GET', `/api/concerns/${b.concernId}/similar`);
    expect(hint.json().items.map((i: { concernId: string }) => i.concernId)).toContain(a.concernId);
    const pre = await clerk.session.request('POST', '/api/concerns/similar', { regionCode: village, title: '门口积水', content: '' });
    expect(pre.json().items.length).toBeGreaterThan(0);
    const r = await clerk.session.request('POST', `/api/concerns/${b.concernId}/actions`, { type: 'merge_into', masterId: a.concernId, version: 1 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('merged');
    await deputy.session.request('POST', `/api/concerns/${a.concernId}/actions`, { type: 'send_for_dispatch', version: 1 });
    await clerk.session.request('POST', `/api/concerns/${a.concernId}/actions`, { type: 'dispatch', units: [{ unitId: unitA.unitId, role: 'lead' }], version: 2 });
    await handlerA.session.request('POST', `/api/concerns/${a.concernId}/actions`, { type: 'accept', version: 3 });
    const replied = await handlerA.session.request('POST', `/api/concerns/${a.concernId}/actions`, { type: 'reply', content: '已疏通排水管', version: 4 });
    expect(replied.statusCode, replied.body).toBe(200);
    const merged = (await clerk.session.request('GET', `/api/concerns/${b.concernId}`)).json();
    expect(merged.status).toBe('replied');
    expect(merged.timeline.at(-1).type).toBe('master_reply_relayed');
    expect(merged.actions).toContain('rate');
  });

  it('inboxes, the not-rated sweep, calendar overrides and the coverage warning', async () => {
    const a = await actors();
    const { dep, deputy, unitA } = a;
    let { clerk, handlerA } = a;
    const { concernId } = (await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId, { title: '收件箱测试' }))).json();
    expect((await deputy.session.request('GET', '/api/concerns/inbox/mine')).json().items.some((i: { concernId: string }) => i.concernId === concernId)).toBe(true);
    await deputy.session.request('POST', `/api/concerns/${concernId}/actions`, { type: 'send_for_dispatch', version: 1 });
    const toDispatch = (await clerk.session.request('GET', '/api/concerns/inbox/to-dispatch')).json();
    expect(toDispatch.items.some((i: { concernId: string }) => i.concernId === concernId)).toBe(true);
    expect((await deputy.session.request('GET', '/api/concerns/inbox/to-dispatch')).statusCode).toBe(403);
    await clerk.session.request('POST', `/api/concerns/${concernId}/actions`, { type: 'dispatch', units: [{ unitId: unitA.unitId, role: 'lead', workingDays: 1 }], version: 2 });
    await handlerA.session.request('POST', `/api/concerns/${concernId}/actions`, { type: 'accept', version: 3 });
    t.clock.set('2025-03-05T01:00:00Z'); // past the 1-working-day limit (end of 4 March)
    try {
      clerk = await loginAs(t, 'town_staff', town);
      handlerA = await loginAs(t, 'unit_handler', county.countyCode, { unitId: unitA.unitId });
      const overdueRes = await clerk.session.request('GET', '/api/concerns/inbox/overdue');
      expect(overdueRes.statusCode, overdueRes.body).toBe(200);
      const overdue = overdueRes.json();
      expect(overdue.items.find((i: { concernId: string }) => i.concernId === concernId)?.trafficLight).toBe('red');
      expect((await clerk.session.request('GET', '/api/concerns?light=red&pageSize=200')).json().items.some((i: { concernId: string }) => i.concernId === concernId)).toBe(true);
      await handlerA.session.request('POST', `/api/concerns/${concernId}/actions`, { type: 'reply', content: '已处理', version: 4 });
      const svc = createConcernsService(t.deps);
      expect((await svc.closeOverdueRatings(new Date('2025-03-10T00:00:00Z'))).closed).toBe(0);
      const swept = await svc.closeOverdueRatings(new Date('2025-03-21T01:00:00Z'));
      expect(swept.closed).toBeGreaterThanOrEqual(1);
      expect((await svc.closeOverdueRatings(new Date('2025-03-21T01:00:00Z'))).closed).toBe(0);
      const closed = (await clerk.session.request('GET', `/api/concerns/${concernId}`)).json();
      expect(closed.status).toBe('closed');
      expect(closed.rating).toBe('not_rated');
    } finally {
      t.clock.set('2025-03-03T01:00:00Z');
    }
    clerk = await loginAs(t, 'town_staff', town);
    const countyStaff = await loginAs(t, 'congress_staff', county.countyCode);
    const put = await countyStaff.session.request('PUT', '/api/concerns/calendar-overrides', {
      year: 2099, days: [{ date: '2099-01-01', kind: 'holiday', note: '元旦' }],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().items).toHaveLength(1);
    expect((await clerk.session.request('PUT', '/api/concerns/calendar-overrides', { year: 2099, days: [] })).statusCode).toBe(403);
    const warn = (await clerk.session.request('GET', '/api/concerns/calendar-warning')).json();
    expect(warn).toHaveProperty('warning');
  });

  it('R-LOOP-2: the dispatcher is offered the lead unit of the category routing table (the most specific route), others are not', async () => {
    const { dep, deputy, clerk, unitA, unitB } = await actors();
    const countyStaff = await loginAs(t, 'congress_staff', county.countyCode);
    const route = (regionCode: string, unitId: string) =>
      countyStaff.session.request('PUT', '/api/organisation/category-routes', { regionCode, categoryCode: 'transport', unitId });
    expect((await route(county.countyCode, unitA.unitId)).statusCode).toBe(200);
    const created = (await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId, { categoryCode: 'transport', title: '路口红绿灯不亮' }))).json();
    // not yet for dispatch: nobody is offered a unit
    expect((await clerk.session.request('GET', `/api/concerns/${created.concernId}`)).json().suggestedLeadUnit).toBeNull();
    await deputy.session.request('POST', `/api/concerns/${created.concernId}/actions`, { type: 'send_for_dispatch', version: 1 });
    const forClerk = (await clerk.session.request('GET', `/api/concerns/${created.concernId}`)).json();
    expect(forClerk.actions).toContain('dispatch');
    expect(forClerk.suggestedLeadUnit).toEqual({ unitId: unitA.unitId, name: unitA.name });
    // the deputy may not dispatch: no suggestion for them
    expect((await deputy.session.request('GET', `/api/concerns/${created.concernId}`)).json().suggestedLeadUnit).toBeNull();
    // a route of the town beats the county's
    expect((await route(town, unitB.unitId)).statusCode).toBe(200);
    expect((await clerk.session.request('GET', `/api/concerns/${created.concernId}`)).json().suggestedLeadUnit).toEqual({ unitId: unitB.unitId, name: unitB.name });
    // another category has no route: nothing suggested
    const other = (await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId, { categoryCode: 'education', title: '校门口积水' }))).json();
    await deputy.session.request('POST', `/api/concerns/${other.concernId}/actions`, { type: 'send_for_dispatch', version: 1 });
    expect((await clerk.session.request('GET', `/api/concerns/${other.concernId}`)).json().suggestedLeadUnit).toBeNull();
  });
});
