import type { Queryable } from '@gridvoice/db';
import type { ConcernStateJson } from './concern-state.json.js';

/**
 * SQL of the retention job (issue 9 item 9): closed concerns past their retention months lose the
 * constituent's identity. Every statement here leaves alone what statistics count.
 */

/** Regions that set their own retention months. */
export async function listRetentionSettings(q: Queryable): Promise<{ region_code: string; retention_months: number }[]> {
  const r = await q.query<{ region_code: string; retention_months: number }>(
    'SELECT region_code, retention_months FROM concern_settings WHERE retention_months IS NOT NULL',
  );
  return r.rows;
}

export interface RetentionCandidate {
  concern_id: string;
  region_code: string;
  closed_at: Date;
}

/** Closed, not yet anonymised concerns closed before `closedBefore`, in (closed_at, id) order after `after`. */
export async function listRetentionCandidates(
  q: Queryable,
  closedBefore: Date,
  after: { closedAt: Date; concernId: string } | null,
  limit: number,
): Promise<RetentionCandidate[]> {
  const r = await q.query<RetentionCandidate>(
    `SELECT concern_id, region_code, closed_at FROM concerns
     WHERE status = 'closed' AND anonymised_at IS NULL AND closed_at < $1
       AND ($2::timestamptz IS NULL OR (closed_at, concern_id) > ($2::timestamptz, $3::uuid))
     ORDER BY closed_at, concern_id LIMIT $4`,
    [closedBefore, after?.closedAt ?? null, after?.concernId ?? null, limit],
  );
  return r.rows;
}

export interface AnonymisableRow {
  concern_id: string;
  county_code: string;
  region_code: string;
  title: string;
  content: string;
  state: ConcernStateJson;
  name_enc: string | null;
  phone_enc: string | null;
  address_enc: string | null;
}

/**
 * Declares the transaction the retention job (the timeline's trigger then lets `data` be
 * rewritten, 0015) and locks the concerns that are still closed and not anonymised.
 */
export async function lockAnonymisable(q: Queryable, ids: string[]): Promise<AnonymisableRow[]> {
  await q.query(`SELECT set_config('gridvoice.anonymising', 'on', true)`);
  const r = await q.query<AnonymisableRow>(
    `SELECT c.concern_id, c.county_code, c.region_code, c.title, c.content, c.state, k.name_enc, k.phone_enc, k.address_enc
     FROM concerns c LEFT JOIN concern_constituents k ON k.concern_id = c.concern_id
     WHERE c.concern_id = ANY($1::uuid[]) AND c.status = 'closed' AND c.anonymised_at IS NULL
     ORDER BY c.concern_id
     FOR UPDATE OF c`,
    [ids],
  );
  return r.rows;
}

export async function listEventData(q: Queryable, ids: string[]): Promise<{ event_id: string; concern_id: string; data: unknown }[]> {
  const r = await q.query<{ event_id: string; concern_id: string; data: unknown }>(
    'SELECT event_id::text AS event_id, concern_id, data FROM concern_events WHERE concern_id = ANY($1::uuid[]) ORDER BY event_id',
    [ids],
  );
  return r.rows;
}

export async function updateEventData(q: Queryable, rows: { eventId: string; data: unknown }[]): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `UPDATE concern_events e SET data = x.data
     FROM jsonb_to_recordset($1::jsonb) AS x (event_id bigint, data jsonb) WHERE e.event_id = x.event_id`,
    [JSON.stringify(rows.map((r) => ({ event_id: Number(r.eventId), data: r.data })))],
  );
}

export async function listOutboxPayloads(q: Queryable, ids: string[]): Promise<{ outbox_id: string; payload: unknown }[]> {
  const r = await q.query<{ outbox_id: string; payload: unknown }>(
    `SELECT outbox_id::text AS outbox_id, payload FROM outbox WHERE aggregate_type = 'concern' AND aggregate_id = ANY($1::text[])`,
    [ids],
  );
  return r.rows;
}

export async function updateOutboxPayloads(q: Queryable, rows: { outboxId: string; payload: unknown }[]): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `UPDATE outbox o SET payload = x.payload
     FROM jsonb_to_recordset($1::jsonb) AS x (outbox_id bigint, payload jsonb) WHERE o.outbox_id = x.outbox_id`,
    [JSON.stringify(rows.map((r) => ({ outbox_id: Number(r.outboxId), payload: r.payload })))],
  );
}

export async function listNotificationBodies(q: Queryable, ids: string[]): Promise<{ notification_id: string; body: string }[]> {
  const r = await q.query<{ notification_id: string; body: string }>(
    `SELECT notification_id, body FROM notifications WHERE aggregate_type = 'concern' AND aggregate_id = ANY($1::text[])`,
    [ids],
  );
  return r.rows;
}

export async function updateNotificationBodies(q: Queryable, rows: { notificationId: string; body: string }[]): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `UPDATE notifications n SET body = x.body
     FROM jsonb_to_recordset($1::jsonb) AS x (notification_id uuid, body text) WHERE n.notification_id = x.notification_id`,
    [JSON.stringify(rows.map((r) => ({ notification_id: r.notificationId, body: r.body })))],
  );
}

export interface AnonymisedConcern {
  concernId: string;
  title: string;
  content: string;
  state: ConcernStateJson;
  searchTokens: string;
}

/**
 * The concerns' text redacted, location and photo list dropped, marked anonymised; the
 * constituent's name, phone and address (ciphertext, masks, blind index) cleared; the photos
 * deleted (bytes cascade); the private tracking links voided; SMS deliveries to the constituent
 * lose their recipient. Region, station, grid, deputy, unit, category, channel and campaign —
 * what statistics count — are not in any SET list.
 */
export async function anonymiseConcerns(q: Queryable, rows: AnonymisedConcern[], now: Date): Promise<void> {
  const ids = rows.map((r) => r.concernId);
  await q.query(
    `UPDATE concerns c SET title = x.title, content = x.content, state = x.state, search_tokens = x.search_tokens,
       latitude = NULL, longitude = NULL, attachment_ids = '[]'::jsonb, anonymised_at = $2, updated_at = $2
     FROM jsonb_to_recordset($1::jsonb) AS x (concern_id uuid, title text, content text, state jsonb, search_tokens text)
     WHERE c.concern_id = x.concern_id`,
    [
      JSON.stringify(
        rows.map((r) => ({ concern_id: r.concernId, title: r.title, content: r.content, state: r.state, search_tokens: r.searchTokens })),
      ),
      now,
    ],
  );
  await q.query(
    `UPDATE concern_constituents SET name_enc = NULL, name_masked = NULL, phone_enc = NULL, phone_masked = NULL,
       phone_index = NULL, address_enc = NULL, address_masked = NULL
     WHERE concern_id = ANY($1::uuid[])`,
    [ids],
  );
  await q.query(`DELETE FROM attachments WHERE owner_type = 'concern' AND owner_id = ANY($1::uuid[])`, [ids]);
  await q.query('DELETE FROM public_tracking_tokens WHERE concern_id = ANY($1::uuid[])', [ids]);
  await q.query(
    `UPDATE notification_deliveries d SET recipient_enc = NULL, recipient_masked = NULL,
       status = CASE WHEN d.status = 'pending' THEN 'failed' ELSE d.status END,
       last_error = CASE WHEN d.status = 'pending' THEN '已匿名化' ELSE d.last_error END
     FROM outbox o
     WHERE o.aggregate_type = 'concern' AND o.aggregate_id = ANY($1::text[])
       AND d.dedupe_key = 'o' || o.outbox_id || ':sms:constituent'`,
    [ids],
  );
}
