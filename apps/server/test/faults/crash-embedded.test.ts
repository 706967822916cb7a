/**
 * Issue 9, item 13 (the second half; the first — a second process on the same data directory is
 * refused — is data-dir-lock.test.ts): the embedded server (PGlite) is killed with `kill -9` 20
 * times at random moments while clerks register concerns; after each kill a new process opens the
 * same data directory and the load goes on. At the end this test opens the data directory the
 * last kill left behind: every registration answered 2xx is there under its case number, and
 * each county's case numbers are exactly 1..n.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { acquireDataDirLock, createEmbeddedDb } from '@gridvoice/db';
import {
  checkDurability,
  crashRounds,
  describeStarts,
  killAllServers,
  loginClerk,
  seedClerks,
  startServer,
  type Clerk,
  type ClerkSession,
} from './server-process.js';

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 20);
const SEED = Number(process.env.FAULT_SEED ?? 13);

describe('item 13: kill -9 of the embedded server under load', () => {
  let dataDir: string;
  let clerks: Clerk[];
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gv-fault-embedded-'));
    const release = acquireDataDirLock(dataDir);
    // The migrated template of this run (global-setup.ts), unpacked into the data directory.
    const template = new Blob([readFileSync(inject('testDb').dumpPath!)]);
    const db = await createEmbeddedDb({ dataDir: join(dataDir, 'pgdata'), loadDataDir: template });
    try {
      clerks = await seedClerks(db, 2);
    } finally {
      await db.close();
      release();
    }
  });
  afterAll(async () => {
    await killAllServers();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${ROUNDS} kills at random moments lose no acknowledged registration and repeat no number`, { timeout: 900_000 }, async () => {
    const env = { GRIDVOICE_DATA_DIR: dataDir };
    const first = await startServer(env);
    const sessions: ClerkSession[] = [];
    for (const c of clerks) sessions.push(await loginClerk(first.url, c));

    const run = await crashRounds({ rounds: ROUNDS, seed: SEED, first, start: () => startServer(env), sessions });

    // The lock of the killed process is taken over; the database opens after the last kill -9.
    const release = acquireDataDirLock(dataDir);
    const db = await createEmbeddedDb({ dataDir: join(dataDir, 'pgdata') });
    let report;
    try {
      report = await checkDurability(db, run.acks);
    } finally {
      await db.close();
      release();
    }
    console.log(
      `[item 13] seed ${SEED}: ${ROUNDS} kill -9 in ${(run.wallMs / 1000).toFixed(1)} s (${describeStarts(run.starts)}); ` +
        `${report.acknowledged} acknowledged, ${report.rows} rows checked (${report.rows - report.acknowledged} written but ` +
        `not acknowledged), ${run.cut} requests cut by the kills, other statuses ${JSON.stringify(run.statuses)}`,
    );
    expect(report.missing).toEqual([]);
    expect(report.repeatedAnswers).toEqual([]);
    expect(report.numberingProblems).toEqual([]);
    expect(run.statuses).toEqual({});
    expect(report.acknowledged).toBeGreaterThanOrEqual(ROUNDS * 3);
  });
});
