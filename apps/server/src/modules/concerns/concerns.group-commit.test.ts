import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, makeCounty, type TestApp } from '../../../test/harness.js';
import { makeDeputy } from '../../../test/organisation.factory.js';
import type { RequestContext } from '../../types.js';
import { createConcernsService } from './concerns.service.js';

async function count(t: TestApp, table: string, where = 'true', params: unknown[] = []) {
  const r = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return r.rows[0]?.n ?? 0;
}

/**
 * Group commit of registrations (docs/decisions/0005-group-commit.md, R-LOOP-1): registrations
 * arriving together share one statement, yet each gets its own number, record, timeline event,
 * outbox row and audit record — and a registration the database refuses fails alone.
 */
describe('concerns: registrations in group commit', () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof makeCounty>>;
  let village: string;
  let ctx: RequestContext;
  let deputyId: string;
  beforeAll(async () => {
    t = await createTestApp({ start: '2025-03-03T01:00:00Z' });
    county = await makeCounty(t, 1, 1);
    village = county.villageCodes[0]![0]!;
    const dep = await makeDeputy(t, village);
    deputyId = dep.deputyId;
    const who = await loginAs(t, 'deputy', county.townCodes[0]!, { deputyId });
    const me = await t.db.query<{ user_id: string }>('SELECT user_id FROM users WHERE username = $1', [who.username]);
    ctx = {
      actor: { userId: me.rows[0]!.user_id, username: who.username, role: 'deputy', scopeRegionCode: county.townCodes[0]!, deputyId },
      requestId: 'group-commit',
      ip: '127.0.0.1',
    };
  });
  afterAll(() => t.close());

  const input = (title: string) =>
    ({
      title,
      content: '村口到小学的路灯坏了三个月，晚上孩子放学很不安全',
      channel: 'grid_visit',
      categoryCode: 'infrastructure',
      regionCode: village,
      collectorKind: 'deputy',
      deputyId,
      tier: 'general',
      attachmentIds: [],
      constituent: { name: '张三', phone: '13812345678', anonymous: false },
    }) as never;

  const numbersOf = async () =>
    (await t.db.query<{ case_number: string }>('SELECT case_number FROM concerns WHERE county_code = $1 ORDER BY case_number', [county.county6])).rows.map(
      (r) => Number(r.case_number.slice(-6)),
    );

  it('concurrent registrations share statements; each has its own number, event, outbox row and audit record', async () => {
    // One statement at a time: the first goes alone, the others queue behind it and go together.
    const svc = createConcernsService(t.deps, { groupCommit: { maxInFlight: 1, maxBatch: 64 } });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => svc.create(ctx, input(`合并提交${i}`))));
    const stats = svc.groupCommitStats();
    expect(stats.batches).toBeGreaterThanOrEqual(1);
    expect(stats.largest).toBeGreaterThan(1);
    expect(stats.fallbacks).toBe(0);
    expect(new Set(results.map((r) => r.caseNumber)).size).toBe(12);
    expect(await numbersOf()).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const r of results) {
      const row = await t.db.query<{ title: string; state: { caseNumber: string } }>('SELECT title, state FROM concerns WHERE concern_id = $1', [r.concernId]);
      expect(row.rows[0]!.state.caseNumber).toBe(r.caseNumber);
      expect(await count(t, 'concern_events', `concern_id = $1 AND type = 'registered' AND data->>'caseNumber' = $2`, [r.concernId, r.caseNumber])).toBe(1);
      expect(await count(t, 'outbox', `aggregate_id = $1 AND payload->>'caseNumber' = $2`, [r.concernId, r.caseNumber])).toBe(1);
      expect(await count(t, 'audit_log', `object_id = $1 AND action = 'concern.create' AND after->>'caseNumber' = $2 AND request_id = 'group-commit'`, [r.concernId, r.caseNumber])).toBe(1);
      expect(await count(t, 'concern_constituents', `concern_id = $1 AND phone_enc LIKE 'sm4:%'`, [r.concernId])).toBe(1);
    }
  });

  it('a registration the database refuses fails alone: the others of its batch are written, with no gap in the numbers', async () => {
    // The seam spoils one registration (a village that does not exist: the foreign key refuses it).
    const svc = createConcernsService(t.deps, {
      groupCommit: { maxInFlight: 1, maxBatch: 64 },
      faults: {
        registration: (item) =>
          item.concern.title === '坏的一件' ? { ...item, concern: { ...item.concern, regionCode: '449999999999' } } : item,
      },
    });
    const before = await numbersOf();
    const totals = async () => ({ events: await count(t, 'concern_events'), outbox: await count(t, 'outbox'), audit: await count(t, 'audit_log') });
    const t0 = await totals();
    const titles = Array.from({ length: 10 }, (_, i) => (i === 6 ? '坏的一件' : `好的一件${i}`));
    const settled = await Promise.allSettled(titles.map((title) => svc.create(ctx, input(title))));
    expect(settled.map((s) => s.status)).toEqual(titles.map((x) => (x === '坏的一件' ? 'rejected' : 'fulfilled')));
    const stats = svc.groupCommitStats();
    expect(stats.batches).toBeGreaterThanOrEqual(1);
    expect(stats.fallbacks).toBeGreaterThanOrEqual(1); // the batch with the bad one failed and was retried one by one
    const after = await numbersOf();
    expect(after).toEqual([...before, ...Array.from({ length: 9 }, (_, i) => before.length + i + 1)]);
    expect(await totals()).toEqual({ events: t0.events + 9, outbox: t0.outbox + 9, audit: t0.audit + 9 });
    expect(await count(t, 'concerns', `title = '坏的一件'`)).toBe(0);
  });
});
