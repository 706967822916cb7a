import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@gridvoice/db';
import { createTestApp, loginAs, makeCounty, type TestApp } from './harness.js';
import { makeDeputy } from './organisation.factory.js';
import { testEngine } from './test-db.js';

const PHONE = '13987654321';
const NAME = '欧阳修远';
const TITLE = '转储检查专用标题路灯';

/** The whole database as bytes: the PGlite data directory, or pg_dump's plain SQL. */
async function dumpBytes(db: Db): Promise<Buffer> {
  if (testEngine() === 'embedded') {
    const file = await (db as Db & { pglite: { dumpDataDir(c: 'none'): Promise<Blob> } }).pglite.dumpDataDir('none');
    return Buffer.from(await file.arrayBuffer());
  }
  const current = await db.query<{ name: string }>('SELECT current_database() AS name');
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${current.rows[0]?.name}`;
  const r = spawnSync('pg_dump', ['--data-only', '-d', url.toString()], { maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return r.stdout;
}

describe('a dump of the database holds no plain phone number or name', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('constituent and notification phones and names are stored only as ciphertext', async () => {
    const county = await makeCounty(t, 1, 1);
    const village = county.villageCodes[0]![0]!;
    const dep = await makeDeputy(t, village);
    const deputy = await loginAs(t, 'deputy', county.townCodes[0]!, { deputyId: dep.deputyId });
    const created = await deputy.session.request('POST', '/api/concerns', {
      title: TITLE,
      content: '村口路灯坏了',
      channel: 'grid_visit',
      categoryCode: 'infrastructure',
      regionCode: village,
      collectorKind: 'deputy',
      deputyId: dep.deputyId,
      constituent: { name: NAME, phone: PHONE, anonymous: false },
      address: '鹤山市沙坪街道中山路一号',
    });
    expect(created.statusCode, created.body).toBe(200);
    const prefs = await deputy.session.request('PUT', '/api/notifications/preferences', { sms: true, email: false, webhook: false, dailyDigest: false, phoneNumber: PHONE });
    expect(prefs.statusCode).toBe(200);
    const dump = await dumpBytes(t.db);
    // the dump is readable: the (public) title is there in plain text …
    expect(dump.includes(Buffer.from(TITLE))).toBe(true);
    // … but the phone, the name and the address are not
    expect(dump.includes(Buffer.from(PHONE))).toBe(false);
    expect(dump.includes(Buffer.from(NAME))).toBe(false);
    expect(dump.includes(Buffer.from('中山路一号'))).toBe(false);
  });
});
