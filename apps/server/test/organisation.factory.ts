import { randomInt, randomUUID } from 'node:crypto';
import type { AppDeps } from '../src/types.js';

/**
 * Handling units and deputies for the concerns tests: plain rows in the organisation tables
 * (0002). The organisation engineer may replace the bodies with their repository functions.
 */
const PUBLIC_ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const publicId = () => Array.from({ length: 8 }, () => PUBLIC_ID_ALPHABET[randomInt(PUBLIC_ID_ALPHABET.length)]).join('');

export async function makeUnit(t: { deps: AppDeps }, regionCode: string, name = `测试承办单位${randomUUID().slice(0, 6)}`) {
  const unitId = randomUUID();
  await t.deps.db.query(
    `INSERT INTO handling_units (unit_id, county_code, region_code, code, name, kind) VALUES ($1, $2, $3, $4, $5, 'department')`,
    [unitId, regionCode.slice(0, 6), regionCode, `U${randomUUID().slice(0, 8)}`, name],
  );
  return { unitId, name };
}

export async function makeDeputy(t: { deps: AppDeps }, regionCode: string, name = '测试代表') {
  const deputyId = randomUUID();
  await t.deps.db.query(
    `INSERT INTO deputies (deputy_id, county_code, region_code, public_id, name, name_pinyin, name_initials)
     VALUES ($1, $2, $3, $4, $5, 'ceshi daibiao', 'csdb')`,
    [deputyId, regionCode.slice(0, 6), regionCode, publicId(), name],
  );
  return { deputyId, name };
}
