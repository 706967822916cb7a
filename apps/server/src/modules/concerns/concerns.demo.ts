import { normalizeRegionCode, type Actor, type ConcernTier } from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { insertUser } from '../admin/users.repository.js';
import { hashPassword } from '../auth/password-hasher.js';
import { findUserIdByUsername, listDemoTowns, listDemoUnits } from './concerns-demo.repository.js';
import { createConcernsService } from './concerns.service.js';

/**
 * A year of concerns for the demo county, made by driving the real workflow (never by writing
 * rows): registered by each town's clerk for the deputy who collected it, dispatched, handled by
 * the units' handlers, answered and rated — ending in every state. Includes the reports' stories.
 */
const DAY = 86_400_000;

interface Story {
  title: string;
  content: string;
  categoryCode: string;
  channel: string;
  tier: ConcernTier;
}

const STORIES: Story[] = [
  { title: '路灯损坏，夜间出行不便', content: '村口到小学路段的路灯坏了两个月，晚上孩子放学很不安全。', categoryCode: 'infrastructure', channel: 'grid_visit', tier: 'minor' },
  { title: '排水沟堵塞，雨天污水倒灌', content: '下雨天排水沟排不出去，污水倒灌进几户人家，希望疏通并改造排水管。', categoryCode: 'living_environment', channel: 'station_reception', tier: 'general' },
  { title: '急弯路段缺少警示标志', content: '村道急弯处没有反光镜和警示牌，最近发生了两次擦碰，希望尽快设置。', categoryCode: 'transport', channel: 'home_visit', tier: 'general' },
  { title: '垃圾收运不及时', content: '垃圾桶经常满溢，收运车三四天才来一次，天热气味很大。', categoryCode: 'living_environment', channel: 'market_stall', tier: 'minor' },
  { title: '卫生站缺少常用药', content: '村卫生站降压药经常断货，老人要到镇上买药不方便。', categoryCode: 'health', channel: 'evening_visit', tier: 'general' },
  { title: '农田灌溉水渠破损', content: '灌溉水渠多处破损漏水，影响晚稻灌溉。', categoryCode: 'agriculture', channel: 'grid_visit', tier: 'general' },
  { title: '学校门口交通拥堵', content: '上下学时段学校门口车辆乱停，希望安排交通疏导。', categoryCode: 'transport', channel: 'phone', tier: 'minor' },
  { title: '老旧小区消防通道被占', content: '小区消防通道长期被私家车占用，存在安全隐患。', categoryCode: 'public_safety', channel: 'wechat', tier: 'general' },
  { title: '河涌水质发黑发臭', content: '河涌近段时间水质变差，有生活污水直排，希望排查整治。', categoryCode: 'ecology', channel: 'station_reception', tier: 'major' },
  { title: '门牌号码缺失混乱', content: '新建片区没有统一门牌，快递和急救都找不到地址。', categoryCode: 'infrastructure', channel: 'online', tier: 'general' },
];

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

type Outcome = 'registered' | 'awaiting_dispatch' | 'dispatched' | 'in_progress' | 'replied' | 'satisfied' | 'basically_satisfied' | 'reopened' | 'not_rated';
const OUTCOMES: [Outcome, number][] = [
  ['registered', 6], ['awaiting_dispatch', 6], ['dispatched', 8], ['in_progress', 12], ['replied', 6],
  ['satisfied', 38], ['basically_satisfied', 10], ['reopened', 7], ['not_rated', 7],
];

export async function seedConcernsDemo(deps: AppDeps, countyCode: string, password: string, count = 240): Promise<void> {
  const towns = (await listDemoTowns(deps.db, countyCode)).filter((t) => t.villages.length && t.deputies.length);
  const units = await listDemoUnits(deps.db, countyCode);
  if (!towns.length || !units.length) return;
  const rand = seeded(4_407_840);
  const hash = await hashPassword(password);
  const realNow = deps.clock.now();

  // Each town's clerk and each unit's handler as real accounts (demo_town / demo_town2 / demo_unit reused).
  const known: Record<string, string> = { '440784001000': 'demo_town', '440784101000': 'demo_town2' };
  const clerks = new Map<string, Actor>();
  for (const t of towns) {
    const username = known[t.town_code] ?? `demo_clerk_${t.town_code.slice(6, 9)}`;
    const existing = await findUserIdByUsername(deps.db, username);
    const userId =
      existing?.user_id ??
      (await insertUser(deps.db, { username, displayName: `演示·镇街人大工作人员${t.town_code.slice(6, 9)}`, passwordHash: hash, role: 'town_staff', scopeRegionCode: t.town_code, mustChangePassword: false, now: realNow }));
    clerks.set(t.town_code, { userId, username, role: 'town_staff', scopeRegionCode: t.town_code });
  }
  const handlers = new Map<string, Actor>();
  const demoUnit = await findUserIdByUsername(deps.db, 'demo_unit');
  for (const [i, u] of units.entries()) {
    const reuse = demoUnit?.unit_id === u.unit_id ? demoUnit : null;
    const username = reuse ? 'demo_unit' : `demo_handler_${String(i + 1).padStart(2, '0')}`;
    const existing = reuse ?? (await findUserIdByUsername(deps.db, username));
    const userId =
      existing?.user_id ??
      (await insertUser(deps.db, { username, displayName: `演示·${u.name}经办人`, passwordHash: hash, role: 'unit_handler', scopeRegionCode: normalizeRegionCode(countyCode), mustChangePassword: false, now: realNow, unitId: u.unit_id }));
    handlers.set(u.unit_id, { userId, username, role: 'unit_handler', scopeRegionCode: normalizeRegionCode(countyCode), unitId: u.unit_id });
  }

  const at = (t: number) => createConcernsService({ ...deps, clock: { now: () => new Date(t) } });
  const ctxOf = (actor: Actor): RequestContext => ({ actor, requestId: 'seed-demo-concerns', ip: 'local' });
  const totalWeight = OUTCOMES.reduce((s, [, w]) => s + w, 0);
  const pickOutcome = (): Outcome => {
    let r = rand.int(totalWeight);
    for (const [o, w] of OUTCOMES) {
      if (r < w) return o;
      r -= w;
    }
    return 'satisfied';
  };

  for (let i = 0; i < count; i++) {
    const outcome = pickOutcome();
    const open = ['registered', 'awaiting_dispatch', 'dispatched', 'in_progress', 'replied'].includes(outcome);
    const ageDays = open ? 1 + rand.int(outcome === 'replied' ? 10 : 40) : 25 + rand.int(330);
    let t = realNow.getTime() - ageDays * DAY + (9 + rand.int(8)) * 3_600_000 - (realNow.getTime() % DAY);
    const town = rand.pick(towns);
    const clerk = clerks.get(town.town_code) as Actor;
    const story = STORIES[i % STORIES.length] as Story;
    const unit = rand.pick(units);
    const handler = handlers.get(unit.unit_id) as Actor;
    const created = await at(t).create(ctxOf(clerk), {
      ...story,
      channel: story.channel as never,
      categoryCode: story.categoryCode,
      regionCode: rand.pick(town.villages),
      collectorKind: 'deputy',
      deputyId: rand.pick(town.deputies),
      constituent: { anonymous: rand.next() < 0.2, ...(rand.next() < 0.6 ? { phone: `139${String(10_000_000 + rand.int(89_999_999))}` } : {}) },
      attachmentIds: [],
    } as never);
    let version = created.version;
    const step = async (actor: Actor, action: Record<string, unknown>, hours: number) => {
      t += hours * 3_600_000;
      const r = await at(t).act(ctxOf(actor), created.concernId, { ...action, version });
      version = (r as { version: number }).version;
    };
    if (outcome === 'registered') continue;
    await step(clerk, { type: 'send_for_dispatch' }, 1);
    if (outcome === 'awaiting_dispatch') continue;
    await step(clerk, { type: 'dispatch', units: [{ unitId: unit.unit_id, role: 'lead' }] }, 20);
    if (outcome === 'dispatched') continue;
    await step(handler, { type: 'accept' }, 24);
    if (outcome === 'in_progress') continue;
    await step(handler, { type: 'reply', content: `已安排现场核查并处理：${story.title.slice(0, 8)}问题已整改，后续将持续跟进。` }, 24 * (2 + rand.int(8)));
    if (outcome === 'replied' || outcome === 'not_rated') continue;
    if (outcome === 'reopened') {
      await step(clerk, { type: 'rate', rating: 'dissatisfied', comment: '群众反映问题仍未彻底解决' }, 30);
      await step(handler, { type: 'reply', content: '再次组织施工，问题已彻底解决，并已回访群众。' }, 24 * 5);
      await step(clerk, { type: 'rate', rating: 'satisfied' }, 30);
      continue;
    }
    await step(clerk, { type: 'rate', rating: outcome, comment: outcome === 'satisfied' ? '处理及时，很满意' : '基本解决' }, 30);
  }
  // Seed 000: a deputy and the grid team clear a mouldy tree before a typhoon — resolved on the spot.
  const deputyUser = await findUserIdByUsername(deps.db, 'demo_deputy');
  const shaping = towns.find((x) => x.town_code === '440784001000');
  if (deputyUser?.deputy_id && shaping) {
    const deputy: Actor = { userId: deputyUser.user_id, username: 'demo_deputy', role: 'deputy', scopeRegionCode: shaping.town_code, deputyId: deputyUser.deputy_id };
    let t = realNow.getTime() - 60 * DAY;
    const c = await at(t).create(ctxOf(deputy), {
      title: '台风来临前路边大树霉变有倒伏风险',
      content: '巡查网格时发现路边一棵大树树干霉变空心，台风将至，可能倒伏砸到行人和车辆。',
      channel: 'grid_visit',
      categoryCode: 'public_safety',
      tier: 'minor',
      regionCode: rand.pick(shaping.villages),
      collectorKind: 'deputy',
      deputyId: deputyUser.deputy_id,
      constituent: { anonymous: false },
      attachmentIds: [],
    } as never);
    t += 3 * 3_600_000;
    const r = await at(t).act(ctxOf(deputy), c.concernId, { type: 'resolve_on_spot', result: '代表联合网格员当天联系园林部门修剪加固，消除了倒伏隐患。', version: c.version });
    t += DAY;
    await at(t).act(ctxOf(clerks.get(shaping.town_code) as Actor), c.concernId, { type: 'rate', rating: 'satisfied', comment: '处理很及时', version: (r as { version: number }).version });
  }
  // Replies left unrated past the rating period close as "not rated", as the hourly job would.
  await createConcernsService(deps).closeOverdueRatings(realNow);
}
