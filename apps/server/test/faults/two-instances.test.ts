/**
 * Issue 9, item 12: two server processes on one PostgreSQL database behind a small round-robin
 * HTTP proxy (in this test): a session made through one works on both, registrations spread over
 * both get unique case numbers (1..n per county, no repeat), a logout on one ends the session on
 * the other within the session cache's revalidation bound, and each scheduled job runs once per
 * slot although both instances' runners are live.
 */
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_REVALIDATE_MS } from '../../src/modules/auth/session-cache.js';
import { ALL_JOBS } from '../../src/modules/index.js';
import {
  checkDurability,
  createFaultDatabase,
  http,
  killAllServers,
  loginClerk,
  seedClerks,
  startLoad,
  startServer,
  type FaultDatabase,
  type ServerProcess,
} from './server-process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The job runner's tick (server.ts: `jobs.start()` with its default interval). */
const JOB_TICK_MS = 15_000;

/** Round-robin: request i goes to upstream i mod n; the answer names it in `x-upstream`. */
async function startRoundRobin(upstreams: string[]): Promise<{ url: string; served: number[]; close(): Promise<void> }> {
  let next = 0;
  const served = upstreams.map(() => 0);
  const server: Server = createServer((req, res) => {
    const i = next++ % upstreams.length;
    served[i] = (served[i] ?? 0) + 1;
    const target = new URL(req.url ?? '/', upstreams[i]);
    const fwd = request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, { ...up.headers, 'x-upstream': String(i) });
        up.pipe(res);
      },
    );
    fwd.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(fwd);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const a = server.address();
  return {
    url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`,
    served,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

describe('item 12: two instances on one PostgreSQL', () => {
  let fdb: FaultDatabase;
  beforeAll(async () => {
    fdb = await createFaultDatabase();
  });
  afterAll(async () => {
    await killAllServers();
    await fdb?.drop();
  });

  it('sessions work on both, numbers stay unique, a logout reaches both, jobs run once per slot', { timeout: 180_000 }, async () => {
    const clerks = await seedClerks(fdb.db, 2);
    const env = { DATABASE_URL: fdb.url, DB_POOL_MAX: '10' };
    // Started together, so that their job runners tick at about the same moments.
    const [a, b]: [ServerProcess, ServerProcess] = await Promise.all([startServer(env), startServer(env)]);
    const jobsLiveFrom = performance.now();
    const proxy = await startRoundRobin([a.url, b.url]);
    try {
      // One login through the proxy; the session then answers on both instances.
      const sessions = [await loginClerk(proxy.url, clerks[0]!), await loginClerk(proxy.url, clerks[1]!)];
      const s = sessions[0]!;
      const seen = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const res = await http(proxy.url, 'GET', '/api/auth/session', { headers: { cookie: s.cookie } });
        expect(res.status).toBe(200);
        seen.add(String(res.headers['x-upstream']));
      }
      expect([...seen].sort()).toEqual(['0', '1']);

      // Registrations alternate between the instances (CSRF token from the login on either).
      const load = startLoad({ target: () => proxy.url, sessions, workers: 10, timeoutMs: 20_000 });
      while (load.result.acks.length < 300) await sleep(20);
      const r = await load.stop();
      expect(r.statuses).toEqual({});
      expect(r.connectionErrors + r.timeouts).toBe(0);
      const report = await checkDurability(fdb.db, r.acks);
      expect(report.missing).toEqual([]);
      expect(report.repeatedAnswers).toEqual([]);
      expect(report.numberingProblems).toEqual([]);
      expect(report.rows).toBe(r.acks.length);

      // Both instances hold the session in their cache (just read); a logout on one ends it there
      // at once and on the other within the cache's revalidation bound (docs/decisions/0004-session-cache.md).
      for (const server of [a, b]) {
        expect((await http(server.url, 'GET', '/api/auth/session', { headers: { cookie: s.cookie } })).status).toBe(200);
      }
      const out = await http(a.url, 'POST', '/api/auth/logout', { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
      expect(out.status).toBeLessThan(300);
      const loggedOutAt = performance.now();
      const endedOn: number[] = [];
      for (const server of [a, b]) {
        for (;;) {
          const res = await http(server.url, 'GET', '/api/auth/session', { headers: { cookie: s.cookie } });
          if (res.status === 401) break;
          expect(res.status).toBe(200);
          expect(performance.now() - loggedOutAt).toBeLessThan(SESSION_REVALIDATE_MS + 2_000);
          await sleep(50);
        }
        endedOn.push(performance.now() - loggedOutAt);
      }
      expect(endedOn[0]).toBeLessThan(1_000);

      // Scheduled jobs: wait past both runners' first tick, when every job's current slot is due.
      await sleep(Math.max(0, jobsLiveFrom + JOB_TICK_MS + 2_000 - performance.now()));
      let runs: { job_name: string; slot_key: string; instance_id: string; finished_at: Date | null; error: string | null }[] = [];
      const deadline = performance.now() + 20_000;
      for (;;) {
        runs = (await fdb.db.query<(typeof runs)[number]>('SELECT job_name, slot_key, instance_id, finished_at, error FROM job_runs')).rows;
        const names = new Set(runs.map((x) => x.job_name));
        if ((names.size === ALL_JOBS.length && runs.every((x) => x.finished_at)) || performance.now() > deadline) break;
        await sleep(250);
      }
      const perSlot = new Map<string, number>();
      for (const x of runs) perSlot.set(`${x.job_name} ${x.slot_key}`, (perSlot.get(`${x.job_name} ${x.slot_key}`) ?? 0) + 1);
      const instances = new Set(runs.map((x) => x.instance_id));
      // The fold ran on one instance or the other; the rollup plus pending deltas count every concern once.
      const collected = await fdb.db.query<{ folded: number; pending: number; folds: number }>(
        `SELECT (SELECT coalesce(sum(value), 0) FROM stats_rollups WHERE scope = '44' AND dim = 'total' AND grain = 'year'
                   AND metric = 'concerns_collected') AS folded,
                (SELECT coalesce(sum(value), 0) FROM stats_deltas WHERE metric = 'concerns_collected') AS pending,
                (SELECT folded_deltas FROM stats_fold_state WHERE id = 1) AS folds`,
      );
      const c = collected.rows[0]!;
      console.log(
        `[item 12] round robin served ${proxy.served.join(' / ')} requests; ${r.acks.length} registrations through both, ` +
          `${report.rows} rows checked; logout ended the session after ${endedOn.map((x) => Math.round(x)).join(' / ')} ms ` +
          `(a / b); job_runs: ${runs.length} rows for ${perSlot.size} (job, slot) pairs of ${ALL_JOBS.length} jobs, ` +
          `claimed by ${instances.size} instance(s); stats: ${c.folded} folded + ${c.pending} pending (fold moved ${c.folds} deltas)`,
      );
      expect([...perSlot.values()].every((n) => n === 1)).toBe(true);
      expect(new Set(runs.map((x) => x.job_name)).size).toBe(ALL_JOBS.length);
      expect(runs.filter((x) => x.error !== null || x.finished_at === null)).toEqual([]);
      expect(instances.size).toBeLessThanOrEqual(2);
      expect(c.folds).toBeGreaterThan(0);
      expect(Number(c.folded) + Number(c.pending)).toBe(report.rows);
    } finally {
      await proxy.close();
      await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
    }
  });
});
