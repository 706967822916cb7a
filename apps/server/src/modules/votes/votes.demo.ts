/**
 * Micro-projects and this year's livelihood vote for the demo county (issue 6), made through the
 * projects, votes and attachments services (never by writing rows):
 *  - the drainage micro-project of seed 000 (¥180,000, "Wenyuan community, Jianghai"). The demo
 *    county is Heshan (440784) and the demo accounts are Heshan-scoped, so importing Jianghai's
 *    regions is not simple: the story is placed in 沙坪街道和平社区, Heshan, and says where it came from;
 *  - the dangerous road bend of seed 002 (桃源镇旺龙村) that became a micro-project with guard rails;
 *  - a few more micro-projects in several states, for the totals by region and year;
 *  - the livelihood vote of the current year: twelve candidate items with sub-items collected, one
 *    screened out, eleven published, the county congress' deputies vote (the demo deputy on the
 *    phone, the others on paper entered by the tellers, one duplicate paper ballot refused and
 *    reconciled), counted, the ten chosen items become tracked projects with progress figures.
 * The vote is set at the session in January (or, early in January, two hours ago) with a clock of
 * its own, as the concerns demo does; ballots open and close on that clock.
 */
import sharp from 'sharp';
import { calendarDateOf, formatCalendarDate, normalizeRegionCode, parseCalendarDate, zonedInstant, type Actor, type BallotChoice, type TCandidateCreateRequest } from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { createAttachmentsService } from '../attachments/attachments.service.js';
import { createDeputiesService } from '../organisation/deputies.service.js';
import { createProjectsService } from '../projects/projects.service.js';
import { createVotesService } from './votes.service.js';
import * as repo from './votes-demo.repository.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ctxOf = (actor: Actor): RequestContext => ({ actor, requestId: 'seed-demo', ip: 'local' });

function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const yuan = (n: number) => Math.round(n * 100);

/** Twelve candidates of a county's ten livelihood projects, each with sub-items and money (fen). */
const CANDIDATES: { title: string; description: string; unit: string; source: TCandidateCreateRequest['source']; items: [string, number][] }[] = [
  { title: '新增公办学位建设', description: '新建、改扩建中小学和幼儿园，新增公办学位。', unit: '教育局', source: 'suggestion', items: [['沙坪街道新建九年一贯制学校', 12_000], ['改扩建公办幼儿园3所', 3_600], ['农村学校运动场改造', 800]] },
  { title: '基层医疗卫生服务能力提升', description: '镇卫生院提质、村卫生站标准化建设，群众看病更方便。', unit: '卫健局', source: 'suggestion', items: [['镇卫生院提质升级5间', 4_500], ['村卫生站标准化建设30个', 900], ['家庭医生签约服务提标', 300]] },
  { title: '农村生活污水治理', description: '推进自然村生活污水收集处理设施建设。', unit: '环境分局', source: 'public', items: [['自然村污水处理设施80个', 5_200], ['镇级污水管网延伸', 2_400]] },
  { title: '城乡供水一体化', description: '农村供水管网改造，城乡同网同质同价。', unit: '水利局', source: 'department', items: [['农村供水管网改造120公里', 6_800], ['水厂扩容', 3_000], ['二次供水设施改造', 700]] },
  { title: '村道安全生命防护工程', description: '急弯陡坡路段加装防护栏、警示标志和反光镜。', unit: '交通局', source: 'suggestion', items: [['急弯陡坡路段防护栏60公里', 1_800], ['警示标志和凸面镜', 200]] },
  { title: '老旧小区改造', description: '老旧小区排水、道路、加装电梯等改造。', unit: '住建局', source: 'public', items: [['老旧小区改造12个', 4_800], ['既有住宅加装电梯', 600], ['小区雨污分流', 1_100]] },
  { title: '食用农产品快速检测', description: '扩大农贸市场食用农产品快检覆盖面。', unit: '市场监管局', source: 'department', items: [['快检室建设', 260], ['快检批次扩面', 180]] },
  { title: '就业创业服务', description: '开展技能培训，建设零工市场和就业驿站。', unit: '人社局', source: 'public', items: [['零工市场建设', 350], ['职业技能培训补贴', 1_200]] },
  { title: '养老服务设施建设', description: '镇街综合养老服务中心和村居养老服务站建设。', unit: '民政局', source: 'suggestion', items: [['镇街综合养老服务中心', 2_200], ['村居养老服务站40个', 800], ['长者饭堂', 400]] },
  { title: '公共文化体育设施', description: '建设口袋公园、社区体育公园和农家书屋提升。', unit: '文广旅体局', source: 'public', items: [['社区体育公园6个', 1_500], ['口袋公园10个', 600]] },
  { title: '农村路灯亮化工程', description: '自然村主干道路灯安装。', unit: '城管局', source: 'public', items: [['自然村路灯3000盏', 900]] },
  { title: '城区停车场建设', description: '新建公共停车场，缓解停车难。', unit: '发改局', source: 'department', items: [['公共停车场4个', 5_600]] },
];

export async function seedProjectsVotesDemo(deps: AppDeps, countyCode: string): Promise<void> {
  const county = normalizeRegionCode(countyCode);
  const staffUser = await repo.findUserByUsername(deps.db, 'demo_county');
  const deputyUser = await repo.findUserByUsername(deps.db, 'demo_deputy');
  const units = await repo.listUnits(deps.db, countyCode);
  if (!staffUser || !units.length) return;
  const unitOf = (short: string) => (units.find((u) => u.short_name === short) ?? units[0])!;
  const staff: Actor = { userId: staffUser.user_id, username: staffUser.username, role: 'congress_staff', scopeRegionCode: staffUser.scope_region_code };
  const deputy: Actor | null = deputyUser?.deputy_id ? { userId: deputyUser.user_id, username: deputyUser.username, role: 'deputy', scopeRegionCode: deputyUser.scope_region_code, deputyId: deputyUser.deputy_id } : null;
  const handlerOf = async (unitId: string): Promise<Actor | null> => {
    const h = await repo.findHandlerOfUnit(deps.db, unitId);
    return h ? { userId: h.user_id, username: h.username, role: 'unit_handler', scopeRegionCode: h.scope_region_code, unitId: h.unit_id } : null;
  };
  const realNow = deps.clock.now();
  const tz = deps.config.timeZone;
  const today = calendarDateOf(realNow, tz);
  const dayOf = (d: Date) => formatCalendarDate(calendarDateOf(d, tz));
  const at = (t: number) => ({ ...deps, clock: { now: () => new Date(t) } });
  const projectsNow = createProjectsService(deps);
  const jpeg = (color: string) => sharp({ create: { width: 320, height: 200, channels: 3, background: color } }).jpeg().toBuffer();
  const photo = async (actor: Actor, name: string, color: string) =>
    (await createAttachmentsService(deps).upload(ctxOf(actor), { filename: name, bytes: await jpeg(color) })).attachmentId;

  // ── Micro-projects ─────────────────────────────────────────────────────────────────────────
  const daysAgo = (n: number) => dayOf(new Date(realNow.getTime() - n * DAY));
  type Step = { type: 'approve'; unit: string; budgetFen: number; ago: number } | { type: 'start' | 'finish'; ago: number } | { type: 'accept'; ago: number; note: string } | { type: 'progress'; ago: number; percent: number; note: string } | { type: 'inspect'; ago: number; percent: number; findings: string } | { type: 'supervise'; ago: number; content: string };
  const micro: { title: string; description: string; region: string; concern?: string; proposedAgo: number; estimateFen: number; steps: Step[] }[] = [
    {
      title: '和平社区老旧小区排水管网改造',
      description: '老旧小区近年排水堵塞多发，雨天污水倒灌。接访代表提交建议后入选民生“微实事”，获18万元资金支持。（原型：江海区礼乐街道文苑社区，见资料000）',
      region: '440784001006', concern: '排水沟堵塞，雨天污水倒灌', proposedAgo: 300, estimateFen: yuan(180_000),
      steps: [
        { type: 'approve', unit: '住建局', budgetFen: yuan(180_000), ago: 280 },
        { type: 'start', ago: 250 },
        { type: 'progress', ago: 220, percent: 50, note: '完成主管道开挖和铺设一半' },
        { type: 'inspect', ago: 215, percent: 45, findings: '现场察看，主管道铺设约四成半，施工围蔽规范' },
        { type: 'progress', ago: 190, percent: 90, note: '主管网铺设完成，正在恢复路面' },
        { type: 'finish', ago: 180 },
        { type: 'inspect', ago: 175, percent: 100, findings: '雨后察看，排水通畅，未再出现倒灌' },
        { type: 'accept', ago: 170, note: '验收合格，已投入使用' },
      ],
    },
    {
      title: '旺龙村进出村道路急弯安全防护栏',
      description: '进出村道路狭窄，拐弯位存在较大安全隐患，曾发生溺水和交通事故，群众希望加装安全防护栏。代表实地调研形成建议，纳入民生“微实事”项目。（资料002）',
      region: '440784104208', concern: '急弯路段缺少警示标志', proposedAgo: 200, estimateFen: yuan(260_000),
      steps: [
        { type: 'approve', unit: '交通局', budgetFen: yuan(258_600), ago: 185 },
        { type: 'start', ago: 150 },
        { type: 'supervise', ago: 120, content: '汛期前须完成临水路段防护栏安装' },
        { type: 'progress', ago: 100, percent: 70, note: '临水路段防护栏已安装，急弯处警示标志和凸面镜安装中' },
      ],
    },
    { title: '南山社区小公园照明修复', description: '小公园路灯损坏，夜间散步不便。', region: '440784001007', concern: '路灯损坏，夜间出行不便', proposedAgo: 90, estimateFen: yuan(36_000), steps: [{ type: 'approve', unit: '城管局', budgetFen: yuan(35_800.5), ago: 80 }, { type: 'start', ago: 60 }, { type: 'progress', ago: 30, percent: 40, note: '已更换灯杆8根' }] },
    { title: '桂林社区垃圾分类投放点改造', description: '垃圾桶满溢，投放点需升级。', region: '440784001008', proposedAgo: 40, estimateFen: yuan(52_000), steps: [{ type: 'approve', unit: '城管局', budgetFen: yuan(50_000), ago: 30 }] },
    { title: '义学社区健身路径增设', description: '群众希望增设健身器材。', region: '440784001012', proposedAgo: 20, estimateFen: yuan(80_000), steps: [] },
  ];
  for (const m of micro) {
    const region = normalizeRegionCode(m.region);
    const concern = m.concern ? await repo.findConcernByTitle(deps.db, region.slice(0, 9), m.concern) : null;
    const proposer = deputy && region.startsWith(deputy.scopeRegionCode.slice(0, 9)) ? deputy : staff;
    const proposerDeputy = proposer === staff ? await repo.findDeputyInRegion(deps.db, region.slice(0, 9)) : null;
    let p = await createProjectsService(at(realNow.getTime() - m.proposedAgo * DAY)).create(
      ctxOf(proposer),
      {
        title: m.title, description: m.description, regionCode: region, sourceConcernIds: concern ? [concern.concern_id] : [],
        // the suggestion it came from lives in the suggestions module (issue 6 §1); linked at merge
        sourceSuggestionId: null, proposerDeputyId: proposerDeputy?.deputy_id ?? null, estimatedBudgetFen: m.estimateFen, items: [], proposedOn: daysAgo(m.proposedAgo),
      },
      { isDemo: true },
    );
    let unitId: string | null = null;
    for (const s of m.steps) {
      const svc = createProjectsService(at(realNow.getTime() - s.ago * DAY));
      const on = daysAgo(s.ago);
      if (s.type === 'approve') {
        unitId = unitOf(s.unit).unit_id;
        p = await svc.act(ctxOf(staff), p.projectId, { type: 'approve', version: p.version, budgetFen: s.budgetFen, unitId, on });
      } else if (s.type === 'start' || s.type === 'finish') {
        const h = (unitId && (await handlerOf(unitId))) || staff;
        p = await svc.act(ctxOf(h), p.projectId, { type: s.type, version: p.version, on });
      } else if (s.type === 'progress') {
        const h = (unitId && (await handlerOf(unitId))) || staff;
        p = await svc.reportProgress(ctxOf(h), p.projectId, { percent: s.percent, note: s.note, on, photoIds: [await photo(h, '进度照片.jpg', '#8c8c8c')] });
      } else if (s.type === 'inspect') {
        if (!deputy || !region.startsWith(deputy.scopeRegionCode.slice(0, 9))) continue;
        p = await svc.inspect(ctxOf(deputy), p.projectId, { verifiedPercent: s.percent, findings: s.findings, on, photoIds: [await photo(deputy, '视察照片.jpg', '#5b8c00')], location: { lat: 22.765, lng: 112.96 }, place: '项目现场' });
      } else if (s.type === 'supervise') {
        p = await svc.supervise(ctxOf(staff), p.projectId, { kind: 'urge', content: s.content, on });
      } else if (s.type === 'accept') {
        p = await svc.act(ctxOf(staff), p.projectId, { type: 'accept', version: p.version, on, photoIds: [await photo(staff, '验收照片.jpg', '#1677ff')], note: s.note });
      }
    }
  }

  // ── The livelihood vote of the current year ────────────────────────────────────────────────
  // the demo deputy sits in the county congress too (as 40 of Heshan's deputies do), so the phone views have a vote
  if (deputy?.deputyId && !(await repo.listCongressDeputies(deps.db, 'county', county, 17)).includes(deputy.deputyId)) {
    await createDeputiesService(deps).addMandate(ctxOf(staff), deputy.deputyId, { level: 'county', congressRegionCode: county, term: 17, status: 'active', startedOn: '2021-10-01' });
  }
  const voters = await repo.listCongressDeputies(deps.db, 'county', county, 17);
  if (voters.length < 20) return;
  const jan15 = zonedInstant(parseCalendarDate(`${today.year}-01-15`), tz).getTime() + 9 * HOUR;
  const session = jan15 < realNow.getTime() - DAY ? jan15 : realNow.getTime() - 3 * HOUR;
  const collectAt = Math.max(zonedInstant({ year: today.year, month: 1, day: 1 }, tz).getTime(), session - 10 * DAY);
  let v = createVotesService(at(collectAt));
  let round = await v.create(ctxOf(staff), { title: `${today.year}年鹤山市十件民生实事项目人大代表票决`, year: today.year, congressLevel: 'county', congressRegionCode: county, term: 17, seats: 10, secret: true, rule: { base: 'all_deputies', numerator: 1, denominator: 2, strict: true, quorumNumerator: 2, quorumDenominator: 3 } });
  for (const c of CANDIDATES) {
    round = await v.addCandidate(ctxOf(staff), round.roundId, { title: c.title, description: c.description, source: c.source, sourceSuggestionId: null, unitId: unitOf(c.unit).unit_id, regionCode: null, subItems: c.items.map(([title, wan]) => ({ title, budgetFen: wan * 1_000_000 })) });
  }
  round = await v.act(ctxOf(staff), round.roundId, { type: 'screen', version: round.version });
  for (const c of round.candidates) {
    const out = c.title === '城区停车场建设';
    round = await v.screenCandidate(ctxOf(staff), round.roundId, c.candidateId, out ? { decision: 'screened_out', reason: '已列入部门年度计划，不再列入票决候选' } : { decision: 'listed' });
  }
  v = createVotesService(at(session - 5 * DAY));
  round = await v.act(ctxOf(staff), round.roundId, { type: 'publish', version: round.version });
  v = createVotesService(at(session));
  round = await v.act(ctxOf(staff), round.roundId, { type: 'open_ballot', version: round.version, closesAt: new Date(session + HOUR).toISOString() });
  const listed = round.candidates.filter((c) => c.screening === 'listed');
  // each deputy's ballot: a seeded preference, never more yes than the ten seats
  const rand = seeded(440_784_006);
  const ballotOf = () => {
    const wish = listed.map((c, i) => ({ id: c.candidateId, p: i === listed.length - 2 ? 0.35 : 0.72 + 0.2 * rand() }));
    const scored = wish.map((w) => ({ ...w, r: rand() }));
    const yesIds = scored.filter((w) => w.r < w.p).sort((a, b) => a.r / a.p - b.r / b.p).slice(0, 10).map((w) => w.id);
    return listed.map((c): { candidateId: string; choice: BallotChoice } => ({ candidateId: c.candidateId, choice: yesIds.includes(c.candidateId) ? 'yes' : rand() < 0.3 ? 'abstain' : 'no' }));
  };
  // about one in twenty are absent; the demo deputy is there and votes on the phone
  const electronic = deputy && voters.includes(deputy.deputyId!) ? deputy : null;
  const others = voters.filter((d) => d !== electronic?.deputyId);
  const present = [...(electronic ? [electronic.deputyId!] : []), ...others.slice(0, others.length - Math.round(voters.length / 20))];
  if (electronic) await createVotesService(at(session + 10 * 60_000)).cast(ctxOf(electronic), round.roundId, ballotOf());
  // the tellers enter the paper ballots after the close; one sheet for a deputy who voted on the phone is refused
  v = createVotesService(at(session + HOUR + 20 * 60_000));
  let paper = 0;
  for (const deputyId of present) {
    if (deputyId === electronic?.deputyId) continue;
    await v.enterPaper(ctxOf(staff), round.roundId, deputyId, ballotOf());
    paper += 1;
  }
  if (electronic) await v.enterPaper(ctxOf(staff), round.roundId, electronic.deputyId!, ballotOf()).catch(() => undefined);
  round = await v.get(ctxOf(staff), round.roundId);
  round = await v.countSheets(ctxOf(staff), round.roundId, paper + (electronic ? 1 : 0));
  v = createVotesService(at(session + 2 * HOUR));
  round = await v.act(ctxOf(staff), round.roundId, { type: 'count', version: round.version });

  // ── The chosen items tracked through the year: the units report, the demo deputy inspects ──
  const spanDays = Math.max(1, Math.floor((realNow.getTime() - session) / DAY) - 2);
  for (const [i, tracked] of round.projects.entries()) {
    const p0 = await projectsNow.get(ctxOf(staff), tracked.projectId);
    const h = (p0.unitId && (await handlerOf(p0.unitId))) || staff;
    const startAt = session + Math.ceil(spanDays * 0.2) * DAY;
    if (startAt >= realNow.getTime() - DAY) continue;
    let p = await createProjectsService(at(startAt)).act(ctxOf(h), p0.projectId, { type: 'start', version: p0.version, on: dayOf(new Date(startAt)) });
    const reportAt = session + Math.ceil(spanDays * 0.7) * DAY;
    const percent = [100, 95, 90, 85, 80, 75, 70, 60, 55, 40][i] ?? 50;
    p = await createProjectsService(at(reportAt)).reportProgress(ctxOf(h), p.projectId, { percent, note: `按计划推进，完成年度任务${percent}%`, on: dayOf(new Date(reportAt)), photoIds: [] });
    if (deputy && i % 3 === 0) {
      const inspectAt = reportAt + 3 * DAY;
      p = await createProjectsService(at(inspectAt)).inspect(ctxOf(deputy), p.projectId, { verifiedPercent: Math.max(0, percent - (i === 3 ? 20 : 5)), findings: '代表视察，察看项目现场，听取承办单位汇报', on: dayOf(new Date(inspectAt)), photoIds: [await photo(deputy, '视察照片.jpg', '#5b8c00')], location: null });
    }
    if (percent === 100) {
      const finishAt = reportAt + 5 * DAY;
      if (finishAt < realNow.getTime()) await createProjectsService(at(finishAt)).act(ctxOf(h), p.projectId, { type: 'finish', version: p.version, on: dayOf(new Date(finishAt)) });
    }
  }
}
