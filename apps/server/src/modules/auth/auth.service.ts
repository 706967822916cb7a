import { createHash, randomBytes } from 'node:crypto';
import {
  afterFailedLogin,
  checkPassword,
  DEFAULT_SESSION_POLICY,
  isLocked,
  isSessionExpired,
  ROLE_LABELS,
  ROLE_PERMISSIONS,
  type Actor,
  type TCurrentUser,
  type TChangePasswordRequest,
  type TLoginRequest,
  type TSecondFactorRequest,
  secondStepAfterPassword,
} from '@gridvoice/core';
import type { Queryable } from '@gridvoice/db';
import { findTotp } from './two-factor.repository.js';
import { createSecondFactorStep, createTwoFactorTools, enrolmentFor, readTwoFactorSetting } from './two-factor.service.js';
import type { AppDeps, RequestContext } from '../../types.js';
import { AppError, badRequest, unauthorized } from '../../lib/errors.js';
import { findLastSuccessBefore, insertAudit } from '../audit/audit.repository.js';
import * as repo from './auth.repository.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password-hasher.js';
import { sessionCacheOf } from './session-cache.js';

export const SESSION_COOKIE = 'gv_session';
export const CSRF_HEADER = 'x-csrf-token';

export const hashSessionToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function presentCurrentUser(u: repo.UserAuthRow): TCurrentUser {
  return {
    userId: u.user_id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    roleLabel: ROLE_LABELS[u.role],
    scopeRegionCode: u.scope_region_code,
    scopeRegionName: u.scope_region_name,
    permissions: [...ROLE_PERMISSIONS[u.role]],
    mustChangePassword: u.must_change_password,
  };
}

export function actorOf(u: repo.UserAuthRow): Actor {
  return {
    userId: u.user_id,
    username: u.username,
    role: u.role,
    scopeRegionCode: u.scope_region_code,
    stationId: u.station_id,
    unitId: u.unit_id,
    deputyId: u.deputy_id,
  };
}

const LOGIN_FAILED = '用户名或密码错误';

/** A new session (a new id at every login) and its audit record. */
async function openSession(
  tx: Queryable,
  user: repo.UserAuthRow,
  ctx: RequestContext,
  userAgent: string | null,
  now: Date,
  auditAfter: Record<string, unknown>,
) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await repo.insertSession(tx, {
    sessionHash: hashSessionToken(token),
    userId: user.user_id,
    csrfToken,
    now,
    ip: ctx.ip,
    userAgent,
  });
  await insertAudit(tx, ctx, now, {
    action: 'auth.login',
    objectType: 'user',
    objectId: user.user_id,
    ...(Object.keys(auditAfter).length ? { after: auditAfter } : {}),
  });
  return { token, csrfToken, user: presentCurrentUser(user) };
}

export function createAuthService(deps: AppDeps) {
  const { db, clock } = deps;
  const cache = sessionCacheOf(db);
  const secondFactor = createSecondFactorStep(deps);
  const tools = createTwoFactorTools(deps);

  return {
    /** The second login step (TOTP code or recovery code) after a correct password. */
    async completeSecondFactor(input: TSecondFactorRequest, ctx: RequestContext, userAgent: string | null) {
      const now = clock.now();
      const outcome = await db.transaction(async (tx) => {
        const r = await secondFactor.complete(tx, input, ctx, now);
        if (r.kind !== 'ok') return r;
        const userCtx = { ...ctx, actor: actorOf(r.user) };
        if (r.enrolled) {
          await insertAudit(tx, userCtx, now, { action: 'auth.two_factor.confirm', objectType: 'user', objectId: r.user.user_id });
        }
        const session = await openSession(tx, r.user, userCtx, userAgent, now, { secondFactor: r.method });
        return { kind: 'ok' as const, ...session, recoveryCodes: r.recoveryCodes };
      });
      if (outcome.kind === 'ok') return outcome;
      return secondFactor.throwFor(outcome);
    },

    /**
     * Checks the credentials; on success opens a new session (a new id at every login).
     * Failures are counted and audited even though the request is refused.
     */
    async login(input: TLoginRequest, ctx: RequestContext, userAgent: string | null) {
      const now = clock.now();
      const outcome = await db.transaction(async (tx) => {
        const user = await repo.findUserForLogin(tx, input.username);
        if (!user) {
          await verifyAgainstDummy(input.password);
          await insertAudit(tx, ctx, now, {
            action: 'auth.login',
            objectType: 'user',
            outcome: 'failure',
            after: { username: input.username, reason: 'unknown_user' },
          });
          return { kind: 'failed' as const };
        }
        const userCtx = { ...ctx, actor: actorOf(user) };
        const state = { failedCount: user.failed_login_count, lockedUntil: user.locked_until };
        if (isLocked(state, now)) {
          await insertAudit(tx, userCtx, now, {
            action: 'auth.login',
            objectType: 'user',
            objectId: user.user_id,
            outcome: 'denied',
            after: { reason: 'locked' },
          });
          return { kind: 'locked' as const, until: state.lockedUntil as Date };
        }
        if (user.disabled_at) {
          await verifyAgainstDummy(input.password);
          await insertAudit(tx, userCtx, now, {
            action: 'auth.login',
            objectType: 'user',
            objectId: user.user_id,
            outcome: 'denied',
            after: { reason: 'disabled' },
          });
          return { kind: 'failed' as const };
        }
        if (!(await verifyPassword(user.password_hash, input.password))) {
          const next = afterFailedLogin(state, now);
          await repo.recordLoginFailure(tx, user.user_id, next.failedCount, next.lockedUntil);
          await insertAudit(tx, userCtx, now, {
            action: 'auth.login',
            objectType: 'user',
            objectId: user.user_id,
            outcome: 'failure',
            after: { reason: 'wrong_password', failedCount: next.failedCount },
          });
          if (next.justLocked) {
            await insertAudit(tx, userCtx, now, {
              action: 'auth.lock',
              objectType: 'user',
              objectId: user.user_id,
              after: { lockedUntil: next.lockedUntil?.toISOString() },
            });
            return { kind: 'locked' as const, until: next.lockedUntil as Date };
          }
          return { kind: 'failed' as const };
        }
        await repo.recordLoginSuccess(tx, user.user_id, now);
        // Two-factor (issue 9): an enrolled user, or one whose role requires it, takes a second step.
        const totpRow = await findTotp(tx, user.user_id);
        const next = secondStepAfterPassword(user.role, Boolean(totpRow?.confirmed_at), await readTwoFactorSetting(tx));
        if (next !== 'none') {
          const challengeToken = await secondFactor.openChallenge(tx, user.user_id, next, now);
          const secret = next === 'enrol' ? await tools.newPendingSecret(tx, user.user_id, now) : null;
          await insertAudit(tx, userCtx, now, {
            action: 'auth.password_ok',
            objectType: 'user',
            objectId: user.user_id,
            after: { secondStep: next },
          });
          return { kind: 'second' as const, secondStep: next, challengeToken, secret, username: user.username };
        }
        const session = await openSession(tx, user, userCtx, userAgent, now, {});
        return { kind: 'ok' as const, ...session };
      });
      switch (outcome.kind) {
        case 'ok':
          return outcome;
        case 'second':
          return {
            kind: 'second' as const,
            secondStep: outcome.secondStep,
            challengeToken: outcome.challengeToken,
            enrolment: outcome.secret ? await enrolmentFor(outcome.username, outcome.secret) : null,
          };
        case 'locked': {
          const minutes = Math.max(1, Math.ceil((outcome.until.getTime() - now.getTime()) / 60_000));
          throw new AppError(423, 'account_locked', `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`);
        }
        case 'failed':
          throw new AppError(401, 'login_failed', LOGIN_FAILED);
      }
    },

    /** Resolves a session cookie to its user, enforcing idle and absolute expiry. */
    async resolveSession(token: string) {
      const now = clock.now();
      const sessionHash = hashSessionToken(token);
      // Read from the database at most every SESSION_REVALIDATE_MS per session (session-cache.ts).
      let row = cache.get(sessionHash, now);
      if (!row) {
        row = await repo.findSession(db, sessionHash);
        if (!row) return null;
        cache.set(row, now);
      }
      const expired = isSessionExpired(
        { createdAt: row.created_at, lastSeenAt: row.last_seen_at },
        now,
        DEFAULT_SESSION_POLICY,
      );
      if (expired || row.disabled_at) {
        cache.drop(sessionHash);
        await repo.deleteSession(db, sessionHash);
        return null;
      }
      // Refresh the idle timer at most once a minute to spare the database.
      if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
        await repo.touchSession(db, sessionHash, now);
        cache.touched(sessionHash, now);
      }
      return { sessionHash, csrfToken: row.csrf_token, actor: actorOf(row), user: presentCurrentUser(row) };
    },

    async logout(sessionHash: string, ctx: RequestContext) {
      await db.transaction(async (tx) => {
        await repo.deleteSession(tx, sessionHash);
        await insertAudit(tx, ctx, clock.now(), {
          action: 'auth.logout',
          objectType: 'user',
          objectId: ctx.actor?.userId ?? null,
        });
      });
      // After the commit, so that no request re-reads the row before it is gone.
      cache.drop(sessionHash);
    },

    async currentUser(ctx: RequestContext) {
      if (!ctx.actor) throw unauthorized();
      const u = await repo.findUserById(db, ctx.actor.userId);
      if (!u) throw unauthorized();
      return presentCurrentUser(u);
    },

    /** The login before the one that opened this session (from the audit trail), or null. */
    async previousLogin(ctx: RequestContext, sessionHash: string) {
      if (!ctx.actor) throw unauthorized();
      const session = await repo.findSession(db, sessionHash);
      if (!session) return null;
      const last = await findLastSuccessBefore(db, ctx.actor.userId, 'auth.login', session.created_at);
      return last ? { at: last.occurred_at.toISOString(), ip: last.ip } : null;
    },

    async changePassword(input: TChangePasswordRequest, ctx: RequestContext, keepSessionHash: string) {
      if (!ctx.actor) throw unauthorized();
      const actor = ctx.actor;
      const problems = checkPassword(input.newPassword, deps.config.passwordPolicy, actor.username);
      if (problems.length) {
        throw badRequest(problems.join('；'), problems.map((m) => ({ field: 'newPassword', message: m })));
      }
      const user = await repo.findUserById(db, actor.userId);
      if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
        throw badRequest('当前密码不正确', [{ field: 'currentPassword', message: '当前密码不正确' }]);
      }
      const newHash = await hashPassword(input.newPassword);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.updatePasswordHash(tx, actor.userId, newHash, now, false);
        // Other sessions of this user end; the one in use stays.
        await repo.deleteOtherSessions(tx, actor.userId, keepSessionHash);
        await insertAudit(tx, ctx, now, { action: 'auth.change_password', objectType: 'user', objectId: actor.userId });
      });
      cache.dropUser(actor.userId);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
