import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createTestApp, loginAs, makeCounty, type Session, type TestApp } from '../../../test/harness.js';
import { SESSION_REVALIDATE_MS } from './session-cache.js';

/**
 * The in-process session cache (docs/decisions/0004-session-cache.md): a second server instance
 * on the same database (its own handle, so its own cache) sees a session ended elsewhere within
 * SESSION_REVALIDATE_MS; the instance that ended it refuses it at once.
 */
describe('session cache across instances', () => {
  let t: TestApp;
  let other: FastifyInstance;
  let town: string;
  beforeAll(async () => {
    t = await createTestApp();
    town = (await makeCounty(t)).townCodes[0]!;
    // Another instance: same database and clock, its own Db handle (hence its own cache).
    other = await buildApp({ ...t.deps, db: { ...t.deps.db } }, { rateLimitPerMinute: 100_000 });
    await other.ready();
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  /** The same cookie and CSRF token, sent to the other instance. */
  const on = (app: FastifyInstance, s: Session) => (method: string, url: string) =>
    app.inject({ method: method as 'GET', url, cookies: { gv_session: s.cookie }, headers: { 'x-csrf-token': s.csrfToken } });

  it('ends a session at once on the instance that logged it out, and within the bound on another', async () => {
    const { session } = await loginAs(t, 'viewer', town);
    const here = on(t.app, session);
    const there = on(other, session);
    expect((await here('GET', '/api/auth/session')).statusCode).toBe(200);
    expect((await there('GET', '/api/auth/session')).statusCode).toBe(200); // now cached there too

    expect((await here('POST', '/api/auth/logout')).statusCode).toBe(200);
    expect((await here('GET', '/api/auth/session')).statusCode).toBe(401);
    // The other instance may still answer from its copy, but never past the bound.
    t.clock.advance(SESSION_REVALIDATE_MS - 1);
    expect([200, 401]).toContain((await there('GET', '/api/auth/session')).statusCode);
    t.clock.advance(1);
    expect((await there('GET', '/api/auth/session')).statusCode).toBe(401);
    expect((await here('GET', '/api/auth/session')).statusCode).toBe(401);
  });

  it('a cached session answers without reading the sessions table again until the bound', async () => {
    const { session, userId } = await loginAs(t, 'viewer', town);
    const there = on(other, session);
    expect((await there('GET', '/api/auth/session')).statusCode).toBe(200);
    // Removed behind both instances' backs (as another instance's logout would): the copy still answers...
    await t.db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    expect((await there('GET', '/api/auth/session')).statusCode).toBe(200);
    // ...until it is older than the bound.
    t.clock.advance(SESSION_REVALIDATE_MS);
    expect((await there('GET', '/api/auth/session')).statusCode).toBe(401);
  });

  it('disabling a user ends their sessions at once here and within the bound on another instance', async () => {
    const admin = await loginAs(t, 'admin', town.slice(0, 6) + '000000');
    const u = await loginAs(t, 'viewer', town);
    const there = on(other, u.session);
    expect((await u.session.request('GET', '/api/auth/session')).statusCode).toBe(200);
    expect((await there('GET', '/api/auth/session')).statusCode).toBe(200);
    const res = await admin.session.request('POST', `/api/admin/users/${u.userId}/disable`);
    expect(res.statusCode, res.body).toBe(200);
    expect((await u.session.request('GET', '/api/auth/session')).statusCode).toBe(401);
    t.clock.advance(SESSION_REVALIDATE_MS);
    expect((await there('GET', '/api/auth/session')).statusCode).toBe(401);
  });

  it('still applies idle expiry to a cached session', async () => {
    const { session } = await loginAs(t, 'viewer', town);
    expect((await session.request('GET', '/api/auth/session')).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    expect((await session.request('GET', '/api/auth/session')).statusCode).toBe(401);
  });
});
