import { randomInt, randomUUID } from 'node:crypto';
import type { DeputyLevel } from '@gridvoice/core';
import type { AppDeps } from '../src/types.js';

/**
 * Stations, grids and deputies with mandates and assignments for the duty tests: plain rows in
 * the organisation tables (0002), so the duty tests do not depend on the organisation services.
 */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const publicId = () => Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
let stationSeq = 0;
let gridSeq = 0;

export async function makeStation(t: { deps: AppDeps }, regionCode: string, name = `测试联络站${++stationSeq}`) {
  const stationId = randomUUID();
  const code = `${regionCode.slice(0, 6)}C${String(randomInt(1000)).padStart(3, '0')}`;
  let tries = 0;
  for (;;) {
    try {
      const c = tries === 0 ? code : `${regionCode.slice(0, 6)}C${String(randomInt(1000)).padStart(3, '0')}`;
      await t.deps.db.query(
        `INSERT INTO stations (station_id, county_code, region_code, kind, code, name) VALUES ($1, $2, $3, 'central', $4, $5)`,
        [stationId, regionCode.slice(0, 6), regionCode, c, name],
      );
      return { stationId, code: c, name, regionCode };
    } catch (err) {
      if (++tries > 20) throw err;
    }
  }
}

export async function makeGrid(t: { deps: AppDeps }, villageCode: string, name = `测试网格${++gridSeq}`) {
  const gridId = randomUUID();
  const seq = (gridSeq % 900) + 1;
  await t.deps.db.query(
    `INSERT INTO grids (grid_id, county_code, village_code, kind, sequence, code, name) VALUES ($1, $2, $3, 'grid', $4, $5, $6)`,
    [gridId, villageCode.slice(0, 6), villageCode, seq, `${villageCode}${String(randomInt(1000)).padStart(3, '0')}`, name],
  );
  return { gridId, name, villageCode };
}

/** A deputy managed by `regionCode`, with active mandates at `levels` and the given assignments. */
export async function makeDutyDeputy(
  t: { deps: AppDeps },
  regionCode: string,
  levels: DeputyLevel[],
  assign: { stationId?: string; gridId?: string; regionCode: string }[],
  name = `代表${randomUUID().slice(0, 4)}`,
) {
  const deputyId = randomUUID();
  const db = t.deps.db;
  await db.query(
    `INSERT INTO deputies (deputy_id, county_code, region_code, public_id, name, name_pinyin, name_initials)
     VALUES ($1, $2, $3, $4, $5, 'daibiao', 'db')`,
    [deputyId, regionCode.slice(0, 6), regionCode, publicId(), name],
  );
  for (const level of levels) {
    await db.query(
      `INSERT INTO deputy_mandates (deputy_id, county_code, level, congress_region_code, term) VALUES ($1, $2, $3, NULL, 1)`,
      [deputyId, regionCode.slice(0, 6), level],
    );
  }
  for (const a of assign) {
    await db.query(
      `INSERT INTO deputy_assignments (deputy_id, county_code, station_id, grid_id, basis, region_code) VALUES ($1, $2, $3, $4, 'constituency', $5)`,
      [deputyId, regionCode.slice(0, 6), a.stationId ?? null, a.gridId ?? null, a.regionCode],
    );
  }
  return { deputyId, name, levels };
}
