import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeCounty, makeUser, TEST_PASSWORD, type TestApp } from '../../../test/harness.js';

describe('auth: login, lockout, sessions, CSRF', () => {
  let t: TestApp;
  let town: string;
  beforeAll(async () => {
    t = await createTestApp();
    town = (await makeCounty(t)).townCodes[0]!;
  });
  afterAll(() => t.close());

  const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as object });

  it('logs in with the right password and returns the user with permissions', async () => {
    const u = await makeUser(t, 'town_staff', town);
    const res = await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.role).toBe('town_staff');
    expect(body.user.permissions).toContain('user.read');
    const cookie = res.cookies.find((c) => c.name === 'gv_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
  });

  it('refuses a wrong password with one Chinese message and audits it', async () => {
    const u = await makeUser(t, 'viewer', town);
    const res = await post('/api/auth/login', { username: u.username, password: 'wrong-password' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'login_failed', message: '用户名或密码错误' } });
    const unknown = await post('/api/auth/login', { username: 'nobody_here', password: 'wrong-password' });
    expect(unknown.json()).toEqual(res.json());
    const audit = await t.db.query<{ outcome: string }>(
      `SELECT outcome FROM audit_log WHERE action = 'auth.login' AND object_id = $1`,
      [u.userId],
    );
    expect(audit.rows.map((r) => r.outcome)).toEqual(['failure']);
  });

  it('locks the account after 5 failures for 15 minutes, refusing even the right password', async () => {
    const u = await makeUser(t, 'viewer', town);
    for (let i = 1; i <= 4; i++) {
      expect((await post('/api/auth/login', { username: u.username, password: 'bad' })).statusCode).toBe(401);
    }
    const fifth = await post('/api/auth/login', { username: u.username, password: 'bad' });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.message).toContain('账号已锁定');
    const right = await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD });
    expect(right.statusCode).toBe(423);
    const locks = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'auth.lock' AND object_id = $1`, [u.userId]);
    expect(locks.rows).toHaveLength(1);
    t.clock.advance(14 * 60_000);
    expect((await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD })).statusCode).toBe(423);
    t.clock.advance(61_000);
    expect((await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('ends a session after 30 idle minutes and after 12 hours in any case', async () => {
    const u = await makeUser(t, 'viewer', town);
    const s = await login(t.app, u.username);
    t.clock.advance(29 * 60_000);
    expect((await s.request('GET', '/api/auth/session')).statusCode).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await s.request('GET', '/api/auth/session')).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    expect((await s.request('GET', '/api/auth/session')).statusCode).toBe(401);

    const s2 = await login(t.app, u.username);
    for (let i = 0; i < 25; i++) {
      t.clock.advance(29 * 60_000);
      await s2.request('GET', '/api/auth/session');
    }
    // 25 × 29 min > 12 h although never idle for 30 minutes
    expect((await s2.request('GET', '/api/auth/session')).statusCode).toBe(401);
  });

  it('gives a new session id at each login and ends it at logout', async () => {
    const u = await makeUser(t, 'viewer', town);
    const a = await login(t.app, u.username);
    const b = await login(t.app, u.username);
    expect(a.cookie).not.toBe(b.cookie);
    expect((await a.request('POST', '/api/auth/logout')).statusCode).toBe(200);
    expect((await a.request('GET', '/api/auth/session')).statusCode).toBe(401);
    expect((await b.request('GET', '/api/auth/session')).statusCode).toBe(200);
  });

  it('tells the session the previous successful login (time and IP), not the current one', async () => {
    const u = await makeUser(t, 'viewer', town);
    const first = await login(t.app, u.username);
    expect((await first.request('GET', '/api/auth/session')).json().previousLogin).toBeNull();
    const firstAt = t.clock.now().toISOString();
    t.clock.advance(60 * 60_000);
    await post('/api/auth/login', { username: u.username, password: 'wrong-password' });
    const second = await login(t.app, u.username);
    const body = (await second.request('GET', '/api/auth/session')).json();
    expect(body.previousLogin).toEqual({ at: firstAt, ip: '127.0.0.1' });
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const u = await makeUser(t, 'viewer', town);
    const s = await login(t.app, u.username);
    const res = await s.request('POST', '/api/auth/logout', undefined, { 'x-csrf-token': 'forged' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf');
    expect((await s.request('GET', '/api/auth/session')).statusCode).toBe(200);
  });

  it('changes the password under the policy and ends other sessions', async () => {
    const u = await makeUser(t, 'viewer', town);
    const a = await login(t.app, u.username);
    const b = await login(t.app, u.username);
    const short = await a.request('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toContain('至少为 8 位');
    const ok = await a.request('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Another-Passw0rd' });
    expect(ok.statusCode).toBe(200);
    expect((await a.request('GET', '/api/auth/session')).statusCode).toBe(200);
    expect((await b.request('GET', '/api/auth/session')).statusCode).toBe(401);
    await expect(login(t.app, u.username, 'Another-Passw0rd')).resolves.toBeTruthy();
  });

  it('stores argon2id hashes, never the password', async () => {
    const u = await makeUser(t, 'viewer', town);
    const r = await t.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE user_id = $1', [u.userId]);
    expect(r.rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('answers a bad login body with 400 naming the field in Chinese', async () => {
    const res = await post('/api/auth/login', { username: '', password: 'x' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details).toEqual([{ field: 'username', message: '请输入用户名' }]);
    const extra = await post('/api/auth/login', { username: 'a', password: 'b', role: 'admin' });
    expect(extra.statusCode).toBe(400);
  });
});

describe('auth: per-IP login limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { loginRateLimitPerMinute: 5 } });
  });
  afterAll(() => t.close());

  it('answers 429 in Chinese with Retry-After once one address tries too often; another address still gets through', async () => {
    const attempt = (ip: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username: 'x_user', password: 'wrong-pass' } });
    for (let i = 0; i < 5; i++) expect((await attempt('10.0.0.1')).statusCode).toBe(401);
    const limited = await attempt('10.0.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeTruthy();
    expect(limited.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'too_many_requests' });
    expect((await attempt('10.0.0.2')).statusCode).toBe(401);
  });
});
