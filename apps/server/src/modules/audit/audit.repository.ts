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
): Promise<{ rows: AuditRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
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
