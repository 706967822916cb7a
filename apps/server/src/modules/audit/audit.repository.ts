import type { Queryable } from '@gridvoice/db';
import type { TAuditListQuery } from '@gridvoice/core';
import type { RequestContext } from '../../types.js';

export interface AuditRecord {
  action: string;
  objectType: string;
  objectId?: string | null;
  regionCode?: string | null;
  outcome?: 'success' | 'denied' | 'failure';
  before?: unknown;
  after?: unknown;
}

const SENSITIVE_KEY = /password|secret|token|hash/i;
const PERSONAL_KEY = /phone|mobile|idnumber|id_number|address/i;

/** Before/after images never carry secrets or plain personal data. */
export function redactForAudit(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactForAudit);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SENSITIVE_KEY.test(k)) continue;
      out[k] = PERSONAL_KEY.test(k) && typeof v === 'string' ? '***' : redactForAudit(v);
    }
    return out;
  }
  return value;
}

export async function insertAudit(
  q: Queryable,
  ctx: RequestContext,
  now: Date,
  record: AuditRecord,
): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (occurred_at, actor_user_id, actor_username, actor_role, action, object_type,
       object_id, region_code, outcome, before, after, ip, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      now,
      ctx.actor?.userId ?? null,
      ctx.actor?.username ?? null,
      ctx.actor?.role ?? null,
      record.action,
      record.objectType,
      record.objectId ?? null,
      record.regionCode ?? null,
      record.outcome ?? 'success',
      record.before === undefined ? null : JSON.stringify(redactForAudit(record.before)),
      record.after === undefined ? null : JSON.stringify(redactForAudit(record.after)),
      ctx.ip,
      ctx.requestId,
    ],
  );
}

export interface AuditRow {
  audit_id: number;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  region_code: string | null;
  outcome: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  request_id: string | null;
}

export async function listAudit(
  q: Queryable,
  query: TAuditListQuery,
  /** The auditor's region prefix ('' for the whole country): records of that region, and records with no region made by its users. */
  scopePrefix = '',
): Promise<{ rows: AuditRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (scopePrefix) {
    params.push(scopePrefix);
    where.push(
      `(region_code LIKE $1 || '%' OR (region_code IS NULL AND actor_user_id IN (SELECT user_id FROM users WHERE scope_region_code LIKE $1 || '%')))`,
    );
  }
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (query.action) add('action LIKE ?', `${query.action}%`);
  if (query.actor) add('actor_username = ?', query.actor);
  if (query.objectType) add('object_type = ?', query.objectType);
  if (query.outcome) add('outcome = ?', query.outcome);
  if (query.from) add('occurred_at >= ?', new Date(query.from));
  if (query.to) add('occurred_at < ?', new Date(query.to));
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM audit_log ${whereSql}`, params);
  const rows = await q.query<AuditRow>(
    `SELECT * FROM audit_log ${whereSql} ORDER BY audit_id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, query.pageSize, (query.page - 1) * query.pageSize],
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** The latest successful `action` (e.g. auth.login) by this user strictly before `before`. */
export async function findLastSuccessBefore(
  q: Queryable,
  userId: string,
  action: string,
  before: Date,
): Promise<{ occurred_at: Date; ip: string | null } | null> {
  const r = await q.query<{ occurred_at: Date; ip: string | null }>(
    `SELECT occurred_at, ip FROM audit_log
     WHERE actor_user_id = $1 AND action = $2 AND outcome = 'success' AND occurred_at < $3
     ORDER BY occurred_at DESC LIMIT 1`,
    [userId, action, before],
  );
  return r.rows[0] ?? null;
}

/** The fields a seal covers, in a fixed order (the record as it was written). */
export interface SealableAuditRow {
  audit_id: number;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  region_code: string | null;
  outcome: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  request_id: string | null;
  seal_seq: number | null;
  chain_mac: string | null;
}

const SEAL_COLUMNS = `audit_id, occurred_at, actor_user_id, actor_username, actor_role, action, object_type, object_id,
  region_code, outcome, before, after, ip, request_id, seal_seq, chain_mac`;

/** Serialises sealers (inside a transaction). */
export async function lockAuditSeal(q: Queryable): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock(7262003)');
}

export async function findChainHead(q: Queryable): Promise<{ seal_seq: number; chain_mac: string } | null> {
  const r = await q.query<{ seal_seq: number; chain_mac: string }>(
    `SELECT seal_seq, chain_mac FROM audit_log WHERE seal_seq IS NOT NULL ORDER BY seal_seq DESC LIMIT 1`,
  );
  if (r.rows[0]) return r.rows[0];
  const a = await q.query<{ seal_seq: number; chain_mac: string }>(
    'SELECT last_seal_seq AS seal_seq, chain_mac FROM audit_anchors ORDER BY anchor_id DESC LIMIT 1',
  );
  return a.rows[0] ?? null;
}

export async function findUnsealed(q: Queryable, olderThan: Date, limit: number): Promise<SealableAuditRow[]> {
  const r = await q.query<SealableAuditRow>(
    `SELECT ${SEAL_COLUMNS} FROM audit_log WHERE seal_seq IS NULL AND occurred_at < $1 ORDER BY audit_id LIMIT $2`,
    [olderThan, limit],
  );
  return r.rows;
}

export async function sealAuditRows(q: Queryable, rows: { auditId: number; sealSeq: number; chainMac: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `UPDATE audit_log a SET seal_seq = s.seq, chain_mac = s.mac
     FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS s(id, seq, mac) WHERE a.audit_id = s.id`,
    [rows.map((r) => r.auditId), rows.map((r) => r.sealSeq), rows.map((r) => r.chainMac)],
  );
}

export async function readSealedPage(q: Queryable, afterSeq: number, limit: number): Promise<SealableAuditRow[]> {
  const r = await q.query<SealableAuditRow>(
    `SELECT ${SEAL_COLUMNS} FROM audit_log WHERE seal_seq > $1 ORDER BY seal_seq LIMIT $2`,
    [afterSeq, limit],
  );
  return r.rows;
}

export async function findFirstAnchor(q: Queryable): Promise<{ last_seal_seq: number; chain_mac: string } | null> {
  const r = await q.query<{ last_seal_seq: number; chain_mac: string }>(
    'SELECT last_seal_seq, chain_mac FROM audit_anchors ORDER BY anchor_id DESC LIMIT 1',
  );
  return r.rows[0] ?? null;
}

export async function countUnsealed(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE seal_seq IS NULL');
  return r.rows[0]?.n ?? 0;
}

/** Deletes sealed records before `before` (the trigger also insists on 180 days) and anchors the chain. */
export async function purgeSealedBefore(q: Queryable, before: Date, now: Date): Promise<number> {
  const last = await q.query<{ seal_seq: number; chain_mac: string }>(
    `SELECT seal_seq, chain_mac FROM audit_log WHERE seal_seq IS NOT NULL AND occurred_at < $1
     ORDER BY seal_seq DESC LIMIT 1`,
    [before],
  );
  const anchor = last.rows[0];
  if (!anchor) return 0;
  await q.query(`SELECT set_config('gridvoice.audit_purge', 'on', true)`);
  const r = await q.query('DELETE FROM audit_log WHERE seal_seq IS NOT NULL AND seal_seq <= $1', [anchor.seal_seq]);
  await q.query(`SELECT set_config('gridvoice.audit_purge', 'off', true)`);
  await q.query(
    'INSERT INTO audit_anchors (last_seal_seq, chain_mac, purged_before, created_at) VALUES ($1, $2, $3, $4)',
    [anchor.seal_seq, anchor.chain_mac, before, now],
  );
  return r.rowCount;
}
