import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { normalizeRegionCode, type Role } from '@gridvoice/core';
import { buildApp, type BuildAppOptions } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { manualClock } from '../src/lib/clock.js';
import { createPersonalDataCipher } from '../src/lib/personal-data.js';
import { hashPassword } from '../src/modules/auth/password-hasher.js';
import { insertUser } from '../src/modules/admin/users.repository.js';
import { upsertRegions } from '../src/modules/organisation/region.repository.js';
import type { SourceRegion } from '../src/modules/organisation/region-source.js';
import type { AppDeps } from '../src/types.js';
import { openTestDb } from './test-db.js';
import { writeSetting } from '../src/modules/system/system.repository.js';
import { TWO_FACTOR_SETTING } from '../src/modules/auth/two-factor.service.js';

export const TEST_KEY = 'a'.repeat(64);
export const TEST_PASSWORD = 'Test-Passw0rd!';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * One application on a fresh database with a manual clock: what every medium test starts from.
 * Each test file makes its own regions and users through the factories below.
 */
export async function createTestApp(
  opts: {
    config?: Partial<Config>;
    app?: BuildAppOptions;
    start?: string;
    /**
     * Two-factor login (issue 9) is required for the administrators' roles by default. Medium
     * tests that are not about it log in with a password only: the harness switches the policy
     * off, explicitly, unless a test asks for the product default with `twoFactor: 'default'`.
     */
    twoFactor?: 'off' | 'default';
  } = {},
) {
  const { db, drop } = await openTestDb();
  const clock = manualClock(opts.start ?? '2025-03-03T01:00:00Z');
  const config: Config = { ...loadConfig({ GRIDVOICE_DATA_DIR: '/tmp/gv-unused' }), logLevel: 'silent', ...opts.config };
  const deps: AppDeps = {
    config,
    db,
    clock,
    cipher: createPersonalDataCipher(Buffer.from(TEST_KEY, 'hex')),
    version: 'test',
  };
  if ((opts.twoFactor ?? 'off') === 'off') {
    await writeSetting(db, TWO_FACTOR_SETTING, { required: { admin: false, security_admin: false, auditor: false } }, clock.now());
  }
  const app = await buildApp(deps, { rateLimitPerMinute: 100_000, ...opts.app });
  await app.ready();
  return {
    app,
    deps,
    db,
    clock,
    async close() {
      await app.close();
      await drop();
    },
  };
}

let regionSeq = 0;

/**
 * A county with `towns` towns of `villages` villages each. Codes are unique per call so tests
 * never collide: 44 / 4401 / 44 01 NN / town 001.. / village 001..
 */
export async function makeCounty(t: { deps: AppDeps }, towns = 2, villages = 2) {
  regionSeq += 1;
  const county = `4401${String(10 + (regionSeq % 89)).padStart(2, '0')}`;
  const rows: SourceRegion[] = [
    { code: normalizeRegionCode('44'), parentCode: null, name: '广东省', level: 'province', kind: null },
    { code: normalizeRegionCode('4401'), parentCode: normalizeRegionCode('44'), name: '测试市', level: 'prefecture', kind: null },
    { code: normalizeRegionCode(county), parentCode: normalizeRegionCode('4401'), name: `测试县${regionSeq}`, level: 'county', kind: null },
  ];
  const townCodes: string[] = [];
  const villageCodes: string[][] = [];
  for (let i = 1; i <= towns; i++) {
    const town = `${county}${String(100 + i).padStart(3, '0')}000`;
    townCodes.push(town);
    rows.push({ code: town, parentCode: normalizeRegionCode(county), name: `测试镇${i}`, level: 'town', kind: 'town' });
    const vs: string[] = [];
    for (let j = 1; j <= villages; j++) {
      const v = `${town.slice(0, 9)}${String(200 + j).padStart(3, '0')}`;
      vs.push(v);
      rows.push({ code: v, parentCode: town, name: `测试镇${i}第${j}村`, level: 'village', kind: 'village' });
    }
    villageCodes.push(vs);
  }
  await t.deps.db.transaction((tx) => upsertRegions(tx, rows));
  return { countyCode: normalizeRegionCode(county), county6: county, townCodes, villageCodes };
}

let passwordHashCache: Promise<string> | null = null;

export async function makeUser(
  t: { deps: AppDeps },
  role: Role,
  scopeRegionCode: string,
  extra: { username?: string; displayName?: string; stationId?: string; unitId?: string; deputyId?: string } = {},
) {
  passwordHashCache ??= hashPassword(TEST_PASSWORD);
  const username = extra.username ?? `${role}_${randomUUID().slice(0, 8)}`;
  const userId = await insertUser(t.deps.db, {
    username,
    displayName: extra.displayName ?? `测试${role}`,
    passwordHash: await passwordHashCache,
    role,
    scopeRegionCode,
    mustChangePassword: false,
    now: t.deps.clock.now(),
    stationId: extra.stationId ?? null,
    unitId: extra.unitId ?? null,
    deputyId: extra.deputyId ?? null,
  });
  return { userId, username };
}

/** A logged-in client: `inject` with the session cookie and CSRF header already set. */
export interface Session {
  cookie: string;
  csrfToken: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export async function login(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed for ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'gv_session');
  if (!cookie) throw new Error('no session cookie');
  const csrfToken = res.json<{ csrfToken: string }>().csrfToken;
  return {
    cookie: cookie.value,
    csrfToken,
    request: (method, url, body, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        cookies: { gv_session: cookie.value },
        headers: { 'x-csrf-token': csrfToken, ...headers },
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      }),
  };
}

export async function loginAs(t: TestApp, role: Role, scope: string, extra: Parameters<typeof makeUser>[3] = {}) {
  const u = await makeUser(t, role, scope, extra);
  return { ...u, session: await login(t.app, u.username) };
}
