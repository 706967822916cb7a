import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCoverage, computeCoverage, EMPTY_COVERAGE, type CoverageCounts, type CoverageInput } from '@gridvoice/core';
import { createTestApp, login, loginAs, makeCounty, TEST_PASSWORD, type Session, type TestApp } from '../../../test/harness.js';
import { DEMO_COUNTY, seedDemo } from '../demo/demo.seed.js';

type Counts = CoverageCounts & {
  percentages: Record<string, number>;
  links: Record<string, { path: string; query: Record<string, string> }>;
};
type Report = { regionCode: string; totals: Counts; rows: (Counts & { regionCode: string; regionName: string })[] };

const COUNT_KEYS = [
  'grids',
  'gridsWithoutDeputy',
  'deputies',
  'deputiesWithoutGrid',
  'deputiesWithoutStation',
  'villages',
  'villagesWithoutStation',
] as const;
const countsOf = (c: CoverageCounts) => Object.fromEntries(COUNT_KEYS.map((k) => [k, c[k]]));

/** Reads the raw tables and recounts with the plain reference rules — no SQL aggregation involved. */
async function recount(t: TestApp, countyCode6: string): Promise<Map<string, CoverageCounts>> {
  const like = `${countyCode6}%`;
  const villages = await t.db.query<{ code: string }>(
    `SELECT region_code AS code FROM regions WHERE level = 'village' AND region_code LIKE $1`,
    [like],
  );
  const grids = await t.db.query<{ grid_id: string; village_code: string; parent_grid_id: string | null; is_active: boolean }>(
    'SELECT grid_id, village_code, parent_grid_id, is_active FROM grids WHERE village_code LIKE $1',
    [like],
  );
  const stations = await t.db.query<{ station_id: string; region_code: string; is_active: boolean }>(
    'SELECT station_id, region_code, is_active FROM stations WHERE region_code LIKE $1',
    [like],
  );
  const links = await t.db.query<{ station_id: string; village_code: string }>('SELECT station_id, village_code FROM station_villages');
  const deputies = await t.db.query<{ deputy_id: string; region_code: string; is_active: boolean }>(
    'SELECT deputy_id, region_code, is_active FROM deputies WHERE region_code LIKE $1',
    [like],
  );
  const assignments = await t.db.query<{ deputy_id: string; grid_id: string | null; station_id: string | null }>(
    'SELECT deputy_id, grid_id, station_id FROM deputy_assignments',
  );
  const input: CoverageInput = {
    villages: villages.rows,
    grids: grids.rows.map((g) => ({ gridId: g.grid_id, villageCode: g.village_code, parentGridId: g.parent_grid_id, active: g.is_active })),
    stations: stations.rows.map((s) => ({
      stationId: s.station_id,
      regionCode: s.region_code,
      active: s.is_active,
      villageCodes: links.rows.filter((l) => l.station_id === s.station_id).map((l) => l.village_code),
    })),
    deputies: deputies.rows.map((d) => ({ deputyId: d.deputy_id, regionCode: d.region_code, active: d.is_active })),
    assignments: assignments.rows.map((a) => ({ deputyId: a.deputy_id, gridId: a.grid_id, stationId: a.station_id })),
  };
  return computeCoverage(input);
}

/** Every count of the report equals the recount, and the list behind each count has that many records. */
async function checkReport(t: TestApp, s: Session, report: Report, expected: Map<string, CoverageCounts>) {
  for (const row of report.rows) {
    expect(countsOf(row), row.regionName).toEqual(countsOf(expected.get(row.regionCode.slice(0, 9)) ?? EMPTY_COVERAGE));
  }
  const total = [...expected.values()].reduce(addCoverage, EMPTY_COVERAGE);
  expect(countsOf(report.totals)).toEqual(countsOf(total));
  const metricCount: Record<string, keyof CoverageCounts> = {
    grids_without_deputy: 'gridsWithoutDeputy',
    deputies_without_grid: 'deputiesWithoutGrid',
    deputies_without_station: 'deputiesWithoutStation',
    villages_without_station: 'villagesWithoutStation',
  };
  for (const row of [report.totals, ...report.rows]) {
    for (const [metric, key] of Object.entries(metricCount)) {
      const link = row.links[metric];
      if (!link) {
        // a row of county-level deputies has no grids or villages of its own
        expect(row[key]).toBe(0);
        continue;
      }
      const res = await s.request('GET', `${link.path}?${new URLSearchParams({ ...link.query, pageSize: '200' }).toString()}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().total, `${metric} of ${JSON.stringify(link.query)}`).toBe(row[key]);
    }
  }
  void t;
}

describe('coverage (R-ORG-6) on a known organisation', () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof makeCounty>>;
  let staff: Awaited<ReturnType<typeof loginAs>>;
  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t, 2, 3);
    staff = await loginAs(t, 'congress_staff', county.countyCode);
  });
  afterAll(() => t.close());

  async function post(url: string, body: unknown) {
    const res = await staff.session.request('POST', url, body);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  it('counts and percentages by town match a hand count and the recount; each count opens its list', async () => {
    const [a1, a2, a3] = county.villageCodes[0] as [string, string, string];
    const [b1] = county.villageCodes[1] as [string];
    const [townA, townB] = county.townCodes as [string, string];
    // town A: 4 grids (one via a micro-grid, one empty, one inactive), 2 villages with a station
    const gA1 = await post('/api/organisation/grids', { villageCode: a1, name: 'A1' });
    const gA2 = await post('/api/organisation/grids', { villageCode: a1, name: 'A2' });
    const mA2 = await post('/api/organisation/grids', { parentGridId: gA2.gridId, name: 'A2-1' });
    await post('/api/organisation/grids', { villageCode: a2, name: 'A3（无代表）' });
    const gA4 = await post('/api/organisation/grids', { villageCode: a3, name: 'A4（停用）' });
    await post(`/api/organisation/grids/${gA4.gridId}/deactivate`, undefined);
    const sA = await post('/api/organisation/stations', { kind: 'village', regionCode: a1, name: 'A1站', villageCodes: [a2] });
    await post('/api/organisation/stations', { kind: 'central', regionCode: townA, name: 'A中心站' });
    // town B: 1 grid with nobody, no station at all
    await post('/api/organisation/grids', { villageCode: b1, name: 'B1' });
    const mk = (name: string, regionCode: string, level: string) =>
      post('/api/organisation/deputies', { name, gender: 'female', regionCode, mandates: [{ level, term: 17 }] });
    const d1 = await mk('甲代表', townA, 'township');
    const d2 = await mk('乙代表', townA, 'township');
    const d3 = await mk('丙代表', townA, 'township'); // not placed
    const d4 = await mk('丁代表', townA, 'township'); // deactivated
    await mk('戊代表', townB, 'township'); // not placed
    const d6 = await mk('己代表', county.countyCode, 'county'); // county-level, station only
    await post(`/api/organisation/deputies/${d1.deputyId}/assignments`, { stationId: sA.stationId, gridId: gA1.gridId });
    await post(`/api/organisation/deputies/${d2.deputyId}/assignments`, { gridId: mA2.gridId });
    await post(`/api/organisation/deputies/${d4.deputyId}/assignments`, { gridId: gA1.gridId });
    await post(`/api/organisation/deputies/${d4.deputyId}/deactivate`, undefined);
    await post(`/api/organisation/deputies/${d6.deputyId}/assignments`, { stationId: sA.stationId });
    void d3;

    const res = await staff.session.request('GET', '/api/organisation/coverage');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<Report>();
    const row = (code: string) => report.rows.find((r) => r.regionCode === code)!;
    expect(countsOf(row(townA))).toEqual({
      grids: 3,
      gridsWithoutDeputy: 1,
      deputies: 3,
      deputiesWithoutGrid: 1,
      deputiesWithoutStation: 2,
      villages: 3,
      villagesWithoutStation: 1,
    });
    expect(row(townA).percentages).toEqual({ gridsWithDeputy: 66.7, deputiesInGrid: 66.7, deputiesAtStation: 33.3, villagesWithStation: 66.7 });
    expect(countsOf(row(townB))).toEqual({
      grids: 1,
      gridsWithoutDeputy: 1,
      deputies: 1,
      deputiesWithoutGrid: 1,
      deputiesWithoutStation: 1,
      villages: 3,
      villagesWithoutStation: 3,
    });
    expect(countsOf(row(county.countyCode))).toEqual({ ...countsOf(EMPTY_COVERAGE), deputies: 1, deputiesWithoutGrid: 1 });
    expect(report.rows.map((r) => r.regionCode)).toEqual([county.countyCode, townA, townB]);
    expect(report.totals.percentages.gridsWithDeputy).toBe(50);
    await checkReport(t, staff.session, report, await recount(t, county.county6));

    // a town clerk gets their town only, and not another town's
    const clerk = await loginAs(t, 'town_staff', townB);
    const own = (await clerk.session.request('GET', '/api/organisation/coverage')).json<Report>();
    expect(own.rows.map((r) => r.regionCode)).toEqual([townB]);
    expect((await clerk.session.request('GET', `/api/organisation/coverage?regionCode=${townA}`)).statusCode).toBe(403);
    const deputy = await loginAs(t, 'deputy', townA, { deputyId: d1.deputyId });
    expect((await deputy.session.request('GET', '/api/organisation/coverage')).statusCode).toBe(403);
  });
});

describe('the demo county (issue 3 item 10)', () => {
  let t: TestApp;
  let seconds: number;
  beforeAll(async () => {
    t = await createTestApp();
    const started = Date.now();
    await seedDemo(t.deps, TEST_PASSWORD);
    seconds = (Date.now() - started) / 1000;
  });
  afterAll(() => t.close());

  const one = async <T>(sql: string) => (await t.db.query<T>(sql)).rows[0] as T;

  it('is seeded in realistic volumes, fictitious and marked demo (seeding time printed, not asserted)', async () => {
    console.log(`demo county seeded in ${seconds.toFixed(1)} s`);
    const grids = await one<{ grids: number; micro: number }>(
      `SELECT count(*) FILTER (WHERE kind = 'grid') AS grids, count(*) FILTER (WHERE kind = 'micro_grid') AS micro FROM grids WHERE is_demo`,
    );
    expect(grids.grids).toBeGreaterThanOrEqual(190);
    expect(grids.grids).toBeLessThanOrEqual(210);
    expect(grids.micro).toBeGreaterThanOrEqual(820);
    expect(grids.micro).toBeLessThanOrEqual(880);
    // every village and community of the county has at least one grid
    const villagesWithoutGrid = await one<{ n: number }>(
      `SELECT count(*) AS n FROM regions v WHERE v.level = 'village' AND v.region_code LIKE '440784%'
         AND NOT EXISTS (SELECT 1 FROM grids g WHERE g.village_code = v.region_code)`,
    );
    expect(villagesWithoutGrid.n).toBe(0);
    const stations = await t.db.query<{ kind: string; n: number }>('SELECT kind, count(*) AS n FROM stations GROUP BY kind');
    const byKind = Object.fromEntries(stations.rows.map((r) => [r.kind, r.n]));
    expect(byKind).toMatchObject({ headquarters: 1, central: 10 });
    expect(stations.rows.reduce((a, r) => a + r.n, 0)).toBe(80);
    expect((byKind.contact_point ?? 0) + (byKind.deputy_studio ?? 0)).toBeGreaterThan(0);
    const deputies = await one<{ n: number; demo: number; plain: number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE is_demo) AS demo,
         count(*) FILTER (WHERE phone_encrypted NOT LIKE 'sm4:v1:%') AS plain FROM deputies`,
    );
    expect(deputies.n).toBeGreaterThanOrEqual(800);
    expect(deputies.demo).toBe(deputies.n);
    expect(deputies.plain).toBe(0);
    const levels = await t.db.query<{ level: string }>('SELECT DISTINCT level FROM deputy_mandates ORDER BY level');
    expect(levels.rows.map((r) => r.level)).toEqual(['county', 'prefectural', 'provincial', 'township']);
    const twoLevels = await one<{ n: number }>(
      'SELECT count(*) AS n FROM (SELECT deputy_id FROM deputy_mandates GROUP BY deputy_id HAVING count(*) > 1) x',
    );
    expect(twoLevels.n).toBeGreaterThan(10);
    const real = await one<{ n: number }>(`SELECT count(*) AS n FROM deputies WHERE name IN ('张惠萍', '冯建英', '钟慧芬', '李锦平')`);
    expect(real.n).toBe(0);
    const units = await t.db.query<{ name: string }>('SELECT name FROM handling_units');
    for (const dept of ['住房和城乡建设局', '交通运输局', '生态环境', '水利局', '农业农村局', '教育局', '卫生健康局', '人力资源和社会保障局', '公安局', '城市管理']) {
      expect(units.rows.some((u) => u.name.includes(dept)), dept).toBe(true);
    }
    expect(units.rows.filter((u) => /人民政府|办事处$/.test(u.name))).toHaveLength(10);
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM deputy_groups')).n).toBeGreaterThan(5);
  });

  it('the coverage report of the demo county is correct against an independent recount, and has gaps to show', async () => {
    const s = await login(t.app, 'demo_county');
    const res = await s.request('GET', '/api/organisation/coverage');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<Report>();
    expect(report.rows.filter((r) => r.regionCode !== `${DEMO_COUNTY}000000`)).toHaveLength(10);
    await checkReport(t, s, report, await recount(t, DEMO_COUNTY));
    expect(report.totals.gridsWithoutDeputy).toBeGreaterThan(0);
    expect(report.totals.villagesWithoutStation).toBeGreaterThan(0);
    expect(report.totals.deputiesWithoutGrid).toBeGreaterThan(0);
    expect(report.totals.percentages.gridsWithDeputy).toBeGreaterThan(90);
  });

  it('the demo logins are linked to a station, a deputy record and a unit, and see accordingly', async () => {
    const station = await login(t.app, 'demo_station');
    const mine = (await station.request('GET', '/api/organisation/stations')).json();
    expect(mine.total).toBe(1);
    expect(mine.items[0].deputyCount).toBeGreaterThan(0);
    const theirDeputies = (await station.request('GET', '/api/organisation/deputies?pageSize=200')).json();
    expect(theirDeputies.total).toBe(mine.items[0].deputyCount);

    const deputy = await login(t.app, 'demo_deputy');
    const self = (await deputy.request('GET', '/api/organisation/deputies')).json();
    expect(self.total).toBe(1);
    expect(self.items[0].isDemo).toBe(true);
    expect(self.items[0].grids.length + self.items[0].stations.length).toBeGreaterThan(0);

    const unit = await login(t.app, 'demo_unit');
    const units = (await unit.request('GET', '/api/organisation/units')).json();
    expect(units.items.map((u: { shortName: string }) => u.shortName)).toEqual(['住建局']);

    // the routing table: a town's own office for 人居环境, the county bureau for transport
    const county = await login(t.app, 'demo_county');
    const village = (await t.db.query<{ region_code: string }>(
      `SELECT region_code FROM regions WHERE parent_code = '440784001000' ORDER BY region_code LIMIT 1`,
    )).rows[0]!.region_code;
    const living = (await county.request('GET', `/api/organisation/category-routes/resolve?regionCode=${village}&categoryCode=living_environment`)).json();
    expect(living.route.unit.name).toBe('沙坪街道办事处');
    const transport = (await county.request('GET', `/api/organisation/category-routes/resolve?regionCode=${village}&categoryCode=transport`)).json();
    expect(transport.route.unit.name).toBe('鹤山市交通运输局');
  });

  it('lists over the demo volumes page, sort and search quickly', async () => {
    const s = await login(t.app, 'demo_county');
    const started = Date.now();
    const list = (await s.request('GET', '/api/organisation/deputies?pageSize=50&sort=pinyin')).json();
    expect(list.total).toBeGreaterThanOrEqual(800);
    expect(list.items).toHaveLength(50);
    const pinyins = list.items.map((d: { namePinyin: string }) => d.namePinyin);
    expect([...pinyins].sort()).toEqual(pinyins);
    const first = list.items[0];
    const byInitials = (await s.request('GET', `/api/organisation/deputies?q=${first.nameInitials}&pageSize=200`)).json();
    expect(byInitials.items.map((d: { deputyId: string }) => d.deputyId)).toContain(first.deputyId);
    const grids = (await s.request('GET', '/api/organisation/grids?kind=grid&sort=deputyCount&order=desc&pageSize=10')).json();
    expect(grids.total).toBe(197);
    expect(grids.items[0].deputyCount).toBeGreaterThanOrEqual(grids.items[9].deputyCount);
    const tree = (await s.request('GET', '/api/organisation/regions/tree')).json();
    const countyNode = tree.find((n: { code: string }) => n.code === `${DEMO_COUNTY}000000`);
    expect(countyNode).toMatchObject({ gridCount: 197, microGridCount: 858, stationCount: 80 });
    expect(countyNode.deputyCount).toBeGreaterThanOrEqual(800);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
