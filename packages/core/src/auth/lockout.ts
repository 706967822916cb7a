/** Account lockout after repeated failed logins. */
export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

export interface LoginFailureState {
  failedCount: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LoginFailureState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * The state after one more failed attempt. A lock that has expired starts a fresh count; the
 * `maxFailures`-th failure locks the account for `lockMinutes`.
 */
export function afterFailedLogin(
  state: LoginFailureState,
  now: Date,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): LoginFailureState & { justLocked: boolean } {
  const expired = state.lockedUntil !== null && state.lockedUntil.getTime() <= now.getTime();
  const failedCount = (expired ? 0 : state.failedCount) + 1;
  if (failedCount >= policy.maxFailures) {
    return {
      failedCount,
      lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000),
      justLocked: true,
    };
  }
  return { failedCount, lockedUntil: null, justLocked: false };
}
