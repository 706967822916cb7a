import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../../test/harness.js';
import { DEMO_COUNTY, seedDemo } from '../demo/demo.seed.js';

describe('duty demo: a year of duty for Heshan through the services', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ start: '2025-06-20T02:00:00Z' });
  });
  afterAll(() => t.close());

  it('seeds rules, rotas, activities, registers, a campaign and an oversight item (time printed, not asserted)', async () => {
    const t0 = performance.now();
    await seedDemo(t.deps, 'Demo-Passw0rd!');
    const seconds = (performance.now() - t0) / 1000;
    const n = async (sql: string) => (await t.db.query<{ n: number }>(sql)).rows[0]!.n;
    expect(await n(`SELECT count(*)::int AS n FROM duty_rules WHERE county_code = '${DEMO_COUNTY}'`)).toBe(1);
    expect(await n('SELECT count(*)::int AS n FROM rota_templates')).toBeGreaterThan(5);
    const activities = await n('SELECT count(*)::int AS n FROM activities');
    const personTimes = await n('SELECT count(*)::int AS n FROM activity_participants');
    expect(activities).toBeGreaterThan(500);
    expect(personTimes).toBeGreaterThan(3000);
    expect(await n('SELECT count(DISTINCT kind)::int AS n FROM activities')).toBeGreaterThan(15);
    expect(await n('SELECT count(*)::int AS n FROM reception_entries')).toBe(6);
    expect(await n('SELECT count(*)::int AS n FROM reception_entry_concerns')).toBe(1);
    expect(await n('SELECT count(*)::int AS n FROM campaigns')).toBe(1);
    expect(await n("SELECT count(*)::int AS n FROM oversight_problems WHERE status = 'dispatched'")).toBe(2);
    console.log(`demo seeded in ${seconds.toFixed(1)} s: ${activities} activities, ${personTimes} person-times`);
  }, 180_000); // about 21 s alone on PGlite; three times that when the machine's two cores are shared

  it('the demo county’s compliance equals a recount from the raw activities, for every level and period type', async () => {
    const staff = await login(t.app, 'demo_county', 'Demo-Passw0rd!');
    const res = await staff.request('GET', '/api/duty/compliance?from=2024-06-21&to=2025-06-20');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<{ deputies: { deputyId: string; periodType: string; nonCompliantPeriods: { periodKey: string }[]; pendingPeriod: { periodKey: string } | null; compliantPeriods: number }[] }>();

    // the recount: raw rows, the 631 rule written out, Shanghai = UTC+8
    const SH = 8 * 3600_000;
    const DUTY = new Set(['reception', 'random_visit', 'evening_home_visit', 'open_reception', 'return_visit', 'market_stall', 'patrol',
      'home_visit', 'mechanism_building', 'party_activity', 'public_opinion', 'legal_education', 'village_rules', 'cultivation_support',
      'public_service', 'volunteer_service']);
    const visits = (await t.db.query<{ deputy_id: string; started_at: Date; kind: string }>(
      `SELECT p.deputy_id, a.started_at, a.kind FROM activity_participants p JOIN activities a ON a.activity_id = p.activity_id
       WHERE EXISTS (SELECT 1 FROM deputy_assignments x WHERE x.deputy_id = p.deputy_id
                     AND ((a.place = 'station' AND x.station_id = a.station_id) OR (a.place = 'grid' AND x.grid_id = a.grid_id)))`,
    )).rows.filter((v) => DUTY.has(v.kind));
    const mandates = (await t.db.query<{ deputy_id: string; levels: string[] }>(
      `SELECT m.deputy_id, array_agg(m.level) AS levels FROM deputy_mandates m JOIN deputies d ON d.deputy_id = m.deputy_id
       WHERE m.status = 'active' AND d.is_active AND d.county_code = '${DEMO_COUNTY}' GROUP BY m.deputy_id`,
    )).rows;
    const monthsOf = (levels: string[]) => (levels.includes('township') ? 1 : levels.includes('county') ? 3 : 6);
    const now = Date.parse('2025-06-20T02:00:00Z');
    const byDeputy = new Map<string, number[]>();
    for (const v of visits) {
      const d = new Date(v.started_at.getTime() + SH);
      byDeputy.set(v.deputy_id, [...(byDeputy.get(v.deputy_id) ?? []), d.getUTCFullYear() * 12 + d.getUTCMonth()]);
    }
    expect(report.deputies).toHaveLength(mandates.length);
    const types = new Set<string>();
    let nonCompliant = 0;
    for (const m of mandates) {
      const k = monthsOf(m.levels);
      const first = Math.floor((2024 * 12 + 5) / k) * k; // the period holding June 2024
      const last = Math.floor((2025 * 12 + 5) / k) * k; // … and June 2025
      const miss: string[] = [];
      let pending: string | null = null;
      let ok = 0;
      for (let s = first; s <= last; s += k) {
        const y = Math.floor(s / 12);
        const mo = (s % 12) + 1;
        const key = k === 1 ? `${y}-${String(mo).padStart(2, '0')}` : k === 3 ? `${y}-Q${Math.ceil(mo / 3)}` : `${y}-H${mo <= 6 ? 1 : 2}`;
        const end = Date.UTC(y, mo - 1 + k, 1) - SH;
        const done = (byDeputy.get(m.deputy_id) ?? []).filter((x) => x >= s && x < s + k).length;
        if (done >= 1) ok++;
        else if (end <= now) miss.push(key);
        else pending = key;
      }
      const got = report.deputies.find((d) => d.deputyId === m.deputy_id);
      expect(got, m.deputy_id).toBeDefined();
      types.add(got!.periodType);
      expect({ id: m.deputy_id, miss: got!.nonCompliantPeriods.map((p) => p.periodKey), pending: got!.pendingPeriod?.periodKey ?? null, ok: got!.compliantPeriods })
        .toEqual({ id: m.deputy_id, miss, pending, ok });
      if (miss.length) nonCompliant++;
    }
    expect([...types].sort()).toEqual(['half_year', 'month', 'quarter']);
    expect(nonCompliant).toBeGreaterThan(0);
    expect(mandates.some((m) => m.levels.length > 1)).toBe(true);
  });
});
