import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, hmacSha1, totp } from '@gridvoice/core';
import { createTestApp, login, makeCounty, makeUser, TEST_PASSWORD, type TestApp } from '../../../test/harness.js';
import { nodeHmacSha1 } from './two-factor.service.js';

/**
 * Two-factor login by TOTP (issue 9 item 4; ASVS 2.8, GB/T 22239-2019 8.1.4.1 d): required for the
 * administrators by default, switchable per role by the security administrator, RFC 6238 ±1 step,
 * a used code refused, recovery codes hashed and single-use.
 */
describe('two-factor login (TOTP)', () => {
  let t: TestApp;
  let county: string;
  let town: string;
  beforeAll(async () => {
    t = await createTestApp({ twoFactor: 'default' }); // the product default, not the harness's
    const c = await makeCounty(t);
    county = c.countyCode;
    town = c.townCodes[0]!;
  });
  afterAll(() => t.close());

  const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as object });
  const codeFor = (secret: string, at = t.clock.now()) => totp(hmacSha1, base32Decode(secret)!, at);

  /** Password step then enrolment at login; returns the secret and the first recovery codes. */
  async function enrolAtLogin(username: string) {
    const first = await post('/api/auth/login', { username, password: TEST_PASSWORD });
    expect(first.statusCode).toBe(200);
    const step = first.json();
    expect(step.secondStep).toBe('enrol');
    expect(first.cookies.find((c) => c.name === 'gv_session')).toBeUndefined();
    const secret = step.enrolment.secretBase32 as string;
    expect(step.enrolment.otpauthUri).toContain(`secret=${secret}`);
    expect(step.enrolment.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const done = await post('/api/auth/login/second-factor', { challengeToken: step.challengeToken, code: codeFor(secret) });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.cookies.find((c) => c.name === 'gv_session')).toBeDefined();
    const recoveryCodes = done.json().recoveryCodes as string[];
    expect(recoveryCodes).toHaveLength(10);
    return { secret, recoveryCodes };
  }

  async function passwordStep(username: string) {
    const res = await post('/api/auth/login', { username, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    return res.json<{ secondStep: string; challengeToken: string; enrolment: unknown }>();
  }

  it('node:crypto HMAC-SHA1 agrees with the pure one the RFC vectors prove', () => {
    const key = new TextEncoder().encode('12345678901234567890');
    for (let c = 0; c < 50; c++) {
      const msg = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, c]);
      expect(Buffer.from(nodeHmacSha1(key, msg)).toString('hex')).toBe(Buffer.from(hmacSha1(key, msg)).toString('hex'));
    }
  });

  it.each(['admin', 'security_admin', 'auditor'] as const)('%s must enrol at first login (default)', async (role) => {
    const u = await makeUser(t, role, county);
    await enrolAtLogin(u.username);
  });

  it('staff log in with a password only by default, and may enrol from their menu', async () => {
    const u = await makeUser(t, 'town_staff', town);
    const s = await login(t.app, u.username);
    const status = await s.request('GET', '/api/auth/two-factor');
    expect(status.json()).toMatchObject({ enrolled: false, required: false, eligible: true });
    const wrongPw = await s.request('POST', '/api/auth/two-factor/enrolment', { password: 'nope' });
    expect(wrongPw.statusCode).toBe(400);
    const start = await s.request('POST', '/api/auth/two-factor/enrolment', { password: TEST_PASSWORD });
    expect(start.statusCode).toBe(200);
    const secret = start.json().secretBase32 as string;
    const bad = await s.request('POST', '/api/auth/two-factor/enrolment/confirm', { code: '000000' === codeFor(secret) ? '111111' : '000000' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('code');
    const ok = await s.request('POST', '/api/auth/two-factor/enrolment/confirm', { code: codeFor(secret) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().recoveryCodes).toHaveLength(10);
    // now every login of this user has a second step
    t.clock.advance(30_000);
    const step = await passwordStep(u.username);
    expect(step.secondStep).toBe('verify');
    expect(step.enrolment).toBeNull();
    const done = await post('/api/auth/login/second-factor', { challengeToken: step.challengeToken, code: codeFor(secret) });
    expect(done.statusCode).toBe(200);
    const audit = await t.db.query<{ after: { secondFactor?: string } }>(
      "SELECT after FROM audit_log WHERE action = 'auth.login' AND object_id = $1 ORDER BY audit_id DESC LIMIT 1",
      [u.userId],
    );
    expect(audit.rows[0]?.after.secondFactor).toBe('totp');
  });

  it('accepts the previous and next step, refuses two steps off, and refuses a code used once (replay)', async () => {
    const u = await makeUser(t, 'security_admin', county);
    const { secret } = await enrolAtLogin(u.username);
    t.clock.advance(60_000);
    const tryCode = async (code: string) => {
      const step = await passwordStep(u.username);
      return post('/api/auth/login/second-factor', { challengeToken: step.challengeToken, code });
    };
    const now = t.clock.now().getTime();
    expect((await tryCode(codeFor(secret, new Date(now - 60_000)))).statusCode).toBe(400); // -2 steps
    expect((await tryCode(codeFor(secret, new Date(now + 60_000)))).statusCode).toBe(400); // +2 steps
    expect((await tryCode(codeFor(secret, new Date(now - 30_000)))).statusCode).toBe(200); // -1 step
    const replay = await tryCode(codeFor(secret, new Date(now - 30_000)));
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.message).toContain('已使用过');
    const again = await tryCode(codeFor(secret)); // the current step is newer: accepted
    expect(again.statusCode).toBe(200);
    expect((await tryCode(codeFor(secret))).statusCode).toBe(400); // …once
    expect((await tryCode(codeFor(secret, new Date(now + 30_000)))).statusCode).toBe(200); // +1 step
  });

  it('recovery codes: stored hashed, each works once, a wrong one is refused', async () => {
    const u = await makeUser(t, 'auditor', county);
    const { recoveryCodes } = await enrolAtLogin(u.username);
    const stored = await t.db.query<{ code_hash: string }>('SELECT code_hash FROM user_recovery_codes WHERE user_id = $1', [u.userId]);
    expect(stored.rows).toHaveLength(10);
    const plain = new Set(recoveryCodes.flatMap((c) => [c, c.replace('-', '')]));
    for (const r of stored.rows) expect(plain.has(r.code_hash)).toBe(false);
    const secretRow = await t.db.query<{ secret_enc: string }>('SELECT secret_enc FROM user_totp WHERE user_id = $1', [u.userId]);
    expect(secretRow.rows[0]?.secret_enc).toMatch(/^sm4:v1:/);

    const code = recoveryCodes[3]!;
    let step = await passwordStep(u.username);
    const ok = await post('/api/auth/login/second-factor', { challengeToken: step.challengeToken, recoveryCode: code.toUpperCase() });
    expect(ok.statusCode).toBe(200);
    step = await passwordStep(u.username);
    const reused = await post('/api/auth/login/second-factor', { challengeToken: step.challengeToken, recoveryCode: code });
    expect(reused.statusCode).toBe(400);
    const wrong = await post('/api/auth/login/second-factor', { challengeToken: step.challengeToken, recoveryCode: 'aaaaa-bbbbb' });
    expect(wrong.statusCode).toBe(400);
    const s = await login(t.app, (await makeUser(t, 'town_staff', town)).username);
    expect((await s.request('GET', '/api/auth/two-factor')).json().recoveryCodesLeft).toBe(0);
  });

  it('a challenge is single-use, expires after 5 minutes and allows 5 attempts', async () => {
    const u = await makeUser(t, 'admin', county);
    const { secret } = await enrolAtLogin(u.username);
    t.clock.advance(30_000);
    let step = await passwordStep(u.username);
    t.clock.advance(5 * 60_000 + 1000);
    const late = await post('/api/auth/login/second-factor', { challengeToken: step.challengeToken, code: codeFor(secret) });
    expect(late.statusCode).toBe(401);
    step = await passwordStep(u.username);
    for (let i = 0; i < 5; i++) {
      const r = await post('/api/auth/login/second-factor', { challengeToken: step.challengeToken, code: '12345x' });
      expect(r.statusCode).toBe(400);
    }
    const sixth = await post('/api/auth/login/second-factor', { challengeToken: step.challengeToken, code: codeFor(secret) });
    expect(sixth.statusCode).toBe(401);
    const failures = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'auth.second_factor' AND outcome = 'failure' AND object_id = $1", [u.userId]);
    expect(failures.rows).toHaveLength(5);
    // a forged token
    const forged = await post('/api/auth/login/second-factor', { challengeToken: 'x'.repeat(43), code: codeFor(secret) });
    expect(forged.statusCode).toBe(401);
    // both or neither of code / recovery code → 400 naming the field
    const both = await post('/api/auth/login/second-factor', { challengeToken: step.challengeToken, code: '123456', recoveryCode: 'abcde-fghjk' });
    expect(both.statusCode).toBe(400);
  });

  it('the security administrator switches the requirement per role; the system administrator and staff cannot', async () => {
    const sec = await makeUser(t, 'security_admin', county);
    const { secret } = await enrolAtLogin(sec.username);
    void secret;
    const secSession = await loginWithCode(sec.username, secret);
    const policy = await secSession.request('GET', '/api/auth/two-factor/policy');
    expect(policy.statusCode).toBe(200);
    expect(policy.json().required).toMatchObject({ admin: true, security_admin: true, auditor: true, town_staff: false });
    const put = await secSession.request('PUT', '/api/auth/two-factor/policy', { required: { town_staff: true } });
    expect(put.statusCode).toBe(200);
    expect(put.json().required.town_staff).toBe(true);
    const deputyOn = await secSession.request('PUT', '/api/auth/two-factor/policy', { required: { deputy: true } });
    expect(deputyOn.statusCode).toBe(400);
    // a town clerk now has to enrol at login
    const clerk = await makeUser(t, 'town_staff', town);
    expect((await passwordStep(clerk.username)).secondStep).toBe('enrol');
    // switching the administrators off: a fresh system administrator logs in with a password
    await secSession.request('PUT', '/api/auth/two-factor/policy', { required: { admin: false, town_staff: false } });
    const admin = await makeUser(t, 'admin', county);
    const adminSession = await login(t.app, admin.username);
    expect((await adminSession.request('PUT', '/api/auth/two-factor/policy', { required: { admin: true } })).statusCode).toBe(403);
    const staff = await login(t.app, (await makeUser(t, 'congress_staff', county)).username);
    expect((await staff.request('GET', '/api/auth/two-factor/policy')).statusCode).toBe(403);
    const audit = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'two_factor.settings' AND outcome = 'success'");
    expect(audit.rows).toHaveLength(2);
    await secSession.request('PUT', '/api/auth/two-factor/policy', { required: { admin: true } });
  });

  it('a role that requires it cannot turn it off; staff can, with a code', async () => {
    const u = await makeUser(t, 'congress_staff', county);
    const s = await login(t.app, u.username);
    const secret = (await s.request('POST', '/api/auth/two-factor/enrolment', { password: TEST_PASSWORD })).json().secretBase32 as string;
    expect((await s.request('POST', '/api/auth/two-factor/enrolment/confirm', { code: codeFor(secret) })).statusCode).toBe(200);
    t.clock.advance(30_000);
    expect((await s.request('POST', '/api/auth/two-factor/disable', { code: codeFor(secret) })).statusCode).toBe(200);
    expect((await passwordStep(u.username)).secondStep).toBe(undefined);

    const a = await makeUser(t, 'auditor', county);
    const { secret: s2 } = await enrolAtLogin(a.username);
    t.clock.advance(30_000);
    const as = await loginWithCode(a.username, s2);
    t.clock.advance(30_000);
    const off = await as.request('POST', '/api/auth/two-factor/disable', { code: codeFor(s2) });
    expect(off.statusCode).toBe(403);
  });

  async function loginWithCode(username: string, secret: string) {
    t.clock.advance(30_000);
    const step = await passwordStep(username);
    const res = await post('/api/auth/login/second-factor', { challengeToken: step.challengeToken, code: codeFor(secret) });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'gv_session')!.value;
    const csrf = res.json().csrfToken as string;
    return {
      request: (method: string, url: string, body?: unknown) =>
        t.app.inject({ method: method as 'GET', url, cookies: { gv_session: cookie }, headers: { 'x-csrf-token': csrf }, ...(body === undefined ? {} : { payload: body as object }) }),
    };
  }
});
