import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUGGESTION_STATUSES } from '@gridvoice/core';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { seedDemo } from '../demo/demo.seed.js';

describe('demo county: suggestions made through the workflow', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ start: '2025-11-20T02:00:00Z' });
    await seedDemo(t.deps, 'Demo-Passw0rd!');
  }, 600_000);
  afterAll(() => t.close());

  it('R-SUG-1: ends in every state, each timeline beginning with the draft', async () => {
    const r = await t.db.query<{ status: string }>(`SELECT DISTINCT status FROM suggestions WHERE county_code = '440784'`);
    expect(r.rows.map((x) => x.status).sort()).toEqual([...SUGGESTION_STATUSES].sort());
    const first = await t.db.query<{ type: string }>(
      `SELECT DISTINCT e.type FROM suggestion_events e WHERE e.event_id = (SELECT min(event_id) FROM suggestion_events x WHERE x.suggestion_id = e.suggestion_id)`,
    );
    expect(first.rows).toEqual([{ type: 'drafted' }]);
    const overdue = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM suggestions WHERE due_on < '2025-11-20' AND status = 'dispatched'`);
    expect(overdue.rows[0]?.n).toBeGreaterThan(0);
  });

  it('R-LOOP-8: seed 002 — the sewage backflow concerns became a suggestion, re-handled and closed satisfied', async () => {
    const s = await t.db.query<{ suggestion_id: string; status: string; case_number: string }>(`SELECT suggestion_id, status, case_number FROM suggestions WHERE title LIKE '%泮坑村%'`);
    expect(s.rows).toHaveLength(1);
    expect(s.rows[0]).toMatchObject({ status: 'closed', case_number: '鹤山市十七届四次会议闭会期间第001号' });
    const events = await t.db.query<{ type: string }>(`SELECT type FROM suggestion_events WHERE suggestion_id = $1 ORDER BY event_id`, [s.rows[0]!.suggestion_id]);
    expect(events.rows.map((e) => e.type)).toContain('rehandling_started');
    const linked = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM suggestion_concerns sc JOIN concern_events e ON e.concern_id = sc.concern_id AND e.type = 'suggestion_linked' WHERE sc.suggestion_id = $1`,
      [s.rows[0]!.suggestion_id],
    );
    expect(linked.rows[0]?.n).toBe(2);
  });

  it('R-SUG-2: seed 001 — the lake lighting under key supervision awaits the deputy; the house numbers closed', async () => {
    const r = await t.db.query<{ title: string; status: string; key_supervision: boolean; last_reply_category: string }>(
      `SELECT title, status, key_supervision, last_reply_category FROM suggestions WHERE title LIKE '%湖泊景观灯光%' OR title LIKE '%门牌号%' ORDER BY title`,
    );
    expect(r.rows).toEqual([
      { title: '关于升级城区四个湖泊景观灯光的建议', status: 'replied', key_supervision: true, last_reply_category: 'C' },
      { title: '关于完善圩镇居民门牌号的建议', status: 'closed', key_supervision: false, last_reply_category: 'A' },
    ]);
  });
});
