/**
 * Issue 9, item 11, the harder outage: PostgreSQL that still accepts connections but answers
 * nothing (a hung server, a network that drops packets). The proxy of this test (pg-proxy.ts)
 * freezes every open connection and holds new ones without answering. The server gives up on an
 * unanswered query after DB_QUERY_TIMEOUT_MS and on a connection after DB_CONNECT_TIMEOUT_MS
 * (1.5 s each here; 30 s and 5 s by default), answers 503, closes the connection it gave up on, and
 * once PostgreSQL answers again it recovers by itself with no acknowledged write lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  checkDurability,
  createFaultDatabase,
  http,
  killAllServers,
  loginClerk,
  seedClerks,
  startLoad,
  startServer,
  type ClerkSession,
  type FaultDatabase,
} from './server-process.js';
import { startPgProxy, type PgProxy } from './pg-proxy.js';

const TIMEOUT_MS = 1_500;
const HANG_MS = 5_000;
/**
 * An answer while PostgreSQL hangs: a request may first wait for a connection (the connect
 * timeout) and then for a query (the query timeout); measured 3.0 s at most. Without the
 * timeouts the frozen connections would never answer (the load's own 15 s timeout would fire).
 */
const ANSWER_WITHIN_MS = 2 * TIMEOUT_MS + 2_000;
const RECOVERY_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('item 11: PostgreSQL accepts but never answers', () => {
  let fdb: FaultDatabase;
  let proxy: PgProxy;
  beforeAll(async () => {
    fdb = await createFaultDatabase();
    proxy = await startPgProxy(inject('testDb').adminUrl!);
  });
  afterAll(async () => {
    await killAllServers();
    await proxy?.close();
    await fdb?.drop();
  });

  it('answers 503 after the query timeout instead of hanging, then recovers by itself, losing no acknowledged write', { timeout: 120_000 }, async () => {
    const clerks = await seedClerks(fdb.db, 2);
    const server = await startServer({
      DATABASE_URL: proxy.urlFor(fdb.url),
      DB_POOL_MAX: '10',
      DB_QUERY_TIMEOUT_MS: String(TIMEOUT_MS),
      DB_CONNECT_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    const sessions: ClerkSession[] = [];
    for (const c of clerks) sessions.push(await loginClerk(server.url, c));
    const load = startLoad({
      target: () => server.url,
      sessions,
      workers: 4,
      paceMs: 50,
      timeoutMs: 15_000,
      readPath: '/api/concerns?pageSize=5',
      readEvery: 4,
    });

    await sleep(2_000);
    const ackedBefore = load.result.acks.length;
    const frozen = performance.now();
    proxy.freeze();
    await sleep(1_000);
    const health = await http(server.url, 'GET', '/api/health', { timeoutMs: 15_000 });
    await sleep(HANG_MS - 1_000);
    const thawed = performance.now();
    proxy.back();
    while (!load.result.acks.some((a) => a.at > thawed) && performance.now() - thawed < RECOVERY_MS + 5_000) await sleep(20);
    await sleep(1_000);
    const r = await load.stop();

    const during = r.answers.filter((a) => a.at - a.ms > frozen + 100 && a.at < thawed);
    const firstAckAfter = r.acks.find((a) => a.at > thawed);
    const recoveryMs = firstAckAfter ? firstAckAfter.at - thawed : Infinity;
    const report = await checkDurability(fdb.db, r.acks);
    console.log(
      `[item 11, hang] before ${ackedBefore} acknowledged; while hung (${HANG_MS} ms): ${during.length} answers, statuses ` +
        `${JSON.stringify([...new Set(during.map((a) => a.status))])}, max ${Math.max(...during.map((a) => a.ms)).toFixed(0)} ms; ` +
        `health ${health.status} in ${health.ms.toFixed(0)} ms; first 2xx registration ${recoveryMs.toFixed(0)} ms after; ` +
        `${report.acknowledged} acknowledged in all; client timeouts ${r.timeouts}`,
    );

    expect(server.child.exitCode).toBeNull();
    expect(ackedBefore).toBeGreaterThan(0);
    // nothing hangs: every request is answered, within the timeout and a little
    expect(r.timeouts).toBe(0);
    expect(r.connectionErrors).toBe(0);
    expect(during.length).toBeGreaterThan(4);
    expect(during.filter((a) => a.status !== 503)).toEqual([]);
    for (const a of during) expect(a.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(health.status).toBe(503);
    expect(health.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(recoveryMs).toBeLessThan(RECOVERY_MS);
    expect(report.missing).toEqual([]);
    expect(report.repeatedAnswers).toEqual([]);
    expect(report.numberingProblems).toEqual([]);
    await server.kill('SIGTERM');
  });
});
