/**
 * R-STAT-1, seed 003 (会城街道 2024): the year is built through the services — 134 activities with
 * 667 deputy person-times receiving 712 constituents (“700多人次”), 398 concerns collected of which
 * 378 handled that year, 8 deputies' suggestions formed and closed — with records just outside the
 * year on both sides, and the report pack prints exactly those figures in the seeds' words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActivityCreateRequest } from '@gridvoice/core';
import { createTestApp, loginAs, makeCounty, makeUser, type TestApp } from '../../../test/harness.js';
import { makeDutyDeputy, makeStation } from '../../../test/duty.factory.js';
import { makeUnit } from '../../../test/organisation.factory.js';
import { walkSuggestionToClose } from '../../../test/suggestions.factory.js';
import type { RequestContext } from '../../types.js';
import { createConcernsService } from '../concerns/concerns.service.js';
import { createActivitiesService } from '../duty/activities.service.js';
import { createStatsService } from './stats.service.js';

describe('R-STAT-1 Huicheng 2024 from seed 003', () => {
  let t: TestApp;
  let town = '';

  beforeAll(async () => {
    t = await createTestApp({ start: '2024-01-02T01:00:00Z', config: { loginRateLimitPerMinute: 10_000 } });
    const county = await makeCounty(t, 1, 3);
    town = county.townCodes[0]!;
    await t.db.query("UPDATE regions SET name = '会城街道' WHERE region_code = $1", [town]);
    const villages = county.villageCodes[0]!;
    const station = await makeStation(t, town, '会城街道中心联络站');
    const deputies: string[] = [];
    for (let i = 0; i < 20; i++) {
      deputies.push((await makeDutyDeputy(t, town, ['county'], [{ stationId: station.stationId, regionCode: town }], `代表${i}`)).deputyId);
    }
    const staffUser = await makeUser(t, 'town_staff', town);
    const staff: RequestContext = { actor: { userId: staffUser.userId, username: staffUser.username, role: 'town_staff', scopeRegionCode: town }, requestId: 'huicheng', ip: '127.0.0.1' };

    // 134 activities in 2024: 131 with five deputies, 3 with four = 667 person-times; 712 constituents
    const acts: TActivityCreateRequest[] = [];
    for (let i = 0; i < 134; i++) {
      const n = i < 131 ? 5 : 4;
      const day = Math.floor((i * 365) / 134);
      acts.push({
        kind: 'reception',
        startedAt: new Date(Date.UTC(2024, 0, 1, 1) + day * 86_400_000).toISOString(),
        place: 'station',
        stationId: station.stationId,
        participantDeputyIds: Array.from({ length: n }, (_, k) => deputies[(i + k) % deputies.length]!),
        constituentsReceived: i < 42 ? 6 : 5, // 42×6 + 92×5 = 712
        summary: '进站接待群众',
      });
    }
    // just outside the year: 1 Jan 2025 00:10 local and 31 Dec 2023 23:50 local
    acts.push({ ...acts[0]!, startedAt: '2024-12-31T16:10:00Z', constituentsReceived: 9 });
    acts.push({ ...acts[0]!, startedAt: '2023-12-31T15:50:00Z', constituentsReceived: 9 });
    t.clock.set('2025-01-10T02:00:00Z');
    await createActivitiesService(t.deps).bulkCreate(staff, acts);

    // 398 concerns collected in 2024; 378 of them handled (on the spot) in 2024, 20 still open
    const concerns = createConcernsService(t.deps);
    const deputyUser = await makeUser(t, 'deputy', town, { deputyId: deputies[0]! });
    const dctx: RequestContext = { actor: { userId: deputyUser.userId, username: deputyUser.username, role: 'deputy', scopeRegionCode: town, deputyId: deputies[0]! }, requestId: 'huicheng', ip: '127.0.0.1' };
    const create = (regionCode: string) => concerns.create(dctx, {
      title: '群众意见', content: '网格内反映的问题', channel: 'station_reception', categoryCode: 'transport', tier: 'general',
      regionCode, collectorKind: 'deputy', deputyId: deputies[0]!, attachmentIds: [], constituent: { anonymous: false },
    });
    for (let i = 0; i < 398; i++) {
      t.clock.set(new Date(Date.UTC(2024, 0, 2, 2) + Math.floor((i * 360) / 398) * 86_400_000).toISOString());
      const c = await create(villages[i % 3]!);
      if (i < 378) {
        t.clock.advance(3 * 3600_000);
        await concerns.act(dctx, c.concernId, { type: 'resolve_on_spot', result: '现场答复解决', version: 1 });
      }
    }
    // collected 31 Dec 2023 23:30 local (not in 2024's 398) and handled on 3 Jan 2025 (not in 2024's 378)
    t.clock.set('2023-12-31T15:30:00Z');
    const before = await create(villages[0]!);
    t.clock.set('2025-01-03T02:00:00Z');
    await concerns.act(dctx, before.concernId, { type: 'resolve_on_spot', result: '现场答复解决', version: 1 });

    // 8 deputies' suggestions formed and closed in 2024 (“形成并办结的代表建议8条”), and one in late
    // December 2023 and one in January 2025, outside the year
    const office = await makeUser(t, 'congress_staff', county.countyCode);
    const unit = await makeUnit(t, county.countyCode, '江门市新会区交通运输局');
    const handler = await makeUser(t, 'unit_handler', county.countyCode, { unitId: unit.unitId });
    const who = {
      office: { actor: { userId: office.userId, username: office.username, role: 'congress_staff' as const, scopeRegionCode: county.countyCode }, requestId: 'huicheng', ip: '127.0.0.1' },
      unit: { actor: { userId: handler.userId, username: handler.username, role: 'unit_handler' as const, scopeRegionCode: county.countyCode, unitId: unit.unitId }, requestId: 'huicheng', ip: '127.0.0.1' },
    };
    for (let i = 0; i < 10; i++) {
      const deputyUserI = await makeUser(t, 'deputy', town, { deputyId: deputies[i]! });
      const deputyCtx: RequestContext = { actor: { userId: deputyUserI.userId, username: deputyUserI.username, role: 'deputy', scopeRegionCode: town, deputyId: deputies[i]! }, requestId: 'huicheng', ip: '127.0.0.1' };
      t.clock.set(i === 8 ? '2023-12-20T02:00:00Z' : i === 9 ? '2024-12-31T16:30:00Z' : new Date(Date.UTC(2024, 1 + i, 3, 2)).toISOString());
      const s = await walkSuggestionToClose(t, { ...who, deputy: deputyCtx }, { leadDeputyId: deputies[i]!, unitId: unit.unitId, replyCategory: i < 6 || i > 7 ? 'A' : 'B', rating: i === 7 ? 'basically_satisfied' : 'satisfied' });
      expect(s.status).toBe('closed');
    }
    t.clock.set('2025-01-20T02:00:00Z');
  }, 600_000);
  afterAll(() => t.close());

  it('the report pack prints 667 person-times, 134 activities, 712 constituents, 398 collected, 378 handled, 8 suggestions formed and closed', async () => {
    const staff = await loginAs(t, 'town_staff', town);
    const res = await staff.session.request('GET', `/api/stats/report?regionCode=${town}&from=2024-01-01&to=2024-12-31`);
    expect(res.statusCode, res.body).toBe(200);
    const rep = res.json();
    expect(rep.title).toBe('会城街道2024年代表“进站入网格”履职工作统计报告');
    expect(rep.paragraphs[0]).toBe(
      '2024年，会城街道共组织各级人大代表667人次开展“进站入网格”履职活动134次，接待（联系）群众712人次，共收集群众意见398条，当年办理378条，形成并办结的代表建议8条。',
    );
    expect(rep.paragraphs).toContain(
      '代表建议答复8条，其中A类（已解决或基本解决）6条、B类（正在解决）2条、C类（列入计划逐步解决）0条、D类（留作参考）0条；办结8条，代表对办理结果表态8条，满意率100.0%。',
    );
    expect(rep.figures).toMatchObject({
      activities_held: 134, deputy_person_times: 667, constituents_received: 712, concerns_collected: 398, concerns_handled: 378, concerns_closed: 378,
      suggestions_formed: 8, suggestions_closed: 8, suggestions_replied_a: 6, suggestions_replied_b: 2, suggestions_closed_satisfied: 7, suggestions_closed_basically_satisfied: 1,
    });
    expect(rep.figures.constituents_received).toBeGreaterThanOrEqual(700); // “700多人次”
    expect(rep.figures.constituents_received).toBeLessThan(800);

    // before and after the fold: the same figures
    await createStatsService(t.deps).fold(t.clock.now());
    const again = (await staff.session.request('GET', `/api/stats/report?regionCode=${town}&from=2024-01-01&to=2024-12-31`)).json();
    expect(again.paragraphs).toEqual(rep.paragraphs);

    // every number opens its records, which recount to it
    for (const [metric, n] of [['activities_held', 134], ['deputy_person_times', 667], ['constituents_received', 712], ['concerns_collected', 398], ['concerns_handled', 378], ['suggestions_formed', 8], ['suggestions_closed', 8]] as const) {
      const r = await staff.session.request('GET', `/api/stats/records?regionCode=${town}&from=2024-01-01&to=2024-12-31&metric=${metric}&pageSize=10`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().figure, metric).toBe(n);
    }

    // the xlsx of every table opens
    const x = await staff.session.request('GET', `/api/stats/export.xlsx?regionCode=${town}&from=2024-01-01&to=2024-12-31`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
