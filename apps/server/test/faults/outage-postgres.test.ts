/**
 * Issue 9, item 11: PostgreSQL goes away under load and comes back. The outage is made by a TCP
 * proxy in this test between the server and PostgreSQL (pg-proxy.ts): the machine's PostgreSQL
 * is shared with other tests running at the same time, so it is never stopped. During the outage
 * every request is answered 503 quickly (none hangs), `/api/health` says the database is
 * unavailable, the process stays up; once the proxy lets connections through again the API
 * answers 2xx by itself within 10 s, and every registration acknowledged before, during or after
 * is in the database.
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
  type HttpAnswer,
} from './server-process.js';
import { startPgProxy, type PgProxy } from './pg-proxy.js';

const OUTAGE_MS = 6_000;
/** An answer during the outage may take at most this long (measured: see the log line). */
const QUICK_MS = 2_000;
const RECOVERY_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('item 11: PostgreSQL outage under load', () => {
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

  it('answers 503 quickly, says so on /api/health, recovers by itself within 10 s, loses no acknowledged write', { timeout: 120_000 }, async () => {
    const clerks = await seedClerks(fdb.db, 2);
    const server = await startServer({ DATABASE_URL: proxy.urlFor(fdb.url), DB_POOL_MAX: '10' });
    const sessions: ClerkSession[] = [];
    for (const c of clerks) sessions.push(await loginClerk(server.url, c));

    const load = startLoad({
      target: () => server.url,
      sessions,
      workers: 6,
      paceMs: 40,
      timeoutMs: 15_000,
      readPath: '/api/concerns?pageSize=5',
      readEvery: 4,
    });
    const health: (HttpAnswer & { sentAt: number })[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const sentAt = performance.now();
        try {
          health.push({ ...(await http(server.url, 'GET', '/api/health', { timeoutMs: 15_000 })), sentAt });
        } catch (err) {
          health.push({ status: -1, body: String(err), headers: {}, ms: performance.now() - sentAt, sentAt });
        }
        await sleep(200);
      }
    })();

    await sleep(2_000);
    const ackedBefore = load.result.acks.length;
    const down = performance.now();
    proxy.outage();
    await sleep(OUTAGE_MS);
    const up = performance.now();
    proxy.back();
    // Wait for the first acknowledged registration after the database is back.
    while (!load.result.acks.some((a) => a.at > up) && performance.now() - up < RECOVERY_MS + 5_000) await sleep(20);
    await sleep(2_000);
    const r = await load.stop();
    polling = false;
    await poller;

    // Answers to requests sent during the outage (from 100 ms after the cut to its end).
    const during = r.answers.filter((a) => a.at - a.ms > down + 100 && a.at < up);
    const healthDuring = health.filter((h) => h.sentAt > down + 100 && h.sentAt + h.ms < up);
    const firstAckAfter = r.acks.find((a) => a.at > up);
    const firstHealthyAfter = health.find((h) => h.sentAt > up && h.status === 200);
    const recoveryMs = firstAckAfter ? firstAckAfter.at - up : Infinity;
    const healthRecoveryMs = firstHealthyAfter ? firstHealthyAfter.sentAt + firstHealthyAfter.ms - up : Infinity;
    const maxDuring = Math.max(...during.map((a) => a.ms));
    const sortedDuring = during.map((a) => a.ms).sort((a, b) => a - b);
    const p50During = sortedDuring[Math.floor(sortedDuring.length / 2)] ?? NaN;
    const report = await checkDurability(fdb.db, r.acks);
    console.log(
      `[item 11] before the outage ${ackedBefore} acknowledged; during ${OUTAGE_MS} ms: ${during.length} answers ` +
        `(${JSON.stringify(countBy(during.map((a) => a.status)))}), p50 ${p50During.toFixed(1)} ms, max ${maxDuring.toFixed(1)} ms; ` +
        `health during: ${JSON.stringify(countBy(healthDuring.map((h) => h.status)))}, max ${Math.max(...healthDuring.map((h) => h.ms)).toFixed(1)} ms; ` +
        `first 2xx registration ${recoveryMs.toFixed(0)} ms after the database came back, health ok after ${healthRecoveryMs.toFixed(0)} ms; ` +
        `${report.acknowledged} acknowledged in all, ${report.rows} rows checked; statuses ${JSON.stringify(r.statuses)}, ` +
        `connection errors ${r.connectionErrors}, timeouts ${r.timeouts}`,
    );

    expect(server.child.exitCode).toBeNull();
    expect(r.timeouts).toBe(0);
    expect(r.connectionErrors).toBe(0);
    expect(ackedBefore).toBeGreaterThan(0);
    expect(during.length).toBeGreaterThan(20);
    expect(during.filter((a) => a.status !== 503)).toEqual([]);
    expect(maxDuring).toBeLessThan(QUICK_MS);
    expect(Object.keys(r.statuses)).toEqual(['503']);
    expect(healthDuring.length).toBeGreaterThan(5);
    for (const h of healthDuring) {
      expect(h.status).toBe(503);
      expect(JSON.parse(h.body)).toMatchObject({ status: 'unavailable', database: 'postgres' });
      expect(h.ms).toBeLessThan(QUICK_MS);
    }
    expect(recoveryMs).toBeLessThan(RECOVERY_MS);
    expect(healthRecoveryMs).toBeLessThan(RECOVERY_MS);
    expect(report.missing).toEqual([]);
    expect(report.repeatedAnswers).toEqual([]);
    expect(report.numberingProblems).toEqual([]);
    await server.kill('SIGTERM');
  });
});

function countBy(xs: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
