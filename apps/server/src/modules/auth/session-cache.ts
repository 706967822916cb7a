import type { Db } from '@gridvoice/db';
import type { SessionRow } from './auth.repository.js';

/**
 * How long a session read from the database may answer requests on this instance before it is
 * read again. This is the staleness bound across instances: a session ended on another instance
 * (logout, user disabled, role or scope changed, password reset) stops working here within this
 * time. On the instance that ended it, it stops at once (the entry is dropped after the commit).
 * See docs/decisions/0004-session-cache.md.
 */
export const SESSION_REVALIDATE_MS = 5_000;
const MAX_ENTRIES = 20_000;

interface Entry {
  row: SessionRow;
  /** when the row was read from the database (the injected clock) */
  readAt: number;
}

export interface SessionCache {
  get(sessionHash: string, now: Date): SessionRow | null;
  set(row: SessionRow, now: Date): void;
  /** The row was written (idle timer touched): keep the cached copy in step. */
  touched(sessionHash: string, lastSeenAt: Date): void;
  drop(sessionHash: string): void;
  dropUser(userId: string): void;
  size(): number;
}

function createSessionCache(): SessionCache {
  const entries = new Map<string, Entry>();
  return {
    get(sessionHash, now) {
      const e = entries.get(sessionHash);
      if (!e) return null;
      const age = now.getTime() - e.readAt;
      // A clock that went back (tests) or an old entry: read again.
      if (age < 0 || age >= SESSION_REVALIDATE_MS) {
        entries.delete(sessionHash);
        return null;
      }
      return e.row;
    },
    set(row, now) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(row.session_hash, { row, readAt: now.getTime() });
    },
    touched(sessionHash, lastSeenAt) {
      const e = entries.get(sessionHash);
      if (e) e.row = { ...e.row, last_seen_at: lastSeenAt };
    },
    drop(sessionHash) {
      entries.delete(sessionHash);
    },
    dropUser(userId) {
      for (const [k, e] of entries) if (e.row.user_id === userId) entries.delete(k);
    },
    size: () => entries.size,
  };
}

// One cache per database handle: every service of one server instance shares it; a second
// instance (another process, or another handle in a test) has its own.
const caches = new WeakMap<Db, SessionCache>();

export function sessionCacheOf(db: Db): SessionCache {
  let c = caches.get(db);
  if (!c) {
    c = createSessionCache();
    caches.set(db, c);
  }
  return c;
}
