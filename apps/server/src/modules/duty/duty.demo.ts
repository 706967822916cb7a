/**
 * A year of duty for the demo county (issue 5 item 8), made through the duty services: the 631
 * rule and Thursday as direct-contact day, a fixed rota at every central station, a year of
 * activities of many kinds at the deputies' stations and grids (person-times and constituents
 * received), a campaign with the "三个一", a few reception registers (one request filed as a
 * concern) and one special supervision with its problem list. Runs after the organisation step;
 * does nothing when the county has no deputies placed. Deterministic: a seeded generator.
 */
import {
  DEFAULT_CONCERN_CATEGORIES,
  HESHAN_631_RULE,
  addCalendarDays,
  calendarDateOf,
  formatCalendarDate,
  normalizeRegionCode,
  weekdayOf,
  zonedInstant,
  type Actor,
  type ActivityKind,
  type CalendarDate,
  type DeputyLevel,
  type TActivityCreateRequest,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { createActivitiesService } from './activities.service.js';
import { createCampaignsService } from './campaigns.service.js';
import { createDutyService } from './duty.service.js';
import * as repo from './duty.repository.js';

const STATION_KINDS: ActivityKind[] = ['reception', 'open_reception', 'market_stall', 'return_visit', 'random_visit', 'reception'];
const GRID_KINDS: ActivityKind[] = [
  'home_visit', 'evening_home_visit', 'patrol', 'public_opinion', 'legal_education', 'village_rules',
  'cultivation_support', 'public_service', 'volunteer_service', 'party_activity', 'mechanism_building',
];
const OTHER_KINDS: ActivityKind[] = ['survey', 'inspection', 'meeting', 'law_enforcement_inspection', 'meeting_with_mayor', 'site_meeting', 'tree_planting', 'volunteering'];
const SUMMARIES: Partial<Record<ActivityKind, string>> = {
  reception: '代表进站接待选民，听取群众对村道硬底化、路灯维修等问题的意见',
  open_reception: '开门接访，现场解答群众关于医保参保、养老待遇的咨询',
  market_stall: '在圩日摆摊听民意，收集群众对农贸市场管理的意见建议',
  return_visit: '上门回访此前反映问题的群众，通报办理结果',
  random_visit: '随机走访村居，了解群众生产生活情况',
  home_visit: '入户走访困难家庭和独居老人，了解实际需求',
  evening_home_visit: '利用晚间入户夜访，听取外出务工家庭的意见',
  patrol: '网格巡查，排查河道垃圾和道路安全隐患',
  public_opinion: '网格内收集社情民意，梳理群众急难愁盼问题',
  legal_education: '开展法治宣传，讲解民法典与婚姻家庭纠纷调解',
  village_rules: '参与修订村规民约，推动移风易俗',
  cultivation_support: '助力春耕生产，协调农资供应和农技指导',
  public_service: '协助办理公共服务事项，帮助群众网上办事',
  volunteer_service: '参加网格志愿服务，清理村内卫生死角',
  party_activity: '参加网格党建活动，与党员群众座谈',
  mechanism_building: '参与建立网格议事协商工作机制',
  survey: '参加专题调研，了解农村生活污水治理情况',
  inspection: '参加代表视察，察看民生实事项目进展',
  meeting: '参加代表小组活动，讨论年度履职计划',
  law_enforcement_inspection: '参加执法检查，检查食品安全法贯彻实施情况',
  meeting_with_mayor: '参加约见市长活动，反映群众关切的交通出行问题',
  site_meeting: '参加部门现场会办，协调解决排水改造问题',
  tree_planting: '参加义务植树活动',
  volunteering: '参加志愿服务活动',
};

function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] as T };
}

function monthsOf(levels: readonly DeputyLevel[]): number {
  if (levels.includes('township')) return 1;
  if (levels.includes('county')) return 3;
  return 6;
}

/** The nth weekday (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): CalendarDate {
  let d: CalendarDate = { year, month, day: 1 };
  while (weekdayOf(d) !== weekday) d = addCalendarDays(d, 1);
  return addCalendarDays(d, 7 * (nth - 1));
}

export async function seedDutyDemo(deps: AppDeps, countyCode: string, staffUsername = 'demo_county'): Promise<void> {
  const { db, clock, config } = deps;
  const tz = config.timeZone;
  const user = await repo.findActorByUsername(db, staffUsername);
  const placements = await repo.listDemoAssignments(db, countyCode);
  if (!user || placements.length === 0) return;
  const actor: Actor = {
    userId: user.user_id,
    username: user.username,
    role: user.role as Actor['role'],
    scopeRegionCode: user.scope_region_code,
    stationId: user.station_id,
    unitId: user.unit_id,
    deputyId: user.deputy_id,
  };
  const ctx: RequestContext = { actor, requestId: 'seed-demo-duty', ip: 'local' };
  const duty = createDutyService(deps);
  const acts = createActivitiesService(deps);
  const camp = createCampaignsService(deps);
  const rand = seeded(5_440_784);
  const county12 = normalizeRegionCode(countyCode);
  const now = clock.now();
  const today = calendarDateOf(now, tz);

  // ── Rules: 631 for the county, Thursday is direct-contact day (直联日) ──
  await duty.putRule(ctx, { regionCode: county12, rule: HESHAN_631_RULE, reminderDaysBefore: 7 });
  await duty.putDirectContactDays(ctx, county12, [4]);

  // ── Deputies and where they serve ──
  const byDeputy = new Map<string, { levels: DeputyLevel[]; station: string | null; stationRegion: string | null; grid: string | null; town: string }>();
  for (const p of placements) {
    const cur = byDeputy.get(p.deputy_id) ?? {
      levels: p.levels ?? [],
      station: null,
      stationRegion: null,
      grid: null,
      town: `${(p.station_region ?? p.grid_village ?? p.region_code).slice(0, 9)}000`,
    };
    cur.station ??= p.station_id;
    cur.stationRegion ??= p.station_region;
    cur.grid ??= p.grid_id;
    byDeputy.set(p.deputy_id, cur);
  }
  const deputyIds = [...byDeputy.keys()].filter((id) => (byDeputy.get(id)?.levels.length ?? 0) > 0);

  // ── A campaign three months ago: 绿美江门 ──
  const cm = addCalendarDays({ year: today.year, month: today.month, day: 1 }, -80);
  const cStart: CalendarDate = { year: cm.year, month: cm.month, day: 1 };
  const cEnd = addCalendarDays(addCalendarDays(cStart, 32), -addCalendarDays(cStart, 32).day);
  const campaign = await camp.createCampaign(
    ctx,
    {
      name: '“绿美江门·代表在行动”主题活动月',
      theme: '绿美生态建设',
      regionCode: county12,
      startsOn: formatCalendarDate(cStart),
      endsOn: formatCalendarDate(cEnd),
      targets: { townHeadActivityPerTown: 1, qualitySuggestionPerGroup: 1, prominentProblemsSolved: 1, concernsCollected: 0 },
      suggestionsFormed: 12,
    },
    true,
  );

  // ── Fixed rota at every central station: second Thursday 9:00–11:30, deputies in turn ──
  const centrals = await repo.listCentralStations(db, countyCode);
  const yearAgo = addCalendarDays(today, -365);
  for (const s of centrals) {
    const ids = deputyIds.filter((id) => byDeputy.get(id)?.station === s.station_id).slice(0, 6);
    if (ids.length === 0) continue;
    const [lead, ...rest] = ids;
    await duty.createTemplate(ctx, {
      name: `${s.name}固定接待日`,
      purpose: 'station_duty',
      place: { kind: 'station', id: s.station_id },
      recurrence: { kind: 'monthly_nth_weekday', weekday: 4, nths: [2] },
      startTime: '09:00',
      endTime: '11:30',
      deputyIds: [lead as string],
      ...(rest.length ? { rotation: rest.map((id) => [id]) } : {}),
      validFrom: formatCalendarDate(yearAgo),
      validUntil: null,
    });
  }

  // ── A year of activities: each deputy at their station or grid as often as the rule asks ──
  const inputs: TActivityCreateRequest[] = [];
  const groups = new Map<string, { place: 'station' | 'grid'; id: string; day: CalendarDate; deputies: string[] }>();
  const firstMonth = { year: yearAgo.year, month: yearAgo.month };
  for (let k = 1; k <= 12; k++) {
    const m0 = firstMonth.month - 1 + k;
    const year = firstMonth.year + Math.floor(m0 / 12);
    const month = (m0 % 12) + 1;
    for (const id of deputyIds) {
      const d = byDeputy.get(id)!;
      const every = monthsOf(d.levels);
      if ((month - 1) % every !== (id.charCodeAt(0) + id.charCodeAt(1)) % every) continue;
      if (rand.next() < 0.08) continue; // a few miss a period
      const atGrid = d.grid && (!d.station || rand.next() < 0.45);
      const placeId = (atGrid ? d.grid : d.station);
      if (!placeId) continue;
      const day = atGrid ? { year, month, day: 3 + rand.int(24) } : nthWeekday(year, month, 4, 2);
      const key = `${placeId}|${year}-${month}|${atGrid ? day.day : 0}`;
      const g = groups.get(key) ?? { place: atGrid ? 'grid' : 'station', id: placeId, day, deputies: [] };
      g.deputies.push(id);
      groups.set(key, g);
    }
  }
  for (const g of groups.values()) {
    const start = zonedInstant(g.day, tz, g.place === 'station' ? 9 : 15, 0);
    if (start.getTime() > now.getTime()) continue;
    const kind = g.place === 'station' ? rand.pick(STATION_KINDS) : rand.pick(GRID_KINDS);
    inputs.push({
      kind,
      startedAt: start.toISOString(),
      endedAt: new Date(start.getTime() + 150 * 60_000).toISOString(),
      place: g.place,
      ...(g.place === 'station' ? { stationId: g.id } : { gridId: g.id }),
      participantDeputyIds: g.deputies,
      constituentsReceived: g.deputies.length + rand.int(g.deputies.length * 2 + 2),
      summary: SUMMARIES[kind] ?? '履职活动',
    });
  }
  // meetings, surveys and inspections elsewhere (duty, but not "in the station or grid")
  const towns = [...new Set(deputyIds.map((id) => byDeputy.get(id)!.town))].sort();
  for (const town of towns) {
    const local = deputyIds.filter((id) => byDeputy.get(id)!.town === town);
    for (let q = 0; q < 4; q++) {
      const day = addCalendarDays(yearAgo, 20 + q * 90 + rand.int(40));
      const kind = rand.pick(OTHER_KINDS);
      const who = [...new Set(Array.from({ length: Math.min(local.length, 4 + rand.int(6)) }, () => rand.pick(local)))];
      if (who.length === 0) continue;
      inputs.push({
        kind,
        startedAt: zonedInstant(day, tz, 14, 30).toISOString(),
        place: 'other',
        placeDescription: '镇政府会议室',
        participantDeputyIds: who,
        constituentsReceived: 0,
        summary: SUMMARIES[kind] ?? '履职活动',
      });
    }
    // the campaign: each town's activity led by its congress head (三个一)
    const centre = centrals.find((s) => s.region_code === town);
    if (centre && local.length) {
      inputs.push({
        kind: 'volunteer_service',
        startedAt: zonedInstant(addCalendarDays(cStart, 5 + rand.int(15)), tz, 9, 0).toISOString(),
        place: 'station',
        stationId: centre.station_id,
        participantDeputyIds: local.slice(0, 5),
        constituentsReceived: 20 + rand.int(40),
        summary: '人大主席带队开展“绿美江门”植绿护绿志愿服务，收集群众对村居绿化的意见',
        campaignId: campaign.campaignId,
        ledByCongressHead: true,
      });
    }
  }
  await acts.createMany(ctx, inputs, { bulk: true, isDemo: true });

  // ── Reception registers at three central stations; one request goes into the closed loop ──
  let filed = false;
  const busiest = new Map<string, number>();
  for (const id of deputyIds) {
    const st = byDeputy.get(id)?.station;
    if (st) busiest.set(st, (busiest.get(st) ?? 0) + 1);
  }
  const registerStations = [...busiest.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
  for (const [stationId] of registerStations) {
    const s = await repo.findStation(db, stationId);
    if (!s) continue;
    const onDuty = deputyIds.filter((id) => byDeputy.get(id)?.station === s.station_id).slice(0, 2);
    if (onDuty.length === 0) continue;
    for (let i = 0; i < 2; i++) {
      const day = nthWeekday(today.year, today.month, 4, 2);
      const when = zonedInstant(day, tz, 9, 30 + i * 20);
      const at = when.getTime() <= now.getTime() ? when : zonedInstant(addCalendarDays(today, -7 - i), tz, 10, 0);
      const entry = await acts.createEntry(ctx, {
        stationId: s.station_id,
        receivedAt: at.toISOString(),
        dutyDeputyIds: onDuty,
        visitor: { name: i === 0 ? '陈某某' : '梁某某', phone: `1380000${String(1000 + rand.int(8999))}`, address: `${s.name.replace(/人大代表.*$/, '')}某号` },
        visitorCount: 1 + rand.int(3),
        requests: [
          { content: '村口那段路晚上没有路灯，老人小孩出入很不方便，希望尽快装上路灯。', title: '村口路段缺少路灯' },
          { content: '想了解今年城乡居民医保的缴费标准和办理渠道。' },
        ],
        proposedHandling: '路灯问题转交镇有关部门办理；医保咨询当场解答',
        route: 'concern',
        feedback: '已当场解答医保缴费标准',
      });
      if (!filed) {
        await acts.createConcernsFromEntry(ctx, entry.entryId, {
          items: [{ requestIndex: 0, title: '村口路段缺少路灯', categoryCode: DEFAULT_CONCERN_CATEGORIES[0].code, regionCode: s.region_code, tier: 'general' }],
        });
        filed = true;
      }
    }
  }

  // ── A special supervision with its problem list dispatched point to point (R-OVS-1, R-LOOP-7) ──
  const units = await repo.listUnitsOf(db, countyCode);
  const o = await camp.createOversight(ctx, {
    kind: 'special_supervision',
    regionCode: county12,
    title: '农村生活污水治理专项监督',
    subject: '市住房城乡建设和水务局',
    startsOn: formatCalendarDate(addCalendarDays(today, -120)),
    endsOn: formatCalendarDate(addCalendarDays(today, -60)),
    findings: '部分村庄管网未接户、设施运维不到位。',
    suggestions: '加快管网接户，建立设施长效运维机制。',
    problems: [
      { description: '部分自然村污水管网未完成接户', category: '生态环境' },
      { description: '个别站点设施停运，运维责任不清', category: '生态环境' },
      { description: '群众反映部分检查井盖破损', category: '基础设施' },
    ],
  });
  const problemIds = (o.problems ?? []).map((p) => p.problemId);
  if (units.length && problemIds.length >= 2) {
    await camp.dispatchProblems(ctx, o.oversightId, {
      problems: problemIds.slice(0, 2).map((problemId, i) => ({ problemId, unitId: units[i % units.length]!.unit_id })),
    });
  }
  await camp.setStage(ctx, o.oversightId, 'measures');
}
