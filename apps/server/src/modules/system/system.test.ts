import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@gridvoice/db';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { testEngine } from '../../../test/test-db.js';

describe('system: health, OpenAPI, errors, migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /api/health names the engine', async () => {
    const res = await t.app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: testEngine(), version: 'test' });
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves OpenAPI 3 with every operation tagged by its module', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, { tags?: string[] }>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    const ops = Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => ({ p, m, op })));
    expect(ops.length).toBeGreaterThan(5);
    for (const { p, m, op } of ops) expect(op.tags?.length, `${m} ${p}`).toBeGreaterThan(0);
    expect(doc.paths['/api/auth/login']?.post?.tags).toEqual(['auth']);
  });

  it('answers unknown API paths with the one error shape, and never a stack trace', async () => {
    const res = await t.app.inject('/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: '未找到请求的资源' } });
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: '{not json', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(bad.body).not.toContain('at ');
  });

  it('re-running the migrations is a no-op', async () => {
    expect(await migrate(t.db)).toEqual([]);
  });
});

describe('system: API documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves Swagger UI at /api/docs without a session', async () => {
    const res = await t.app.inject('/api/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('swagger');
  });
});
