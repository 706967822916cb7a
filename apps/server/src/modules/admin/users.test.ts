import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, loginAs, makeCounty, makeUser, type TestApp } from '../../../test/harness.js';

describe('admin: users within scope', () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof makeCounty>>;
  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t, 2, 1);
  });
  afterAll(() => t.close());

  it('a town clerk sees the users of their town and not of another town', async () => {
    const [townA, townB] = county.townCodes as [string, string];
    const clerkA = await loginAs(t, 'town_staff', townA);
    const inA = await makeUser(t, 'deputy', townA);
    const inB = await makeUser(t, 'deputy', townB);
    const list = await clerkA.session.request('GET', '/api/admin/users?pageSize=200');
    expect(list.statusCode).toBe(200);
    const names = (list.json().items as { username: string }[]).map((u) => u.username);
    expect(names).toContain(inA.username);
    expect(names).not.toContain(inB.username);
    const other = await clerkA.session.request('GET', `/api/admin/users/${inB.userId}`);
    expect(other.statusCode).toBe(403);
    expect(other.body).not.toContain(inB.username);
    const denied = await t.db.query(`SELECT 1 FROM audit_log WHERE outcome = 'denied' AND object_id = $1`, [inB.userId]);
    expect(denied.rows).toHaveLength(1);
  });

  it('county staff create, update, disable and reset users — each audited in the same transaction', async () => {
    const staff = await loginAs(t, 'congress_staff', county.countyCode);
    const created = await staff.session.request('POST', '/api/admin/users', {
      username: 'clerk_new',
      displayName: '新文员',
      role: 'town_staff',
      scopeRegionCode: county.townCodes[0],
      password: 'Initial-Passw0rd',
    });
    expect(created.statusCode).toBe(200);
    const user = created.json();
    expect(user.actions).toEqual(['update', 'disable', 'reset_password']);
    const s = await login(t.app, 'clerk_new', 'Initial-Passw0rd');
    expect((await s.request('GET', '/api/auth/session')).json().user.mustChangePassword).toBe(true);

    const disabled = await staff.session.request('POST', `/api/admin/users/${user.userId}/disable`);
    expect(disabled.json().disabled).toBe(true);
    // disabling ends the user's sessions at once
    expect((await s.request('GET', '/api/auth/session')).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'clerk_new', password: 'Initial-Passw0rd' } });
    expect(again.statusCode).toBe(401);

    await staff.session.request('POST', `/api/admin/users/${user.userId}/enable`);
    const reset = await staff.session.request('POST', `/api/admin/users/${user.userId}/reset-password`, { newPassword: 'Reset-Passw0rd1' });
    expect(reset.statusCode).toBe(200);
    await expect(login(t.app, 'clerk_new', 'Reset-Passw0rd1')).resolves.toBeTruthy();

    const actions = await t.db.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE object_id = $1 ORDER BY audit_id',
      [user.userId],
    );
    expect(actions.rows.map((r) => r.action)).toEqual([
      'user.create', 'auth.login', 'user.disable', 'auth.login', 'user.enable', 'user.reset_password', 'auth.login',
    ]);
    const leaked = await t.db.query(`SELECT 1 FROM audit_log WHERE after::text LIKE '%Passw0rd%'`);
    expect(leaked.rows).toHaveLength(0);
  });

  it('refuses a role above the actor and a scope outside it, and a duplicate username', async () => {
    const staff = await loginAs(t, 'congress_staff', county.countyCode);
    const base = { displayName: '某人', password: 'Initial-Passw0rd' };
    const admin = await staff.session.request('POST', '/api/admin/users', { ...base, username: 'x_admin', role: 'admin', scopeRegionCode: county.countyCode });
    expect(admin.statusCode).toBe(403);
    const outside = await staff.session.request('POST', '/api/admin/users', { ...base, username: 'x_out', role: 'viewer', scopeRegionCode: '440000000000' });
    expect(outside.statusCode).toBe(403);
    const first = await staff.session.request('POST', '/api/admin/users', { ...base, username: 'dup_user', role: 'viewer', scopeRegionCode: county.countyCode });
    expect(first.statusCode).toBe(200);
    const dup = await staff.session.request('POST', '/api/admin/users', { ...base, username: 'DUP_user', role: 'viewer', scopeRegionCode: county.countyCode });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('已被使用');
  });

  it('a body cannot set what the server owns: unknown fields are refused and nothing is written', async () => {
    const staff = await loginAs(t, 'congress_staff', county.countyCode);
    const before = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM users');
    const res = await staff.session.request('POST', '/api/admin/users', {
      username: 'sneaky', displayName: '某人', role: 'viewer', scopeRegionCode: county.countyCode,
      password: 'Initial-Passw0rd', disabled_at: null, userId: '00000000-0000-0000-0000-000000000000',
    });
    expect(res.statusCode).toBe(400);
    const after = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM users');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('only the auditor reads the audit log (三员分立), and nobody can change it', async () => {
    const auditor = await loginAs(t, 'auditor', county.countyCode);
    const admin = await loginAs(t, 'admin', county.countyCode);
    expect((await auditor.session.request('GET', '/api/admin/audit?action=user.')).statusCode).toBe(200);
    expect((await admin.session.request('GET', '/api/admin/audit')).statusCode).toBe(403);
    await expect(t.db.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/审计记录只能追加/);
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/审计记录只能追加/);
  });

  it('county staff cannot disable, reset or rename an account above their standing (the auditor, the security admin)', async () => {
    const staff = await loginAs(t, 'congress_staff', county.countyCode);
    const auditor = await makeUser(t, 'auditor', county.countyCode);
    const security = await makeUser(t, 'security_admin', county.countyCode);
    const list = await staff.session.request('GET', '/api/admin/users?pageSize=200');
    const rows = list.json().items as { userId: string; actions: string[] }[];
    expect(rows.find((r) => r.userId === auditor.userId)?.actions).toEqual([]);
    expect(rows.find((r) => r.userId === security.userId)?.actions).toEqual([]);
    for (const target of [auditor, security]) {
      const reset = await staff.session.request('POST', `/api/admin/users/${target.userId}/reset-password`, {
        newPassword: 'Taken-Over-Passw0rd',
      });
      expect(reset.statusCode).toBe(403);
      expect(reset.json().error.message).toContain('您不能管理');
      expect((await staff.session.request('POST', `/api/admin/users/${target.userId}/disable`)).statusCode).toBe(403);
      const rename = await staff.session.request('PATCH', `/api/admin/users/${target.userId}`, { displayName: '改名' });
      expect(rename.statusCode).toBe(403);
    }
    const denied = await t.db.query(
      `SELECT action FROM audit_log WHERE outcome = 'denied' AND object_id = $1 ORDER BY audit_id`,
      [auditor.userId],
    );
    expect(denied.rows.map((r) => (r as { action: string }).action)).toEqual([
      'user.reset_password',
      'user.disable',
      'user.update',
    ]);
    // The security administrator, who may hand out every role, still can.
    const secAdmin = await loginAs(t, 'security_admin', county.countyCode);
    const ok = await secAdmin.session.request('POST', `/api/admin/users/${auditor.userId}/reset-password`, {
      newPassword: 'Fresh-Passw0rd-1',
    });
    expect(ok.statusCode).toBe(200);
  });

  it('a deputy has no user administration at all', async () => {
    const deputy = await loginAs(t, 'deputy', county.townCodes[0]!);
    expect((await deputy.session.request('GET', '/api/admin/users')).statusCode).toBe(403);
  });
});
