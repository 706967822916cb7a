import type { Queryable } from '@gridvoice/db';

/** SQL of the QR codes and service cards (issue 3 item 8, R-DUTY-7). */
export interface CardRow {
  deputy_id: string;
  public_id: string;
  name: string;
  region_code: string;
  region_name: string;
  photo_path: string | null;
  phone_encrypted: string | null;
  levels: string[];
  stations: { code: string; name: string }[];
  grids: { code: string; name: string }[];
  assignment_regions: string[];
}

const CARD_SELECT = `
  SELECT d.deputy_id, d.public_id, d.name, d.region_code, r.name AS region_name, d.photo_path, d.phone_encrypted,
    COALESCE((SELECT array_agg(DISTINCT m.level) FROM deputy_mandates m WHERE m.deputy_id = d.deputy_id AND m.status = 'active'),
      '{}') AS levels,
    COALESCE((SELECT json_agg(json_build_object('code', s.code, 'name', s.name) ORDER BY s.code)
      FROM (SELECT DISTINCT s.code, s.name FROM deputy_assignments a JOIN stations s ON s.station_id = a.station_id
            WHERE a.deputy_id = d.deputy_id) s), '[]') AS stations,
    COALESCE((SELECT json_agg(json_build_object('code', g.code, 'name', g.name) ORDER BY g.code)
      FROM (SELECT DISTINCT g.code, g.name FROM deputy_assignments a JOIN grids g ON g.grid_id = a.grid_id
            WHERE a.deputy_id = d.deputy_id) g), '[]') AS grids,
    COALESCE((SELECT array_agg(a.region_code) FROM deputy_assignments a WHERE a.deputy_id = d.deputy_id), '{}')
      AS assignment_regions
  FROM deputies d JOIN regions r ON r.region_code = d.region_code`;

export async function findCard(q: Queryable, deputyId: string): Promise<CardRow | null> {
  const r = await q.query<CardRow>(`${CARD_SELECT} WHERE d.deputy_id = $1`, [deputyId]);
  return r.rows[0] ?? null;
}

/** The active deputies of a town: those who belong to it or serve at a place in it. */
export async function townCards(q: Queryable, townPrefix: string): Promise<CardRow[]> {
  const r = await q.query<CardRow>(
    `${CARD_SELECT}
     WHERE d.is_active AND (d.region_code LIKE $1
       OR EXISTS (SELECT 1 FROM deputy_assignments a WHERE a.deputy_id = d.deputy_id AND a.region_code LIKE $1))
     ORDER BY d.name_pinyin, d.deputy_id`,
    [`${townPrefix}%`],
  );
  return r.rows;
}

export interface QrTarget {
  id: string;
  code: string;
  region_code: string;
}

/** A station, grid or deputy by id or by its code (public id for a deputy). */
export async function findQrTarget(q: Queryable, kind: 'station' | 'grid' | 'deputy', key: string): Promise<QrTarget | null> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key);
  const sql = {
    station: `SELECT station_id AS id, code, region_code FROM stations WHERE ${isUuid ? 'station_id = $1::uuid' : 'code = $1'}`,
    grid: `SELECT grid_id AS id, code, village_code AS region_code FROM grids WHERE ${isUuid ? 'grid_id = $1::uuid' : 'code = $1'}`,
    deputy: `SELECT deputy_id AS id, public_id AS code, region_code FROM deputies WHERE ${isUuid ? 'deputy_id = $1::uuid' : 'public_id = $1'}`,
  }[kind];
  const r = await q.query<QrTarget>(sql, [key]);
  return r.rows[0] ?? null;
}

export async function regionName(q: Queryable, code: string): Promise<{ name: string; level: string } | null> {
  const r = await q.query<{ name: string; level: string }>(`SELECT name, level FROM regions WHERE region_code = $1`, [code]);
  return r.rows[0] ?? null;
}
