/**
 * Concern registration through the full HTTP path (validation, session, policy, numbering,
 * timeline, audit, outbox) spread over 100 counties, against a bare Fastify + single-row insert
 * baseline on the same engine, at the same concurrency.
 */
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { createPostgresDb, type Db } from '@gridvoice/db';
import { normalizeRegionCode } from '@gridvoice/core';
import { buildApp } from '../../apps/server/src/app.js';
import { loadConfig } from '../../apps/server/src/config.js';
import { systemClock } from '../../apps/server/src/lib/clock.js';
import { createPersonalDataCipher } from '../../apps/server/src/lib/personal-data.js';
import { insertUser } from '../../apps/server/src/modules/admin/users.repository.js';
import { hashPassword } from '../../apps/server/src/modules/auth/password-hasher.js';
import { upsertRegions } from '../../apps/server/src/modules/organisation/region.repository.js';
import type { SourceRegion } from '../../apps/server/src/modules/organisation/region-source.js';
import type { BenchContext, BenchSuite } from '../run.js';

const COUNTIES = 100;
const PASSWORD = 'Bench-Passw0rd!';

interface Target {
  port: number;
  path: string;
  sessions: { cookie: string; csrf: string; village: string }[];
  withAuth: boolean;
}

/** `connections` clients sending back to back for `seconds` from a worker thread; latencies of 2xx answers. */
async function load(target: Target, connections: number, seconds: number) {
  const { latencies, errors, elapsed } = await new Promise<{ latencies: number[]; errors: number; elapsed: number }>(
    (resolve, reject) => {
      const w = new Worker(new URL('../load-worker.mjs', import.meta.url), {
        workerData: { ...target, connections, seconds },
      });
      w.once('message', resolve);
      w.once('error', reject);
    },
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  return { rps: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99), ok: latencies.length, errors };
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function seed(db: Db) {
  const rows: SourceRegion[] = [
    { code: normalizeRegionCode('44'), parentCode: null, name: '广东省', level: 'province', kind: null },
  ];
  const counties: { county: string; town: string; village: string }[] = [];
  for (let p = 1; p <= 2; p++) {
    rows.push({
      code: normalizeRegionCode(`440${p}`),
      parentCode: normalizeRegionCode('44'),
      name: `压测市${p}`,
      level: 'prefecture',
      kind: null,
    });
  }
  for (let i = 0; i < COUNTIES; i++) {
    const pref = `440${1 + Math.floor(i / 50)}`;
    const c6 = `${pref}${String(1 + (i % 50)).padStart(2, '0')}`;
    const county = normalizeRegionCode(c6);
    const town = `${c6}101000`;
    const village = `${c6}101201`;
    rows.push({ code: county, parentCode: normalizeRegionCode(pref), name: `压测县${i}`, level: 'county', kind: null });
    rows.push({ code: town, parentCode: county, name: `压测镇${i}`, level: 'town', kind: 'town' });
    rows.push({ code: village, parentCode: town, name: `压测村${i}`, level: 'village', kind: 'village' });
    counties.push({ county, town, village });
  }
  await db.transaction((tx) => upsertRegions(tx, rows));
  return counties;
}

/**
 * The full path's throughput: one town clerk per county logged in over HTTP, `connections` clients
 * registering concerns back to back for `seconds` after a 2 s warm-up. `tag` keeps the clerks of
 * repeated runs on one database apart (the statistics suite measures it with its triggers off and on).
 */
export async function submitThroughput(ctx: BenchContext, tag: string, seconds: number) {
  const postgres = ctx.engine === 'postgres';
  const connections = postgres ? 50 : 20;
  const db: Db = postgres ? createPostgresDb({ connectionString: ctx.databaseUrl!, max: 24 }) : ctx.db;
  try {
    const counties = await seed(db);
    const config = {
      ...loadConfig({ GRIDVOICE_DATA_DIR: '/tmp/gv-bench-unused' }),
      logLevel: 'silent' as const,
      loginRateLimitPerMinute: 1_000_000,
    };
    const deps = {
      config,
      db,
      clock: systemClock,
      cipher: createPersonalDataCipher(Buffer.from('b'.repeat(64), 'hex')),
      version: 'bench',
    };
    const app = await buildApp(deps, { rateLimitPerMinute: 100_000_000, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    try {
      const hash = await hashPassword(PASSWORD);
      const sessions: { cookie: string; csrf: string; village: string }[] = [];
      for (const [i, c] of counties.entries()) {
        const username = `bench_clerk_${tag}_${i}`;
        await insertUser(db, {
          username,
          displayName: `压测文员${i}`,
          passwordHash: hash,
          role: 'town_staff',
          scopeRegionCode: c.town,
          mustChangePassword: false,
          now: new Date(),
        });
        const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: PASSWORD }),
        });
        if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
        const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
        const { csrfToken } = (await res.json()) as { csrfToken: string };
        sessions.push({ cookie, csrf: csrfToken, village: c.village });
      }
      ctx.log(`${sessions.length} clerks logged in; ${connections} connections for ${seconds}s`);
      const target: Target = { port, path: '/api/concerns', sessions, withAuth: true };
      await load(target, connections, 2);
      const full = await load(target, connections, seconds);
      ctx.log(
        `full path: ${round(full.rps)} rps, p50 ${round(full.p50)} ms, p99 ${round(full.p99)} ms, errors ${full.errors}`,
      );
      return { ...full, connections, target };
    } finally {
      await app.close();
    }
  } finally {
    if (postgres) await db.close();
  }
}

const suite: BenchSuite = {
  name: 'submit',
  async run(ctx: BenchContext) {
    const seconds = Number(process.env.BENCH_SECONDS ?? 15);
    const full = await submitThroughput(ctx, 'submit', seconds);
    const { connections, target } = full;
    const db = ctx.db;

    // baseline: bare Fastify + one INSERT per request on the same engine
    await db.exec(
      'CREATE TABLE bench_baseline (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    );
    const bare = Fastify({ logger: false });
    bare.post('/insert', async (req) => {
      const r = await db.query<{ id: number }>('INSERT INTO bench_baseline (payload) VALUES ($1) RETURNING id', [
        JSON.stringify(req.body),
      ]);
      return { id: r.rows[0]?.id };
    });
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const barePort = (bare.server.address() as AddressInfo).port;
    const baseTarget: Target = { ...target, port: barePort, path: '/insert', withAuth: false };
    await load(baseTarget, connections, 2);
    const base = await load(baseTarget, connections, seconds);
    ctx.log(`baseline: ${round(base.rps)} rps, p50 ${round(base.p50)} ms, p99 ${round(base.p99)} ms`);
    await bare.close();

    return {
      rps: round(full.rps),
      p50_ms: round(full.p50, 2),
      p99_ms: round(full.p99, 2),
      errors: full.errors,
      baseline_rps: round(base.rps),
      ratio: round(full.rps / base.rps, 3),
      connections,
    };
  },
};

export default suite;
