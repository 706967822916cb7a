/**
 * Fault tests (issue 9, items 10–13): real server processes running apps/server/src/server.ts,
 * a load of concern registrations over HTTP, and the check that every acknowledged registration
 * is in the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { normalizeRegionCode } from '@gridvoice/core';
import { createPostgresDb, type Db, type Queryable } from '@gridvoice/db';
import { insertUser } from '../../src/modules/admin/users.repository.js';
import { hashPassword } from '../../src/modules/auth/password-hasher.js';
import { upsertRegions } from '../../src/modules/organisation/region.repository.js';
import type { SourceRegion } from '../../src/modules/organisation/region-source.js';

export const ROOT = resolve(import.meta.dirname, '../../../..');
const SERVER_TS = join(ROOT, 'apps/server/src/server.ts');
export const FAULT_KEY = 'd'.repeat(64);
export const FAULT_PASSWORD = 'Fault-Passw0rd!';
const ADMIN_PASSWORD = 'Fault-Admin-Passw0rd!';

/** A port nobody listens on right now (the server gets a new one at each start). */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => done(port));
    });
  });
}

export interface ServerProcess {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** ms from spawn to the "started" line (listening, jobs started) */
  readonly startMs: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** SIGKILL (default) or SIGTERM, and wait for the process to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * How the server is launched. `npm start` runs server.ts through tsx, whose start-up (a loader
 * thread resolving and compiling every module) is most of a restart: measured 3.3–3.9 s of a
 * 4.7 s start on PostgreSQL, against 1.8–2.4 s in all for the same sources compiled ahead. With
 * 20 restarts per test, the default is therefore server.ts compiled once per test file by
 * esbuild — the compiler tsx itself uses — into one module under node_modules/.cache, with the
 * packages left to node_modules and each source file's `import.meta.url` kept as its own (the
 * migrations folder, package.json and the web build are found exactly as under tsx).
 * `FAULT_SERVER=tsx` runs `node --import tsx apps/server/src/server.ts` instead (no npx or tsx
 * CLI wrapper, so that the pid killed is the server itself).
 */
let compiled: Promise<string> | null = null;
let compiledDir: string | null = null;

async function serverArgs(): Promise<string[]> {
  if (process.env.FAULT_SERVER === 'tsx') return ['--import', 'tsx', SERVER_TS];
  compiled ??= (async () => {
    const cache = join(ROOT, 'node_modules/.cache/gridvoice-faults');
    await mkdir(cache, { recursive: true });
    compiledDir = await mkdtemp(join(cache, 'server-'));
    const outfile = join(compiledDir, 'server.mjs');
    await build({
      entryPoints: [SERVER_TS],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
      plugins: [
        {
          name: 'sources-only',
          setup(b) {
            // Packages stay in node_modules (JSON data files are inlined: Node 20 needs an import attribute).
            b.onResolve({ filter: /^[^./]/ }, (a) =>
              a.path.startsWith('@gridvoice/') || a.path.endsWith('.json') ? undefined : { external: true },
            );
            b.onLoad({ filter: /\.ts$/ }, async (a) => ({
              contents: (await readFile(a.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href)),
              loader: 'ts',
            }));
          },
        },
      ],
    });
    return outfile;
  })();
  return [await compiled];
}

const live = new Set<ChildProcess>();

/**
 * Kills every server this file started and has not killed yet, and removes the compiled server
 * (afterAll; also what cleans up after a failure).
 */
export async function killAllServers(): Promise<void> {
  await Promise.all(
    [...live].map(
      (c) =>
        new Promise<void>((done) => {
          if (c.exitCode !== null || c.signalCode !== null) return done();
          c.once('exit', () => done());
          c.kill('SIGKILL');
        }),
    ),
  );
  live.clear();
  if (compiledDir) await rm(compiledDir, { recursive: true, force: true });
  compiledDir = null;
  compiled = null;
}

/**
 * Starts apps/server/src/server.ts with `env` on a free port and resolves once it prints that it
 * has started. Configuration common to every fault test: fixed key, no demo county, quiet log,
 * administrator with a known password (so nothing is generated and printed), and `TRUST_PROXY=1`
 * so that the load's simulated clerks (one `X-Forwarded-For` address each) have their own
 * per-IP rate limit as they would behind the production reverse proxy.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(env, timeoutMs);
    } catch (err) {
      // Another process may take the free port between our probe and the server's listen.
      if (attempt < 3 && err instanceof Error && /EADDRINUSE/.test(err.message)) continue;
      throw err;
    }
  }
}

async function startOnce(env: Record<string, string>, timeoutMs: number): Promise<ServerProcess> {
  const port = await freePort();
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(base)) {
    if (k.startsWith('GRIDVOICE_') || k === 'DATABASE_URL' || k === 'PORT' || k === 'HOST') delete base[k];
  }
  const args = await serverArgs();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...base,
      HOST: '127.0.0.1',
      PORT: String(port),
      GRIDVOICE_KEY: FAULT_KEY,
      GRIDVOICE_SEED_DEMO: '0',
      GRIDVOICE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '1',
      SMS_PROVIDER: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      done({ code, signal });
    }),
  );
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = () => {
      if (out.includes('已启动')) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        done();
      }
    };
    child.stdout.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code ?? signal}) before it started:\n${out}`));
    });
  });
  const startMs = performance.now() - started;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    child,
    startMs,
    exited,
    output: () => out,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

// ---------------------------------------------------------------- databases

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface FaultDatabase {
  /** for the server (DATABASE_URL) and for the test's own checks */
  url: string;
  name: string;
  /** the test's own connection to it (checks, seeding) */
  db: Db;
  drop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database copied from the migrated template of this run (global-setup.ts);
 * its name carries the run's prefix, so the run's teardown drops it even if the test does not.
 */
export async function createFaultDatabase(): Promise<FaultDatabase> {
  const t = inject('testDb');
  if (t.engine !== 'postgres') throw new Error('createFaultDatabase needs the postgres project');
  const name = `${t.templateName!.replace('tpl', 't')}_f${randomBytes(4).toString('hex')}`;
  const admin = createPostgresDb({ connectionString: t.adminUrl!, max: 1 });
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${t.templateName!}`);
  const url = withDatabase(t.adminUrl!, name);
  const db = createPostgresDb({ connectionString: url, max: 2 });
  return {
    url,
    name,
    db,
    async drop() {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

export interface Clerk {
  username: string;
  countyCode: string;
  village: string;
}

/**
 * `counties` counties (one town, one village each) and one town clerk per county, with a known
 * password and no forced change: what registering a concern needs (as bench/suites/submit.bench.ts).
 */
export async function seedClerks(db: Db, counties = 2): Promise<Clerk[]> {
  const rows: SourceRegion[] = [
    { code: normalizeRegionCode('44'), parentCode: null, name: '广东省', level: 'province', kind: null },
    { code: normalizeRegionCode('4401'), parentCode: normalizeRegionCode('44'), name: '故障市', level: 'prefecture', kind: null },
  ];
  const clerks: Clerk[] = [];
  const hash = await hashPassword(FAULT_PASSWORD);
  for (let i = 1; i <= counties; i++) {
    const c6 = `4401${String(50 + i)}`;
    const county = normalizeRegionCode(c6);
    const town = `${c6}101000`;
    const village = `${c6}101201`;
    rows.push({ code: county, parentCode: normalizeRegionCode('4401'), name: `故障县${i}`, level: 'county', kind: null });
    rows.push({ code: town, parentCode: county, name: `故障镇${i}`, level: 'town', kind: 'town' });
    rows.push({ code: village, parentCode: town, name: `故障村${i}`, level: 'village', kind: 'village' });
    clerks.push({ username: `fault_clerk_${i}`, countyCode: county, village });
  }
  await db.transaction((tx) => upsertRegions(tx, rows));
  for (const [i, c] of clerks.entries()) {
    await insertUser(db, {
      username: c.username,
      displayName: `故障测试文员${i + 1}`,
      passwordHash: hash,
      role: 'town_staff',
      scopeRegionCode: `${c.village.slice(0, 9)}000`,
      mustChangePassword: false,
      now: new Date(),
    });
  }
  return clerks;
}

// ---------------------------------------------------------------- HTTP

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One request; rejects on a connection error or after `timeoutMs` without an answer. */
export function http(
  baseUrl: string,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number; keepAlive?: boolean } = {},
): Promise<HttpAnswer> {
  const u = new URL(path, baseUrl);
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const req = request(
      {
        agent: opts.keepAlive === false ? false : agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...opts.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => done({ status: res.statusCode ?? 0, body, headers: res.headers, ms: performance.now() - t0 }));
        res.on('error', fail);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 15_000, () => req.destroy(new Error(`no answer within ${opts.timeoutMs ?? 15_000} ms`)));
    req.on('error', fail);
    req.end(payload);
  });
}

export interface ClerkSession extends Clerk {
  cookie: string;
  csrf: string;
}

export async function loginClerk(baseUrl: string, clerk: Clerk): Promise<ClerkSession> {
  const res = await http(baseUrl, 'POST', '/api/auth/login', { body: { username: clerk.username, password: FAULT_PASSWORD } });
  if (res.status !== 200) throw new Error(`login ${clerk.username}: ${res.status} ${res.body}`);
  const setCookie = res.headers['set-cookie'] ?? [];
  const cookie = (Array.isArray(setCookie) ? setCookie : [setCookie]).map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('gv_session='));
  if (!cookie) throw new Error('no session cookie');
  return { ...clerk, cookie, csrf: (JSON.parse(res.body) as { csrfToken: string }).csrfToken };
}

export function registerConcern(baseUrl: string, s: ClerkSession, n: number, opts: { xff?: string; timeoutMs?: number } = {}) {
  return http(baseUrl, 'POST', '/api/concerns', {
    timeoutMs: opts.timeoutMs,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(opts.xff ? { 'x-forwarded-for': opts.xff } : {}) },
    body: {
      title: `故障测试第${n}号`,
      content: '村口到小学的路灯坏了三个月，晚上孩子放学很不安全，希望尽快修复',
      channel: 'station_reception',
      categoryCode: 'infrastructure',
      regionCode: s.village,
      collectorKind: 'staff',
      constituent: { name: '张三', phone: '13812345678', anonymous: false },
    },
  });
}

// ---------------------------------------------------------------- load

export interface Ack {
  concernId: string;
  caseNumber: string;
  /** performance.now() when the answer arrived */
  at: number;
}

export interface LoadResult {
  acks: Ack[];
  /** HTTP status → count, for every answer that was not a 2xx */
  statuses: Record<number, number>;
  /** connection refused/reset, no answer within the timeout */
  connectionErrors: number;
  timeouts: number;
  /** every answer: when it came, its status, how long it took (outage test) */
  answers: { at: number; status: number; ms: number; path: string }[];
}

/**
 * `workers` clerks registering concerns back to back against `target()` (read at each request,
 * so a load can follow a restarted server) until `stop()`. A 2xx answer is an acknowledgement:
 * its concern id and case number are recorded. Workers pause `pauseMs` after an error and wait
 * `paceMs` between requests.
 */
export function startLoad(opts: {
  target: () => string;
  sessions: ClerkSession[];
  workers: number;
  paceMs?: number;
  pauseMs?: number;
  timeoutMs?: number;
  /** also ask this path (GET) every `readEvery` requests */
  readPath?: string;
  readEvery?: number;
}) {
  const result: LoadResult = { acks: [], statuses: {}, connectionErrors: 0, timeouts: 0, answers: [] };
  let stopped = false;
  let n = 0;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const worker = async (w: number) => {
    const xff = `10.77.0.${w + 1}`;
    while (!stopped) {
      const i = n++;
      const s = opts.sessions[i % opts.sessions.length]!;
      const read = opts.readPath && opts.readEvery && i % opts.readEvery === 0;
      const path = read ? opts.readPath! : '/api/concerns';
      try {
        const res = read
          ? await http(opts.target(), 'GET', path, {
              timeoutMs: opts.timeoutMs,
              headers: { cookie: s.cookie, 'x-forwarded-for': xff },
            })
          : await registerConcern(opts.target(), s, i, { xff, timeoutMs: opts.timeoutMs });
        result.answers.push({ at: performance.now(), status: res.status, ms: res.ms, path });
        if (res.status >= 200 && res.status < 300) {
          if (!read) {
            const b = JSON.parse(res.body) as { concernId: string; caseNumber: string };
            result.acks.push({ concernId: b.concernId, caseNumber: b.caseNumber, at: performance.now() });
          }
        } else {
          result.statuses[res.status] = (result.statuses[res.status] ?? 0) + 1;
        }
      } catch (err) {
        if (err instanceof Error && /no answer within/.test(err.message)) result.timeouts += 1;
        else result.connectionErrors += 1;
        await sleep(opts.pauseMs ?? 20);
      }
      if (opts.paceMs) await sleep(opts.paceMs);
    }
  };
  const running = Promise.all(Array.from({ length: opts.workers }, (_, w) => worker(w)));
  return {
    result,
    async stop(): Promise<LoadResult> {
      stopped = true;
      await running;
      return result;
    },
  };
}

// ---------------------------------------------------------------- checks

/** Deterministic random numbers (mulberry32): a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DurabilityReport {
  acknowledged: number;
  /** acknowledged concerns not in the database, or stored under another case number */
  missing: string[];
  /** case numbers answered twice (to different concerns) */
  repeatedAnswers: string[];
  /** concerns in the database */
  rows: number;
  /** per county and year: numbers not exactly 1..n, or the sequence's last value ≠ n */
  numberingProblems: string[];
}

/**
 * Every acknowledged concern is stored under the case number it was answered with; no case number
 * was answered twice; and per county and year the stored numbers are exactly 1..n with the
 * sequence at n (a registration lost in a crash takes its number with it: no gap, no repeat).
 */
export async function checkDurability(q: Queryable, acks: Ack[]): Promise<DurabilityReport> {
  const stored = new Map<string, string>();
  const r = await q.query<{ concern_id: string; case_number: string }>('SELECT concern_id, case_number FROM concerns');
  for (const row of r.rows) stored.set(row.concern_id, row.case_number);
  const missing = acks.filter((a) => stored.get(a.concernId) !== a.caseNumber).map((a) => `${a.concernId} ${a.caseNumber}`);
  const seen = new Map<string, string>();
  const repeatedAnswers: string[] = [];
  for (const a of acks) {
    const other = seen.get(a.caseNumber);
    if (other !== undefined && other !== a.concernId) repeatedAnswers.push(a.caseNumber);
    seen.set(a.caseNumber, a.concernId);
  }
  const numberingProblems: string[] = [];
  const byCounty = new Map<string, number[]>();
  for (const cn of stored.values()) {
    const m = /^(\d+)-(\d{4})-(\d+)$/.exec(cn);
    if (!m) {
      numberingProblems.push(`unexpected case number ${cn}`);
      continue;
    }
    const key = `${m[1]}-${m[2]}`;
    byCounty.set(key, [...(byCounty.get(key) ?? []), Number(m[3])]);
  }
  const seq = await q.query<{ county_code: string; year: number; last_value: number }>(
    'SELECT county_code, year, last_value FROM concern_case_sequences',
  );
  for (const [key, nums] of byCounty) {
    nums.sort((a, b) => a - b);
    const contiguous = nums.every((v, i) => v === i + 1);
    const s = seq.rows.find((x) => `${x.county_code}-${x.year}` === key);
    if (!contiguous) numberingProblems.push(`${key}: numbers are not 1..${nums.length}`);
    if (!s || s.last_value !== nums.length) numberingProblems.push(`${key}: sequence at ${s?.last_value} for ${nums.length} concerns`);
  }
  return { acknowledged: acks.length, missing, repeatedAnswers, rows: stored.size, numberingProblems };
}

export interface CrashRun {
  acks: Ack[];
  /** ms from spawn to listening, per restart */
  starts: number[];
  statuses: Record<number, number>;
  /** requests whose connection the kills cut (outcome unknown to the client) */
  cut: number;
  wallMs: number;
}

/**
 * `rounds` times: a server process (the first is `first`, then `start()`), 8 clerks registering
 * concerns back to back; once the round has 3 acknowledgements, SIGKILL after a random 0–1000 ms
 * (seeded), while requests are in flight.
 */
export async function crashRounds(opts: {
  rounds: number;
  seed: number;
  first: ServerProcess;
  start: () => Promise<ServerProcess>;
  sessions: ClerkSession[];
}): Promise<CrashRun> {
  const random = seededRandom(opts.seed);
  const run: CrashRun = { acks: [], starts: [], statuses: {}, cut: 0, wallMs: 0 };
  const t0 = performance.now();
  let server = opts.first;
  for (let round = 1; round <= opts.rounds; round++) {
    if (round > 1) {
      server = await opts.start();
      run.starts.push(server.startMs);
    }
    const current = server;
    const load = startLoad({ target: () => current.url, sessions: opts.sessions, workers: 8, timeoutMs: 30_000 });
    while (load.result.acks.length < 3 && current.child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, Math.floor(random() * 1000)));
    await current.kill('SIGKILL');
    const r = await load.stop();
    run.acks.push(...r.acks);
    run.cut += r.connectionErrors + r.timeouts;
    for (const [s, k] of Object.entries(r.statuses)) run.statuses[Number(s)] = (run.statuses[Number(s)] ?? 0) + k;
  }
  run.wallMs = performance.now() - t0;
  return run;
}

export function describeStarts(starts: number[]): string {
  if (starts.length === 0) return 'no restart';
  const sorted = [...starts].sort((a, b) => a - b);
  const avg = starts.reduce((a, b) => a + b, 0) / starts.length;
  return `restart avg ${Math.round(avg)} ms, median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms, max ${Math.round(sorted.at(-1)!)} ms`;
}
