import {
  checkAssignment,
  congressRegionFor,
  DEFAULT_CONCERN_CATEGORIES,
  defaultAssignmentBasis,
  formatGridCode,
  formatMicroGridCode,
  formatPublicId,
  formatStationCode,
  type AssignmentBasis,
  type DeputyLevel,
  type StationKind,
} from '@gridvoice/core';
import type { AppDeps } from '../../types.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as bulk from './bulk.repository.js';
import { listRegionNodes, type RegionNodeRow } from './coverage.repository.js';
import { nameSearchKeys } from './pinyin.js';

/**
 * The demo organisation of Heshan (R-ORG-2…9, issue 3 item 10): about 200 grids and 850
 * micro-grids over the 141 villages, 80 stations, 800+ deputies of four levels, their placements,
 * groups, links, the county's handling units and the routing table. Everything is fictitious,
 * marked is_demo, and drawn from a seeded generator so every run gives the same county. A few
 * gaps are left on purpose so the coverage report has something to show.
 */

// ─── Seeded randomness ───────────────────────────────────────────────────────────────────────

export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const uuid = () => {
    const b = Array.from({ length: 16 }, () => int(256));
    b[6] = ((b[6] as number) & 0x0f) | 0x40;
    b[8] = ((b[8] as number) & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  return { next, int, pick, uuid };
}
type Rand = ReturnType<typeof seededRandom>;

// ─── Fictitious people ───────────────────────────────────────────────────────────────────────

// Common surnames of the Pearl River delta, weighted by repetition.
const SURNAMES = [...'李李李梁梁梁陈陈陈黄黄黄冯冯吕吕何何张张钟钟区谭谭叶林罗吴周刘邓苏麦胡郑易赵宋温容余卢杨'];
const GIVEN = [...'伟强军明华志国建文杰俊辉荣锦伦健永家嘉浩宇晓海东振丽芳婷敏燕玲娟霞秀英惠萍慧红艳雪梅琳美淑静洁颖倩莹春兰桂凤珍玉翠绮'];
/** Real people named in the seeds: never generated. */
const REAL_NAMES = new Set(['张惠萍', '冯建英', '钟慧芬', '李锦平']);

function personName(rand: Rand, used: Set<string>): string {
  for (;;) {
    const length = rand.next() < 0.15 ? 1 : 2;
    const name = rand.pick(SURNAMES) + Array.from({ length }, () => rand.pick(GIVEN)).join('');
    if (!REAL_NAMES.has(name) && !used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

const OCCUPATIONS: [string, string][] = [
  ['村党组织书记', '基层干部'],
  ['社区居委会主任', '基层干部'],
  ['镇机关干部', '党政机关'],
  ['企业负责人', '工商界'],
  ['个体工商户', '工商界'],
  ['种养大户', '农业农村'],
  ['农民', '农业农村'],
  ['中学教师', '教育界'],
  ['小学校长', '教育界'],
  ['乡村医生', '医疗卫生'],
  ['医院医生', '医疗卫生'],
  ['律师', '法律界'],
  ['工人', '职工'],
  ['社会组织负责人', '社会组织'],
  ['合作社理事长', '农业农村'],
];

// ─── Plan ────────────────────────────────────────────────────────────────────────────────────

interface PlannedDeputy {
  row: bulk.BulkDeputy;
  levels: DeputyLevel[];
  phone: string;
  villageCode: string;
}

export interface DemoPlan {
  grids: bulk.BulkGrid[];
  workers: (Omit<bulk.BulkGridWorker, 'phone_encrypted' | 'phone_index'> & { phone: string })[];
  stations: bulk.BulkStation[];
  stationVillages: { station_id: string; village_code: string; county_code: string }[];
  deputies: PlannedDeputy[];
  mandates: bulk.BulkMandate[];
  assignments: bulk.BulkAssignment[];
  groups: { group_id: string; county_code: string; region_code: string; name: string; field: string | null; description: string | null; is_demo: boolean }[];
  members: { group_id: string; deputy_id: string; role: string }[];
  units: bulk.BulkUnit[];
  routes: { county_code: string; region_code: string; category_code: string; unit_id: string }[];
  links: bulk.BulkLink[];
  logins: { station: string; deputy: string; unit: string };
}

const TARGET_GRIDS = 197;
const TARGET_MICRO_GRIDS = 858;

/** Department name, short name, categories it leads in the county. */
const COUNTY_UNITS: [string, string, string[]][] = [
  ['住房和城乡建设局', '住建局', ['infrastructure']],
  ['交通运输局', '交通局', ['transport']],
  ['生态环境分局', '环境分局', ['ecology']],
  ['城市管理和综合执法局', '城管局', ['living_environment']],
  ['水利局', '水利局', []],
  ['农业农村局', '农业农村局', ['agriculture']],
  ['教育局', '教育局', ['education']],
  ['卫生健康局', '卫健局', ['health']],
  ['人力资源和社会保障局', '人社局', ['social_security']],
  ['公安局', '公安局', ['public_safety']],
  ['自然资源局', '自然资源局', []],
  ['民政局', '民政局', []],
  ['市场监督管理局', '市场监管局', []],
  ['发展和改革局', '发改局', ['economy']],
  ['应急管理局', '应急局', []],
  ['文化广电旅游体育局', '文广旅体局', []],
  ['医疗保障局', '医保局', []],
  ['司法局', '司法局', []],
  ['信访局', '信访局', ['other']],
  ['供电局', '供电局', []],
];

export function planDemoOrganisation(countyCode: string, regions: RegionNodeRow[], seed = 440784): DemoPlan {
  const rand = seededRandom(seed);
  const county12 = countyCode.padEnd(12, '0');
  const countyName = regions.find((r) => r.region_code === county12)?.name ?? '演示县';
  const towns = regions.filter((r) => r.level === 'town');
  const villagesOf = new Map(towns.map((t) => [t.region_code, regions.filter((v) => v.parent_code === t.region_code)]));
  const villages = towns.flatMap((t) => villagesOf.get(t.region_code) ?? []);
  const townOf = (villageCode: string) => `${villageCode.slice(0, 9)}000`;
  const demo = true;

  // ── Grids: every village one, the larger ones more; micro-grids 3–6 per grid ──
  const gridsPerVillage = new Map(villages.map((v) => [v.region_code, 1]));
  const extra = TARGET_GRIDS - villages.length;
  const weighted = villages.flatMap((v) => (v.kind === 'community' ? [v, v, v] : [v]));
  for (let i = 0; i < extra; i++) {
    const v = rand.pick(weighted);
    const n = gridsPerVillage.get(v.region_code)!;
    if (n < 3) gridsPerVillage.set(v.region_code, n + 1);
    else i--;
  }
  const grids: bulk.BulkGrid[] = [];
  const workers: DemoPlan['workers'] = [];
  const gridsOfVillage = new Map<string, bulk.BulkGrid[]>();
  const usedNames = new Set<string>();
  let phoneSeq = 0;
  const phone = () => `1380000${String(++phoneSeq).padStart(4, '0')}`;
  towns.forEach((t, ti) => {
    const originLng = 112.7 + (ti % 5) * 0.1;
    const originLat = 22.6 + Math.floor(ti / 5) * 0.1;
    (villagesOf.get(t.region_code) ?? []).forEach((v, vi) => {
      const cell = 0.1 / 6;
      const vLng = originLng + (vi % 6) * cell;
      const vLat = originLat + Math.floor(vi / 6) * cell;
      const n = gridsPerVillage.get(v.region_code)!;
      const list: bulk.BulkGrid[] = [];
      for (let k = 1; k <= n; k++) {
        const w = cell / n;
        const minLng = vLng + (k - 1) * w;
        const ring = [
          [minLng, vLat],
          [minLng + w, vLat],
          [minLng + w, vLat + cell],
          [minLng, vLat + cell],
          [minLng, vLat],
        ].map(([x, y]) => [Number((x as number).toFixed(6)), Number((y as number).toFixed(6))]);
        const g: bulk.BulkGrid = {
          grid_id: rand.uuid(),
          county_code: countyCode,
          village_code: v.region_code,
          parent_grid_id: null,
          kind: 'grid',
          sequence: k,
          code: formatGridCode(v.region_code, k),
          name: n === 1 ? `${v.name}网格` : `${v.name}第${'一二三'[k - 1]}网格`,
          boundary: JSON.stringify({ type: 'Polygon', coordinates: [ring] }),
          bbox_min_lat: ring[0]![1]!,
          bbox_min_lng: ring[0]![0]!,
          bbox_max_lat: ring[2]![1]!,
          bbox_max_lng: ring[2]![0]!,
          centre_lat: Number((vLat + cell / 2).toFixed(6)),
          centre_lng: Number((minLng + w / 2).toFixed(6)),
          is_demo: demo,
        };
        grids.push(g);
        list.push(g);
        workers.push({ grid_id: g.grid_id, county_code: countyCode, name: personName(rand, usedNames), phone: phone() });
      }
      gridsOfVillage.set(v.region_code, list);
    });
  });
  const topGrids = [...grids];
  const microPerGrid = new Map(topGrids.map((g) => [g.grid_id, 4]));
  let microLeft = TARGET_MICRO_GRIDS - topGrids.length * 4;
  while (microLeft > 0) {
    const g = rand.pick(topGrids);
    const n = microPerGrid.get(g.grid_id)!;
    if (n < 7) {
      microPerGrid.set(g.grid_id, n + 1);
      microLeft--;
    }
  }
  const microOf = new Map<string, bulk.BulkGrid[]>();
  for (const g of topGrids) {
    const isCommunity = villages.find((v) => v.region_code === g.village_code)?.kind === 'community';
    const list: bulk.BulkGrid[] = [];
    for (let k = 1; k <= microPerGrid.get(g.grid_id)!; k++) {
      const m: bulk.BulkGrid = {
        grid_id: rand.uuid(),
        county_code: countyCode,
        village_code: g.village_code,
        parent_grid_id: g.grid_id,
        kind: 'micro_grid',
        sequence: k,
        code: formatMicroGridCode(g.code, k),
        name: isCommunity ? `${g.name}${k}号片区` : `${g.name}第${k}村民小组`,
        boundary: null,
        bbox_min_lat: null,
        bbox_min_lng: null,
        bbox_max_lat: null,
        bbox_max_lng: null,
        centre_lat: null,
        centre_lng: null,
        is_demo: demo,
      };
      grids.push(m);
      list.push(m);
    }
    microOf.set(g.grid_id, list);
  }

  // ── Stations: 1 headquarters, 10 central, 58 village, 5 industry, 4 contact points, 2 studios ──
  const stations: bulk.BulkStation[] = [];
  const seq = new Map<StationKind, number>();
  const station = (kind: StationKind, regionCode: string, name: string, parent: string | null, address: string) => {
    const n = (seq.get(kind) ?? 0) + 1;
    seq.set(kind, n);
    const s: bulk.BulkStation = {
      station_id: rand.uuid(),
      county_code: countyCode,
      region_code: regionCode,
      kind,
      code: formatStationCode(countyCode, kind, n),
      name,
      parent_station_id: parent,
      address,
      lat: null,
      lng: null,
      opening_hours: kind === 'central' || kind === 'headquarters' ? '工作日 9:00-12:00，14:30-17:30' : '每月第一个星期四 9:00-11:30',
      contact_name: null,
      contact_phone: `0750-${String(8800000 + stations.length * 17).slice(0, 7)}`,
      is_demo: demo,
    };
    stations.push(s);
    return s;
  };
  const hq = station('headquarters', county12, `${countyName}人大代表联络总站`, null, `${countyName}人大常委会一楼`);
  const centralOf = new Map<string, bulk.BulkStation>();
  for (const t of towns) {
    centralOf.set(t.region_code, station('central', t.region_code, `${t.name}人大代表中心联络站`, hq.station_id, `${t.name}人大办公楼`));
  }
  // villages left without a station on purpose (the coverage report shows them)
  const gapVillages = new Set(towns.slice(2, 8).map((t) => (villagesOf.get(t.region_code) ?? []).at(-1)!.region_code));
  const stationVillages: DemoPlan['stationVillages'] = [];
  const stationOfVillage = new Map<string, bulk.BulkStation>();
  const villageStationCount = new Map(
    towns.map((t) => [t.region_code, Math.max(1, Math.round(((villagesOf.get(t.region_code) ?? []).length / villages.length) * 58))]),
  );
  // adjust to exactly 58
  let total = [...villageStationCount.values()].reduce((a, b) => a + b, 0);
  for (const t of [...towns].sort((a, b) => (villagesOf.get(b.region_code)?.length ?? 0) - (villagesOf.get(a.region_code)?.length ?? 0))) {
    if (total === 58) break;
    const n = villageStationCount.get(t.region_code)!;
    if (total > 58 && n > 1) {
      villageStationCount.set(t.region_code, n - 1);
      total--;
    } else if (total < 58) {
      villageStationCount.set(t.region_code, n + 1);
      total++;
    }
  }
  const contactPointTowns = new Set(towns.slice(0, 4).map((t) => t.region_code));
  const studioTowns = new Set(towns.slice(4, 6).map((t) => t.region_code));
  for (const t of towns) {
    const vs = (villagesOf.get(t.region_code) ?? []).filter((v) => !gapVillages.has(v.region_code));
    const central = centralOf.get(t.region_code)!;
    const nStations = Math.min(villageStationCount.get(t.region_code)!, vs.length);
    const hosts = vs.filter((_, i) => i % Math.max(1, Math.floor(vs.length / nStations)) === 0).slice(0, nStations);
    const hostStations = hosts.map((v) => {
      const s = station('village', v.region_code, `${v.name}人大代表联络站`, central.station_id, `${v.name}党群服务中心`);
      stationOfVillage.set(v.region_code, s);
      return s;
    });
    let others = vs.filter((v) => !stationOfVillage.has(v.region_code));
    if (contactPointTowns.has(t.region_code) && others.length) {
      const v = others[0]!;
      const parent = hostStations[0] ?? central;
      stationOfVillage.set(v.region_code, station('contact_point', v.region_code, `${v.name}代表联络点`, parent.station_id, `${v.name}村委会`));
      others = others.slice(1);
    }
    if (studioTowns.has(t.region_code) && others.length) {
      const v = others[0]!;
      stationOfVillage.set(v.region_code, station('deputy_studio', v.region_code, `${v.name}人大代表工作室`, central.station_id, `${v.name}文化室`));
      others = others.slice(1);
    }
    // the remaining villages are covered by the village stations of the town, in turn
    others.forEach((v, i) => {
      const s = hostStations[i % Math.max(1, hostStations.length)];
      if (!s) return;
      stationVillages.push({ station_id: s.station_id, village_code: v.region_code, county_code: countyCode });
      stationOfVillage.set(v.region_code, s);
    });
  }
  const industryTowns = towns.slice(0, 5);
  for (const t of industryTowns) {
    station('industry', t.region_code, `${t.name}产业园区人大代表联络站`, centralOf.get(t.region_code)!.station_id, `${t.name}工业园管理服务中心`);
  }

  // ── Units and routes ──
  const units: bulk.BulkUnit[] = [];
  const routes: DemoPlan['routes'] = [];
  let unitSeq = 0;
  const unitCode = () => `U${String(++unitSeq).padStart(3, '0')}`;
  const unitByShort = new Map<string, bulk.BulkUnit>();
  for (const [name, short, categories] of COUNTY_UNITS) {
    const u: bulk.BulkUnit = {
      unit_id: rand.uuid(),
      county_code: countyCode,
      region_code: county12,
      code: unitCode(),
      name: `${countyName}${name}`,
      short_name: short,
      kind: name === '供电局' ? 'enterprise' : 'department',
      contact_phone: `0750-${8880000 + unitSeq}`,
      description: null,
      is_demo: demo,
    };
    units.push(u);
    unitByShort.set(short, u);
    for (const c of categories) routes.push({ county_code: countyCode, region_code: county12, category_code: c, unit_id: u.unit_id });
  }
  for (const t of towns) {
    const u: bulk.BulkUnit = {
      unit_id: rand.uuid(),
      county_code: countyCode,
      region_code: t.region_code,
      code: unitCode(),
      name: t.name.endsWith('街道') ? `${t.name}办事处` : `${t.name}人民政府`,
      short_name: t.name,
      kind: 'town_office',
      contact_phone: `0750-${8890000 + unitSeq}`,
      description: null,
      is_demo: demo,
    };
    units.push(u);
    for (const c of ['living_environment', 'other']) {
      routes.push({ county_code: countyCode, region_code: t.region_code, category_code: c, unit_id: u.unit_id });
    }
  }
  const knownCategories = new Set<string>(DEFAULT_CONCERN_CATEGORIES.map((c) => c.code));
  if (routes.some((r) => !knownCategories.has(r.category_code))) throw new Error('演示分类路由使用了未知的问题分类');

  // ── Deputies: provincial 6, prefectural 30, county 210, township 590; some of two levels ──
  const kinds: { levels: DeputyLevel[]; n: number; organ?: boolean; countyLevel?: boolean }[] = [
    { levels: ['provincial'], n: 4 },
    { levels: ['provincial', 'county'], n: 2 },
    { levels: ['prefectural'], n: 24 },
    { levels: ['prefectural', 'county'], n: 6 },
    { levels: ['county'], n: 6, countyLevel: true },
    { levels: ['county'], n: 20, organ: true },
    { levels: ['county'], n: 144 },
    { levels: ['county', 'township'], n: 40 },
    { levels: ['township'], n: 590 },
  ];
  const people = kinds.flatMap((k) => Array.from({ length: k.n }, () => k));
  // the first deputies go one to each grid (none is left empty but the gaps), the rest spread
  const gapGrids = new Set(
    villages
      .filter((v) => (gridsOfVillage.get(v.region_code) ?? []).length >= 2)
      .filter((_, i) => i % 9 === 4)
      .slice(0, 6)
      .map((v) => gridsOfVillage.get(v.region_code)!.at(-1)!.grid_id),
  );
  const openGrids = topGrids.filter((g) => !gapGrids.has(g.grid_id));
  const order = people.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rand.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const gridFor = new Map<number, bulk.BulkGrid>();
  order.forEach((personIndex, i) => gridFor.set(personIndex, i < openGrids.length ? openGrids[i]! : rand.pick(openGrids)));
  const deputies: PlannedDeputy[] = [];
  const mandates: bulk.BulkMandate[] = [];
  const assignments: bulk.BulkAssignment[] = [];
  const usedIds = new Set<string>();
  const publicId = () => {
    for (;;) {
      const id = formatPublicId(Array.from({ length: 8 }, () => rand.int(256)));
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  // beyond the first deputy of each grid: ~12 new deputies not yet placed, ~6 at a station but not yet in a grid
  const spare = (i: number) => i - openGrids.length;
  const noPlacement = new Set(order.filter((_, i) => spare(i) >= 0 && spare(i) % 53 === 52));
  const stationOnly = new Set(order.filter((_, i) => spare(i) >= 0 && spare(i) % 107 === 20));
  people.forEach((k, index) => {
    const grid = gridFor.get(index)!;
    const village = grid.village_code;
    const town = townOf(village);
    const [occupation, sector] = rand.pick(OCCUPATIONS);
    const high = k.levels.includes('provincial') || k.levels.includes('prefectural');
    const byWorkplace = high && rand.next() < 0.3;
    const deputyId = rand.uuid();
    const regionCode = k.countyLevel ? county12 : town;
    const p = phone();
    const name = personName(rand, usedNames);
    const keys = nameSearchKeys(name);
    deputies.push({
      levels: k.levels,
      phone: p,
      villageCode: village,
      row: {
        deputy_id: deputyId,
        county_code: countyCode,
        region_code: regionCode,
        public_id: publicId(),
        name,
        name_pinyin: keys.pinyin,
        name_initials: keys.initials,
        gender: rand.next() < 0.32 ? 'female' : 'male',
        ethnicity: rand.next() < 0.97 ? '汉族' : rand.pick(['壮族', '瑶族', '回族']),
        birth_year: 1960 + rand.int(36),
        occupation: k.organ ? '市直机关干部' : occupation,
        sector: k.organ ? '党政机关' : sector,
        workplace: k.organ ? `${countyName}${rand.pick(COUNTY_UNITS)[0]}` : null,
        from_county_organ: !!k.organ,
        residence_region_code: high && !byWorkplace ? village : null,
        workplace_region_code: byWorkplace ? village : null,
        unit_region_code: k.organ ? town : null,
        phone_encrypted: null,
        phone_index: null,
        is_demo: demo,
      },
    });
    for (const level of k.levels) {
      const constituency = level === 'county' ? town : level === 'township' ? village : null;
      mandates.push({
        deputy_id: deputyId,
        county_code: countyCode,
        level,
        congress_region_code: congressRegionFor(level, village),
        term: level === 'provincial' ? 14 : level === 'prefectural' ? 16 : level === 'county' ? 17 : 18,
        constituency: constituency ? `${regions.find((r) => r.region_code === constituency)?.name ?? ''}选区` : null,
        constituency_region_code: constituency,
        started_on: level === 'township' ? '2021-09-01' : level === 'county' ? '2021-10-01' : '2023-01-01',
      });
    }
    if (noPlacement.has(index)) return;
    const basis = defaultAssignmentBasis({ levels: k.levels, fromCountyOrgan: !!k.organ }) as AssignmentBasis;
    const chosenBasis: AssignmentBasis = basis === 'residence' && byWorkplace ? 'workplace' : basis;
    const problems = checkAssignment({
      levels: k.levels,
      fromCountyOrgan: !!k.organ,
      basis: chosenBasis,
      places: {
        constituencies: mandates.filter((m) => m.deputy_id === deputyId && m.constituency_region_code).map((m) => m.constituency_region_code!),
        residence: high && !byWorkplace ? village : null,
        workplace: byWorkplace ? village : null,
        unit: k.organ ? town : null,
      },
      targetRegionCode: village,
    });
    if (problems.length) throw new Error(`演示数据违反进站入网格规则：${problems[0]!.message}`);
    const st = stationOfVillage.get(village) ?? centralOf.get(town)!;
    const micro = rand.next() < 0.35 ? rand.pick(microOf.get(grid.grid_id) ?? [grid]) : grid;
    assignments.push({
      deputy_id: deputyId,
      county_code: countyCode,
      station_id: st.station_id,
      grid_id: stationOnly.has(index) ? null : micro.grid_id,
      basis: chosenBasis,
      region_code: stationOnly.has(index) ? st.region_code : village,
    });
  });

  // two deputy studios are named after a county deputy of their town
  for (const s of stations.filter((x) => x.kind === 'deputy_studio')) {
    const d = deputies.find((x) => x.row.region_code === townOf(s.region_code) && x.levels.includes('county'));
    if (d) s.name = `${d.row.name}代表工作室`;
  }

  // ── Deputy groups (R-ORG-7): by field at the county, and one mixed group per town ──
  const groups: DemoPlan['groups'] = [];
  const members: DemoPlan['members'] = [];
  const fields = ['城建环保', '农业农村', '教科文卫', '财政经济', '社会建设', '法治建设'];
  const byLevel = (l: DeputyLevel) => deputies.filter((d) => d.levels.includes(l));
  for (const field of fields) {
    const id = rand.uuid();
    groups.push({ group_id: id, county_code: countyCode, region_code: county12, name: `${field}代表小组`, field, description: `围绕${field}开展调研、视察`, is_demo: demo });
    const chosen = new Set<PlannedDeputy>();
    for (const [l, n] of [['prefectural', 2], ['county', 5], ['township', 5]] as const) {
      const pool = byLevel(l);
      while ([...chosen].filter((d) => d.levels.includes(l)).length < n) chosen.add(rand.pick(pool));
    }
    [...chosen].forEach((d, i) => members.push({ group_id: id, deputy_id: d.row.deputy_id, role: i === 0 ? 'leader' : 'member' }));
  }
  for (const t of towns) {
    const id = rand.uuid();
    groups.push({ group_id: id, county_code: countyCode, region_code: t.region_code, name: `${t.name}混合编组代表小组`, field: '综合', description: null, is_demo: demo });
    const local = deputies.filter((d) => d.row.region_code === t.region_code);
    const chosen = new Set([...local.filter((d) => d.levels.includes('county')).slice(0, 3), ...local.filter((d) => !d.levels.includes('county')).slice(0, 5)]);
    [...chosen].forEach((d, i) => members.push({ group_id: id, deputy_id: d.row.deputy_id, role: i === 0 ? 'leader' : 'member' }));
  }

  // ── Links (R-ORG-8): committee members ↔ deputies, presidium members ↔ stations, deputies ↔ departments ──
  const links: bulk.BulkLink[] = [];
  const countyDeputies = byLevel('county');
  for (let m = 0; m < 8; m++) {
    const member = personName(rand, usedNames);
    for (let i = 0; i < 6; i++) {
      links.push({ county_code: countyCode, region_code: county12, kind: 'committee_member_deputy', member_name: member, deputy_id: countyDeputies[(m * 6 + i) * 3 % countyDeputies.length]!.row.deputy_id, station_id: null, unit_id: null, is_demo: demo });
    }
  }
  for (const t of towns) {
    links.push({ county_code: countyCode, region_code: t.region_code, kind: 'presidium_member_station', member_name: personName(rand, usedNames), deputy_id: null, station_id: centralOf.get(t.region_code)!.station_id, unit_id: null, is_demo: demo });
  }
  units.slice(0, 10).forEach((u, i) => {
    links.push({ county_code: countyCode, region_code: county12, kind: 'deputy_unit', member_name: null, deputy_id: countyDeputies[i * 7 % countyDeputies.length]!.row.deputy_id, station_id: null, unit_id: u.unit_id, is_demo: demo });
  });

  // ── The demo logins: a station, a deputy and a unit of 沙坪街道 / the county ──
  const firstTown = towns[0]!.region_code;
  const loginStation = stations.find((s) => s.kind === 'village' && s.region_code.startsWith(firstTown.slice(0, 9)))!;
  const loginDeputy = deputies.find(
    (d) => d.row.region_code === firstTown && assignments.some((a) => a.deputy_id === d.row.deputy_id && a.station_id === loginStation.station_id && a.grid_id),
  ) ?? deputies.find((d) => d.row.region_code === firstTown)!;
  return {
    grids,
    workers,
    stations,
    stationVillages,
    deputies,
    mandates,
    assignments,
    groups,
    members,
    units,
    routes,
    links,
    logins: { station: loginStation.station_id, deputy: loginDeputy.row.deputy_id, unit: unitByShort.get('住建局')!.unit_id },
  };
}

/** The demo step: plans Heshan's organisation and writes it in one transaction. */
export async function seedOrganisationDemo(deps: AppDeps, countyCode: string, logins: { station: string; deputy: string; unit: string }): Promise<void> {
  const { db, clock, cipher } = deps;
  if (await bulk.countyHasOrganisation(db, countyCode)) return;
  const regions = await listRegionNodes(db, countyCode.padEnd(12, '0'));
  const plan = planDemoOrganisation(countyCode, regions);
  const now = clock.now();
  const ctx = { actor: null, requestId: 'seed-demo', ip: 'local' };
  await db.transaction(async (tx) => {
    await bulk.bulkInsertGrids(tx, plan.grids);
    await bulk.bulkInsertGridWorkers(
      tx,
      plan.workers.map(({ phone, ...w }) => ({ ...w, phone_encrypted: cipher.encrypt(phone), phone_index: cipher.blindIndex('phone', phone) })),
    );
    await bulk.bulkInsertStations(tx, plan.stations);
    await bulk.bulkInsertStationVillages(tx, plan.stationVillages);
    await bulk.bulkInsertUnits(tx, plan.units);
    await bulk.bulkInsertRoutes(tx, plan.routes);
    await bulk.bulkInsertDeputies(
      tx,
      plan.deputies.map((d) => ({ ...d.row, phone_encrypted: cipher.encrypt(d.phone), phone_index: cipher.blindIndex('phone', d.phone) })),
    );
    await bulk.bulkInsertMandates(tx, plan.mandates);
    await bulk.bulkInsertAssignments(tx, plan.assignments);
    await bulk.bulkInsertGroups(tx, plan.groups);
    await bulk.bulkInsertGroupMembers(tx, plan.members);
    await bulk.bulkInsertLinks(tx, plan.links);
    await bulk.linkUserToOrganisation(tx, logins.station, { stationId: plan.logins.station });
    await bulk.linkUserToOrganisation(tx, logins.deputy, { deputyId: plan.logins.deputy });
    await bulk.linkUserToOrganisation(tx, logins.unit, { unitId: plan.logins.unit });
    await insertAudit(tx, ctx, now, {
      action: 'organisation.seed_demo',
      objectType: 'region',
      objectId: countyCode,
      regionCode: countyCode.padEnd(12, '0'),
      after: {
        grids: plan.grids.filter((g) => g.kind === 'grid').length,
        microGrids: plan.grids.filter((g) => g.kind === 'micro_grid').length,
        stations: plan.stations.length,
        deputies: plan.deputies.length,
        mandates: plan.mandates.length,
        assignments: plan.assignments.length,
        units: plan.units.length,
        routes: plan.routes.length,
        groups: plan.groups.length,
      },
    });
  });
}
