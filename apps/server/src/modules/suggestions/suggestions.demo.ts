import { normalizeRegionCode, todayOf, addDaysIso, type Actor, type TSuggestionActionBody, type TSuggestionCreateRequest } from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { insertUser } from '../admin/users.repository.js';
import { hashPassword } from '../auth/password-hasher.js';
import { createConcernsService } from '../concerns/concerns.service.js';
import { createSuggestionsService } from './suggestions.service.js';
import * as repo from './suggestions.repository.js';

/**
 * Deputies' suggestions for the demo county (Heshan 440784), made by driving the real services
 * (concerns → suggestion → review → dispatch → consultation → reply → rating), ending in every
 * state. The seed stories:
 * - seed 002 (Heshan, 共和镇泮坑村): villagers' reports of sewage backflowing on rainy days become
 *   a suggestion; the water bureau and the town re-do the rural sewage works (reply B, not
 *   satisfied, re-handled, reply A, satisfied);
 * - seed 001 (Yunan, 郁南县 — placed here in Heshan): the lake lighting suggestion (originally
 *   西宁湖、九星湖、吉祖湖、锦秀湖 in Yunan's county town; here the lakes get neutral names), handled
 *   with a coordination meeting and tied to the "四提补短板" drive, under key supervision;
 * - seed 001 (Yunan 东坝镇 — placed here in a Heshan town): house numbers for 386 households.
 * The deputies are the demo's fictitious deputies (the seeds' real people are never used).
 */
const DAY = 86_400_000;

export async function seedSuggestionsDemo(deps: AppDeps, countyCode: string, password: string): Promise<void> {
  const county12 = normalizeRegionCode(countyCode);
  const officeUser = await repo.findDemoUser(deps.db, 'demo_county');
  const deputyUser = await repo.findDemoUser(deps.db, 'demo_deputy');
  const handlers = await repo.listUnitHandlers(deps.db, countyCode);
  const deputies = await repo.listCountyDeputies(deps.db, countyCode, 12);
  if (!officeUser || !deputyUser?.deputy_id || handlers.length < 3 || deputies.length < 4) return;
  const realNow = deps.clock.now();
  const hash = await hashPassword(password);

  const office: Actor = { userId: officeUser.user_id, username: 'demo_county', role: 'congress_staff', scopeRegionCode: county12 };
  const me: Actor = { userId: deputyUser.user_id, username: 'demo_deputy', role: 'deputy', scopeRegionCode: deputyUser.scope_region_code, deputyId: deputyUser.deputy_id };
  // Deputy accounts for the other lead deputies and co-signers.
  const others = deputies.filter((d) => d.deputy_id !== deputyUser.deputy_id).slice(0, 4);
  const deputyActors: Actor[] = [];
  for (const [i, d] of others.entries()) {
    const username = `demo_sug_deputy_${i + 1}`;
    const existing = await repo.findDemoUser(deps.db, username);
    const town = `${d.region_code.slice(0, 9)}000`;
    const userId =
      existing?.user_id ??
      (await insertUser(deps.db, { username, displayName: `演示·${d.name}代表`, passwordHash: hash, role: 'deputy', scopeRegionCode: town, mustChangePassword: false, now: realNow, deputyId: d.deputy_id }));
    deputyActors.push({ userId, username, role: 'deputy', scopeRegionCode: town, deputyId: d.deputy_id });
  }
  const [d1, d2, d3, d4] = deputyActors as [Actor, Actor, Actor, Actor];
  const handlerOf = async (suffix: string, fallback: number): Promise<Actor> => {
    const id = await repo.findUnitByName(deps.db, countyCode, suffix);
    const h = handlers.find((x) => x.unit_id === id) ?? handlers[fallback % handlers.length]!;
    return { userId: h.user_id, username: h.username, role: 'unit_handler', scopeRegionCode: county12, unitId: h.unit_id };
  };
  const water = await handlerOf('水利局', 0);
  const housing = await handlerOf('住房和城乡建设局', 1);
  const cityMgmt = await handlerOf('城市管理和综合执法局', 2);
  const gonghe = await handlerOf('共和镇人民政府', 3);
  const publicSecurity = await handlerOf('公安局', 4);
  const agriculture = await handlerOf('农业农村局', 5);
  const education = await handlerOf('教育局', 6);

  const ctxOf = (actor: Actor): RequestContext => ({ actor, requestId: 'seed-demo-suggestions', ip: 'local' });
  const at = (t: number) => createSuggestionsService({ ...deps, clock: { now: () => new Date(t) } });
  const dayOf = (t: number) => todayOf(new Date(t));

  /** One suggestion driven through its steps; each step moves the clock on by `hours`. */
  async function story(start: number, by: Actor, input: Omit<TSuggestionCreateRequest, 'isPublic' | 'cosignerDeputyIds' | 'concernIds'> & Partial<TSuggestionCreateRequest>) {
    let t = start;
    const created = await at(t).create(ctxOf(by), { isPublic: true, cosignerDeputyIds: [], concernIds: [], ...input }, { isDemo: true });
    let version = created.version;
    const id = created.suggestionId;
    const step = async (actor: Actor, action: Record<string, unknown>, hours = 24) => {
      t += hours * 3_600_000;
      const r = await at(t).act(ctxOf(actor), id, { ...action, version } as TSuggestionActionBody);
      version = r.version;
    };
    return { id, step, today: () => dayOf(t), now: () => t };
  }
  const communicate = (withWhom: string, note: string, t: number) => ({ type: 'record_communication', form: 'visit', on: dayOf(t), withWhom, note });
  const consult = (people: string[], note: string, t: number, form = 'meeting') => ({ type: 'record_consultation', form, on: dayOf(t), people, note });

  // ── Seed 002: 共和镇泮坑村 sewage backflow, from two villagers' concerns ─────────────────────
  const gongheTown = await repo.findTownByName(deps.db, countyCode, '共和镇');
  if (gongheTown && gongheTown.villages.length > 0) {
    let t = realNow.getTime() - 150 * DAY;
    const concerns = createConcernsService({ ...deps, clock: { now: () => new Date(t) } });
    const village = gongheTown.villages[0]!;
    const concernIds: string[] = [];
    for (const [title, content] of [
      ['雨天村内污水倒灌', '一下大雨，村里的污水就倒灌进巷道和院子，臭味很大，希望彻底解决。'],
      ['污水倒灌污染农田', '雨天污水从管网倒灌进农田，稻田被污染，恶臭四散，影响耕种。'],
    ] as const) {
      const c = await concerns.create(ctxOf(office), {
        title,
        content,
        channel: 'grid_visit',
        categoryCode: 'living_environment',
        tier: 'general',
        regionCode: village,
        collectorKind: 'deputy',
        deputyId: d1.deputyId ?? undefined,
        constituent: { anonymous: false },
        attachmentIds: [],
      } as never);
      concernIds.push(c.concernId);
      t += 2 * DAY;
    }
    // the deputy affairs office drafts it on the deputy's behalf (it may link any concern of the county)
    const s = await story(t + DAY, office, {
      title: '关于解决共和镇泮坑村雨天污水倒灌问题的建议',
      content: '泮坑村雨天污水倒灌，造成农田污染、恶臭四散。经多次实地查勘，问题症结在于农村生活污水工程遗留问题：截污管网标高不当、雨污未分流。建议市水利部门会同共和镇、污水处理厂推动该村农村生活污水工程改造，彻底解决遗留问题。',
      category: 'urban_environment',
      period: 'between_sessions',
      term: 17,
      session: 4,
      leadDeputyId: d1.deputyId!,
      cosignerDeputyIds: [d2.deputyId!],
      concernIds,
    });
    await s.step(d1, communicate('共和镇人民政府、市水利局', '实地查勘泮坑村排水情况，与镇政府沟通解决办法', s.now() + 3_600_000), 1);
    await s.step(d2, { type: 'cosign' }, 4);
    await s.step(d1, { type: 'file' }, 2);
    await s.step(office, { type: 'register', note: '属于城乡建设和生态环境事项，予以立案' }, 24);
    await s.step(office, { type: 'dispatch', units: [{ unitId: water.unitId, role: 'lead' }, { unitId: gonghe.unitId, role: 'assisting' }] }, 24);
    await s.step(gonghe, { type: 'give_opinion', content: '镇政府负责做好群众工作和施工协调，配合水利局推进改造。' }, 24 * 6);
    await s.step(water, consult(['建议领衔代表', '市水利局分管领导', '共和镇分管领导', '污水处理厂负责人'], '到泮坑村现场面商改造方案', s.now() + 24 * 10 * 3_600_000, 'visit'), 24 * 10);
    await s.step(water, {
      type: 'reply',
      category: 'B',
      content: '已将泮坑村纳入农村生活污水工程改造，正在完成设计和资金安排，计划汛期前完成截污管网改造。',
      documentNumber: '鹤水函〔2025〕36号',
      signer: '市水利局局长',
      contact: '农水股 0750-8880001',
      itemsDone: ['完成现场查勘和问题排查', '落实改造资金'],
      itemsPlanned: [{ item: '改造截污管网、实施雨污分流', dueOn: addDaysIso(s.today(), 50) }],
    }, 24 * 20);
    await s.step(d1, { type: 'rate', handling: 'satisfied', result: 'dissatisfied', comment: '雨天仍有倒灌，请加快施工进度' }, 24 * 3);
    await s.step(water, consult(['建议领衔代表', '市水利局工程股', '施工单位'], '再次面商，明确施工节点', s.now() + 24 * 5 * 3_600_000, 'visit'), 24 * 5);
    await s.step(water, {
      type: 'reply',
      category: 'A',
      content: '泮坑村截污管网改造和雨污分流已完工，经多场降雨检验未再出现倒灌，工程遗留问题已解决。',
      documentNumber: '鹤水函〔2025〕58号',
      signer: '市水利局局长',
      contact: '农水股 0750-8880001',
      itemsDone: ['完成截污管网改造', '实施雨污分流', '污水处理厂调整运行'],
      itemsPlanned: [],
    }, 24 * 20);
    await s.step(d1, { type: 'rate', handling: 'satisfied', result: 'satisfied', comment: '问题已解决，村民满意' }, 24 * 2);
  }

  // ── Seed 001 (Yunan, placed in Heshan): the lake lighting, under key supervision ────────────
  {
    const s = await story(realNow.getTime() - 80 * DAY, me, {
      title: '关于升级城区四个湖泊景观灯光的建议',
      content: '城区湖泊夜间照明不足、灯光老旧，群众夜间散步不安全，也影响城市形象。建议升级城区四个湖泊的景观灯光，与城区“四提补短板”行动统筹推进。',
      category: 'urban_environment',
      period: 'session',
      term: 17,
      session: 5,
      leadDeputyId: me.deputyId!,
      cosignerDeputyIds: [d3.deputyId!],
    });
    await s.step(me, communicate('市住建局、市城管局', '了解湖泊照明现状和改造计划', s.now()), 1);
    await s.step(d3, { type: 'cosign' }, 3);
    await s.step(me, { type: 'file' }, 1);
    await s.step(office, { type: 'register' }, 24);
    await s.step(office, { type: 'dispatch', units: [{ unitId: housing.unitId, role: 'lead' }, { unitId: cityMgmt.unitId, role: 'joint' }] }, 24);
    await s.step(office, { type: 'set_key_supervision', on: true, leader: '市人大常委会副主任', note: '与领衔代表共同跟踪督办' }, 24);
    await s.step(cityMgmt, { type: 'give_opinion', content: '同意纳入城区夜景提升，负责后期灯具维护。' }, 24 * 5);
    await s.step(housing, consult(['领衔代表', '附议代表', '市住建局', '市城管局'], '市政府召开工作协调会，邀请代表到会听取意见', s.now() + 24 * 8 * 3_600_000), 24 * 8);
    await s.step(housing, {
      type: 'reply',
      category: 'C',
      content: '湖泊灯光升级已纳入城区“四提补短板”行动，分两期实施：先完成两个湖泊，其余两个列入明年计划。',
      documentNumber: '鹤建函〔2025〕21号',
      signer: '市住建局局长',
      contact: '城建股 0750-8880002',
      itemsDone: ['完成灯光设计方案'],
      itemsPlanned: [
        { item: '完成第一期两个湖泊灯光升级', dueOn: addDaysIso(s.today(), 150) },
        { item: '完成第二期两个湖泊灯光升级', dueOn: addDaysIso(s.today(), 330) },
      ],
    }, 24 * 20);
    // left for the lead deputy (demo_deputy) to rate on the phone
  }

  // ── Seed 001 (Yunan 东坝镇, placed in Heshan): house numbers for 386 households ─────────────
  {
    const s = await story(realNow.getTime() - 120 * DAY, d4, {
      title: '关于完善圩镇居民门牌号的建议',
      content: '圩镇新建片区没有统一门牌号，送快递、送煤气、维修上门和急救都难以“找对门口”。建议统一编制并免费安装门牌号。',
      category: 'other',
      period: 'between_sessions',
      term: 17,
      session: 4,
      leadDeputyId: d4.deputyId!,
    });
    await s.step(d4, communicate('镇政府、派出所', '入户调研门牌缺失情况', s.now()), 1);
    await s.step(d4, { type: 'file' }, 1);
    await s.step(office, { type: 'register' }, 24);
    await s.step(office, { type: 'dispatch', units: [{ unitId: publicSecurity.unitId, role: 'lead' }] }, 24);
    await s.step(publicSecurity, consult(['领衔代表', '派出所所长'], '电话沟通安装进度', s.now() + 24 * 7 * 3_600_000, 'phone'), 24 * 7);
    await s.step(publicSecurity, {
      type: 'reply',
      category: 'A',
      content: '已为386户社区居民免费上门安装门牌号，快递、煤气、维修上门更容易找对门口。',
      documentNumber: '鹤公函〔2025〕9号',
      signer: '市公安局副局长',
      contact: '户政科 0750-8880003',
      itemsDone: ['统一编制门牌号', '为386户免费上门安装门牌'],
      itemsPlanned: [],
    }, 24 * 10);
    await s.step(d4, { type: 'rate', handling: 'satisfied', result: 'satisfied' }, 24);
  }

  // ── A handful more, one in each remaining state ─────────────────────────────────────────────
  const base = {
    period: 'between_sessions' as const,
    term: 17,
    session: 5,
  };
  // drafting, with demo_deputy named as co-signer (shows under 待我附议 on the phone)
  {
    const s = await story(realNow.getTime() - 3 * DAY, d2, { ...base, title: '关于增设乡村学校校车线路的建议', content: '部分偏远村学生上学路途远，建议增设校车线路，保障学生上下学安全。', category: 'education_culture_health', leadDeputyId: d2.deputyId!, cosignerDeputyIds: [me.deputyId!] });
    await s.step(d2, communicate('市教育局', '了解校车线路现状', s.now()), 1);
  }
  // filed, waiting for review
  {
    const s = await story(realNow.getTime() - 6 * DAY, d3, { ...base, title: '关于加强农村饮用水源保护的建议', content: '部分村饮用水源地周边有养殖污染风险，建议划定保护范围并加强监测。', category: 'agriculture_rural', leadDeputyId: d3.deputyId!, cosignerDeputyIds: [me.deputyId!] });
    await s.step(d3, communicate('市农业农村局', '到水源地查看', s.now()), 1);
    await s.step(d3, { type: 'file' }, 1);
  }
  // registered, waiting for dispatch
  {
    const s = await story(realNow.getTime() - 12 * DAY, me, { ...base, title: '关于规范老旧小区电动自行车充电的建议', content: '老旧小区飞线充电现象普遍，存在火灾隐患，建议建设集中充电设施。', category: 'urban_environment', leadDeputyId: me.deputyId! });
    await s.step(me, communicate('沙坪街道、市应急局', '走访小区了解充电需求', s.now()), 1);
    await s.step(me, { type: 'file' }, 1);
    await s.step(office, { type: 'register' }, 24);
  }
  // merged into the sewage one's neighbour: a second filing on the same lighting topic
  {
    const s = await story(realNow.getTime() - 70 * DAY, d2, { ...base, title: '关于改善湖边步道夜间照明的建议', content: '湖边步道夜间照明不足，建议增加照明设施。', category: 'urban_environment', leadDeputyId: d2.deputyId! });
    await s.step(d2, communicate('市城管局', '夜间查看步道照明', s.now()), 1);
    await s.step(d2, { type: 'file' }, 1);
    const target = (await at(s.now()).list(ctxOf(office), { view: 'all', q: '湖泊景观灯光', page: 1, pageSize: 1 })).items[0];
    if (target) await s.step(office, { type: 'merge', mergedInto: target.suggestionId, reason: '与“升级城区四个湖泊景观灯光”建议内容相同，并案办理' }, 24);
  }
  // not registered, with the reason
  {
    const s = await story(realNow.getTime() - 40 * DAY, d4, { ...base, title: '关于解决某户宅基地纠纷的建议', content: '反映个别农户之间的宅基地边界纠纷，请求有关部门处理。', category: 'politics_law', leadDeputyId: d4.deputyId! });
    await s.step(d4, communicate('镇司法所', '了解纠纷情况', s.now()), 1);
    await s.step(d4, { type: 'file' }, 1);
    await s.step(office, { type: 'refuse_registration', reason: '属于个人纠纷，已转镇司法所依法调处，不作为代表建议立案' }, 24);
  }
  // dispatched long ago and now overdue
  {
    const s = await story(realNow.getTime() - 100 * DAY, d3, { ...base, title: '关于修复桃源镇村道破损路面的建议', content: '村道多处破损，雨天积水，建议尽快修复。', category: 'urban_environment', leadDeputyId: d3.deputyId! });
    await s.step(d3, communicate('市交通运输局', '实地查看路面', s.now()), 1);
    await s.step(d3, { type: 'file' }, 1);
    await s.step(office, { type: 'register' }, 24);
    await s.step(office, { type: 'dispatch', units: [{ unitId: housing.unitId, role: 'lead' }] }, 24);
  }
  // dispatched, due soon, with an extension request waiting for approval
  {
    const s = await story(realNow.getTime() - 82 * DAY, d1, { ...base, title: '关于扶持特色农产品品牌建设的建议', content: '本地特色农产品品牌影响力弱，建议加大品牌培育和营销支持。', category: 'agriculture_rural', leadDeputyId: d1.deputyId! });
    await s.step(d1, communicate('市农业农村局', '座谈了解品牌扶持政策', s.now()), 1);
    await s.step(d1, { type: 'file' }, 1);
    await s.step(office, { type: 'register' }, 24);
    await s.step(office, { type: 'dispatch', units: [{ unitId: agriculture.unitId, role: 'lead' }, { unitId: education.unitId, role: 'assisting' }] }, 24);
    await s.step(agriculture, consult(['领衔代表', '农业农村局'], '座谈面商品牌培育方案', s.now() + 24 * 10 * 3_600_000), 24 * 10);
    await s.step(agriculture, { type: 'request_extension', dueOn: addDaysIso(s.today(), 100), reason: '需等待省级专项资金下达' }, 24 * 60);
  }
  // replied B, not satisfied: re-handling, the second reply due within a month
  {
    const s = await story(realNow.getTime() - 75 * DAY, d2, { ...base, title: '关于改善鹤城镇农贸市场周边停车秩序的建议', content: '农贸市场周边车辆乱停，早市时段交通拥堵，建议增设停车位并加强管理。', category: 'urban_environment', leadDeputyId: d2.deputyId! });
    await s.step(d2, communicate('鹤城镇、市城管局', '早市时段现场查看', s.now()), 1);
    await s.step(d2, { type: 'file' }, 1);
    await s.step(office, { type: 'register' }, 24);
    await s.step(office, { type: 'dispatch', units: [{ unitId: cityMgmt.unitId, role: 'lead' }, { unitId: publicSecurity.unitId, role: 'assisting' }] }, 24);
    await s.step(publicSecurity, { type: 'give_opinion', content: '交警中队早市时段加派警力疏导。' }, 24 * 4);
    await s.step(cityMgmt, consult(['领衔代表', '市城管局', '鹤城镇'], '座谈面商停车位选址', s.now() + 24 * 6 * 3_600_000), 24 * 6);
    await s.step(cityMgmt, {
      type: 'reply',
      category: 'B',
      content: '已划定临时停车区，正在建设市场西侧停车场。',
      documentNumber: '鹤城管函〔2025〕17号',
      signer: '市城管局局长',
      contact: '市容股 0750-8880004',
      itemsDone: ['划定临时停车区'],
      itemsPlanned: [{ item: '建成市场西侧停车场', dueOn: addDaysIso(s.today(), 90) }],
    }, 24 * 30);
    await s.step(d2, { type: 'rate', handling: 'basically_satisfied', result: 'dissatisfied', comment: '早市仍然拥堵，临时停车区太小' }, 24 * 20);
  }
  // dispatched recently, on track
  {
    const s = await story(realNow.getTime() - 20 * DAY, me, { ...base, title: '关于增加社区养老服务站点的建议', content: '老年人口增多，社区养老服务站点不足，建议增设并完善服务。', category: 'education_culture_health', leadDeputyId: me.deputyId! });
    await s.step(me, communicate('市民政局', '走访社区了解养老需求', s.now()), 1);
    await s.step(me, { type: 'file' }, 1);
    await s.step(office, { type: 'register' }, 24);
    await s.step(office, { type: 'dispatch', units: [{ unitId: cityMgmt.unitId, role: 'lead' }] }, 24);
  }
}
