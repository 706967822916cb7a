/**
 * Soak (docs/SECURITY.md item 15): `npm run bench -- soak [--engine embedded] [--minutes N]`
 * (default 10 minutes). A real server process (`apps/server/src/server.ts`, demo county seeded,
 * its scheduled jobs running) on 127.0.0.1 takes mixed traffic for N minutes:
 * - citizens submit through the public API (SMS code → photo now and then → submission), open their
 *   tracking page and rate once the unit has replied; each from its own address (TRUST_PROXY=1 and
 *   X-Forwarded-For, as behind the reverse proxy of a real deployment, so the per-address limits
 *   of the citizens' pages are those of many neighbours, not of one flood);
 * - the two town clerks send new concerns for dispatch and dispatch them to the demo unit;
 * - the unit's handler accepts and replies from its inbox;
 * - the county office and the viewer open the statistics dashboards, lists and notifications; the
 *   deputy opens their own concerns.
 * Every loop is bounded by the deadline and paced (think time), only 127.0.0.1 is contacted.
 *
 * Errors: any 5xx, any network error or time-out, and any 4xx that the request should not get.
 * Expected 4xx, counted apart and not errors: 409 on a workflow action (another actor moved the
 * concern first — optimistic concurrency), 429 (a rate limit doing its job). Everything else in
 * 4xx is an error (a valid request refused is a bug).
 *
 * Memory: the server is its own process, so its memory is measured without the load generator's.
 * Every 5 s the sampler reads its resident set (VmRSS, /proc/<pid>/status) as it is, then sends
 * SIGUSR2: `bench/soak-gc-probe.mjs`, loaded into that process only with --expose-gc, runs a full
 * GC and records RSS and V8's heap after it. The first 20 % of the run (at least 30 s, at most
 * 2 minutes) is warm-up (JIT, caches, pools, PGlite's buffers); the growth is the median of the
 * last window against the median of the first window after warm-up (each a fifth of the measured
 * span, at least 3 samples). The reported `rss_growth_pct` is RSS after GC: without it, RSS swings
 * by ±15 % with the collector's rhythm (measured: 12.6 % "growth" on PostgreSQL that a later
 * major GC gave back), which says nothing about leaks; the raw figures are printed beside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BenchContext, BenchSuite } from '../run.js';

const ROOT = join(import.meta.dirname, '../..');
const PASSWORD = 'Soak-Passw0rd!';
const HOST = '127.0.0.1';

function argNumber(name: string): number | null {
  const i = process.argv.indexOf(name);
  if (i < 0) return null;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} 应为正数`);
  return n;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2 : NaN;
};

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, HOST, r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** The SMS gateway the server posts to (SMS_PROVIDER=http): keeps the last code per phone. */
async function startSmsSink(): Promise<{ server: Server; url: string; codes: Map<string, string> }> {
  const codes = new Map<string, string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const { phone, text } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { phone: string; text: string };
        const m = /验证码是 (\d{6})/.exec(text);
        if (m) {
          if (codes.size > 10_000) codes.clear();
          codes.set(phone, m[1]!);
        }
      } catch {
        // not a code: notifications to constituents also come here
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, HOST, r));
  return { server, url: `http://${HOST}:${(server.address() as AddressInfo).port}/sms`, codes };
}

interface Tally {
  requests: number;
  errors: number;
  conflicts: number;
  throttled: number;
  byKind: Map<string, { n: number; errors: number }>;
  samples: string[];
}

type Expect = 'ok' | 'action';

/** One HTTP client: fetch to 127.0.0.1 only, with a cookie/CSRF when signed in and a fixed client address. */
function client(base: string, tally: Tally, ip: string) {
  let cookie = '';
  let csrf = '';
  async function call<T = unknown>(kind: string, method: string, path: string, body?: unknown, expect: Expect = 'ok', headers: Record<string, string> = {}) {
    if (!path.startsWith('/')) throw new Error('only paths on the local server');
    tally.requests += 1;
    const k = tally.byKind.get(kind) ?? { n: 0, errors: 0 };
    k.n += 1;
    tally.byKind.set(kind, k);
    const fail = (what: string) => {
      tally.errors += 1;
      k.errors += 1;
      if (tally.samples.length < 20) tally.samples.push(`${kind} ${method} ${path.slice(0, 80)}: ${what.slice(0, 300)}`);
    };
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          'x-forwarded-for': ip,
          ...(body instanceof Buffer ? {} : body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(cookie ? { cookie, 'x-csrf-token': csrf } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : body instanceof Buffer ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      fail(`network: ${err instanceof Error ? err.message : String(err)}`);
      return { status: 0, data: null as T | null };
    }
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) {
      const data = (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as T) : (null as T | null);
      return { status: res.status, data, setCookie: res.headers.get('set-cookie') };
    }
    if (res.status === 429) tally.throttled += 1;
    else if (res.status === 409 && expect === 'action') tally.conflicts += 1;
    else fail(`${res.status} ${text}`);
    return { status: res.status, data: null as T | null };
  }
  return {
    call,
    async login(username: string) {
      const r = await call<{ csrfToken: string }>('login', 'POST', '/api/auth/login', { username, password: PASSWORD });
      if (!r.data || !r.setCookie) throw new Error(`login ${username}: ${r.status}`);
      cookie = r.setCookie.split(';')[0] ?? '';
      csrf = r.data.csrfToken;
    },
  };
}

type Client = ReturnType<typeof client>;
interface ListItem { concernId: string; status: string; version: number }
interface Detail { concernId: string; status: string; version: number; actions: string[] }

async function startServer(ctx: BenchContext, smsUrl: string, logFile: string, probeFile: string) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'gv-soak-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST,
    PORT: String(port),
    GRIDVOICE_DATA_DIR: dataDir,
    GRIDVOICE_KEY: 'c'.repeat(64),
    GRIDVOICE_ADMIN_PASSWORD: PASSWORD,
    GRIDVOICE_SEED_DEMO: '1',
    GRIDVOICE_DEMO_PASSWORD: PASSWORD,
    TRUST_PROXY: '1',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    SMS_PROVIDER: 'http',
    SMS_HTTP_URL: smsUrl,
    SOAK_PROBE_FILE: probeFile,
    ...(ctx.databaseUrl ? { DATABASE_URL: ctx.databaseUrl, DB_POOL_MAX: '20' } : {}),
  };
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--import', './bench/soak-gc-probe.mjs', 'apps/server/src/server.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const base = `http://${HOST}:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}); see ${logFile}`);
    try {
      const r = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) break;
    } catch {
      // not listening yet (migrations, demo county)
    }
    if (Date.now() - started > 15 * 60_000) throw new Error('server did not start in 15 minutes');
    await sleep(1000);
  }
  ctx.log(`server pid ${child.pid} up in ${Math.round((Date.now() - started) / 1000)} s (demo county seeded) on ${base}; log ${logFile}`);
  return { child, base, dataDir };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(20_000)]);
  if (child.exitCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

const suite: BenchSuite = {
  name: 'soak',
  async run(ctx: BenchContext) {
    const minutes = argNumber('--minutes') ?? 10;
    const totalMs = minutes * 60_000;
    const warmupMs = Math.min(120_000, Math.max(30_000, totalMs * 0.2));
    const sink = await startSmsSink();
    const logFile = join(tmpdir(), `gv-soak-${process.pid}.log`);
    const probeFile = join(tmpdir(), `gv-soak-${process.pid}.probe`);
    writeFileSync(probeFile, '');
    const { child, base, dataDir } = await startServer(ctx, sink.url, logFile, probeFile);
    const tally: Tally = { requests: 0, errors: 0, conflicts: 0, throttled: 0, byKind: new Map(), samples: [] };
    const rss: { at: number; bytes: number; gcRss: number; heapUsed: number }[] = [];
    try {
      // ── the actors ────────────────────────────────────────────────────────────────────────
      let ipSeq = 0;
      const nextIp = () => {
        ipSeq += 1;
        return `10.${100 + (Math.floor(ipSeq / 65_000) % 100)}.${Math.floor(ipSeq / 250) % 256}.${(ipSeq % 250) + 1}`;
      };
      const staff = async (username: string) => {
        const c = client(base, tally, nextIp());
        await c.login(username);
        return c;
      };
      const county = await staff('demo_county');
      const towns = [await staff('demo_town'), await staff('demo_town2')];
      const unit = await staff('demo_unit');
      const viewer = await staff('demo_viewer');
      const deputy = await staff('demo_deputy');

      // the stations of the two towns whose clerks are signed in; the demo unit's id
      const stations = (
        await county.call<{ items: { code: string; townCode: string | null; regionCode: string }[] }>('setup', 'GET', '/api/organisation/stations?pageSize=200')
      ).data?.items.filter((s) => s.townCode === '440784001000' || s.townCode === '440784101000' || /^440784(001|101)/.test(s.regionCode)) ?? [];
      if (!stations.length) throw new Error('no stations in the demo towns');
      let unitId = '';
      const units = (await county.call<{ items: { unitId: string }[] }>('setup', 'GET', '/api/organisation/units?pageSize=200')).data?.items ?? [];
      for (const u of units) {
        const d = await county.call<{ handlers: { username: string }[] }>('setup', 'GET', `/api/organisation/units/${u.unitId}`);
        if (d.data?.handlers.some((h) => h.username === 'demo_unit')) {
          unitId = u.unitId;
          break;
        }
      }
      if (!unitId) throw new Error('demo_unit has no unit');
      const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#557799' } }).jpeg().toBuffer();
      ctx.log(`${stations.length} stations, unit ${unitId}; ${minutes} min of traffic, warm-up ${warmupMs / 1000} s`);

      const t0 = Date.now();
      const deadline = t0 + totalMs;
      const live = () => Date.now() < deadline;
      const tracked: { token: string; ip: string; rated: boolean }[] = [];
      let phoneSeq = 0;

      const citizen = async (n: number) => {
        const anon = client(base, tally, `10.99.0.${n}`);
        while (live()) {
          const ip = nextIp();
          const c = client(base, tally, ip);
          phoneSeq += 1;
          const phone = `17${String(n)}${String(phoneSeq).padStart(8, '0')}`.slice(0, 11);
          const station = stations[phoneSeq % stations.length]!;
          await c.call('public.station', 'GET', `/api/public/stations/${station.code}`);
          const sent = await c.call('public.code', 'POST', '/api/public/verification-codes', { phone });
          if (sent.status === 200) {
            let code: string | undefined;
            for (let i = 0; i < 40 && !code; i++) {
              code = sink.codes.get(phone);
              if (!code) await sleep(50);
            }
            sink.codes.delete(phone);
            if (!code) {
              tally.errors += 1;
              if (tally.samples.length < 20) tally.samples.push(`public.code: no SMS reached the gateway for ${phone}`);
            } else {
              const photos: { attachmentId: string; uploadToken: string }[] = [];
              if (phoneSeq % 4 === 0) {
                const up = await c.call<{ attachmentId: string; uploadToken: string }>('public.upload', 'POST', '/api/public/uploads', photo, 'ok', { 'content-type': 'image/jpeg' });
                if (up.data) photos.push({ attachmentId: up.data.attachmentId, uploadToken: up.data.uploadToken });
              }
              const sub = await c.call<{ trackingUrl: string }>('public.submit', 'POST', '/api/public/concerns', {
                stationCode: station.code,
                categoryCode: 'infrastructure',
                content: `村口路灯坏了，晚上出行不便（压测第${phoneSeq}件）`,
                name: '压测群众',
                phone,
                code,
                anonymous: phoneSeq % 3 === 0,
                privacyNoticeVersion: '2025-01',
                photos,
              });
              if (sub.data?.trackingUrl) {
                tracked.push({ token: sub.data.trackingUrl.slice(3), ip, rated: false });
                if (tracked.length > 400) tracked.shift();
              }
            }
          }
          // an earlier citizen looks at their page, and rates once replied
          const earlier = tracked[Math.floor(Math.random() * tracked.length)];
          if (earlier) {
            const tr = await anon.call<{ canRate: boolean }>('public.track', 'GET', `/api/public/track/${earlier.token}`);
            if (tr.data?.canRate && !earlier.rated) {
              earlier.rated = true;
              await client(base, tally, earlier.ip).call('public.rate', 'POST', `/api/public/track/${earlier.token}/rating`, { rating: 'satisfied', comment: '修好了，谢谢' }, 'action');
            }
          }
          await sleep(300 + Math.random() * 400);
        }
      };

      const act = async (c: Client, id: string, action: Record<string, unknown>) => {
        const d = await c.call<Detail>('staff.detail', 'GET', `/api/concerns/${id}`);
        if (!d.data || !d.data.actions.includes(String(action.type))) return;
        await c.call('staff.action', 'POST', `/api/concerns/${id}/actions`, { ...action, version: d.data.version }, 'action');
      };

      const clerk = async (c: Client) => {
        while (live()) {
          const fresh = await c.call<{ items: ListItem[] }>('staff.list', 'GET', '/api/concerns?status=registered&sort=created_asc&pageSize=5');
          for (const it of fresh.data?.items ?? []) if (live()) await act(c, it.concernId, { type: 'send_for_dispatch' });
          const inbox = await c.call<{ items: ListItem[] }>('staff.inbox', 'GET', '/api/concerns/inbox/to-dispatch?pageSize=5');
          for (const it of inbox.data?.items ?? []) {
            if (live()) await act(c, it.concernId, { type: 'dispatch', units: [{ unitId, role: 'lead', workingDays: 5 }] });
          }
          await c.call('staff.notifications', 'GET', '/api/notifications');
          await sleep(500 + Math.random() * 500);
        }
      };

      const handler = async () => {
        while (live()) {
          const inbox = await unit.call<{ items: ListItem[] }>('unit.inbox', 'GET', '/api/concerns/inbox/assigned?pageSize=10');
          for (const it of inbox.data?.items ?? []) {
            if (!live()) break;
            if (it.status === 'dispatched') await act(unit, it.concernId, { type: 'accept' });
            else if (it.status === 'in_progress') await act(unit, it.concernId, { type: 'reply', content: '已安排维修，路灯已更换' });
          }
          await sleep(500 + Math.random() * 500);
        }
      };

      const dashboards = async () => {
        const today = new Date().toISOString().slice(0, 10);
        const pages = [
          '/api/stats/overview',
          `/api/stats/overview?regionCode=440784000000&from=${today.slice(0, 4)}-01-01&to=${today}`,
          '/api/stats/cut?dim=child',
          '/api/stats/cut?dim=category',
          '/api/stats/cut?dim=unit',
          '/api/stats/ranking?of=unit',
          '/api/stats/ranking?of=deputy',
          '/api/stats/map',
          '/api/stats/records?metric=concerns_collected',
          '/api/concerns?pageSize=20',
          '/api/concerns/inbox/overdue',
          '/api/notifications',
        ];
        let i = 0;
        while (live()) {
          const p = pages[i % pages.length]!;
          i += 1;
          await county.call(`stats${p.split('?')[0]!.replace('/api', '')}`, 'GET', p);
          await viewer.call('viewer', 'GET', i % 2 ? '/api/stats/overview' : '/api/concerns?pageSize=20&status=open');
          await deputy.call('deputy', 'GET', '/api/concerns/inbox/mine');
          await sleep(400 + Math.random() * 400);
        }
      };

      // every 5 s: the resident set as it is, then a full GC in the server (SIGUSR2 → the probe) and the figures after it
      const probe = async () => {
        const raw = rssOf(child.pid!);
        child.kill('SIGUSR2');
        await sleep(750);
        const lines = readFileSync(probeFile, 'utf8').trim().split('\n');
        const m = JSON.parse(lines.at(-1) || '{}') as { rss?: number; heapUsed?: number };
        rss.push({ at: Date.now() - t0, bytes: raw, gcRss: m.rss ?? NaN, heapUsed: m.heapUsed ?? NaN });
      };
      const sampler = (async () => {
        while (live()) {
          await probe();
          await sleep(4250);
        }
        await probe();
      })();
      const progress = (async () => {
        while (live()) {
          await sleep(30_000);
          const last = rss.at(-1);
          ctx.log(`${Math.round((Date.now() - t0) / 1000)} s: ${tally.requests} requests, ${tally.errors} errors, ${tally.conflicts} conflicts, ${tally.throttled} throttled, RSS ${last ? Math.round(last.bytes / 1048576) : '?'} MB`);
        }
      })();

      await Promise.all([citizen(1), citizen(2), citizen(3), clerk(towns[0]!), clerk(towns[1]!), handler(), dashboards(), sampler, progress]);
      if (child.exitCode !== null) {
        tally.errors += 1;
        tally.samples.push(`server exited with ${child.exitCode}`);
      }
    } finally {
      await stopServer(child);
      await new Promise<void>((r) => sink.server.close(() => r()));
      rmSync(dataDir, { recursive: true, force: true });
    }

    // ── figures ─────────────────────────────────────────────────────────────────────────────
    const measured = rss.filter((s) => s.at >= warmupMs);
    const width = Math.max(3, Math.floor(measured.length / 5));
    const growthOf = (pick: (s: (typeof rss)[number]) => number) => {
      const first = median(measured.slice(0, width).map(pick));
      const last = median(measured.slice(-width).map(pick));
      return { first, last, pct: ((last - first) / first) * 100 };
    };
    const afterGc = growthOf((s) => s.gcRss);
    const asIs = growthOf((s) => s.bytes);
    const heap = growthOf((s) => s.heapUsed);
    const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
    const pct = (n: number) => Math.round(n * 10) / 10;
    for (const [kind, k] of [...tally.byKind].sort()) ctx.log(`  ${kind.padEnd(28)} ${String(k.n).padStart(7)}  errors ${k.errors}`);
    for (const s of tally.samples) ctx.log(`  error: ${s}`);
    ctx.log(`RSS after a full GC (the figure): ${mb(afterGc.first)} MB after warm-up → ${mb(afterGc.last)} MB at the end, ${pct(afterGc.pct)} % (medians of ${width} samples)`);
    ctx.log(`RSS as sampled, no GC: ${mb(asIs.first)} → ${mb(asIs.last)} MB, ${pct(asIs.pct)} %; max ${mb(Math.max(...rss.map((s) => s.bytes)))} MB`);
    ctx.log(`V8 heap used after GC: ${mb(heap.first)} → ${mb(heap.last)} MB, ${pct(heap.pct)} % (${rss.length} samples, warm-up ${warmupMs / 1000} s)`);
    ctx.log(`expected 4xx (not errors): ${tally.conflicts} conflicts (409 on an action), ${tally.throttled} throttled (429)`);
    ctx.log(`server log: ${logFile}`);
    rmSync(probeFile, { force: true });
    return { minutes, requests: tally.requests, errors: tally.errors, rss_growth_pct: pct(afterGc.pct) };
  },
};

export default suite;
