import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, makeCounty, type TestApp } from '../../../test/harness.js';
import { makeDutyDeputy, makeStation } from '../../../test/duty.factory.js';

/**
 * R-STAT-1, R-DUTY-1: the duty-compliance counts the statistics pages show. A scope with many
 * deputies (a city, a province) is worked out at most once a minute and says when; a small scope
 * is worked out on every request, so a visit shows at once. The threshold is lowered here to make
 * a county "wide".
 */
describe('duty compliance on the statistics pages', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function county(threshold: number) {
    t = await createTestApp({ config: { complianceCacheMinDeputies: threshold } });
    const c = await makeCounty(t, 1, 1);
    const village = c.villageCodes[0]![0]!;
    const station = await makeStation(t, village);
    const deputies = [];
    for (let i = 0; i < 3; i++) {
      deputies.push(await makeDutyDeputy(t, village, ['township'], [{ stationId: station.stationId, regionCode: village }]));
    }
    const staff = await loginAs(t, 'congress_staff', c.countyCode);
    return { c, village, station, deputies, staff };
  }

  async function visit(staff: Awaited<ReturnType<typeof loginAs>>, stationId: string, deputyId: string) {
    const res = await staff.session.request('POST', '/api/duty/activities', {
        kind: 'reception',
        startedAt: '2025-02-10T02:00:00.000Z',
        place: 'station',
        stationId,
        participantDeputyIds: [deputyId],
        constituentsReceived: 3,
        summary: '进站接待群众',
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  const overview = async (staff: Awaited<ReturnType<typeof loginAs>>, regionCode: string) => {
    const res = await staff.session.request('GET', `/api/stats/overview?regionCode=${regionCode}&from=2025-02-01&to=2025-02-28`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ compliance: { deputies: number; compliant: number; asOf: string } | null; fold: { asOf: string } }>();
  };

  it('a small scope is worked out on every request: a visit counts at once', async () => {
    const { c, station, deputies, staff } = await county(5_000);
    const before = await overview(staff, c.countyCode);
    expect(before.compliance).toMatchObject({ deputies: 3, compliant: 0 });
    await visit(staff, station.stationId, deputies[0]!.deputyId);
    const after = await overview(staff, c.countyCode);
    expect(after.compliance).toMatchObject({ deputies: 3, compliant: 1 });
    expect(after.compliance!.asOf).toBe(after.fold.asOf);
  });

  it('a wide scope is worked out at most once a minute and says when; the access rule still applies first', async () => {
    const { c, station, deputies, staff } = await county(2);
    const first = await overview(staff, c.countyCode);
    expect(first.compliance).toMatchObject({ deputies: 3, compliant: 0 });
    await visit(staff, station.stationId, deputies[1]!.deputyId);
    t!.clock.advance(30_000);
    const second = await overview(staff, c.countyCode);
    // the same result, with the moment it was worked out (before the clock moved)
    expect(second.compliance).toEqual(first.compliance);
    expect(Date.parse(second.fold.asOf) - Date.parse(second.compliance!.asOf)).toBe(30_000);
    // a unit handler has no duty reading in this scope: no compliance, cached or not
    const unit = await loginAs(t!, 'unit_handler', c.countyCode);
    const theirs = await unit.session.request('GET', `/api/stats/overview?regionCode=${c.countyCode}&from=2025-02-01&to=2025-02-28`);
    if (theirs.statusCode === 200) expect(theirs.json<{ compliance: unknown }>().compliance).toBeNull();
    else expect([403, 404]).toContain(theirs.statusCode);
  });
});
