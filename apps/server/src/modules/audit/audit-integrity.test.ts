import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeCounty, makeUser, type TestApp } from '../../../test/harness.js';
import { insertAudit } from './audit.repository.js';
import { purgeAudit, sealAudit, verifyAudit } from './audit-integrity.js';

const ctx = { actor: null, requestId: 'test', ip: '127.0.0.1' };

describe('audit integrity: a keyed chain detects edits made outside the application', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ start: '2025-01-01T00:00:00Z' });
    const c = await makeCounty(t, 1, 1);
    await makeUser(t, 'viewer', c.countyCode);
  });
  afterAll(() => t.close());

  async function write(n: number) {
    for (let i = 0; i < n; i++) {
      await insertAudit(t.db, ctx, t.clock.now(), { action: 'test.event', objectType: 'thing', objectId: String(i), after: { i } });
    }
  }

  it('seals records once they are 30 s old and verifies the untouched chain', async () => {
    await write(5);
    expect(await sealAudit(t.deps, t.clock.now())).toBe(0);
    t.clock.advance(31_000);
    expect(await sealAudit(t.deps, t.clock.now())).toBe(5);
    expect(await sealAudit(t.deps, t.clock.now())).toBe(0);
    const report = await verifyAudit(t.deps);
    expect(report).toMatchObject({ ok: true, checked: 5, unsealed: 0, problems: [] });
  });

  it('the application cannot change a record', async () => {
    await expect(t.db.query(`UPDATE audit_log SET action = 'forged' WHERE audit_id = (SELECT min(audit_id) FROM audit_log)`)).rejects.toThrow(/只能追加/);
  });

  it('finds a record altered and one deleted with the triggers switched off (an operator with database access)', async () => {
    await write(3);
    t.clock.advance(31_000);
    await sealAudit(t.deps, t.clock.now());
    const before = await verifyAudit(t.deps);
    expect(before.ok).toBe(true);
    await t.db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await t.db.query(`UPDATE audit_log SET after = '{"i": 99}' WHERE seal_seq = 2`);
    await t.db.query(`DELETE FROM audit_log WHERE seal_seq = 4`);
    await t.db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    const report = await verifyAudit(t.deps);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sealSeq: 2, problem: 'altered' }),
        expect.objectContaining({ sealSeq: 4, problem: 'missing' }),
      ]),
    );
  });
});

describe('audit retention: nothing younger than 180 days can be purged', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ start: '2024-01-01T00:00:00Z' });
  });
  afterAll(() => t.close());

  it('refuses a purge of recent records, and the database refuses deleting them even with the flag set', async () => {
    for (let i = 0; i < 4; i++) await insertAudit(t.db, ctx, t.clock.now(), { action: 'old.event', objectType: 'thing' });
    t.clock.set(new Date());
    await insertAudit(t.db, ctx, new Date(Date.now() - 60_000), { action: 'new.event', objectType: 'thing' });
    await sealAudit(t.deps, t.clock.now());
    await expect(purgeAudit(t.deps, new Date(Date.now() - 10 * 86_400_000))).rejects.toThrow('至少保留 180 天');
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('gridvoice.audit_purge', 'on', true)`);
        await tx.query(`DELETE FROM audit_log WHERE action = 'new.event'`);
      }),
    ).rejects.toThrow(/只能追加/);
    expect(await purgeAudit(t.deps, new Date('2024-06-01T00:00:00Z'))).toBe(4);
    const report = await verifyAudit(t.deps);
    expect(report).toMatchObject({ ok: true, checked: 1 });
  });
});
