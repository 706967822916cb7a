import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { seedDemo } from '../demo/demo.seed.js';

describe('demo county: a year of concerns made through the workflow', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ start: '2025-11-20T02:00:00Z' });
    await seedDemo(t.deps, 'Demo-Passw0rd!');
  }, 300_000);
  afterAll(() => t.close());

  it('R-LOOP-1: ends in every state, each with a timeline that begins with its registration', async () => {
    const states = await t.db.query<{ status: string; rating: string | null; n: number }>(
      `SELECT status, rating, count(*) AS n FROM concerns WHERE county_code = '440784' GROUP BY status, rating`,
    );
    const has = (status: string, rating: string | null = null) =>
      states.rows.some((r) => r.status === status && (rating === null || r.rating === rating));
    for (const s of ['registered', 'awaiting_dispatch', 'dispatched', 'in_progress', 'replied', 'closed']) expect(has(s), s).toBe(true);
    for (const r of ['satisfied', 'basically_satisfied', 'not_rated']) expect(has('closed', r), r).toBe(true);
    const firstEvents = await t.db.query<{ type: string; n: number }>(
      `SELECT e.type, count(*) AS n FROM concern_events e
       WHERE e.event_id = (SELECT min(event_id) FROM concern_events x WHERE x.concern_id = e.concern_id) GROUP BY e.type`,
    );
    expect(firstEvents.rows).toEqual([{ type: 'registered', n: expect.any(Number) }]);
    const reopened = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM concerns WHERE reopen_count > 0 AND status = 'closed'`);
    expect(reopened.rows[0]?.n).toBeGreaterThan(0);
  });

  it('R-LOOP-4: includes the mouldy tree resolved on the spot by the deputy with the grid team (seed 000)', async () => {
    const r = await t.db.query<{ status: string; rating: string }>(`SELECT status, rating FROM concerns WHERE title LIKE '%大树霉变%'`);
    expect(r.rows).toEqual([{ status: 'closed', rating: 'satisfied' }]);
    const events = await t.db.query<{ type: string }>(
      `SELECT e.type FROM concern_events e JOIN concerns c USING (concern_id) WHERE c.title LIKE '%大树霉变%' ORDER BY e.event_id`,
    );
    expect(events.rows.map((e) => e.type)).toEqual(['registered', 'resolved_on_spot', 'rated', 'closed']);
  });
});
