/**
 * Coverage (R-ORG-6): "每个代表都进网格、每个网格都有代表" and stations covering every village.
 * These definitions are the contract of the coverage report; the server computes them in SQL and
 * `computeCoverage` below is the plain reference the tests recount with.
 *
 * - A grid (not a micro-grid) has a deputy when an active deputy is assigned to it or to one of
 *   its active micro-grids. Inactive grids are not counted.
 * - A deputy is in a grid when, being active, they hold an assignment to an active grid or micro-grid;
 *   at a station when they hold an assignment to an active station.
 * - A village is covered when an active station sits in it or lists it among the villages it covers.
 * - Deputies are counted in the town of their own region (county-level deputies in a row of their own).
 */

export const COVERAGE_METRICS = [
  'grids_without_deputy',
  'deputies_without_grid',
  'deputies_without_station',
  'villages_without_station',
] as const;
export type CoverageMetric = (typeof COVERAGE_METRICS)[number];

export const COVERAGE_METRIC_LABELS: Record<CoverageMetric, string> = {
  grids_without_deputy: '无代表的网格',
  deputies_without_grid: '未进网格的代表',
  deputies_without_station: '未进联络站的代表',
  villages_without_station: '无联络站覆盖的村（社区）',
};

/** Percentage with one decimal; 0 of 0 is 0 %. */
export function percentOf(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.round((part / whole) * 1000) / 10;
}

export interface CoverageCounts {
  grids: number;
  gridsWithoutDeputy: number;
  deputies: number;
  deputiesWithoutGrid: number;
  deputiesWithoutStation: number;
  villages: number;
  villagesWithoutStation: number;
}

export const EMPTY_COVERAGE: CoverageCounts = {
  grids: 0,
  gridsWithoutDeputy: 0,
  deputies: 0,
  deputiesWithoutGrid: 0,
  deputiesWithoutStation: 0,
  villages: 0,
  villagesWithoutStation: 0,
};

export function addCoverage(a: CoverageCounts, b: CoverageCounts): CoverageCounts {
  return {
    grids: a.grids + b.grids,
    gridsWithoutDeputy: a.gridsWithoutDeputy + b.gridsWithoutDeputy,
    deputies: a.deputies + b.deputies,
    deputiesWithoutGrid: a.deputiesWithoutGrid + b.deputiesWithoutGrid,
    deputiesWithoutStation: a.deputiesWithoutStation + b.deputiesWithoutStation,
    villages: a.villages + b.villages,
    villagesWithoutStation: a.villagesWithoutStation + b.villagesWithoutStation,
  };
}

export interface CoveragePercentages {
  gridsWithDeputy: number;
  deputiesInGrid: number;
  deputiesAtStation: number;
  villagesWithStation: number;
}

export function coveragePercentages(c: CoverageCounts): CoveragePercentages {
  return {
    gridsWithDeputy: percentOf(c.grids - c.gridsWithoutDeputy, c.grids),
    deputiesInGrid: percentOf(c.deputies - c.deputiesWithoutGrid, c.deputies),
    deputiesAtStation: percentOf(c.deputies - c.deputiesWithoutStation, c.deputies),
    villagesWithStation: percentOf(c.villages - c.villagesWithoutStation, c.villages),
  };
}

// ─── Reference computation ──────────────────────────────────────────────────────────────────

export interface CoverageInput {
  villages: readonly { code: string }[];
  grids: readonly { gridId: string; villageCode: string; parentGridId: string | null; active: boolean }[];
  stations: readonly { stationId: string; regionCode: string; active: boolean; villageCodes: readonly string[] }[];
  deputies: readonly { deputyId: string; regionCode: string; active: boolean }[];
  assignments: readonly { deputyId: string; gridId: string | null; stationId: string | null }[];
}

/** The counts per town (9-digit prefix; county-level regions fall under `${county}000`). */
export function computeCoverage(input: CoverageInput): Map<string, CoverageCounts> {
  const out = new Map<string, CoverageCounts>();
  const bump = (town: string, key: keyof CoverageCounts) => {
    const c = { ...(out.get(town) ?? EMPTY_COVERAGE) };
    c[key] += 1;
    out.set(town, c);
  };
  const gridById = new Map(input.grids.map((g) => [g.gridId, g]));
  const activeStations = new Set(input.stations.filter((s) => s.active).map((s) => s.stationId));
  const activeDeputies = new Set(input.deputies.filter((d) => d.active).map((d) => d.deputyId));
  const coveredGrids = new Set<string>();
  const deputiesInGrid = new Set<string>();
  const deputiesAtStation = new Set<string>();
  for (const a of input.assignments) {
    if (!activeDeputies.has(a.deputyId)) continue;
    const g = a.gridId ? gridById.get(a.gridId) : undefined;
    if (g?.active) {
      deputiesInGrid.add(a.deputyId);
      coveredGrids.add(g.parentGridId ?? g.gridId);
    }
    if (a.stationId && activeStations.has(a.stationId)) deputiesAtStation.add(a.deputyId);
  }
  for (const g of input.grids) {
    if (!g.active || g.parentGridId !== null) continue;
    const town = g.villageCode.slice(0, 9);
    bump(town, 'grids');
    if (!coveredGrids.has(g.gridId)) bump(town, 'gridsWithoutDeputy');
  }
  for (const d of input.deputies) {
    if (!d.active) continue;
    const town = d.regionCode.slice(0, 9);
    bump(town, 'deputies');
    if (!deputiesInGrid.has(d.deputyId)) bump(town, 'deputiesWithoutGrid');
    if (!deputiesAtStation.has(d.deputyId)) bump(town, 'deputiesWithoutStation');
  }
  const coveredVillages = new Set<string>();
  for (const s of input.stations) {
    if (!s.active) continue;
    coveredVillages.add(s.regionCode);
    for (const v of s.villageCodes) coveredVillages.add(v);
  }
  for (const v of input.villages) {
    const town = v.code.slice(0, 9);
    bump(town, 'villages');
    if (!coveredVillages.has(v.code)) bump(town, 'villagesWithoutStation');
  }
  return out;
}
