import type { Queryable } from '@gridvoice/db';

/**
 * SQL of the citizens' pages: read-only views of the organisation and the rota (only what a
 * public page shows), and the module's own tables (0009).
 */

// ─── Organisation (read only) ───────────────────────────────────────────────────────────────

export interface StationRow {
  station_id: string;
  county_code: string;
  region_code: string;
  region_level: string | null;
  region_name: string | null;
  kind: string;
  code: string;
  name: string;
  address: string | null;
  opening_hours: string | null;
  contact_phone: string | null;
  description: string | null;
}

export async function findStationByCode(q: Queryable, code: string): Promise<StationRow | null> {
  const r = await q.query<StationRow>(
    `SELECT s.station_id, s.county_code, s.region_code, r.level AS region_level, r.name AS region_name, s.kind, s.code,
       s.name, s.address, s.opening_hours, s.contact_phone, s.description
     FROM stations s LEFT JOIN regions r ON r.region_code = s.region_code
     WHERE s.code = $1 AND s.is_active`,
    [code],
  );
  return r.rows[0] ?? null;
}

export interface DeputyRow {
  deputy_id: string;
  public_id: string;
  name: string;
  county_code: string;
  region_code: string;
  occupation: string | null;
  phone_encrypted: string | null;
  photo_path: string | null;
  levels: string[];
}

const DEPUTY_COLUMNS = `d.deputy_id, d.public_id, d.name, d.county_code, d.region_code, d.occupation, d.phone_encrypted,
  d.photo_path,
  COALESCE((SELECT array_agg(DISTINCT m.level) FROM deputy_mandates m WHERE m.deputy_id = d.deputy_id AND m.status = 'active'),
    ARRAY[]::text[]) AS levels`;

export async function listDeputiesAt(q: Queryable, place: { stationId?: string; gridId?: string }): Promise<DeputyRow[]> {
  const r = await q.query<DeputyRow>(
    `SELECT ${DEPUTY_COLUMNS} FROM deputies d
     WHERE d.is_active AND EXISTS (SELECT 1 FROM deputy_assignments a WHERE a.deputy_id = d.deputy_id
       AND (($1::uuid IS NOT NULL AND a.station_id = $1) OR ($2::uuid IS NOT NULL AND a.grid_id = $2)))
     ORDER BY d.name_pinyin, d.deputy_id LIMIT 100`,
    [place.stationId ?? null, place.gridId ?? null],
  );
  return r.rows;
}

export async function listDeputyNames(q: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const r = await q.query<{ deputy_id: string; name: string }>(
    'SELECT deputy_id, name FROM deputies WHERE deputy_id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(r.rows.map((x) => [x.deputy_id, x.name]));
}

export async function findDeputyByPublicId(q: Queryable, publicId: string): Promise<DeputyRow | null> {
  const r = await q.query<DeputyRow>(`SELECT ${DEPUTY_COLUMNS} FROM deputies d WHERE d.public_id = $1 AND d.is_active`, [
    publicId,
  ]);
  return r.rows[0] ?? null;
}

export interface PlaceRow {
  kind: 'station' | 'grid';
  id: string;
  code: string;
  name: string;
  region_code: string;
}

export async function listPlacesOfDeputy(q: Queryable, deputyId: string): Promise<PlaceRow[]> {
  const r = await q.query<PlaceRow>(
    `SELECT 'station' AS kind, s.station_id AS id, s.code, s.name, s.region_code
       FROM deputy_assignments a JOIN stations s ON s.station_id = a.station_id
       WHERE a.deputy_id = $1 AND s.is_active
     UNION ALL
     SELECT 'grid' AS kind, g.grid_id AS id, g.code, g.name, g.village_code AS region_code
       FROM deputy_assignments a JOIN grids g ON g.grid_id = a.grid_id
       WHERE a.deputy_id = $1 AND g.is_active
     ORDER BY kind DESC, code`,
    [deputyId],
  );
  return r.rows;
}

export interface GridRow {
  grid_id: string;
  county_code: string;
  code: string;
  name: string;
  village_code: string;
  village_name: string | null;
}

export async function findGridByCode(q: Queryable, code: string): Promise<GridRow | null> {
  const r = await q.query<GridRow>(
    `SELECT g.grid_id, g.county_code, g.code, g.name, g.village_code, r.name AS village_name
     FROM grids g LEFT JOIN regions r ON r.region_code = g.village_code WHERE g.code = $1 AND g.is_active`,
    [code],
  );
  return r.rows[0] ?? null;
}

export async function listGridWorkers(q: Queryable, gridId: string): Promise<{ name: string; phone_encrypted: string | null }[]> {
  const r = await q.query<{ name: string; phone_encrypted: string | null }>(
    'SELECT name, phone_encrypted FROM grid_workers WHERE grid_id = $1 ORDER BY position, created_at LIMIT 20',
    [gridId],
  );
  return r.rows;
}

/** The stations covering a grid: named for it, else covering its village. */
export async function listStationsCovering(
  q: Queryable,
  grid: { gridId: string; villageCode: string },
): Promise<{ code: string; name: string; address: string | null; opening_hours: string | null }[]> {
  const r = await q.query<{ code: string; name: string; address: string | null; opening_hours: string | null }>(
    `SELECT DISTINCT s.code, s.name, s.address, s.opening_hours FROM stations s
     WHERE s.is_active AND (EXISTS (SELECT 1 FROM station_grids sg WHERE sg.station_id = s.station_id AND sg.grid_id = $1)
       OR EXISTS (SELECT 1 FROM station_villages sv WHERE sv.station_id = s.station_id AND sv.village_code = $2))
     ORDER BY s.code LIMIT 10`,
    [grid.gridId, grid.villageCode],
  );
  return r.rows;
}

// ─── Rota (read only) ───────────────────────────────────────────────────────────────────────

export interface RotaRow {
  template_id: string;
  name: string;
  purpose: 'station_duty' | 'direct_contact_day';
  place_kind: 'station' | 'grid';
  station_id: string | null;
  grid_id: string | null;
  recurrence: unknown;
  start_time: string;
  end_time: string;
  deputy_ids: string[];
  rotation: string[][] | null;
  valid_from: string;
  valid_until: string | null;
}

export async function listStationRota(q: Queryable, stationId: string): Promise<RotaRow[]> {
  const r = await q.query<RotaRow>(
    `SELECT template_id, name, purpose, place_kind, station_id, grid_id, recurrence, start_time, end_time, deputy_ids,
       rotation, valid_from::text AS valid_from, valid_until::text AS valid_until
     FROM rota_templates WHERE station_id = $1 AND is_active ORDER BY created_at, template_id`,
    [stationId],
  );
  return r.rows;
}

export async function listRotaSwaps(
  q: Queryable,
  templateIds: string[],
): Promise<{ slot_id: string; from_deputy_id: string; to_deputy_id: string }[]> {
  if (templateIds.length === 0) return [];
  const r = await q.query<{ slot_id: string; from_deputy_id: string; to_deputy_id: string }>(
    `SELECT slot_id, from_deputy_id, to_deputy_id FROM rota_swaps WHERE template_id = ANY($1::uuid[])
     ORDER BY created_at, swap_id`,
    [templateIds],
  );
  return r.rows;
}

// ─── Verification codes ─────────────────────────────────────────────────────────────────────

export async function listCodeSendTimes(q: Queryable, phoneIndex: string, since: Date): Promise<Date[]> {
  const r = await q.query<{ created_at: Date }>(
    'SELECT created_at FROM public_verification_codes WHERE phone_index = $1 AND created_at > $2 ORDER BY created_at',
    [phoneIndex, since],
  );
  return r.rows.map((x) => x.created_at);
}

export async function insertCode(
  q: Queryable,
  c: { phoneIndex: string; codeHash: string; expiresAt: Date; ip: string; now: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO public_verification_codes (phone_index, code_hash, expires_at, ip, created_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [c.phoneIndex, c.codeHash, c.expiresAt, c.ip, c.now],
  );
}

export interface CodeRow {
  code_id: number;
  code_hash: string;
  expires_at: Date;
  attempts: number;
  consumed_at: Date | null;
}

/** The phone's latest code (an older one is superseded by a newer one). */
export async function findLatestCode(q: Queryable, phoneIndex: string, forUpdate = false): Promise<CodeRow | null> {
  const r = await q.query<CodeRow>(
    `SELECT code_id::int AS code_id, code_hash, expires_at, attempts, consumed_at FROM public_verification_codes
     WHERE phone_index = $1 ORDER BY created_at DESC, code_id DESC LIMIT 1${forUpdate ? ' FOR UPDATE' : ''}`,
    [phoneIndex],
  );
  return r.rows[0] ?? null;
}

export async function countCodeAttempt(q: Queryable, codeId: number): Promise<void> {
  await q.query('UPDATE public_verification_codes SET attempts = attempts + 1 WHERE code_id = $1', [codeId]);
}

/** Uses the code up; false when another request already did. */
export async function consumeCode(q: Queryable, codeId: number, now: Date): Promise<boolean> {
  const r = await q.query<{ code_id: number }>(
    `UPDATE public_verification_codes SET consumed_at = $2 WHERE code_id = $1 AND consumed_at IS NULL RETURNING code_id`,
    [codeId, now],
  );
  return r.rows.length === 1;
}

// ─── Tracking tokens ────────────────────────────────────────────────────────────────────────

export async function insertTrackingToken(q: Queryable, tokenHash: string, concernId: string, now: Date): Promise<void> {
  await q.query('INSERT INTO public_tracking_tokens (token_hash, concern_id, created_at) VALUES ($1, $2, $3)', [
    tokenHash,
    concernId,
    now,
  ]);
}

export async function findConcernIdByToken(q: Queryable, tokenHash: string): Promise<string | null> {
  const r = await q.query<{ concern_id: string }>('SELECT concern_id FROM public_tracking_tokens WHERE token_hash = $1', [
    tokenHash,
  ]);
  return r.rows[0]?.concern_id ?? null;
}

export interface PublicEventRow {
  type: string;
  occurred_at: Date;
  to_status: string;
}

/** The timeline without any person or unit: type, time and status only. */
export async function listPublicEvents(q: Queryable, concernId: string): Promise<PublicEventRow[]> {
  const r = await q.query<PublicEventRow>(
    'SELECT type, occurred_at, to_status FROM concern_events WHERE concern_id = $1 ORDER BY event_id',
    [concernId],
  );
  return r.rows;
}

// ─── Public uploads ─────────────────────────────────────────────────────────────────────────

export async function insertPublicUpload(
  q: Queryable,
  u: { attachmentId: string; tokenHash: string; ip: string; expiresAt: Date; now: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO public_uploads (attachment_id, token_hash, ip, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)`,
    [u.attachmentId, u.tokenHash, u.ip, u.expiresAt, u.now],
  );
}

export async function findPublicUploads(
  q: Queryable,
  ids: string[],
): Promise<{ attachment_id: string; token_hash: string; expires_at: Date; owner_id: string | null }[]> {
  if (ids.length === 0) return [];
  const r = await q.query<{ attachment_id: string; token_hash: string; expires_at: Date; owner_id: string | null }>(
    `SELECT u.attachment_id, u.token_hash, u.expires_at, a.owner_id FROM public_uploads u
     JOIN attachments a ON a.attachment_id = u.attachment_id WHERE u.attachment_id = ANY($1::uuid[])`,
    [ids],
  );
  return r.rows;
}

export async function countRecentUploads(q: Queryable, ip: string, since: Date): Promise<number> {
  const r = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM public_uploads WHERE ip = $1 AND created_at > $2', [
    ip,
    since,
  ]);
  return r.rows[0]?.n ?? 0;
}

// ─── Idempotency ────────────────────────────────────────────────────────────────────────────

export async function claimIdempotencyKey(
  q: Queryable,
  k: { phoneIndex: string; key: string; requestHash: string; now: Date },
): Promise<boolean> {
  const r = await q.query<{ key: string }>(
    `INSERT INTO public_idempotency_keys (phone_index, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING key`,
    [k.phoneIndex, k.key, k.requestHash, k.now],
  );
  return r.rows.length === 1;
}

export async function findIdempotencyKey(
  q: Queryable,
  phoneIndex: string,
  key: string,
): Promise<{ request_hash: string; response_enc: string | null } | null> {
  const r = await q.query<{ request_hash: string; response_enc: string | null }>(
    'SELECT request_hash, response_enc FROM public_idempotency_keys WHERE phone_index = $1 AND key = $2',
    [phoneIndex, key],
  );
  return r.rows[0] ?? null;
}

export async function setIdempotencyResponse(q: Queryable, phoneIndex: string, key: string, responseEnc: string): Promise<void> {
  await q.query('UPDATE public_idempotency_keys SET response_enc = $3 WHERE phone_index = $1 AND key = $2', [
    phoneIndex,
    key,
    responseEnc,
  ]);
}

/** The constituent's stored phone number (ciphertext) of a concern. */
export async function findConstituentPhone(q: Queryable, concernId: string): Promise<string | null> {
  const r = await q.query<{ phone_enc: string | null }>('SELECT phone_enc FROM concern_constituents WHERE concern_id = $1', [
    concernId,
  ]);
  return r.rows[0]?.phone_enc ?? null;
}

// ─── Housekeeping ───────────────────────────────────────────────────────────────────────────

/**
 * Removes what the public pages no longer need: codes older than two days (the daily cap looks
 * back one), idempotency records older than a day, and photos uploaded but never attached whose
 * upload token has expired (the attachment row and its bytes go with them).
 */
export async function deleteStalePublicData(q: Queryable, now: Date): Promise<{ codes: number; keys: number; photos: number }> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const codes = await q.query('DELETE FROM public_verification_codes WHERE created_at < $1 RETURNING code_id', [
    new Date(now.getTime() - 2 * 86_400_000),
  ]);
  const keys = await q.query('DELETE FROM public_idempotency_keys WHERE created_at < $1 RETURNING key', [dayAgo]);
  const photos = await q.query(
    `DELETE FROM attachments a USING public_uploads u
     WHERE u.attachment_id = a.attachment_id AND a.owner_id IS NULL AND u.expires_at < $1 RETURNING a.attachment_id`,
    [now],
  );
  return { codes: codes.rows.length, keys: keys.rows.length, photos: photos.rows.length };
}
