import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, makeCounty, type TestApp } from '../../../test/harness.js';
import { makeDutyDeputy, makeGrid, makeStation } from '../../../test/duty.factory.js';
import { DUTY_JOBS } from './duty.routes.js';

/**
 * R-DUTY-1: the compliance report, built through the services from activities with known times
 * (period boundaries in Asia/Shanghai, a deputy holding two levels, a region with its own rule),
 * checked against a recount written here from first principles.
 */

type Level = 'national' | 'provincial' | 'prefectural' | 'county' | 'township';

// ── The independent recount ───────────────────────────────────────────────────────────────
const SHANGHAI_MS = 8 * 3600 * 1000; // no DST in China
const DUTY_KINDS = new Set([
  // contact with constituents
  'reception', 'random_visit', 'evening_home_visit', 'open_reception', 'return_visit', 'market_stall', 'patrol', 'home_visit',
  // the eight grid services
  'mechanism_building', 'party_activity', 'public_opinion', 'legal_education', 'village_rules', 'cultivation_support',
  'public_service', 'volunteer_service',
]);
type Freq = [months: number, min: number];
const RULE_631: Record<Level, Freq> = { national: [6, 1], provincial: [6, 1], prefectural: [6, 1], county: [3, 1], township: [1, 1] };
// town 2 sets its own: township deputies twice a quarter
const RULE_TOWN2: Record<Level, Freq> = { national: [6, 1], provincial: [6, 1], prefectural: [6, 1], county: [3, 1], township: [3, 2] };

const pad = (n: number) => String(n).padStart(2, '0');
function localYm(iso: string) {
  const d = new Date(Date.parse(iso) + SHANGHAI_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1 };
}
function keyOf(months: number, y: number, m: number) {
  if (months === 1) return `${y}-${pad(m)}`;
  if (months === 3) return `${y}-Q${Math.ceil(m / 3)}`;
  if (months === 6) return `${y}-H${m <= 6 ? 1 : 2}`;
  return String(y);
}
function periods2025(months: number) {
  const out: { key: string; start: number; end: number }[] = [];
  for (let s = 1; s <= 12; s += months) {
    out.push({ key: keyOf(months, 2025, s), start: Date.UTC(2025, s - 1, 1) - SHANGHAI_MS, end: Date.UTC(2025, s - 1 + months, 1) - SHANGHAI_MS });
  }
  return out;
}
function strictest(levels: Level[], rule: Record<Level, Freq>): { level: Level; freq: Freq } {
  let best: { level: Level; freq: Freq } | null = null;
  for (const level of levels) {
    const f = rule[level];
    if (!best || f[0] < best.freq[0] || (f[0] === best.freq[0] && f[1] > best.freq[1])) best = { level, freq: f };
  }
  return best as { level: Level; freq: Freq };
}

interface Visit {
  at: string;
  kind: string;
  place: 'station' | 'grid' | 'other';
  placeId?: string;
  who: string[];
}

interface Dep {
  key: string;
  deputyId: string;
  regionCode: string;
  town: string;
  levels: Level[];
  places: string[];
  inTown2: boolean;
}

function recount(dep: Dep, visits: Visit[], now: number) {
  const { level, freq } = strictest(dep.levels, dep.inTown2 ? RULE_TOWN2 : RULE_631);
  const [months, min] = freq;
  const counted = visits.filter(
    (v) => v.who.includes(dep.key) && DUTY_KINDS.has(v.kind) && v.place !== 'other' && v.placeId && dep.places.includes(v.placeId),
  );
  const byKey = new Map<string, number>();
  for (const v of counted) {
    const { y, m } = localYm(v.at);
    const k = keyOf(months, y, m);
    byKey.set(k, (byKey.get(k) ?? 0) + 1);
  }
  const ps = periods2025(months).map((p) => ({ ...p, done: byKey.get(p.key) ?? 0 }));
  return {
    level,
    months,
    min,
    periods: ps,
    compliantPeriods: ps.filter((p) => p.done >= min).length,
    nonCompliant: ps.filter((p) => p.done < min && p.end <= now).map((p) => ({ periodKey: p.key, done: p.done })),
    pending: ps.filter((p) => p.done < min && p.start <= now && now < p.end).map((p) => ({ periodKey: p.key, done: p.done }))[0] ?? null,
  };
}

const PERIOD_TYPE: Record<number, string> = { 1: 'month', 3: 'quarter', 6: 'half_year', 12: 'year' };

describe('duty compliance (R-DUTY-1) against an independent recount', () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof makeCounty>>;
  let other: Awaited<ReturnType<typeof makeCounty>>;
  const deps: Record<string, Dep> = {};
  const visits: Visit[] = [];
  let staff: Awaited<ReturnType<typeof loginAs>>;
  const NOW = '2025-12-15T04:00:00Z';

  beforeAll(async () => {
    t = await createTestApp({ start: '2025-01-01T00:00:00Z', config: { loginRateLimitPerMinute: 10_000 } });
    county = await makeCounty(t, 2, 2);
    other = await makeCounty(t, 1, 1);
    const [town1, town2] = county.townCodes as [string, string];
    const v11 = county.villageCodes[0]![0]!;
    const s1 = await makeStation(t, town1, '一镇中心联络站');
    const s2 = await makeStation(t, town2, '二镇中心联络站');
    const g1 = await makeGrid(t, v11, '一村第一网格');
    const sOther = await makeStation(t, other.townCodes[0]!, '外县联络站');
    const add = async (key: string, regionCode: string, levels: Level[], places: { stationId?: string; gridId?: string; regionCode: string }[]) => {
      const d = await makeDutyDeputy(t, regionCode, levels, places, `代表${key}`);
      deps[key] = {
        key,
        deputyId: d.deputyId,
        regionCode,
        town: regionCode.slice(6, 9) === '000' ? regionCode : `${regionCode.slice(0, 9)}000`,
        levels,
        places: places.map((p) => (p.stationId ?? p.gridId) as string),
        inTown2: regionCode.startsWith(town2.slice(0, 9)),
      };
    };
    await add('A', town1, ['township'], [{ stationId: s1.stationId, regionCode: town1 }]);
    await add('B', v11, ['county'], [{ gridId: g1.gridId, regionCode: v11 }]);
    await add('C', town2, ['provincial'], [{ stationId: s2.stationId, regionCode: town2 }]);
    await add('D', town1, ['county', 'township'], [{ stationId: s1.stationId, regionCode: town1 }, { gridId: g1.gridId, regionCode: v11 }]);
    await add('E', county.countyCode, ['prefectural'], [{ stationId: s2.stationId, regionCode: town2 }]);
    await add('F', town2, ['township'], [{ stationId: s2.stationId, regionCode: town2 }]);
    await add('G', town2, ['county', 'township'], [{ stationId: s2.stationId, regionCode: town2 }]);
    await add('X', other.townCodes[0]!, ['township'], [{ stationId: sOther.stationId, regionCode: other.townCodes[0]! }]);

    const S1 = { place: 'station' as const, placeId: s1.stationId };
    const S2 = { place: 'station' as const, placeId: s2.stationId };
    const G1 = { place: 'grid' as const, placeId: g1.gridId };
    visits.push(
      { at: '2025-01-31T15:59:59Z', kind: 'reception', ...S1, who: ['A', 'D'] }, // 31 Jan 23:59:59 local
      { at: '2025-01-31T16:00:00Z', kind: 'home_visit', ...S1, who: ['A'] }, // 1 Feb 00:00 local
      { at: '2025-03-05T02:00:00Z', kind: 'meeting', ...S1, who: ['A', 'D'] }, // a meeting is not station duty
      { at: '2025-02-28T16:00:00Z', kind: 'public_opinion', ...G1, who: ['D', 'B'] }, // 1 Mar local
      { at: '2025-03-31T16:00:00Z', kind: 'legal_education', ...G1, who: ['B'] }, // 1 Apr local: Q2
      { at: '2025-04-01T00:00:00Z', kind: 'patrol', ...G1, who: ['D'] },
      { at: '2025-04-10T02:00:00Z', kind: 'market_stall', ...S1, who: ['A', 'F'] }, // F is not assigned to S1
      { at: '2025-05-10T02:00:00Z', kind: 'reception', place: 'other', who: ['A'] }, // elsewhere does not count
      { at: '2025-06-30T15:59:00Z', kind: 'reception', ...S2, who: ['C'] }, // 30 Jun 23:59 local: H1
      { at: '2025-06-30T16:00:00Z', kind: 'reception', ...S2, who: ['E'] }, // 1 Jul local: H2
      { at: '2025-06-30T16:00:00Z', kind: 'volunteer_service', ...S1, who: ['D'] },
      { at: '2025-02-10T02:00:00Z', kind: 'reception', ...S2, who: ['F', 'G'] },
      { at: '2025-03-31T15:00:00Z', kind: 'open_reception', ...S2, who: ['F'] }, // 31 Mar 23:00 local: Q1
      { at: '2025-05-20T02:00:00Z', kind: 'reception', ...S2, who: ['F'] },
      { at: '2025-08-01T02:00:00Z', kind: 'reception', ...S2, who: ['F'] },
      { at: '2025-09-30T15:59:59Z', kind: 'evening_home_visit', ...S2, who: ['F'] }, // 30 Sep local: Q3
      { at: '2025-12-01T02:00:00Z', kind: 'village_rules', ...G1, who: ['B'] },
      { at: '2024-12-31T15:59:59Z', kind: 'reception', ...S1, who: ['A'] }, // 2024: outside the range
      { at: '2026-01-01T00:00:00Z', kind: 'reception', ...S1, who: ['A'] }, // 2026 local: outside
      { at: '2025-03-10T02:00:00Z', kind: 'reception', place: 'station', placeId: sOther.stationId, who: ['X'] },
    );
    for (const m of [6, 7, 8, 9, 10, 11]) visits.push({ at: `2025-${pad(m)}-15T02:00:00Z`, kind: 'reception', ...S1, who: ['A'] });

    t.clock.set('2026-01-01T12:00:00Z'); // the year is entered afterwards
    staff = await loginAs(t, 'congress_staff', county.countyCode);
    const rule = await staff.session.request('PUT', '/api/duty/rules', {
      regionCode: town2,
      rule: {
        name: '二镇规则',
        frequencies: {
          national: { periodType: 'half_year', minCount: 1 },
          provincial: { periodType: 'half_year', minCount: 1 },
          prefectural: { periodType: 'half_year', minCount: 1 },
          county: { periodType: 'quarter', minCount: 1 },
          township: { periodType: 'quarter', minCount: 2 },
        },
      },
      reminderDaysBefore: 7,
    });
    expect(rule.statusCode, rule.body).toBe(200);

    // staff enter the year in bulk (the other county's own staff enter theirs)
    const otherStaff = await loginAs(t, 'congress_staff', other.countyCode);
    const body = (v: Visit) => ({
      kind: v.kind,
      startedAt: v.at,
      place: v.place,
      ...(v.place === 'station' ? { stationId: v.placeId } : v.place === 'grid' ? { gridId: v.placeId } : { placeDescription: '镇文化广场' }),
      participantDeputyIds: v.who.map((k) => deps[k]!.deputyId),
      constituentsReceived: 3,
      summary: `${v.kind} ${v.at}`,
    });
    const mine = visits.filter((v) => !v.who.includes('X'));
    const res = await staff.session.request('POST', '/api/duty/activities/bulk', { activities: mine.map(body) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toBe(mine.length);
    const resX = await otherStaff.session.request('POST', '/api/duty/activities/bulk', { activities: visits.filter((v) => v.who.includes('X')).map(body) });
    expect(resX.statusCode, resX.body).toBe(200);
    t.clock.set(NOW);
    staff = await loginAs(t, 'congress_staff', county.countyCode);
  });
  afterAll(() => t.close());

  const expected = (keys: string[]) => keys.map((k) => ({ k, r: recount(deps[k]!, visits, Date.parse(NOW)) }));

  it('the county report equals the recount for every deputy, level and period type', async () => {
    const res = await staff.session.request('GET', '/api/duty/compliance?from=2025-01-01&to=2025-12-31');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    const keys = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
    expect(report.deputies.map((d: { deputyId: string }) => d.deputyId).sort()).toEqual(keys.map((k) => deps[k]!.deputyId).sort());
    const seenTypes = new Set<string>();
    for (const { k, r } of expected(keys)) {
      const got = report.deputies.find((d: { deputyId: string }) => d.deputyId === deps[k]!.deputyId);
      seenTypes.add(got.periodType);
      expect({ k, level: got.level, periodType: got.periodType, required: got.required }).toEqual({ k, level: r.level, periodType: PERIOD_TYPE[r.months], required: r.min });
      expect({ k, compliantPeriods: got.compliantPeriods, totalPeriods: got.totalPeriods }).toEqual({
        k,
        compliantPeriods: r.compliantPeriods,
        totalPeriods: r.periods.length,
      });
      expect({ k, non: got.nonCompliantPeriods, pending: got.pendingPeriod }).toEqual({ k, non: r.nonCompliant, pending: r.pending });
      expect(got.compliant).toBe(r.nonCompliant.length === 0);
    }
    expect([...seenTypes].sort()).toEqual(['half_year', 'month', 'quarter']);
    // worked by hand: A missed March (a meeting only) and May (elsewhere); December is still running
    expect(report.deputies.find((d: { deputyId: string }) => d.deputyId === deps.A!.deputyId)).toMatchObject({
      nonCompliantPeriods: [{ periodKey: '2025-03', done: 0 }, { periodKey: '2025-05', done: 0 }],
      pendingPeriod: { periodKey: '2025-12', done: 0 },
    });
    // the two-level deputy follows the strictest level
    expect(report.deputies.find((d: { deputyId: string }) => d.deputyId === deps.D!.deputyId).level).toBe('township');
    // G (county + township in town 2): the town's township rule, twice a quarter
    expect(report.deputies.find((d: { deputyId: string }) => d.deputyId === deps.G!.deputyId)).toMatchObject({ periodType: 'quarter', required: 2 });

    // by town and level: each number and the deputies behind it
    const groups = new Map<string, { deputies: number; nonCompliant: string[] }>();
    for (const { k, r } of expected(keys)) {
      const g = `${deps[k]!.town}|${r.level}`;
      const cur = groups.get(g) ?? { deputies: 0, nonCompliant: [] };
      cur.deputies += 1;
      if (r.nonCompliant.length) cur.nonCompliant.push(deps[k]!.deputyId);
      groups.set(g, cur);
    }
    expect(report.byTownAndLevel).toHaveLength(groups.size);
    for (const row of report.byTownAndLevel) {
      const g = groups.get(`${row.townCode}|${row.level}`);
      expect(g, `${row.townCode}|${row.level}`).toBeDefined();
      expect(row.deputies).toBe(g!.deputies);
      expect(row.nonCompliant).toBe(g!.nonCompliant.length);
      expect([...row.nonCompliantDeputyIds].sort()).toEqual([...g!.nonCompliant].sort());
    }
    const nonCompliant = expected(keys).filter(({ r }) => r.nonCompliant.length).map(({ k }) => deps[k]!.deputyId).sort();
    expect(report.nonCompliant.map((d: { deputyId: string }) => d.deputyId).sort()).toEqual(nonCompliant);
    expect(report.total.nonCompliant).toBe(nonCompliant.length);
  });

  it('each deputy’s periods list the same counts and the records behind them', async () => {
    for (const { k, r } of expected(['A', 'B', 'C', 'D', 'E', 'F', 'G'])) {
      const res = await staff.session.request('GET', `/api/duty/deputies/${deps[k]!.deputyId}/compliance?from=2025-01-01&to=2025-12-31`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.periods.map((p: { periodKey: string; done: number }) => [p.periodKey, p.done]), k).toEqual(r.periods.map((p) => [p.key, p.done]));
      for (const p of body.periods) expect(p.records).toHaveLength(p.done);
    }
  });

  it('a town sees its own deputies only; a deputy only their own record; others are refused', async () => {
    const town = await loginAs(t, 'town_staff', county.townCodes[0]!);
    const res = await town.session.request('GET', '/api/duty/compliance?from=2025-01-01&to=2025-12-31');
    expect(res.statusCode).toBe(200);
    expect(res.json().deputies.map((d: { deputyId: string }) => d.deputyId).sort()).toEqual(['A', 'B', 'D'].map((k) => deps[k]!.deputyId).sort());
    const outside = await town.session.request('GET', `/api/duty/compliance?regionCode=${county.townCodes[1]!}`);
    expect(outside.statusCode).toBe(403);
    const e = await town.session.request('GET', `/api/duty/deputies/${deps.E!.deputyId}/compliance`);
    expect(e.statusCode).toBe(404);

    const deputy = await loginAs(t, 'deputy', county.townCodes[0]!, { deputyId: deps.A!.deputyId });
    expect((await deputy.session.request('GET', '/api/duty/compliance')).statusCode).toBe(403);
    expect((await deputy.session.request('GET', `/api/duty/deputies/${deps.A!.deputyId}/compliance`)).statusCode).toBe(200);
    const before = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied' AND object_id = $1", [deps.D!.deputyId])).rows[0]!.n;
    const d = await deputy.session.request('GET', `/api/duty/deputies/${deps.D!.deputyId}/compliance`);
    expect(d.statusCode).toBe(404);
    expect(d.body).not.toContain('代表D');
    const after = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied' AND object_id = $1", [deps.D!.deputyId])).rows[0]!.n;
    expect(after).toBe(before + 1);

    const handler = await loginAs(t, 'unit_handler', county.countyCode);
    expect((await handler.session.request('GET', '/api/duty/compliance')).statusCode).toBe(403);
    const viewer = await loginAs(t, 'viewer', county.countyCode);
    expect((await viewer.session.request('GET', '/api/duty/compliance?from=2025-01-01&to=2025-12-31')).json().deputies).toHaveLength(7);
    const otherStaff = await loginAs(t, 'congress_staff', other.countyCode);
    const x = (await otherStaff.session.request('GET', '/api/duty/compliance?from=2025-01-01&to=2025-12-31')).json();
    expect(x.deputies.map((d: { deputyId: string }) => d.deputyId)).toEqual([deps.X!.deputyId]);
  });

  it('a bad activity is refused with the field named in Chinese and nothing written', async () => {
    const n = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM activities')).rows[0]!.n;
    const before = await n();
    const res = await staff.session.request('POST', '/api/duty/activities', {
      kind: 'reception',
      startedAt: '2025-12-10T02:00:00Z',
      place: 'station',
      participantDeputyIds: [deps.A!.deputyId],
      constituentsReceived: -1,
      summary: '接待',
    });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.details).toEqual(expect.arrayContaining([
      { field: 'constituentsReceived', message: '接待群众人数不能为负数' },
      { field: 'stationId', message: '请选择联络站' },
    ]));
    expect(await n()).toBe(before);
    const audits = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'activity.create' AND outcome = 'success'")).rows[0]!.n;
    expect(audits).toBe(before);
  });

  it('reminds, once, the deputies not yet compliant in the last days of the period', async () => {
    const a = await loginAs(t, 'deputy', county.townCodes[0]!, { deputyId: deps.A!.deputyId });
    const job = DUTY_JOBS[0]!;
    const count = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND topic = 'duty.reminder'", [a.userId])).rows[0]!.n;
    await job.run(t.deps, new Date('2025-12-20T02:00:00Z')); // 12 days left: too early
    expect(await count()).toBe(0);
    await job.run(t.deps, new Date('2025-12-26T02:00:00Z')); // 6 days left
    expect(await count()).toBe(1);
    await job.run(t.deps, new Date('2025-12-27T02:00:00Z'));
    expect(await count()).toBe(1);
    const me = await a.session.request('GET', '/api/duty/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().compliance).toMatchObject({ periodKey: '2025-12', required: 1, done: 0, compliant: false });
  });
});
