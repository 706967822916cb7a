/**
 * Code formats of the organisation (R-ORG-2, R-ORG-3), all short enough for a coarse QR code:
 *
 * - grid:       village code (12) + 3-digit sequence            → 440784001006001
 * - micro-grid: grid code (15) + 2-digit sequence (3 from 100)  → 44078400100600103
 * - station:    county code (6) + kind letter + 3-digit sequence → 440784C001
 * - deputy public id: 8 characters of an unambiguous alphabet   → /d/K7M2Q9TX
 */
import { isRegionCode, regionLevelOf } from '../common/region-code.js';

export const MAX_GRID_SEQUENCE = 999;

const GRID_CODE = /^(\d{12})(\d{3})$/;
const MICRO_GRID_CODE = /^(\d{15})(\d{2}|[1-9]\d{2})$/;

function checkSequence(sequence: number): void {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_GRID_SEQUENCE) {
    throw new RangeError(`序号应为 1 至 ${MAX_GRID_SEQUENCE} 的整数：${sequence}`);
  }
}

/** A grid hangs under a village or community, never directly under a town. */
export function formatGridCode(villageCode: string, sequence: number): string {
  if (!isRegionCode(villageCode) || regionLevelOf(villageCode) !== 'village') {
    throw new RangeError(`网格只能设在村（社区）之下：${villageCode}`);
  }
  checkSequence(sequence);
  return `${villageCode}${String(sequence).padStart(3, '0')}`;
}

/** 1–99 take two digits, 100–999 three; so every code has one spelling. */
export function formatMicroGridCode(gridCode: string, sequence: number): string {
  if (!isGridCode(gridCode)) throw new RangeError(`网格编码格式不正确：${gridCode}`);
  checkSequence(sequence);
  return `${gridCode}${String(sequence).padStart(2, '0')}`;
}

export type ParsedGridCode =
  | { kind: 'grid'; villageCode: string; sequence: number }
  | { kind: 'micro_grid'; villageCode: string; gridCode: string; sequence: number };

export function parseGridCode(code: string): ParsedGridCode | null {
  const g = GRID_CODE.exec(code);
  if (g) {
    const [, village, seq] = g as unknown as [string, string, string];
    if (!isRegionCode(village) || regionLevelOf(village) !== 'village' || Number(seq) < 1) return null;
    return { kind: 'grid', villageCode: village, sequence: Number(seq) };
  }
  const m = MICRO_GRID_CODE.exec(code);
  if (m) {
    const [, gridCode, seq] = m as unknown as [string, string, string];
    const parent = parseGridCode(gridCode);
    if (!parent || Number(seq) < 1) return null;
    return { kind: 'micro_grid', villageCode: parent.villageCode, gridCode, sequence: Number(seq) };
  }
  return null;
}

export const isGridCode = (code: string): boolean => parseGridCode(code)?.kind === 'grid';
export const isMicroGridCode = (code: string): boolean => parseGridCode(code)?.kind === 'micro_grid';

/** The next free sequence: one above the highest in use (gaps left by deletions are not reused). */
export function nextSequence(used: readonly number[]): number {
  const next = used.reduce((max, n) => Math.max(max, n), 0) + 1;
  if (next > MAX_GRID_SEQUENCE) throw new RangeError(`序号已用尽（最多 ${MAX_GRID_SEQUENCE} 个）`);
  return next;
}

// ─── Stations ────────────────────────────────────────────────────────────────────────────────

/** The kinds of station forming one network ("五位一体", R-ORG-3), in display order. */
export const STATION_KINDS = [
  'headquarters',
  'central',
  'area',
  'village',
  'industry',
  'interprovincial',
  'contact_point',
  'deputy_studio',
] as const;
export type StationKind = (typeof STATION_KINDS)[number];

export const STATION_KIND_LABELS: Record<StationKind, string> = {
  headquarters: '代表联络总站',
  central: '中心联络站',
  area: '片区联络站',
  village: '村（社区）联络站',
  industry: '产业联络站',
  interprovincial: '省际联络站',
  contact_point: '联络点',
  deputy_studio: '代表工作室',
};

export const STATION_KIND_LETTERS: Record<StationKind, string> = {
  headquarters: 'H',
  central: 'C',
  area: 'A',
  village: 'V',
  industry: 'I',
  interprovincial: 'P',
  contact_point: 'K',
  deputy_studio: 'S',
};

const STATION_CODE = /^(\d{6})([HCAVIPKS])(\d{3})$/;

export function formatStationCode(countyCode: string, kind: StationKind, sequence: number): string {
  if (!/^\d{6}$/.test(countyCode)) throw new RangeError(`县级区划代码应为6位数字：${countyCode}`);
  checkSequence(sequence);
  return `${countyCode}${STATION_KIND_LETTERS[kind]}${String(sequence).padStart(3, '0')}`;
}

export function parseStationCode(code: string): { countyCode: string; kind: StationKind; sequence: number } | null {
  const m = STATION_CODE.exec(code);
  if (!m) return null;
  const [, county, letter, seq] = m as unknown as [string, string, string, string];
  const kind = STATION_KINDS.find((k) => STATION_KIND_LETTERS[k] === letter);
  if (!kind || Number(seq) < 1) return null;
  return { countyCode: county, kind, sequence: Number(seq) };
}

export const isStationCode = (code: string): boolean => parseStationCode(code) !== null;

/**
 * Where each kind of station may sit: the headquarters at the county, a central station at a town,
 * village stations in a village; the others in a town or a village.
 */
export const STATION_REGION_LEVELS: Record<StationKind, readonly ('county' | 'town' | 'village')[]> = {
  headquarters: ['county'],
  central: ['town'],
  area: ['town', 'village'],
  village: ['village'],
  industry: ['town', 'village'],
  interprovincial: ['town', 'village'],
  contact_point: ['town', 'village'],
  deputy_studio: ['county', 'town', 'village'],
};

const LEVEL_NAMES = { county: '县（市、区）', town: '镇（街道）', village: '村（社区）' } as const;

/** Null when a station of this kind may sit in this region; else the reason in Chinese. */
export function stationRegionProblem(kind: StationKind, regionCode: string): string | null {
  if (!isRegionCode(regionCode)) return '所在区划代码不正确';
  const level = regionLevelOf(regionCode);
  const allowed = STATION_REGION_LEVELS[kind];
  if ((allowed as readonly string[]).includes(level)) return null;
  return `${STATION_KIND_LABELS[kind]}应设在${allowed.map((l) => LEVEL_NAMES[l]).join('或')}一级`;
}

// ─── Deputy public ids ───────────────────────────────────────────────────────────────────────

/** No 0/O, 1/I/L or U: easy to read aloud and to type from a card. */
export const PUBLIC_ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PUBLIC_ID_LENGTH = 8;

/** Turns random bytes (the caller's source) into a public id; needs at least 8 bytes. */
export function formatPublicId(randomBytes: ArrayLike<number>): string {
  if (randomBytes.length < PUBLIC_ID_LENGTH) throw new RangeError('至少需要 8 个随机字节');
  let out = '';
  for (let i = 0; i < PUBLIC_ID_LENGTH; i++) {
    out += PUBLIC_ID_ALPHABET[(randomBytes[i] as number) % PUBLIC_ID_ALPHABET.length];
  }
  return out;
}

export function isPublicId(id: string): boolean {
  return id.length === PUBLIC_ID_LENGTH && [...id].every((c) => PUBLIC_ID_ALPHABET.includes(c));
}
