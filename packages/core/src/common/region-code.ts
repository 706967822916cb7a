/**
 * Region codes (R-ORG-1). A region is identified by its 12-digit statistical division code:
 * province (2) · prefecture (2) · county (2) · town (3) · village (3). Shorter official codes
 * (6-digit GB/T 2260 for counties, 9 digits for towns) are padded with zeros.
 */
export const REGION_LEVELS = ['province', 'prefecture', 'county', 'town', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

const PREFIX_LENGTH: Record<RegionLevel, number> = {
  province: 2,
  prefecture: 4,
  county: 6,
  town: 9,
  village: 12,
};

const CODE_PATTERN = /^\d{12}$/;

export function isRegionCode(code: string): boolean {
  return CODE_PATTERN.test(code) && !code.startsWith('00');
}

/** Pads a 2/4/6/9/12-digit official code to the 12-digit form. */
export function normalizeRegionCode(code: string): string {
  if (!/^\d+$/.test(code) || ![2, 4, 6, 9, 12].includes(code.length)) {
    throw new RangeError(`区划代码格式不正确：${code}`);
  }
  return code.padEnd(12, '0');
}

export function regionLevelOf(code: string): RegionLevel {
  if (!isRegionCode(code)) throw new RangeError(`区划代码格式不正确：${code}`);
  if (code.slice(9) !== '000') return 'village';
  if (code.slice(6, 9) !== '000') return 'town';
  if (code.slice(4, 6) !== '00') return 'county';
  if (code.slice(2, 4) !== '00') return 'prefecture';
  return 'province';
}

/** The significant prefix of a code: everything below this region starts with it. */
export function regionPrefix(code: string): string {
  return code.slice(0, PREFIX_LENGTH[regionLevelOf(code)]);
}

/** True when `code` is `scope` itself or lies below it. */
export function isWithinRegion(code: string, scope: string): boolean {
  return code.startsWith(regionPrefix(scope));
}

export function parentRegionCode(code: string): string | null {
  const level = regionLevelOf(code);
  const index = REGION_LEVELS.indexOf(level);
  if (index === 0) return null;
  const parentLevel = REGION_LEVELS[index - 1] as RegionLevel;
  return code.slice(0, PREFIX_LENGTH[parentLevel]).padEnd(12, '0');
}

/** The county (GB/T 2260, 6 digits) a region belongs to, or null above county level. */
export function countyCodeOf(code: string): string | null {
  const level = regionLevelOf(code);
  return level === 'province' || level === 'prefecture' ? null : code.slice(0, 6);
}

/** Town kind by GB/T 10114: 001–099 街道, 100–199 镇, 200–399 乡. */
export function townKindOf(code: string): 'street' | 'town' | 'township' | 'other' {
  const n = Number(code.slice(6, 9));
  if (n >= 1 && n <= 99) return 'street';
  if (n >= 100 && n <= 199) return 'town';
  if (n >= 200 && n <= 399) return 'township';
  return 'other';
}

/** Village kind by the statistical code: 001–199 居委会/社区, 200–399 村委会. */
export function villageKindOf(code: string): 'community' | 'village' | 'other' {
  const n = Number(code.slice(9, 12));
  if (n >= 1 && n <= 199) return 'community';
  if (n >= 200 && n <= 399) return 'village';
  return 'other';
}
