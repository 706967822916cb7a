import { createHash, createHmac, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import {
  base32Decode,
  base32Encode,
  isTwoFactorRequired,
  normaliseRecoveryCode,
  otpauthUri,
  RECOVERY_CODE_COUNT,
  recoveryCodeFromBytes,
  ROLES,
  TWO_FACTOR_ELIGIBLE_ROLES,
  verifyTotp,
  type HmacSha1,
  type Role,
  type TSecondFactorRequest,
  type TTotpEnrolment,
  type TTwoFactorPolicy,
  type TwoFactorSetting,
} from '@gridvoice/core';
import type { Queryable } from '@gridvoice/db';
import type { AppDeps, RequestContext } from '../../types.js';
import { AppError, badRequest, unauthorized } from '../../lib/errors.js';
import { requireAccess } from '../../lib/access.js';
import { insertAudit } from '../audit/audit.repository.js';
import { readSetting, writeSetting } from '../system/system.repository.js';
import * as repo from './auth.repository.js';
import * as tf from './two-factor.repository.js';
import { verifyPassword } from './password-hasher.js';

export const TWO_FACTOR_SETTING = 'auth.two_factor';
const ISSUER = '民声通';
const CHALLENGE_MINUTES = 5;
const CHALLENGE_ATTEMPTS = 5;

/** node:crypto's HMAC-SHA1 for the pure RFC 4226/6238 rules in core. */
export const nodeHmacSha1: HmacSha1 = (key, message) => new Uint8Array(createHmac('sha1', key).update(message).digest());

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function readTwoFactorSetting(q: Queryable): Promise<TwoFactorSetting | null> {
  return readSetting<TwoFactorSetting>(q, TWO_FACTOR_SETTING);
}

export async function enrolmentFor(username: string, secretBase32: string): Promise<TTotpEnrolment> {
  const uri = otpauthUri(ISSUER, username, secretBase32);
  return { secretBase32, otpauthUri: uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

export function createTwoFactorTools(deps: Pick<AppDeps, 'cipher'>) {
  const recoveryHash = (userId: string, code: string) =>
    deps.cipher.integrityMac(`recovery-code:${userId}:${normaliseRecoveryCode(code)}`);

  const secretOf = (row: tf.TotpRow): Uint8Array => {
    const key = base32Decode(deps.cipher.decrypt(row.secret_enc));
    if (!key) throw new Error('TOTP secret unreadable');
    return key;
  };

  return {
    /** A fresh 160-bit secret, stored encrypted and unconfirmed. */
    async newPendingSecret(q: Queryable, userId: string, now: Date): Promise<string> {
      const secret = base32Encode(randomBytes(20));
      await tf.putPendingTotp(q, userId, deps.cipher.encrypt(secret), now);
      return secret;
    },

    /** Checks a code against the stored secret, refusing replays; records the step on success. */
    async checkCode(q: Queryable, userId: string, code: string, now: Date) {
      const row = await tf.findTotp(q, userId, true);
      if (!row) return { ok: false as const, reason: 'not_enrolled' as const };
      const last = row.last_used_step === null ? null : Number(row.last_used_step);
      const result = verifyTotp(nodeHmacSha1, secretOf(row), code, now, last);
      if (!result.ok) return result;
      if (row.confirmed_at) {
        if (!(await tf.recordTotpStep(q, userId, result.step, now))) return { ok: false as const, reason: 'replayed' as const };
      } else {
        await tf.confirmTotp(q, userId, result.step, now);
      }
      return { ok: true as const, confirmedNow: !row.confirmed_at };
    },

    /** Ten new recovery codes (the old ones stop working); only their keyed hashes are stored. */
    async newRecoveryCodes(q: Queryable, userId: string): Promise<string[]> {
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => recoveryCodeFromBytes(randomBytes(10)));
      await tf.replaceRecoveryCodes(q, userId, codes.map((c) => recoveryHash(userId, c)));
      return codes;
    },

    useRecoveryCode(q: Queryable, userId: string, code: string, now: Date) {
      return tf.useRecoveryCode(q, userId, recoveryHash(userId, code), now);
    },
  };
}

const REASON_TEXT: Record<string, string> = {
  malformed: '动态验证码应为6位数字',
  wrong: '动态验证码不正确或已过期',
  replayed: '该动态验证码已使用过，请等待下一个验证码',
  not_enrolled: '尚未绑定动态验证码',
  recovery: '恢复码不正确或已使用',
};

/**
 * The second login step: the challenge from the password step plus a code (or a recovery code).
 * Returns the user to open a session for. Failures are counted on the challenge and audited.
 */
export function createSecondFactorStep(deps: AppDeps) {
  const { db, clock } = deps;
  const tools = createTwoFactorTools(deps);

  return {
    async openChallenge(q: Queryable, userId: string, kind: 'verify' | 'enrol', now: Date): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await tf.insertChallenge(q, {
        hash: hashToken(token),
        userId,
        kind,
        now,
        expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
      });
      return token;
    },

    /** Runs inside the caller's transaction; returns the outcome (the caller commits, then throws). */
    async complete(tx: Queryable, input: TSecondFactorRequest, ctx: RequestContext, now: Date) {
      const hash = hashToken(input.challengeToken);
      const ch = await tf.findChallenge(tx, hash);
      if (!ch || ch.expires_at.getTime() <= now.getTime() || ch.attempts >= CHALLENGE_ATTEMPTS) {
        if (ch) await tf.deleteChallenge(tx, hash);
        return { kind: 'expired' as const };
      }
      const user = await repo.findUserById(tx, ch.user_id);
      if (!user || user.disabled_at) {
        await tf.deleteChallenge(tx, hash);
        return { kind: 'expired' as const };
      }
      let reason: string | null = null;
      let usedRecovery = false;
      let confirmedNow = false;
      if (input.recoveryCode) {
        if (ch.kind === 'enrol') reason = 'not_enrolled';
        else if (await tools.useRecoveryCode(tx, user.user_id, input.recoveryCode, now)) usedRecovery = true;
        else reason = 'recovery';
      } else {
        const r = await tools.checkCode(tx, user.user_id, input.code ?? '', now);
        if (r.ok) confirmedNow = r.confirmedNow;
        else reason = r.reason;
      }
      if (reason) {
        await tf.countChallengeAttempt(tx, hash);
        await insertAudit(tx, { ...ctx, actor: null }, now, {
          action: 'auth.second_factor',
          objectType: 'user',
          objectId: user.user_id,
          outcome: 'failure',
          after: { reason, attempt: ch.attempts + 1 },
        });
        return { kind: 'refused' as const, message: REASON_TEXT[reason] ?? '验证失败', left: CHALLENGE_ATTEMPTS - ch.attempts - 1 };
      }
      await tf.deleteChallenge(tx, hash);
      const recoveryCodes = confirmedNow ? await tools.newRecoveryCodes(tx, user.user_id) : null;
      return { kind: 'ok' as const, user, method: usedRecovery ? 'recovery_code' : 'totp', enrolled: confirmedNow, recoveryCodes };
    },

    throwFor(outcome: { kind: 'expired' } | { kind: 'refused'; message: string; left: number }): never {
      if (outcome.kind === 'expired') throw new AppError(401, 'challenge_expired', '登录已超时或尝试次数过多，请重新输入用户名和密码');
      const tail = outcome.left > 0 ? `（还可尝试 ${outcome.left} 次）` : '（请重新输入用户名和密码）';
      throw badRequest(`${outcome.message}${tail}`, [{ field: 'code', message: outcome.message }]);
    },

    db,
    clock,
  };
}

/** The signed-in user's own two-factor settings: status, enrol, confirm, new recovery codes, turn off. */
export function createTwoFactorService(deps: AppDeps) {
  const { db, clock } = deps;
  const tools = createTwoFactorTools(deps);

  const me = async (ctx: RequestContext) => {
    if (!ctx.actor) throw unauthorized();
    const u = await repo.findUserById(db, ctx.actor.userId);
    if (!u) throw unauthorized();
    return u;
  };

  return {
    async status(ctx: RequestContext) {
      const u = await me(ctx);
      const row = await tf.findTotp(db, u.user_id);
      const setting = await readTwoFactorSetting(db);
      return {
        enrolled: Boolean(row?.confirmed_at),
        required: isTwoFactorRequired(u.role, setting),
        eligible: TWO_FACTOR_ELIGIBLE_ROLES.includes(u.role),
        recoveryCodesLeft: row?.confirmed_at ? await tf.countRecoveryCodesLeft(db, u.user_id) : 0,
        confirmedAt: row?.confirmed_at ? row.confirmed_at.toISOString() : null,
      };
    },

    /** Starts (or restarts) enrolment after re-entering the password. */
    async startEnrolment(ctx: RequestContext, password: string): Promise<TTotpEnrolment> {
      const u = await me(ctx);
      if (!TWO_FACTOR_ELIGIBLE_ROLES.includes(u.role)) throw new AppError(403, 'forbidden', '您的角色无需绑定动态验证码');
      if (!(await verifyPassword(u.password_hash, password))) {
        throw badRequest('当前密码不正确', [{ field: 'password', message: '当前密码不正确' }]);
      }
      const now = clock.now();
      const existing = await tf.findTotp(db, u.user_id);
      if (existing?.confirmed_at) throw new AppError(409, 'already_enrolled', '已绑定动态验证码；如需更换，请先解除绑定');
      const secret = await db.transaction(async (tx) => {
        const s = await tools.newPendingSecret(tx, u.user_id, now);
        await insertAudit(tx, ctx, now, { action: 'auth.two_factor.start', objectType: 'user', objectId: u.user_id });
        return s;
      });
      return enrolmentFor(u.username, secret);
    },

    async confirmEnrolment(ctx: RequestContext, code: string) {
      const u = await me(ctx);
      const now = clock.now();
      const outcome = await db.transaction(async (tx) => {
        const row = await tf.findTotp(tx, u.user_id, true);
        if (!row) return { kind: 'none' as const };
        if (row.confirmed_at) return { kind: 'already' as const };
        const r = await tools.checkCode(tx, u.user_id, code, now);
        if (!r.ok) {
          await insertAudit(tx, ctx, now, {
            action: 'auth.two_factor.confirm',
            objectType: 'user',
            objectId: u.user_id,
            outcome: 'failure',
            after: { reason: r.reason },
          });
          return { kind: 'wrong' as const, reason: r.reason };
        }
        const codes = await tools.newRecoveryCodes(tx, u.user_id);
        await insertAudit(tx, ctx, now, { action: 'auth.two_factor.confirm', objectType: 'user', objectId: u.user_id });
        return { kind: 'ok' as const, codes };
      });
      switch (outcome.kind) {
        case 'ok':
          return { recoveryCodes: outcome.codes };
        case 'none':
          throw new AppError(409, 'no_enrolment', '请先开始绑定');
        case 'already':
          throw new AppError(409, 'already_enrolled', '已绑定动态验证码');
        case 'wrong': {
          const m = REASON_TEXT[outcome.reason] ?? '验证失败';
          throw badRequest(m, [{ field: 'code', message: m }]);
        }
      }
    },

    async regenerateRecoveryCodes(ctx: RequestContext, code: string) {
      const u = await me(ctx);
      const now = clock.now();
      const outcome = await db.transaction(async (tx) => {
        const r = await tools.checkCode(tx, u.user_id, code, now);
        if (!r.ok || r.confirmedNow) return { ok: false as const, reason: r.ok ? 'not_enrolled' : r.reason };
        const codes = await tools.newRecoveryCodes(tx, u.user_id);
        await insertAudit(tx, ctx, now, { action: 'auth.two_factor.recovery_codes', objectType: 'user', objectId: u.user_id });
        return { ok: true as const, codes };
      });
      if (!outcome.ok) {
        const m = REASON_TEXT[outcome.reason] ?? '验证失败';
        throw badRequest(m, [{ field: 'code', message: m }]);
      }
      return { recoveryCodes: outcome.codes };
    },

    async disable(ctx: RequestContext, code: string) {
      const u = await me(ctx);
      const now = clock.now();
      if (isTwoFactorRequired(u.role, await readTwoFactorSetting(db))) {
        throw new AppError(403, 'two_factor_required', '您的角色必须使用动态验证码登录，不能解除绑定');
      }
      const outcome = await db.transaction(async (tx) => {
        const r = await tools.checkCode(tx, u.user_id, code, now);
        if (!r.ok) return { ok: false as const, reason: r.reason };
        await tf.deleteTotp(tx, u.user_id);
        await insertAudit(tx, ctx, now, { action: 'auth.two_factor.disable', objectType: 'user', objectId: u.user_id });
        return { ok: true as const };
      });
      if (!outcome.ok) {
        const m = REASON_TEXT[outcome.reason] ?? '验证失败';
        throw badRequest(m, [{ field: 'code', message: m }]);
      }
    },

    async readPolicy(ctx: RequestContext): Promise<TTwoFactorPolicy> {
      await requireAccess(deps, ctx, 'two_factor.settings', {}, { type: 'setting', id: TWO_FACTOR_SETTING });
      const setting = await readTwoFactorSetting(db);
      return { required: Object.fromEntries(ROLES.map((r) => [r, isTwoFactorRequired(r, setting)])) as Record<Role, boolean> };
    },

    async updatePolicy(ctx: RequestContext, update: Partial<Record<Role, boolean>>): Promise<TTwoFactorPolicy> {
      await requireAccess(deps, ctx, 'two_factor.settings', {}, { type: 'setting', id: TWO_FACTOR_SETTING });
      const bad = (Object.keys(update) as Role[]).filter((r) => update[r] && !TWO_FACTOR_ELIGIBLE_ROLES.includes(r));
      if (bad.length) {
        throw badRequest('该角色不使用动态验证码登录', bad.map((r) => ({ field: `required.${r}`, message: '该角色不使用动态验证码登录' })));
      }
      const now = clock.now();
      await db.transaction(async (tx) => {
        const before = await readTwoFactorSetting(tx);
        const after: TwoFactorSetting = { required: { ...(before?.required ?? {}), ...update } };
        await writeSetting(tx, TWO_FACTOR_SETTING, after, now);
        await insertAudit(tx, ctx, now, {
          action: 'two_factor.settings',
          objectType: 'setting',
          objectId: TWO_FACTOR_SETTING,
          before: before ?? null,
          after,
        });
      });
      return this.readPolicy(ctx);
    },
  };
}
