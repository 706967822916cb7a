import type { Queryable } from '@gridvoice/db';

export interface OutboxRow {
  outbox_id: number;
  topic: string;
  aggregate_type: string;
  aggregate_id: string;
  targets: string[];
  payload: Record<string, unknown>;
  attempts: number;
}

/** Claims up to `limit` undelivered outbox rows for 60 s; a second instance skips them. */
export async function claimOutbox(q: Queryable, now: Date, limit: number): Promise<OutboxRow[]> {
  const r = await q.query<OutboxRow>(
    `UPDATE outbox SET locked_until = $1::timestamptz + interval '60 seconds', attempts = attempts + 1
     WHERE outbox_id IN (
       SELECT outbox_id FROM outbox
       WHERE delivered_at IS NULL AND available_at <= $1 AND (locked_until IS NULL OR locked_until < $1)
       ORDER BY outbox_id LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING outbox_id, topic, aggregate_type, aggregate_id, targets, payload, attempts`,
    [now, limit],
  );
  return r.rows.sort((a, b) => a.outbox_id - b.outbox_id);
}

export async function markOutboxDelivered(q: Queryable, outboxId: number, now: Date): Promise<void> {
  await q.query('UPDATE outbox SET delivered_at = $2, locked_until = NULL, last_error = NULL WHERE outbox_id = $1', [
    outboxId,
    now,
  ]);
}

export async function markOutboxFailed(q: Queryable, outboxId: number, error: string, retryAt: Date): Promise<void> {
  await q.query('UPDATE outbox SET locked_until = NULL, last_error = $2, available_at = $3 WHERE outbox_id = $1', [
    outboxId,
    error.slice(0, 500),
    retryAt,
  ]);
}

export interface ConcernNoticeRow {
  concern_id: string;
  case_number: string;
  title: string;
  region_code: string;
  level: string;
  collector_deputy_id: string | null;
  collector_user_id: string | null;
  due_at: Date | null;
  phone_enc: string | null;
}

export async function findConcernForNotice(q: Queryable, concernId: string): Promise<ConcernNoticeRow | null> {
  const r = await q.query<ConcernNoticeRow>(
    `SELECT c.concern_id, c.case_number, c.title, c.region_code, c.level, c.collector_deputy_id, c.collector_user_id,
       c.due_at, cc.phone_enc
     FROM concerns c LEFT JOIN concern_constituents cc ON cc.concern_id = c.concern_id
     WHERE c.concern_id = $1`,
    [concernId],
  );
  return r.rows[0] ?? null;
}

export interface RecipientRow {
  user_id: string;
  username: string;
  sms: boolean | null;
  email: boolean | null;
  webhook: boolean | null;
  daily_digest: boolean | null;
  phone_enc: string | null;
  phone_masked: string | null;
  email_enc: string | null;
  email_masked: string | null;
}

const RECIPIENT_COLUMNS = `u.user_id, u.username, p.sms, p.email, p.webhook, p.daily_digest, p.phone_enc, p.phone_masked,
  p.email_enc, p.email_masked`;

/** Active users matching any of: these ids, these deputies, these units, or staff of a role at a scope. */
export async function findRecipients(
  q: Queryable,
  f: { userIds: string[]; deputyIds: string[]; unitIds: string[]; staff: { role: string; scope: string }[] },
): Promise<RecipientRow[]> {
  const r = await q.query<RecipientRow>(
    `SELECT ${RECIPIENT_COLUMNS} FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.user_id
     WHERE u.disabled_at IS NULL AND (
       u.user_id = ANY($1::uuid[]) OR u.deputy_id = ANY($2::uuid[]) OR u.unit_id = ANY($3::uuid[])
       OR (u.role, u.scope_region_code) IN (SELECT * FROM unnest($4::text[], $5::text[])))`,
    [f.userIds, f.deputyIds, f.unitIds, f.staff.map((s) => s.role), f.staff.map((s) => s.scope)],
  );
  return r.rows;
}

export async function insertNotifications(
  q: Queryable,
  rows: { userId: string; topic: string; body: string; link: string | null; aggregateType: string; aggregateId: string; outboxId: number | null; now: Date }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await q.query(
    `INSERT INTO notifications (user_id, topic, body, link, aggregate_type, aggregate_id, outbox_id, created_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::timestamptz[])
     ON CONFLICT (outbox_id, user_id) DO NOTHING`,
    [
      rows.map((x) => x.userId),
      rows.map((x) => x.topic),
      rows.map((x) => x.body),
      rows.map((x) => x.link),
      rows.map((x) => x.aggregateType),
      rows.map((x) => x.aggregateId),
      rows.map((x) => x.outboxId),
      rows.map((x) => x.now),
    ],
  );
  return r.rowCount;
}

export interface NewDelivery {
  dedupeKey: string;
  channel: 'sms' | 'email' | 'webhook';
  recipientEnc: string | null;
  recipientMasked: string | null;
  subject: string | null;
  body: string;
  now: Date;
}

export async function insertDeliveries(q: Queryable, rows: NewDelivery[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO notification_deliveries (dedupe_key, channel, recipient_enc, recipient_masked, subject, body,
       next_attempt_at, created_at)
     SELECT d, c, re, rm, s, b, t, t FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       AS x(d, c, re, rm, s, b, t)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      rows.map((x) => x.dedupeKey),
      rows.map((x) => x.channel),
      rows.map((x) => x.recipientEnc),
      rows.map((x) => x.recipientMasked),
      rows.map((x) => x.subject),
      rows.map((x) => x.body),
      rows.map((x) => x.now),
    ],
  );
}

export interface DeliveryRow {
  delivery_id: number;
  dedupe_key: string;
  channel: 'sms' | 'email' | 'webhook';
  recipient_enc: string | null;
  recipient_masked: string | null;
  subject: string | null;
  body: string;
  attempts: number;
}

export async function claimDeliveries(q: Queryable, now: Date, limit: number): Promise<DeliveryRow[]> {
  const r = await q.query<DeliveryRow>(
    `UPDATE notification_deliveries SET locked_until = $1::timestamptz + interval '60 seconds', attempts = attempts + 1
     WHERE delivery_id IN (
       SELECT delivery_id FROM notification_deliveries
       WHERE status = 'pending' AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until < $1)
       ORDER BY delivery_id LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING delivery_id, dedupe_key, channel, recipient_enc, recipient_masked, subject, body, attempts`,
    [now, limit],
  );
  return r.rows;
}

export async function markDeliverySent(q: Queryable, id: number, now: Date): Promise<void> {
  await q.query(
    `UPDATE notification_deliveries SET status = 'sent', sent_at = $2, locked_until = NULL, last_error = NULL WHERE delivery_id = $1`,
    [id, now],
  );
}

export async function markDeliveryFailed(q: Queryable, id: number, error: string, retryAt: Date | null): Promise<void> {
  await q.query(
    `UPDATE notification_deliveries SET status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
       next_attempt_at = COALESCE($3, next_attempt_at), locked_until = NULL, last_error = $2 WHERE delivery_id = $1`,
    [id, error.slice(0, 500), retryAt],
  );
}

export async function insertConsoleSms(q: Queryable, m: { phoneIndex: string; phoneMasked: string; body: string; now: Date }): Promise<void> {
  await q.query('INSERT INTO console_sms_messages (phone_index, phone_masked, body, created_at) VALUES ($1, $2, $3, $4)', [
    m.phoneIndex,
    m.phoneMasked,
    m.body,
    m.now,
  ]);
}

export async function listConsoleSms(q: Queryable, phoneIndex: string, limit = 20): Promise<{ body: string; created_at: Date }[]> {
  const r = await q.query<{ body: string; created_at: Date }>(
    'SELECT body, created_at FROM console_sms_messages WHERE phone_index = $1 ORDER BY message_id DESC LIMIT $2',
    [phoneIndex, limit],
  );
  return r.rows;
}

export interface NotificationRow {
  notification_id: string;
  topic: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

export async function listNotifications(
  q: Queryable,
  userId: string,
  f: { unreadOnly: boolean; limit: number; offset: number },
): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
  const where = `user_id = $1${f.unreadOnly ? ' AND read_at IS NULL' : ''}`;
  const counts = await q.query<{ total: number; unread: number }>(
    `SELECT count(*) FILTER (WHERE ${f.unreadOnly ? 'read_at IS NULL' : 'true'}) AS total,
       count(*) FILTER (WHERE read_at IS NULL) AS unread FROM notifications WHERE user_id = $1`,
    [userId],
  );
  const rows = await q.query<NotificationRow>(
    `SELECT notification_id, topic, body, link, created_at, read_at FROM notifications WHERE ${where}
     ORDER BY created_at DESC, notification_id LIMIT $2 OFFSET $3`,
    [userId, f.limit, f.offset],
  );
  return { rows: rows.rows, total: counts.rows[0]?.total ?? 0, unread: counts.rows[0]?.unread ?? 0 };
}

export async function markRead(q: Queryable, userId: string, ids: string[] | 'all', now: Date): Promise<number> {
  const r =
    ids === 'all'
      ? await q.query('UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL', [userId, now])
      : await q.query(
          'UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND notification_id = ANY($2::uuid[]) AND read_at IS NULL',
          [userId, ids, now],
        );
  return r.rowCount;
}

export async function findPreferences(q: Queryable, userId: string): Promise<RecipientRow | null> {
  const r = await q.query<RecipientRow>(
    `SELECT ${RECIPIENT_COLUMNS} FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.user_id WHERE u.user_id = $1`,
    [userId],
  );
  return r.rows[0] ?? null;
}

export async function upsertPreferences(
  q: Queryable,
  userId: string,
  p: {
    sms: boolean;
    email: boolean;
    webhook: boolean;
    dailyDigest: boolean;
    phoneEnc: string | null;
    phoneMasked: string | null;
    emailEnc: string | null;
    emailMasked: string | null;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO notification_preferences (user_id, sms, email, webhook, daily_digest, phone_enc, phone_masked, email_enc,
       email_masked, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (user_id) DO UPDATE SET sms = EXCLUDED.sms, email = EXCLUDED.email, webhook = EXCLUDED.webhook,
       daily_digest = EXCLUDED.daily_digest, phone_enc = EXCLUDED.phone_enc, phone_masked = EXCLUDED.phone_masked,
       email_enc = EXCLUDED.email_enc, email_masked = EXCLUDED.email_masked, updated_at = EXCLUDED.updated_at`,
    [userId, p.sms, p.email, p.webhook, p.dailyDigest, p.phoneEnc, p.phoneMasked, p.emailEnc, p.emailMasked, p.now],
  );
}

/** Digest: each digest user's notifications of the last day (one text per user). */
export async function findDigestItems(q: Queryable, since: Date, until: Date): Promise<{ user_id: string; bodies: string[] }[]> {
  const r = await q.query<{ user_id: string; bodies: string[] }>(
    `SELECT n.user_id, array_agg(n.body ORDER BY n.created_at) AS bodies
     FROM notifications n JOIN notification_preferences p ON p.user_id = n.user_id AND p.daily_digest
     WHERE n.created_at >= $1 AND n.created_at < $2 GROUP BY n.user_id`,
    [since, until],
  );
  return r.rows;
}
