/** Session lifetime: 30 minutes idle, 12 hours absolute. */
export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
}

export function isSessionExpired(s: SessionTimes, now: Date, policy = DEFAULT_SESSION_POLICY): boolean {
  const idleLimit = s.lastSeenAt.getTime() + policy.idleMinutes * 60_000;
  const absoluteLimit = s.createdAt.getTime() + policy.absoluteHours * 3_600_000;
  return now.getTime() >= idleLimit || now.getTime() >= absoluteLimit;
}
