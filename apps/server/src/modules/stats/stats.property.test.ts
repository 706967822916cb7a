/**
 * R-STAT-1: random histories driven through the real services (concerns workflow actions, duty
 * activities, deputies' suggestions from drafting to closing, micro-projects from proposal to
 * completion or cancellation), folded at random moments; every metric, cut every way (scope × dimension × period),
 * equals an independent recount from the raw records, and the drill-down recounts to the figure.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS, METRIC_CODES, STATS_DIMENSIONS, type Actor, type MetricCode, type Role, type StatsDimension } from '@gridvoice/core';
import { createTestApp, makeCounty, makeUser, type TestApp } from '../../../test/harness.js';
import { makeDutyDeputy, makeGrid, makeStation } from '../../../test/duty.factory.js';
import { makeUnit } from '../../../test/organisation.factory.js';
import { AppError } from '../../lib/errors.js';
import type { RequestContext } from '../../types.js';
import { createConcernsService } from '../concerns/concerns.service.js';
import { createActivitiesService } from '../duty/activities.service.js';
import { createDeputiesService } from '../organisation/deputies.service.js';
import { createProjectsService } from '../projects/projects.service.js';
import { createSuggestionsService } from '../suggestions/suggestions.service.js';
import { createStatsService } from './stats.service.js';
import { prefixOf, rawCounted, recount } from './stats-recount.repository.js';

type Who = 'deputy' | 'clerk' | 'county' | 'unitA' | 'unitB';
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Step = { who: Who; action: Record<string, unknown>; advanceDays: number };

describe('R-STAT-1 statistics equal an independent recount of random histories (through the services)', () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof makeCounty>>;
  const ctxs: Record<string, RequestContext> = {};
  let unitA = '';
  let unitB = '';
  const towns: { town: string; villages: string[]; stationId: string; gridId: string; deputyId: string }[] = [];
  const entityRegion = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp({ start: '2025-01-02T01:00:00Z' });
    county = await makeCounty(t, 2, 2);
    const ctxOf = async (role: Role, scope: string, extra: Partial<Actor> = {}): Promise<RequestContext> => {
      const u = await makeUser(t, role, scope, extra as never);
      return { actor: { userId: u.userId, username: u.username, role, scopeRegionCode: scope, ...extra }, requestId: 'stats-prop', ip: '127.0.0.1' };
    };
    unitA = (await makeUnit(t, county.countyCode)).unitId;
    unitB = (await makeUnit(t, county.countyCode)).unitId;
    entityRegion.set(unitA, county.countyCode).set(unitB, county.countyCode);
    for (let i = 0; i < 2; i++) {
      const town = county.townCodes[i]!;
      const villages = county.villageCodes[i]!;
      const s = await makeStation(t, town);
      const g = await makeGrid(t, villages[0]!);
      const d = await makeDutyDeputy(t, town, i === 0 ? ['township'] : ['county', 'township'], [{ stationId: s.stationId, regionCode: town }, { gridId: g.gridId, regionCode: villages[0]! }]);
      entityRegion.set(s.stationId, town).set(g.gridId, villages[0]!).set(d.deputyId, town);
      towns.push({ town, villages, stationId: s.stationId, gridId: g.gridId, deputyId: d.deputyId });
      ctxs[`deputy${i}`] = await ctxOf('deputy', town, { deputyId: d.deputyId });
      ctxs[`clerk${i}`] = await ctxOf('town_staff', town);
    }
    ctxs.county = await ctxOf('congress_staff', county.countyCode);
    ctxs.province = await ctxOf('congress_staff', '440000000000');
    ctxs.unitA = await ctxOf('unit_handler', county.countyCode, { unitId: unitA });
    ctxs.unitB = await ctxOf('unit_handler', county.countyCode, { unitId: unitB });
  });
  afterAll(() => t.close());

  const st = (who: Who, action: Record<string, unknown>): Omit<Step, 'advanceDays'> => ({ who, action });
  const step: fc.Arbitrary<Step> = fc.tuple(
    fc.oneof(
      fc.constant(st('deputy', { type: 'send_for_dispatch' })),
      fc.constant(st('deputy', { type: 'resolve_on_spot', result: '现场已处理' })),
      fc.constant(st('clerk', { type: 'dispatch', units: [{ unitId: 'A', role: 'lead' }] })),
      fc.constant(st('clerk', { type: 'dispatch', units: [{ unitId: 'B', role: 'lead' }] })),
      fc.constantFrom<Who>('unitA', 'unitB').map((who) => ({ who, action: { type: 'accept' } })),
      fc.constantFrom<Who>('unitA', 'unitB').map((who) => ({ who, action: { type: 'reply', content: '已办理' } })),
      fc.constantFrom<Who>('unitA', 'unitB').map((who) => ({ who, action: { type: 'return', reason: '非本单位职责' } })),
      fc.constantFrom('satisfied', 'basically_satisfied', 'dissatisfied').map((rating) => st('deputy', { type: 'rate', rating })),
      fc.constant(st('clerk', { type: 'close_not_rated' })),
    ),
    fc.constantFrom(0, 0, 1, 3, 12, 20),
  ).map(([s, advanceDays]) => ({ ...s, advanceDays }));

  const history = fc.record({
    town: fc.integer({ min: 0, max: 1 }),
    village: fc.integer({ min: 0, max: 2 }), // 2 = the town itself
    atStation: fc.boolean(),
    inGrid: fc.boolean(),
    category: fc.constantFrom('transport', 'ecology', 'other'),
    channel: fc.constantFrom<'phone' | 'station_reception' | 'wechat'>('phone', 'station_reception', 'wechat'),
    startDay: fc.integer({ min: 0, max: 330 }),
    steps: fc.array(step, { maxLength: 8 }),
  });
  const activity = fc.record({
    town: fc.integer({ min: 0, max: 1 }),
    place: fc.constantFrom<'station' | 'grid'>('station', 'grid'),
    day: fc.integer({ min: 0, max: 360 }),
    hour: fc.integer({ min: 0, max: 23 }),
    both: fc.boolean(),
    received: fc.integer({ min: 0, max: 30 }),
  });

  const rating = fc.constantFrom('satisfied', 'basically_satisfied', 'dissatisfied', 'no_opinion');
  // a suggestion walked as far as `stage` (1 communication … 7 rated; a dissatisfied rating re-handles once)
  const suggestionHistory = fc.record({
    town: fc.integer({ min: 0, max: 1 }),
    category: fc.constantFrom('urban_environment', 'agriculture_rural', 'other'),
    startDay: fc.integer({ min: 0, max: 330 }),
    stage: fc.integer({ min: 0, max: 7 }),
    refuse: fc.boolean(),
    unit: fc.constantFrom<'A' | 'B'>('A', 'B'),
    replies: fc.tuple(fc.constantFrom('A', 'B', 'C', 'D'), fc.constantFrom('A', 'B', 'C', 'D')),
    ratings: fc.tuple(rating, rating),
    gaps: fc.array(fc.constantFrom(0, 1, 5, 20, 40), { minLength: 12, maxLength: 12 }),
  });
  // a micro-project: proposed, then approved / rejected, started, finished, cancelled on the way
  const projectHistory = fc.record({
    town: fc.integer({ min: 0, max: 1 }),
    village: fc.integer({ min: 0, max: 2 }),
    byDeputy: fc.boolean(),
    startDay: fc.integer({ min: 0, max: 330 }),
    steps: fc.array(fc.constantFrom('approve', 'reject', 'start', 'finish', 'cancel'), { maxLength: 4 }),
    budget: fc.integer({ min: 1, max: 50_000_000 }),
    unit: fc.constantFrom<'A' | 'B'>('A', 'B'),
    gap: fc.constantFrom(0, 3, 30),
  });

  // a change of a deputy's mandates: a level added, a mandate ended, a mandate's level corrected
  const mandateChange = fc.record({
    town: fc.integer({ min: 0, max: 1 }),
    op: fc.constantFrom<'add' | 'end' | 'relevel'>('add', 'end', 'relevel'),
    level: fc.constantFrom<'county' | 'township' | 'prefectural'>('county', 'township', 'prefectural'),
    term: fc.integer({ min: 1, max: 3 }),
  });

  let mandateChanges = 0;
  /** `pick`: the mandate of that level and term (else one chosen by `term` among the deputy's). */
  async function changeMandate(h: Omit<ValueOf<typeof mandateChange>, 'level'> & { level: 'provincial' | ValueOf<typeof mandateChange>['level'] }, pick?: { level: string; term: number }) {
    const deputies = createDeputiesService(t.deps);
    const deputyId = towns[h.town]!.deputyId;
    try {
      if (h.op === 'add') {
        await deputies.addMandate(ctxs.county!, deputyId, { level: h.level, term: 17 + h.term, status: 'active' } as never);
        mandateChanges += 1;
        return;
      }
      const mandates = (await t.db.query<{ mandate_id: string; level: string; term: number }>(
        'SELECT mandate_id, level, term FROM deputy_mandates WHERE deputy_id = $1 ORDER BY created_at, mandate_id', [deputyId],
      )).rows;
      const m = pick ? mandates.find((x) => x.level === pick.level && x.term === pick.term) : mandates[h.term % Math.max(1, mandates.length)];
      if (!m) return;
      await deputies.updateMandate(ctxs.county!, deputyId, m.mandate_id, (h.op === 'end' ? { status: 'ended' } : { level: h.level }) as never);
      mandateChanges += 1;
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode >= 500) throw err;
    }
  }

  async function walkSuggestion(h: ValueOf<typeof suggestionHistory>) {
    const suggestions = createSuggestionsService(t.deps);
    const tw = towns[h.town]!;
    const deputy = ctxs[`deputy${h.town}`]!;
    const unit = h.unit === 'A' ? ctxs.unitA! : ctxs.unitB!;
    t.clock.set(new Date(Date.UTC(2025, 0, 2, 1) + h.startDay * 86_400_000).toISOString());
    const created = await suggestions.create(deputy, {
      title: '关于统计测试的建议', content: '随机历史', category: h.category, period: 'between_sessions', term: 17, session: 5,
      isPublic: true, leadDeputyId: tw.deputyId, cosignerDeputyIds: [], concernIds: [],
    });
    let version = created.version;
    let gap = 0;
    const today = () => new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10); // Beijing day
    const act = async (ctx: RequestContext, action: Record<string, unknown>) => {
      t.clock.advance((h.gaps[gap++ % h.gaps.length] ?? 0) * 86_400_000);
      try {
        const r = await suggestions.act(ctx, created.suggestionId, { ...action, version } as never);
        version = (r as { version: number }).version;
        return (r as { status: string }).status;
      } catch (err) {
        if (!(err instanceof AppError) || err.statusCode >= 500) throw err;
        return null;
      }
    };
    const later = () => new Date(t.clock.now().getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
    const reply = (category: string) => ({
      type: 'reply', category, content: '已办理', documentNumber: '统测〔2025〕1号', signer: '局长', contact: '科长 0750-1', itemsDone: ['已办'],
      itemsPlanned: category === 'B' || category === 'C' ? [{ item: '计划办理事项', dueOn: later() }] : [],
    });
    const rate = (r: string) => ({ type: 'rate', handling: r === 'no_opinion' ? 'satisfied' : r, result: r, ...(r === 'dissatisfied' ? { comment: '仍未解决' } : {}) });
    const steps: [RequestContext, () => Record<string, unknown>][] = [
      [deputy, () => ({ type: 'record_communication', form: 'visit', on: today(), withWhom: '承办单位', note: '沟通' })],
      [deputy, () => ({ type: 'file' })],
      [ctxs.county!, () => (h.refuse ? { type: 'refuse_registration', reason: '不属于建议范围' } : { type: 'register' })],
      [ctxs.county!, () => ({ type: 'dispatch', units: [{ unitId: h.unit === 'A' ? unitA : unitB, role: 'lead' }] })],
      [unit, () => ({ type: 'record_consultation', form: 'visit', on: today(), people: ['代表'], note: '面商' })],
      [unit, () => reply(h.replies[0])],
      [deputy, () => rate(h.ratings[0])],
    ];
    let status: string | null = null;
    for (const [ctx, action] of steps.slice(0, h.stage)) status = (await act(ctx, action())) ?? status;
    if (status === 'rehandling') {
      await act(unit, { type: 'record_consultation', form: 'visit', on: today(), people: ['代表'], note: '再次面商' });
      await act(unit, reply(h.replies[1]));
      await act(deputy, rate(h.ratings[1]));
    }
  }

  async function walkProject(h: ValueOf<typeof projectHistory>) {
    const projects = createProjectsService(t.deps);
    const tw = towns[h.town]!;
    t.clock.set(new Date(Date.UTC(2025, 0, 2, 1) + h.startDay * 86_400_000).toISOString());
    const by = h.byDeputy ? ctxs[`deputy${h.town}`]! : ctxs[`clerk${h.town}`]!;
    const created = await projects.create(by, {
      title: '统计测试微实事', description: '随机历史', regionCode: h.village === 2 ? tw.town : tw.villages[h.village]!, sourceConcernIds: [],
      sourceSuggestionId: null, proposerDeputyId: h.byDeputy ? tw.deputyId : null, estimatedBudgetFen: h.budget, items: [],
    });
    let version = (created as { version: number }).version;
    for (const type of h.steps) {
      t.clock.advance(h.gap * 86_400_000);
      const on = t.clock.now().toISOString().slice(0, 10);
      const body = type === 'approve' ? { type, budgetFen: h.budget, unitId: h.unit === 'A' ? unitA : unitB, on }
        : type === 'reject' || type === 'cancel' ? { type, reason: '统计测试', on } : { type, on };
      const who = type === 'start' || type === 'finish' ? (h.unit === 'A' ? ctxs.unitA! : ctxs.unitB!) : ctxs.county!;
      try {
        const r = await projects.act(who, created.projectId, { ...body, version });
        version = (r as { version: number }).version;
      } catch (err) {
        if (!(err instanceof AppError) || err.statusCode >= 500) throw err;
      }
    }
  }

  async function checkEverything() {
    const stats = createStatsService(t.deps);
    const raw = await rawCounted(t.db);
    // the province and the city (staff of the province), the county, its towns and villages (county staff)
    const scopes = ['440000000000', `${county.countyCode.slice(0, 4)}00000000`, county.countyCode, ...county.townCodes, ...county.villageCodes.flat()];
    const who = (prefix: string) => (prefix.length < 6 ? ctxs.province! : ctxs.county!);
    const inScope = (prefix: string) => (_dim: string, key: string) => (entityRegion.get(key) ?? '').startsWith(prefix);
    const periods: [string, string][] = [['2025-01-01', '2025-12-31'], ['2025-03-01', '2025-05-31'], ['2025-01-01', '2026-12-31'], ['2025-11-01', '2026-02-28']];
    let compared = 0;
    for (const scope of scopes) {
      const prefix = prefixOf(scope);
      for (const [from, to] of periods) {
        for (const dim of STATS_DIMENSIONS) {
          const monthsOnly = from.slice(5) !== '01-01' || to.slice(5) !== '12-31';
          if (((dim === 'deputy' || dim === 'deputy_level') && monthsOnly) || ((dim === 'category' || dim === 'channel') && prefix.length > 9)
            || (['station', 'grid', 'deputy', 'campaign'].includes(dim) && prefix.length < 6)) {
            // what the rollups do not keep is refused with a 400, never answered from the raw tables
            await expect(stats.cut(who(prefix), { regionCode: scope, from, to, dim })).rejects.toMatchObject({ statusCode: 400 });
            continue;
          }
          const res = await stats.cut(who(prefix), { regionCode: scope, from, to, dim });
          const expected = recount(raw, prefix, dim, from, to, inScope(prefix));
          const got = new Map(res.rows.map((r) => [r.drillKey, r.figures]));
          for (const [key, m] of expected) {
            for (const metric of res.metrics) {
              expect(got.get(key)?.[metric] ?? 0, `${scope} ${dim} ${key} ${metric} ${from}…${to}`).toBe(m.get(metric) ?? 0);
              compared += 1;
            }
          }
          for (const [key, f] of got) {
            for (const metric of res.metrics) expect(f[metric], `${scope} ${dim} ${key} ${metric} (extra)`).toBe(expected.get(key)?.get(metric) ?? 0);
          }
        }
      }
      // a custom range of days (total only), and the drill-down of every metric recounts to the figure
      const from = '2025-03-05';
      const to = '2025-04-17';
      if (prefix.length > 6) {
        await expect(stats.cut(who(prefix), { regionCode: scope, from, to, dim: 'total' })).rejects.toMatchObject({ statusCode: 400 });
        continue;
      }
      const ov = await stats.cut(who(prefix), { regionCode: scope, from, to, dim: 'total' });
      const exp = recount(raw, prefix, 'total', from, to, inScope(prefix)).get('') ?? new Map<MetricCode, number>();
      for (const m of METRIC_CODES) {
        const figure = ov.rows[0]?.figures[m] ?? 0;
        expect(figure, `${scope} ${m} custom`).toBe(exp.get(m) ?? 0);
        const rec = await stats.records(who(prefix), { regionCode: scope, from, to, metric: m, dim: 'total', key: '', page: 1, pageSize: 200 });
        expect(rec.figure, `${scope} ${m} drill-down`).toBe(figure);
      }
    }
    // drill-down by every dimension key at county scope, for the whole year
    for (const dim of STATS_DIMENSIONS) {
      const res = await stats.cut(ctxs.county!, { regionCode: county.countyCode, from: '2025-01-01', to: '2025-12-31', dim });
      for (const row of res.rows) {
        for (const m of res.metrics) {
          if (row.figures[m] === 0) continue;
          const rec = await stats.records(ctxs.county!, { regionCode: county.countyCode, from: '2025-01-01', to: '2025-12-31', metric: m, dim, key: dim === 'child' ? row.key : row.drillKey, page: 1, pageSize: 200 });
          expect(rec.figure, `drill ${dim} ${row.label} ${m}`).toBe(row.figures[m]);
        }
      }
    }
    // and by deputy level over the province, from the level rows (migration 0019)
    const levels = await stats.cut(ctxs.province!, { regionCode: '440000000000', from: '2025-01-01', to: '2025-12-31', dim: 'deputy_level' });
    for (const row of levels.rows) {
      for (const m of levels.metrics) {
        if (row.figures[m] === 0) continue;
        const rec = await stats.records(ctxs.province!, { regionCode: '440000000000', from: '2025-01-01', to: '2025-12-31', metric: m, dim: 'deputy_level', key: row.drillKey, page: 1, pageSize: 200 });
        expect(rec.figure, `drill province deputy_level ${row.label} ${m}`).toBe(row.figures[m]);
      }
    }
    return compared;
  }

  it('every metric × scope × dimension × period equals the recount, before and after folding', async () => {
    const concerns = createConcernsService(t.deps);
    const acts = createActivitiesService(t.deps);
    const stats = createStatsService(t.deps);
    let total = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(history, { minLength: 1, maxLength: 5 }), fc.array(activity, { maxLength: 4 }), fc.array(suggestionHistory, { maxLength: 3 }), fc.array(projectHistory, { maxLength: 3 }), fc.array(mandateChange, { maxLength: 3 }), fc.boolean(), async (hs, as, ss, ps, ms, foldAtEnd) => {
        for (const h of ss) await walkSuggestion(h);
        for (const h of ps) await walkProject(h);
        // mandates change between folds: the folded figures move to the new levels, the pending ones are read with them
        for (const [i, m] of ms.entries()) {
          await changeMandate(m);
          if (i === 0) await stats.fold(t.clock.now());
        }
        for (const h of hs) {
          const tw = towns[h.town]!;
          t.clock.set(new Date(Date.UTC(2025, 0, 2, 1) + h.startDay * 86_400_000).toISOString());
          const region = h.village === 2 ? tw.town : tw.villages[h.village]!;
          const created = await concerns.create(ctxs[`deputy${h.town}`]!, {
            title: '统计测试', content: '随机历史', channel: h.channel, categoryCode: h.category, tier: 'general',
            regionCode: region, collectorKind: 'deputy', deputyId: tw.deputyId, attachmentIds: [], constituent: { anonymous: false },
            ...(h.atStation ? { stationId: tw.stationId } : {}),
            ...(h.inGrid && h.village === 0 ? { gridId: tw.gridId } : {}),
          });
          let version = 1;
          for (const s of h.steps) {
            if (s.advanceDays) t.clock.advance(s.advanceDays * 86_400_000);
            const who = s.who === 'deputy' ? `deputy${h.town}` : s.who === 'clerk' ? `clerk${h.town}` : s.who;
            const action = s.action.type === 'dispatch'
              ? { ...s.action, units: [{ unitId: (s.action.units as { unitId: string }[])[0]!.unitId === 'A' ? unitA : unitB, role: 'lead' }] }
              : s.action;
            try {
              const r = await concerns.act(ctxs[who]!, created.concernId, { ...action, version });
              version = (r as { version: number }).version;
            } catch (err) {
              if (!(err instanceof AppError) || err.statusCode >= 500) throw err;
            }
            if (s.advanceDays === 3) await stats.fold(t.clock.now()); // fold in the middle of a history
          }
        }
        t.clock.set('2026-01-05T02:00:00Z');
        for (const a of as) {
          const tw = towns[a.town]!;
          await acts.create(ctxs.county!, {
            kind: 'reception',
            startedAt: new Date(Date.UTC(2025, 0, 1) - 8 * 3600_000 + a.day * 86_400_000 + a.hour * 3600_000).toISOString(),
            place: a.place,
            ...(a.place === 'station' ? { stationId: tw.stationId } : { gridId: tw.gridId }),
            participantDeputyIds: a.both ? towns.map((x) => x.deputyId) : [tw.deputyId],
            constituentsReceived: a.received,
            summary: '接待群众',
          });
        }
        if (foldAtEnd) await stats.fold(t.clock.now());
        total += await checkEverything();
      }),
      { numRuns: 5 },
    );
    // after a final fold nothing is pending and everything still matches
    await stats.fold(t.clock.now());
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stats_deltas')).rows[0]!.n).toBe(0);
    total += await checkEverything();
    expect(total).toBeGreaterThan(1000);
    // every metric of the catalogue was exercised at least once
    const seen = new Set((await rawCounted(t.db)).map((c) => c.metric));
    expect([...seen].sort()).toEqual(expect.arrayContaining(['activities_held', 'concerns_collected', 'concerns_closed', 'deputy_person_times']));
    // and the suggestions' and projects' figures with it (fixed walks, so that a run cannot miss them)
    for (const [i, stage, ratings] of [[0, 7, ['satisfied', 'satisfied']], [1, 7, ['dissatisfied', 'basically_satisfied']], [0, 6, ['satisfied', 'satisfied']]] as const) {
      await walkSuggestion({ town: i, category: 'other', startDay: 40 * stage, stage, refuse: false, unit: 'A', replies: ['A', 'C'], ratings: [...ratings], gaps: Array.from({ length: 12 }, () => 1) });
    }
    await walkProject({ town: 0, village: 0, byDeputy: true, startDay: 100, steps: ['approve', 'start', 'finish'], budget: 18_000_000, unit: 'B', gap: 3 });
    await walkProject({ town: 1, village: 2, byDeputy: false, startDay: 200, steps: ['approve', 'cancel'], budget: 5_000_000, unit: 'A', gap: 3 });
    await walkProject({ town: 1, village: 1, byDeputy: true, startDay: 210, steps: ['approve'], budget: 1_234_567, unit: 'A', gap: 3 });
    // a deputy with figures gains a level, loses one and has one corrected, after everything was folded
    await stats.fold(t.clock.now());
    // (terms 47 and 48: the random changes use 18 to 20, so none of these can collide with them)
    const before = mandateChanges;
    await changeMandate({ town: 0, op: 'add', level: 'provincial', term: 30 });
    await changeMandate({ town: 1, op: 'add', level: 'provincial', term: 31 });
    await changeMandate({ town: 1, op: 'relevel', level: 'prefectural', term: 0 }, { level: 'provincial', term: 48 });
    expect(mandateChanges - before).toBe(3);
    total += await checkEverything();
    await changeMandate({ town: 0, op: 'end', level: 'county', term: 0 }, { level: 'provincial', term: 47 });
    expect(mandateChanges - before).toBe(4);
    const seenAll = new Set((await rawCounted(t.db)).map((c) => c.metric));
    expect([...seenAll]).toEqual(expect.arrayContaining(['suggestions_formed', 'suggestions_replied', 'suggestions_replied_a', 'suggestions_closed',
      'suggestions_closed_satisfied', 'suggestions_closed_basically_satisfied', 'micro_projects_approved', 'micro_projects_money', 'micro_projects_finished']));
    expect(METRICS.length).toBe(METRIC_CODES.length);
  }, 600_000);

  it('the rebuild from the base tables gives the same facts and rollups as the triggers and folds', async () => {
    const stats = createStatsService(t.deps);
    await stats.fold(t.clock.now());
    const before = (await t.db.query<{ k: string }>("SELECT scope || '|' || dim || '|' || grain || '|' || period || '|' || metric || '|' || key || '=' || value AS k FROM stats_rollups WHERE value <> 0 ORDER BY 1")).rows.map((r) => r.k);
    const facts = "SELECT concern_id || '|' || fact || '|' || metric || '|' || day AS k FROM stats_concern_facts ORDER BY 1";
    const factsBefore = (await t.db.query<{ k: string }>(facts)).rows.map((r) => r.k);
    await t.db.query('SELECT stats_rebuild()');
    // the facts too: the triggers of later events count "the first time" against them
    expect((await t.db.query<{ k: string }>(facts)).rows.map((r) => r.k)).toEqual(factsBefore);
    expect(factsBefore.length).toBeGreaterThan(0);
    // the keys the rebuild set aside while loading are back
    const keys = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_constraint WHERE conname IN ('stats_concern_facts_pkey', 'stats_concern_facts_concern_id_fkey', 'stats_rollups_pkey')",
    );
    expect(keys.rows[0]!.n).toBe(3);
    const after = (await t.db.query<{ k: string }>("SELECT scope || '|' || dim || '|' || grain || '|' || period || '|' || metric || '|' || key || '=' || value AS k FROM stats_rollups WHERE value <> 0 ORDER BY 1")).rows.map((r) => r.k);
    expect(after.length).toBeGreaterThan(0);
    expect(after).toEqual(before);
  });

  it('dimension cuts need whole months; a scope outside the actor is refused (403)', async () => {
    const stats = createStatsService(t.deps);
    await expect(stats.cut(ctxs.county!, { regionCode: county.countyCode, from: '2025-03-05', to: '2025-04-17', dim: 'category' })).rejects.toMatchObject({ statusCode: 400 });
    await expect(stats.overview(ctxs.clerk0!, { regionCode: county.townCodes[1]! })).rejects.toMatchObject({ statusCode: 403 });
    await expect(stats.overview(ctxs.unitA!, {})).rejects.toMatchObject({ statusCode: 403 });
    // R-STAT-1: a register of every station, grid, deputy or campaign of a city or province is refused; units,
    // regions, categories and deputy levels are cut
    for (const dim of ['station', 'grid', 'deputy', 'campaign'] as const) {
      await expect(stats.cut(ctxs.province!, { regionCode: '440000000000', from: '2025-01-01', to: '2025-12-31', dim })).rejects.toMatchObject({
        statusCode: 400,
        message: expect.stringContaining('请先选择县（市、区）') as unknown,
      });
    }
    for (const dim of ['unit', 'child', 'category', 'deputy_level'] as const) {
      // answered (the random histories may leave one of them empty)
      const res = await stats.cut(ctxs.province!, { regionCode: '440000000000', from: '2025-01-01', to: '2025-12-31', dim });
      expect(res.dim).toBe(dim);
      expect(res.metrics.length).toBeGreaterThan(0);
      for (const row of res.rows) expect(Object.keys(row.figures)).toEqual(expect.arrayContaining(res.metrics));
    }
    // the xlsx of a province: every table it can have (no station, grid or campaign registers), levels included
    const xlsx = await stats.exportXlsx(ctxs.province!, { regionCode: '440000000000', from: '2025-01-01', to: '2025-12-31' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['总体', '下级区划', '类别', '渠道', '承办单位', '代表层级', '承办单位排名', '月度趋势']);
    const countyXlsx = await stats.exportXlsx(ctxs.county!, { from: '2025-01-01', to: '2025-12-31' });
    const wbCounty = new ExcelJS.Workbook();
    await wbCounty.xlsx.load(countyXlsx as unknown as ArrayBuffer);
    expect(wbCounty.worksheets.map((w) => w.name)).toContain('代表排名');
    const dims: StatsDimension[] = [...STATS_DIMENSIONS];
    expect(dims.length).toBe(10);
  });
});
