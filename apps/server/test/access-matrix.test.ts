import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.js';

/**
 * Built from /api/openapi.json, so a new route is covered the day it is added: every operation
 * that is not on the public list answers 401 without a session, and changes nothing.
 */
// The second login step has no session yet: it is guarded by the short-lived challenge token
// from the first step (two-factor.test.ts proves a wrong or expired token gets nothing).
const PUBLIC = new Set(['POST /api/auth/login', 'POST /api/auth/login/second-factor', 'GET /api/health', 'GET /api/system/info']);
const isPublicPath = (path: string) => path.startsWith('/open311/') || path.startsWith('/api/public/');

describe('access matrix: no session, no access', () => {
  let t: TestApp;
  let ops: { method: string; path: string }[];
  beforeAll(async () => {
    t = await createTestApp();
    const doc = (await t.app.inject('/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })),
    );
  });
  afterAll(() => t.close());

  it('every non-public operation answers 401 without a session', async () => {
    const guarded = ops.filter((o) => !PUBLIC.has(`${o.method} ${o.path}`) && !isPublicPath(o.path));
    expect(guarded.length).toBeGreaterThan(5);
    const auditBefore = (await t.db.query<{ n: number }>('SELECT count(*) AS n FROM audit_log')).rows[0]?.n;
    for (const o of guarded) {
      const url = o.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await t.app.inject({ method: o.method as 'GET', url, payload: o.method === 'GET' ? undefined : {} });
      expect(res.statusCode, `${o.method} ${o.path}`).toBe(401);
      expect(res.json<{ error: { message: string } }>().error.message).toBe('请先登录');
    }
    const auditAfter = (await t.db.query<{ n: number }>('SELECT count(*) AS n FROM audit_log')).rows[0]?.n;
    expect(auditAfter).toBe(auditBefore);
  });
});
