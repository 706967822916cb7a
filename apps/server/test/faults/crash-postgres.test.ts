/**
 * Issue 9, item 10: a server on PostgreSQL is killed with SIGKILL 20 times at random moments while
 * clerks register concerns; after each kill a new server process starts on the same database and
 * the load goes on. At the end every registration that was answered 2xx is in the database under
 * the case number it was answered with, and the case numbers of each county are exactly 1..n.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkDurability,
  crashRounds,
  createFaultDatabase,
  describeStarts,
  killAllServers,
  loginClerk,
  seedClerks,
  startLoad,
  startServer,
  type ClerkSession,
  type FaultDatabase,
} from './server-process.js';

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 20);
const SEED = Number(process.env.FAULT_SEED ?? 10);

describe('item 10: SIGKILL of a server on PostgreSQL under load', () => {
  let fdb: FaultDatabase;
  beforeAll(async () => {
    fdb = await createFaultDatabase();
  });
  afterAll(async () => {
    await killAllServers();
    await fdb?.drop();
  });

  it(`${ROUNDS} kills at random moments lose no acknowledged registration and repeat no number`, { timeout: 900_000 }, async () => {
    const clerks = await seedClerks(fdb.db, 2);
    const env = { DATABASE_URL: fdb.url, DB_POOL_MAX: '10' };
    const first = await startServer(env);
    // Sessions live in the database: one login serves every later process.
    const sessions: ClerkSession[] = [];
    for (const c of clerks) sessions.push(await loginClerk(first.url, c));

    const run = await crashRounds({ rounds: ROUNDS, seed: SEED, first, start: () => startServer(env), sessions });

    // A last process on the same database starts and goes on with the next numbers.
    const last = await startServer(env);
    const after = startLoad({ target: () => last.url, sessions, workers: 2 });
    while (after.result.acks.length < 10) await new Promise((r) => setTimeout(r, 10));
    const tail = await after.stop();
    await last.kill('SIGTERM');

    const report = await checkDurability(fdb.db, [...run.acks, ...tail.acks]);
    console.log(
      `[item 10] seed ${SEED}: ${ROUNDS} SIGKILLs in ${(run.wallMs / 1000).toFixed(1)} s (${describeStarts(run.starts)}); ` +
        `${report.acknowledged} acknowledged, ${report.rows} rows checked (${report.rows - report.acknowledged} written but ` +
        `not acknowledged), ${run.cut} requests cut by the kills, other statuses ${JSON.stringify(run.statuses)}`,
    );
    expect(report.missing).toEqual([]);
    expect(report.repeatedAnswers).toEqual([]);
    expect(report.numberingProblems).toEqual([]);
    // Requests that reached a live server were answered 2xx: the kills only cut connections.
    expect(run.statuses).toEqual({});
    expect(tail.statuses).toEqual({});
    expect(report.acknowledged).toBeGreaterThanOrEqual(ROUNDS * 3 + 10);
  });
});
