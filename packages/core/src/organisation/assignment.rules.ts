/**
 * Deputies' mandates and where they are placed (R-ORG-4, R-ORG-5), as Heshan does it:
 * provincial and prefectural deputies go to the station and grid of their residence or workplace;
 * county and township deputies to those of their constituency; deputies from county organs to
 * those of their unit's place. Pure: the caller loads the deputy and the target.
 */
import { isRegionCode, isWithinRegion, regionLevelOf, type RegionLevel } from '../common/region-code.js';
import { DEPUTY_LEVELS, type DeputyLevel } from '../duty/duty-rule.js';

export const ASSIGNMENT_BASES = ['constituency', 'residence', 'workplace', 'unit'] as const;
export type AssignmentBasis = (typeof ASSIGNMENT_BASES)[number];

export const ASSIGNMENT_BASIS_LABELS: Record<AssignmentBasis, string> = {
  constituency: '选区',
  residence: '居住地',
  workplace: '工作地',
  unit: '单位属地',
};

/** Bases each level allows; national deputies are placed like provincial ones. */
export const LEVEL_ASSIGNMENT_BASES: Record<DeputyLevel, readonly AssignmentBasis[]> = {
  national: ['residence', 'workplace'],
  provincial: ['residence', 'workplace'],
  prefectural: ['residence', 'workplace'],
  county: ['constituency'],
  township: ['constituency'],
};

export interface DeputyPlacement {
  /** Levels of the deputy's active mandates. */
  levels: readonly DeputyLevel[];
  /** A deputy working in a county organ, sent down to a town (市直机关下放). */
  fromCountyOrgan: boolean;
}

/** The bases this deputy may be placed by, in order of preference; empty without an active mandate. */
export function allowedAssignmentBases(d: DeputyPlacement): AssignmentBasis[] {
  if (d.levels.length === 0) return [];
  if (d.fromCountyOrgan) return ['unit'];
  const set = new Set<AssignmentBasis>();
  for (const level of DEPUTY_LEVELS) {
    if (d.levels.includes(level)) for (const b of LEVEL_ASSIGNMENT_BASES[level]) set.add(b);
  }
  return ASSIGNMENT_BASES.filter((b) => set.has(b));
}

/** The basis a form proposes first (null when the deputy cannot be placed). */
export function defaultAssignmentBasis(d: DeputyPlacement): AssignmentBasis | null {
  return allowedAssignmentBases(d)[0] ?? null;
}

export interface PlacementPlaces {
  /** Region codes of the constituencies of the county and township mandates (where known). */
  constituencies: readonly string[];
  residence: string | null;
  workplace: string | null;
  unit: string | null;
}

export interface AssignmentCheck extends DeputyPlacement {
  basis: AssignmentBasis;
  places: PlacementPlaces;
  /** Region of the grid (its village) or, without a grid, of the station. */
  targetRegionCode: string;
}

export interface RuleProblem {
  field: string;
  message: string;
}

function basisRefusal(d: DeputyPlacement): string {
  if (d.fromCountyOrgan) return '市直机关下放的代表应按单位属地安排进站入网格';
  const hasHigh = d.levels.some((l) => l === 'national' || l === 'provincial' || l === 'prefectural');
  const hasLocal = d.levels.some((l) => l === 'county' || l === 'township');
  if (hasHigh && !hasLocal) return '省、市人大代表应按居住地或工作地安排进站入网格';
  if (hasLocal && !hasHigh) return '县、乡镇人大代表应按选区安排进站入网格';
  return '该代表应按选区、居住地或工作地安排进站入网格';
}

const PLACE_NAMES: Record<AssignmentBasis, string> = {
  constituency: '选区',
  residence: '居住地',
  workplace: '工作地',
  unit: '单位所在地',
};

/** Problems with placing a deputy at a target by a basis (R-ORG-5); empty when it is right. */
export function checkAssignment(c: AssignmentCheck): RuleProblem[] {
  if (c.levels.length === 0) {
    return [{ field: 'deputyId', message: '该代表没有有效的代表资格，不能安排进站入网格' }];
  }
  if (!allowedAssignmentBases(c).includes(c.basis)) return [{ field: 'basis', message: basisRefusal(c) }];
  const places =
    c.basis === 'constituency'
      ? c.places.constituencies
      : [c.places[c.basis]].filter((p): p is string => p !== null);
  // An unknown place cannot be checked; a known one must contain the target.
  if (places.length > 0 && !places.some((p) => isWithinRegion(c.targetRegionCode, p))) {
    return [{ field: 'gridId', message: `所选网格（联络站）不在代表的${PLACE_NAMES[c.basis]}范围内` }];
  }
  return [];
}

// ─── Mandates ────────────────────────────────────────────────────────────────────────────────

export const MANDATE_STATUSES = ['active', 'ended'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];

/** The region level of the congress a mandate belongs to; national has no region row. */
export const CONGRESS_REGION_LEVEL: Record<DeputyLevel, RegionLevel | null> = {
  national: null,
  provincial: 'province',
  prefectural: 'prefecture',
  county: 'county',
  township: 'town',
};

const CONGRESS_NAMES: Record<RegionLevel, string> = {
  province: '省级',
  prefecture: '地级市',
  county: '县（市、区）',
  town: '乡镇（街道）',
  village: '村',
};

/** Null when the congress region fits the mandate level; else the reason. */
export function congressRegionProblem(level: DeputyLevel, congressRegionCode: string | null): string | null {
  const expected = CONGRESS_REGION_LEVEL[level];
  if (expected === null) return congressRegionCode ? '全国人大代表不需要填写人大所在区划' : null;
  if (!congressRegionCode || !isRegionCode(congressRegionCode)) return '请选择代表所属人大的区划';
  return regionLevelOf(congressRegionCode) === expected ? null : `该层级代表所属人大应为${CONGRESS_NAMES[expected]}区划`;
}

/** The congress region of a mandate of this level for a deputy whose region is `regionCode`. */
export function congressRegionFor(level: DeputyLevel, regionCode: string): string | null {
  switch (level) {
    case 'national':
      return null;
    case 'provincial':
      return regionCode.slice(0, 2).padEnd(12, '0');
    case 'prefectural':
      return regionCode.slice(0, 4).padEnd(12, '0');
    case 'county':
      return regionCode.slice(0, 6).padEnd(12, '0');
    case 'township':
      return regionCode.slice(0, 9).padEnd(12, '0');
  }
}

/** A deputy's levels from their mandates, highest first, each once. */
export function activeLevels(mandates: readonly { level: DeputyLevel; status: MandateStatus }[]): DeputyLevel[] {
  return DEPUTY_LEVELS.filter((l) => mandates.some((m) => m.level === l && m.status === 'active'));
}

/** Deputy groups mix levels (R-ORG-7): how many members of each level, and whether it mixes. */
export function groupLevelMix(memberLevels: readonly (readonly DeputyLevel[])[]): {
  counts: Record<DeputyLevel, number>;
  mixesLevels: boolean;
} {
  const counts = Object.fromEntries(DEPUTY_LEVELS.map((l) => [l, 0])) as Record<DeputyLevel, number>;
  for (const levels of memberLevels) for (const l of new Set(levels)) counts[l] += 1;
  return { counts, mixesLevels: DEPUTY_LEVELS.filter((l) => counts[l] > 0).length > 1 };
}

/** A station and a grid of one assignment lie in the same town, unless the station serves the county. */
export function stationGridProblem(stationRegionCode: string, gridVillageCode: string): string | null {
  if (regionLevelOf(stationRegionCode) === 'county') return isWithinRegion(gridVillageCode, stationRegionCode) ? null : '联络站与网格不在同一县（市、区）';
  return stationRegionCode.slice(0, 9) === gridVillageCode.slice(0, 9) ? null : '联络站与网格须在同一镇（街道）';
}
