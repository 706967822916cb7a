import { randomInt, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { TestApp } from './harness.js';
import type { Session } from './harness.js';
import type { AppDeps } from '../src/types.js';

const PUBLIC_ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const publicId = () => Array.from({ length: 8 }, () => PUBLIC_ID_ALPHABET[randomInt(PUBLIC_ID_ALPHABET.length)]).join('');

/** A deputy of a congress: an active mandate of `level` for `congressRegionCode`, term `term`. */
export async function makeCongressDeputy(t: { deps: AppDeps }, regionCode: string, congressRegionCode: string, term = 17, level = 'county', name = `代表${randomUUID().slice(0, 4)}`) {
  const deputyId = randomUUID();
  await t.deps.db.query(
    `INSERT INTO deputies (deputy_id, county_code, region_code, public_id, name, name_pinyin, name_initials) VALUES ($1, $2, $3, $4, $5, 'daibiao', 'db')`,
    [deputyId, regionCode.slice(0, 6), regionCode, publicId(), name],
  );
  await t.deps.db.query(
    `INSERT INTO deputy_mandates (deputy_id, county_code, level, congress_region_code, term) VALUES ($1, $2, $3, $4, $5)`,
    [deputyId, regionCode.slice(0, 6), level, congressRegionCode, term],
  );
  return { deputyId, name };
}

/** Uploads a small JPEG as the session's user; returns the attachment id. */
export async function uploadPhoto(t: TestApp, s: Session): Promise<string> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
  const boundary = 'b' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="site.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    jpeg,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({ method: 'POST', url: '/api/attachments', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': s.csrfToken }, cookies: { gv_session: s.cookie } });
  if (res.statusCode !== 200) throw new Error(`upload failed: ${res.body}`);
  return res.json<{ attachmentId: string }>().attachmentId;
}

export async function countRows(t: TestApp, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const r = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return r.rows[0]?.n ?? 0;
}

/**
 * A filed suggestion row to name as a project's or candidate's source (the suggestion's own walk
 * is tested in the suggestions module; here only its existence, county and status matter).
 */
export async function makeSuggestionRow(
  t: { deps: AppDeps },
  opts: { regionCode: string; leadDeputyId: string; status?: 'drafting' | 'filed' | 'registered' | 'closed'; title?: string },
) {
  const suggestionId = randomUUID();
  const county = opts.regionCode.slice(0, 6);
  const now = t.deps.clock.now();
  await t.deps.db.query(
    `INSERT INTO suggestions (suggestion_id, county_code, congress_region_code, region_code, term, session, period, title, content,
       category, lead_deputy_id, status, state, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 17, 5, 'between_sessions', $5, '建议内容', 'urban_environment', $6, $7, '{}'::jsonb, $8, $8)`,
    [suggestionId, county, county.padEnd(12, '0'), opts.regionCode, opts.title ?? '关于改造文苑社区排水管网的建议', opts.leadDeputyId, opts.status ?? 'registered', now],
  );
  return { suggestionId };
}
