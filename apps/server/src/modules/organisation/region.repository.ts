import type { Queryable } from '@gridvoice/db';
import type { SourceRegion } from './region-source.js';

/** Inserts or renames regions (parents first); returns how many rows were new. */
export async function upsertRegions(q: Queryable, regions: SourceRegion[]): Promise<number> {
  let inserted = 0;
  const chunk = 500;
  for (let i = 0; i < regions.length; i += chunk) {
    const part = regions.slice(i, i + chunk);
    const r = await q.query<{ inserted: boolean }>(
      `INSERT INTO regions (region_code, parent_code, name, level, kind, county_code)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT (region_code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind
       RETURNING (xmax = 0) AS inserted`,
      [
        part.map((x) => x.code),
        part.map((x) => x.parentCode),
        part.map((x) => x.name),
        part.map((x) => x.level),
        part.map((x) => x.kind),
        part.map((x) => (x.level === 'county' || x.level === 'town' || x.level === 'village' ? x.code.slice(0, 6) : null)),
      ],
    );
    inserted += r.rows.filter((x) => x.inserted).length;
  }
  return inserted;
}

export interface RegionInfo {
  region_code: string;
  name: string;
  level: 'province' | 'prefecture' | 'county' | 'town' | 'village';
  parent_code: string | null;
  county_code: string | null;
}

export async function findRegion(q: Queryable, code: string): Promise<RegionInfo | null> {
  const r = await q.query<RegionInfo>(
    'SELECT region_code, name, level, parent_code, county_code FROM regions WHERE region_code = $1',
    [code],
  );
  return r.rows[0] ?? null;
}

export async function findRegions(q: Queryable, codes: string[]): Promise<RegionInfo[]> {
  if (codes.length === 0) return [];
  const r = await q.query<RegionInfo>(
    'SELECT region_code, name, level, parent_code, county_code FROM regions WHERE region_code = ANY($1::text[])',
    [codes],
  );
  return r.rows;
}
