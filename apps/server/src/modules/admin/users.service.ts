import {
  allowedActions,
  assignableRoles,
  can,
  checkPassword,
  isWithinRegion,
  regionPrefix,
  ROLE_LABELS,
  type Actor,
  type TUser,
  type TUserCreateRequest,
  type TUserListQuery,
  type TUserUpdateRequest,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { badRequest, conflict, forbidden, notFound } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { clearLoginFailures, deleteSessionsOfUser, updatePasswordHash } from '../auth/auth.repository.js';
import { hashPassword } from '../auth/password-hasher.js';
import { sessionCacheOf } from '../auth/session-cache.js';
import * as repo from './users.repository.js';

function present(actor: Actor, u: repo.UserRow): TUser {
  const subject = { regionCode: u.scope_region_code, userId: u.user_id };
  const self = u.user_id === actor.userId;
  // Nobody manages an account above their own standing (三员分立): county staff may not reset the
  // auditor's password and so read the audit trail themselves.
  const manageable = self || assignableRoles(actor).includes(u.role);
  const actions = manageable
    ? allowedActions(actor, ['user.update', 'user.disable', 'user.reset_password'] as const, subject)
    : [];
  return {
    userId: u.user_id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    roleLabel: ROLE_LABELS[u.role],
    scopeRegionCode: u.scope_region_code,
    scopeRegionName: u.scope_region_name,
    disabled: u.disabled_at !== null,
    lockedUntil: u.locked_until?.toISOString() ?? null,
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
    createdAt: u.created_at.toISOString(),
    actions: [
      ...(actions.includes('user.update') ? (['update'] as const) : []),
      ...(actions.includes('user.disable') && !self ? [u.disabled_at ? ('enable' as const) : ('disable' as const)] : []),
      ...(actions.includes('user.reset_password') && !self ? (['reset_password'] as const) : []),
    ],
  };
}

const snapshot = (u: repo.UserRow) => ({
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  scopeRegionCode: u.scope_region_code,
  disabled: u.disabled_at !== null,
});

export function createUsersService(deps: AppDeps) {
  const { db, clock, config } = deps;

  async function loadInScope(ctx: RequestContext, userId: string, action: Parameters<typeof requireAccess>[2]) {
    const u = await repo.findUser(db, userId);
    if (!u) throw notFound('未找到该用户');
    const actor = await requireAccess(deps, ctx, action, { regionCode: u.scope_region_code, userId }, {
      type: 'user',
      id: userId,
    });
    if (action !== 'user.read' && userId !== actor.userId && !assignableRoles(actor).includes(u.role)) {
      await insertAudit(db, ctx, clock.now(), {
        action,
        objectType: 'user',
        objectId: userId,
        regionCode: u.scope_region_code,
        outcome: 'denied',
        after: { reason: 'role_above_actor' },
      });
      throw forbidden(`您不能管理“${ROLE_LABELS[u.role]}”角色的用户`);
    }
    return { actor, u };
  }

  function checkAssignment(actor: Actor, role: TUser['role'], scope: string) {
    if (!assignableRoles(actor).includes(role)) throw forbidden(`您不能分配“${ROLE_LABELS[role]}”角色`);
    if (!isWithinRegion(scope, actor.scopeRegionCode)) throw forbidden('所选管辖区域超出您的管辖范围');
  }

  function checkNewPassword(password: string, username: string, field: string) {
    const problems = checkPassword(password, config.passwordPolicy, username);
    if (problems.length) throw badRequest(problems.join('；'), problems.map((message) => ({ field, message })));
  }

  return {
    async list(ctx: RequestContext, query: TUserListQuery) {
      const actor = await requireAccess(deps, ctx, 'user.read', {}, { type: 'user' });
      const { rows, total } = await repo.listUsers(db, {
        scopePrefix: regionPrefix(actor.scopeRegionCode),
        ...(query.q ? { q: query.q } : {}),
        ...(query.role ? { role: query.role } : {}),
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return {
        items: rows.map((u) => present(actor, u)),
        total,
        page: query.page,
        pageSize: query.pageSize,
        canCreate: can(actor, 'user.create').allowed,
      };
    },

    async get(ctx: RequestContext, userId: string) {
      const { actor, u } = await loadInScope(ctx, userId, 'user.read');
      return present(actor, u);
    },

    async create(ctx: RequestContext, input: TUserCreateRequest) {
      const actor = await requireAccess(deps, ctx, 'user.create', { regionCode: input.scopeRegionCode }, {
        type: 'user',
      });
      checkAssignment(actor, input.role, input.scopeRegionCode);
      checkNewPassword(input.password, input.username, 'password');
      const passwordHash = await hashPassword(input.password);
      const now = clock.now();
      const userId = await db.transaction(async (tx) => {
        if (!(await repo.regionExists(tx, input.scopeRegionCode))) {
          throw badRequest('管辖区域不存在', [{ field: 'scopeRegionCode', message: '管辖区域不存在' }]);
        }
        if (await repo.usernameTaken(tx, input.username)) throw conflict(`用户名“${input.username}”已被使用`);
        const id = await repo.insertUser(tx, {
          username: input.username,
          displayName: input.displayName,
          passwordHash,
          role: input.role,
          scopeRegionCode: input.scopeRegionCode,
          mustChangePassword: true,
          now,
        });
        await insertAudit(tx, ctx, now, {
          action: 'user.create',
          objectType: 'user',
          objectId: id,
          regionCode: input.scopeRegionCode,
          after: { username: input.username, displayName: input.displayName, role: input.role, scopeRegionCode: input.scopeRegionCode },
        });
        return id;
      });
      return this.get(ctx, userId);
    },

    async update(ctx: RequestContext, userId: string, input: TUserUpdateRequest) {
      const { actor, u } = await loadInScope(ctx, userId, 'user.update');
      if (input.role || input.scopeRegionCode) {
        if (userId === actor.userId) throw forbidden('不能修改本人的角色或管辖区域');
        checkAssignment(actor, input.role ?? u.role, input.scopeRegionCode ?? u.scope_region_code);
      }
      const now = clock.now();
      await db.transaction(async (tx) => {
        if (input.scopeRegionCode && !(await repo.regionExists(tx, input.scopeRegionCode))) {
          throw badRequest('管辖区域不存在', [{ field: 'scopeRegionCode', message: '管辖区域不存在' }]);
        }
        await repo.updateUser(tx, userId, input, now);
        const after = await repo.findUser(tx, userId);
        // A change of role or scope ends the user's sessions, so new rights apply at once.
        if (input.role || input.scopeRegionCode) await deleteSessionsOfUser(tx, userId);
        await insertAudit(tx, ctx, now, {
          action: 'user.update',
          objectType: 'user',
          objectId: userId,
          regionCode: u.scope_region_code,
          before: snapshot(u),
          after: after ? snapshot(after) : null,
        });
      });
      // Sessions read before the change answer no more on this instance (others: session-cache.ts).
      sessionCacheOf(db).dropUser(userId);
      return this.get(ctx, userId);
    },

    async setDisabled(ctx: RequestContext, userId: string, disabled: boolean) {
      const { actor, u } = await loadInScope(ctx, userId, 'user.disable');
      if (userId === actor.userId) throw forbidden('不能停用本人账号');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.setDisabled(tx, userId, disabled ? now : null, now);
        if (disabled) await deleteSessionsOfUser(tx, userId);
        await insertAudit(tx, ctx, now, {
          action: disabled ? 'user.disable' : 'user.enable',
          objectType: 'user',
          objectId: userId,
          regionCode: u.scope_region_code,
          before: snapshot(u),
          after: { ...snapshot(u), disabled },
        });
      });
      sessionCacheOf(db).dropUser(userId);
      return this.get(ctx, userId);
    },

    async resetPassword(ctx: RequestContext, userId: string, newPassword: string) {
      const { actor, u } = await loadInScope(ctx, userId, 'user.reset_password');
      if (userId === actor.userId) throw forbidden('请通过“修改密码”修改本人密码');
      checkNewPassword(newPassword, u.username, 'newPassword');
      const hash = await hashPassword(newPassword);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await updatePasswordHash(tx, userId, hash, now, true);
        await clearLoginFailures(tx, userId);
        await deleteSessionsOfUser(tx, userId);
        await insertAudit(tx, ctx, now, {
          action: 'user.reset_password',
          objectType: 'user',
          objectId: userId,
          regionCode: u.scope_region_code,
        });
      });
      sessionCacheOf(db).dropUser(userId);
      return this.get(ctx, userId);
    },

    async regions(ctx: RequestContext) {
      const actor = await requireAccess(deps, ctx, 'region.read', {}, { type: 'region' });
      const rows = await repo.listRegionsWithin(db, regionPrefix(actor.scopeRegionCode), [
        'province',
        'prefecture',
        'county',
        'town',
        'village',
      ]);
      return rows.map((r) => ({ code: r.region_code, name: r.name, level: r.level, parentCode: r.parent_code }));
    },
  };
}
