/**
 * Phone verification codes for the citizens' pages (issue 7): one code per minute per phone,
 * a daily cap per phone, expiry after five minutes, void after five wrong tries. Pure: the
 * caller passes the time and what it found in the database.
 */

export const VERIFICATION_CODE_RULES = {
  /** At least this long between two codes to the same phone. */
  resendAfterMs: 60_000,
  /** At most this many codes per phone in a rolling 24 hours. */
  dailyCap: 10,
  /** A code is valid this long after it was sent. */
  expiresAfterMs: 5 * 60_000,
  /** After this many wrong tries the code is void. */
  maxAttempts: 5,
  /** Digits of a code. */
  length: 6,
} as const;

export type VerificationRules = { [K in keyof typeof VERIFICATION_CODE_RULES]: number };

export type CodeRequestDecision =
  | { ok: true; expiresAt: Date }
  | { ok: false; reason: 'too_soon' | 'daily_cap'; retryAfterSeconds: number; message: string };

/**
 * May another code be sent to this phone now?
 * `sentInLastDay`: the send times of this phone's codes in the 24 hours before `now`.
 */
export function decideCodeRequest(
  now: Date,
  sentInLastDay: readonly Date[],
  rules: VerificationRules = VERIFICATION_CODE_RULES,
): CodeRequestDecision {
  const t = now.getTime();
  const recent = sentInLastDay.map((d) => d.getTime()).filter((s) => s <= t && t - s < 86_400_000).sort((a, b) => a - b);
  const last = recent[recent.length - 1];
  if (last !== undefined && t - last < rules.resendAfterMs) {
    const wait = Math.ceil((rules.resendAfterMs - (t - last)) / 1000);
    return { ok: false, reason: 'too_soon', retryAfterSeconds: wait, message: `验证码已发送，请 ${wait} 秒后再获取` };
  }
  if (recent.length >= rules.dailyCap) {
    const oldest = recent[recent.length - rules.dailyCap] as number;
    const wait = Math.max(1, Math.ceil((oldest + 86_400_000 - t) / 1000));
    return {
      ok: false,
      reason: 'daily_cap',
      retryAfterSeconds: wait,
      message: `该手机号今天获取验证码次数已达上限（${rules.dailyCap} 次），请明天再试`,
    };
  }
  return { ok: true, expiresAt: new Date(t + rules.expiresAfterMs) };
}

export interface StoredCode {
  expiresAt: Date;
  attempts: number;
  consumedAt: Date | null;
}

export type CodeCheckDecision =
  | { ok: true }
  | { ok: false; reason: 'no_code' | 'expired' | 'void' | 'wrong'; countAttempt: boolean; message: string; attemptsLeft: number };

/** Is this entered code accepted? `matches`: the entered code hashes to the stored one. */
export function decideCodeCheck(
  now: Date,
  code: StoredCode | null,
  matches: boolean,
  rules: VerificationRules = VERIFICATION_CODE_RULES,
): CodeCheckDecision {
  if (!code || code.consumedAt) {
    return { ok: false, reason: 'no_code', countAttempt: false, message: '请先获取验证码', attemptsLeft: 0 };
  }
  if (code.attempts >= rules.maxAttempts) {
    return { ok: false, reason: 'void', countAttempt: false, message: '验证码错误次数过多已失效，请重新获取', attemptsLeft: 0 };
  }
  if (now.getTime() >= code.expiresAt.getTime()) {
    return { ok: false, reason: 'expired', countAttempt: false, message: '验证码已过期，请重新获取', attemptsLeft: 0 };
  }
  if (!matches) {
    const left = rules.maxAttempts - code.attempts - 1;
    return {
      ok: false,
      reason: left > 0 ? 'wrong' : 'void',
      countAttempt: true,
      message: left > 0 ? `验证码不正确，还可以再试 ${left} 次` : '验证码错误次数过多已失效，请重新获取',
      attemptsLeft: left,
    };
  }
  return { ok: true };
}
