import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbeddedDb, createPostgresDb, migrate, type Db } from '@gridvoice/db';
import { manualClock } from '../src/lib/clock.js';
import type { AppDeps } from '../src/types.js';
import { makeCounty, makeUser } from './harness.js';
import { makeDeputy, makeUnit } from './organisation.factory.js';
import { testEngine } from './test-db.js';

/**
 * Issue 9, item 14: `npm run cli -- backup` then `restore` into an empty database gives the same
 * row counts and the same checksum for every table. The restore time is printed (not asserted).
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function cli(args: string[], env: Record<string, string>): { out: string; seconds: number } {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed (${r.status}): ${r.stderr}\n${r.stdout}`);
  return { out: r.stdout, seconds: (performance.now() - started) / 1000 };
}

/** Per table: row count and an order-independent checksum of every row. */
async function checksums(db: Db): Promise<Record<string, string>> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name: t } of rows) {
    const r = await db.query<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))) AS h FROM "${t}" x`,
    );
    out[t] = `${r.rows[0]?.n}:${r.rows[0]?.h ?? ''}`;
  }
  return out;
}

/** Some of everything: regions, users, a unit, deputies, and the audit chain of the migrations. */
async function fill(db: Db) {
  const t = { deps: { db, clock: manualClock('2025-03-03T01:00:00Z') } as unknown as AppDeps };
  const c = await makeCounty(t, 3, 3);
  await makeUnit(t, c.countyCode);
  for (const v of c.villageCodes.flat()) await makeDeputy(t, v, `代表${v.slice(-3)}`);
  for (const role of ['admin', 'congress_staff', 'town_staff', 'viewer'] as const)
    {await makeUser(t, role, c.countyCode);}
}

describe(`backup and restore (issue 9, item 14) on ${testEngine()}`, () => {
  it('restoring a backup into an empty database gives every table back, row for row', async () => {
    const work = mkdtempSync(join(tmpdir(), 'gv-backup-'));
    cleanups.push(() => rmSync(work, { recursive: true, force: true }));
    const file = join(work, testEngine() === 'embedded' ? 'backup.tar.gz' : 'backup.dump');
    let before: Record<string, string>;
    let after: Record<string, string>;
    let restore: { seconds: number };

    if (testEngine() === 'embedded') {
      const src = join(work, 'src');
      mkdirSync(join(src, 'pgdata'), { recursive: true });
      const db = await createEmbeddedDb({ dataDir: join(src, 'pgdata') });
      await migrate(db);
      await fill(db);
      before = await checksums(db);
      await db.close();
      cli(['backup', file], { GRIDVOICE_DATA_DIR: src });
      const dst = join(work, 'dst');
      restore = cli(['restore', file], { GRIDVOICE_DATA_DIR: dst });
      const restored = await createEmbeddedDb({ dataDir: join(dst, 'pgdata') });
      after = await checksums(restored);
      await restored.close();
      // A restore never writes over data: a second one into the same directory is refused.
      expect(() => cli(['restore', file], { GRIDVOICE_DATA_DIR: dst })).toThrow(/不为空/);
    } else {
      const adminUrl = process.env.TEST_DATABASE_URL as string;
      const admin = createPostgresDb({ connectionString: adminUrl, max: 1 });
      const names = [`gv_bk_src_${randomBytes(3).toString('hex')}`, `gv_bk_dst_${randomBytes(3).toString('hex')}`];
      const urlOf = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
      for (const n of names) await admin.exec(`CREATE DATABASE ${n}`);
      cleanups.push(async () => {
        for (const n of names) await admin.exec(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
        await admin.close();
      });
      const db = createPostgresDb({ connectionString: urlOf(names[0]!), max: 2 });
      await migrate(db);
      await fill(db);
      before = await checksums(db);
      await db.close();
      cli(['backup', file], { DATABASE_URL: urlOf(names[0]!) });
      restore = cli(['restore', file], { DATABASE_URL: urlOf(names[1]!) });
      const restored = createPostgresDb({ connectionString: urlOf(names[1]!), max: 2 });
      after = await checksums(restored);
      await restored.close();
    }
    console.log(
      `[backup-restore] ${testEngine()}: restore took ${restore.seconds.toFixed(1)} s (CLI process included) for ${Object.keys(before).length} tables`,
    );
    expect(Object.keys(before).length).toBeGreaterThan(50);
    expect(Number(before.deputies?.split(':')[0])).toBe(9);
    expect(after).toEqual(before);
  }, 180_000);
});
