import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeCounty, makeUser, type TestApp } from './harness.js';
import { readOperations, runFuzz } from './openapi-fuzz.js';
import { FUZZ_SKIP, fuzzPeople } from './fuzz-world.js';

/**
 * Issue 9, item 5: every operation in /api/openapi.json, drawn from its own schemas (valid,
 * hostile, unknown fields, random and broken JSON), by every kind of user and by nobody.
 * Never a 5xx; a refused change writes nothing. (`npm run bench -- fuzz` runs 100,000.)
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2_500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);

describe('fuzzing every operation from its schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a NUL or other control character anywhere in a request is a Chinese 400 that writes nothing', async () => {
    const c = await makeCounty(t, 1, 1);
    const admin = await makeUser(t, 'admin', c.countyCode);
    const s = await login(t.app, admin.username);
    const count = async () => Number((await t.db.query<{ n: number }>('SELECT count(*) AS n FROM users')).rows[0]?.n);
    const before = await count();
    const body = {
      username: 'nul_clerk',
      displayName: '文书\u0000',
      role: 'viewer',
      scopeRegionCode: c.countyCode,
      password: 'Clerk-Passw0rd-2025',
    };
    const res = await s.request('POST', '/api/admin/users', body);
    expect(res.statusCode).toBe(400);
    const err = res.json<{ error: { message: string; details: { field: string }[] } }>().error;
    expect(err.message).toBe('请求体「displayName」不能包含控制字符（如 \\u0000）');
    expect(err.details[0]?.field).toBe('displayName');
    expect(await count()).toBe(before);
    const q = await s.request('GET', `/api/admin/users?q=${encodeURIComponent('\u001b[2J')}`);
    expect(q.statusCode).toBe(400);
    expect(q.json<{ error: { message: string } }>().error.message).toContain('查询参数「q」');
    // The same text without the control character is taken.
    const ok = await s.request('POST', '/api/admin/users', { ...body, displayName: '文书' });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('found by the fuzz: the system administrator may change the deadline settings, and the answer is the settings (not a 403 after the write)', async () => {
    const c = await makeCounty(t, 1, 1);
    const admin = await makeUser(t, 'admin', c.countyCode);
    const s = await login(t.app, admin.username);
    const res = await s.request('PUT', `/api/concerns/settings/${c.countyCode}`, { notRatedAfterDays: 9 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ regionCode: string; notRatedAfterDays: number }>()).toMatchObject({
      regionCode: c.countyCode,
      notRatedAfterDays: 9,
    });
    const viewer = await login(t.app, (await makeUser(t, 'viewer', c.countyCode)).username);
    const refused = await viewer.request('PUT', `/api/concerns/settings/${c.countyCode}`, { notRatedAfterDays: 3 });
    expect(refused.statusCode).toBe(403);
    const row = await t.db.query<{ n: number }>(
      'SELECT not_rated_after_days AS n FROM concern_settings WHERE region_code = $1',
      [c.countyCode],
    );
    expect(row.rows[0]?.n).toBe(9);
  });

  it(`${REQUESTS} drawn requests: no 5xx, and no refused request changes a row`, async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json<Parameters<typeof readOperations>[0]>();
    const ops = readOperations(doc, FUZZ_SKIP);
    expect(ops.length).toBeGreaterThan(150);
    const { people, seedPool } = await fuzzPeople(t);
    const { figures, problems } = await runFuzz({
      app: t.app,
      db: t.db,
      ops,
      people,
      requests: REQUESTS,
      seed: SEED,
      seedPool,
    });
    console.log(`[fuzz] ${JSON.stringify(figures)}`);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(figures.server_errors).toBe(0);
    expect(figures.partial_writes).toBe(0);
    expect(figures.requests).toBe(REQUESTS);
    // The drawing reaches the working paths too, not only the refusals.
    expect(figures.status_2xx).toBeGreaterThan(REQUESTS * 0.05);
  }, 600_000);
});
