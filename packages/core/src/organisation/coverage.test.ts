import { describe, expect, it } from 'vitest';
import { addCoverage, computeCoverage, coveragePercentages, EMPTY_COVERAGE, percentOf, type CoverageInput } from './coverage.js';

const T1 = '440784001';
const T2 = '440784101';
const V = (town: string, n: number) => `${town}${String(200 + n)}`;

describe('percentages', () => {
  it.each([
    [0, 0, 0],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [197, 197, 100],
    [1, 8, 12.5],
  ])('%i of %i → %s %%', (part, whole, pct) => {
    expect(percentOf(part, whole)).toBe(pct);
  });
});

describe('coverage rules (R-ORG-6)', () => {
  const input: CoverageInput = {
    villages: [{ code: V(T1, 1) }, { code: V(T1, 2) }, { code: V(T1, 3) }, { code: V(T2, 1) }],
    grids: [
      { gridId: 'g1', villageCode: V(T1, 1), parentGridId: null, active: true }, // deputy directly
      { gridId: 'g2', villageCode: V(T1, 1), parentGridId: null, active: true }, // deputy in a micro-grid
      { gridId: 'm2', villageCode: V(T1, 1), parentGridId: 'g2', active: true },
      { gridId: 'g3', villageCode: V(T1, 2), parentGridId: null, active: true }, // only an inactive deputy
      { gridId: 'g4', villageCode: V(T1, 2), parentGridId: null, active: false }, // inactive: not counted
      { gridId: 'g5', villageCode: V(T2, 1), parentGridId: null, active: true }, // nobody
      { gridId: 'g6', villageCode: V(T2, 1), parentGridId: null, active: true }, // deputy only via inactive micro-grid
      { gridId: 'm6', villageCode: V(T2, 1), parentGridId: 'g6', active: false },
    ],
    stations: [
      { stationId: 's1', regionCode: V(T1, 1), active: true, villageCodes: [V(T1, 2)] },
      { stationId: 's2', regionCode: `${T2}000`, active: true, villageCodes: [] }, // a central station covers no village by itself
      { stationId: 's3', regionCode: V(T2, 1), active: false, villageCodes: [] },
    ],
    deputies: [
      { deputyId: 'd1', regionCode: `${T1}000`, active: true },
      { deputyId: 'd2', regionCode: V(T1, 1), active: true },
      { deputyId: 'd3', regionCode: `${T2}000`, active: false },
      { deputyId: 'd4', regionCode: `${T2}000`, active: true },
      { deputyId: 'd5', regionCode: '440784000000', active: true },
      { deputyId: 'd6', regionCode: `${T2}000`, active: true },
    ],
    assignments: [
      { deputyId: 'd1', gridId: 'g1', stationId: 's1' },
      { deputyId: 'd2', gridId: 'm2', stationId: null },
      { deputyId: 'd3', gridId: 'g3', stationId: 's1' },
      { deputyId: 'd4', gridId: 'm6', stationId: 's3' },
      { deputyId: 'd5', gridId: null, stationId: 's2' },
    ],
  };
  const result = computeCoverage(input);

  it('town 1: grids with deputies directly or through a micro-grid; an inactive deputy covers nothing', () => {
    expect(result.get(T1)).toEqual({
      grids: 3,
      gridsWithoutDeputy: 1,
      deputies: 2,
      deputiesWithoutGrid: 0,
      deputiesWithoutStation: 1,
      villages: 3,
      villagesWithoutStation: 1,
    });
  });

  it('town 2: inactive micro-grids and stations do not count', () => {
    expect(result.get(T2)).toEqual({
      grids: 2,
      gridsWithoutDeputy: 2,
      deputies: 2,
      deputiesWithoutGrid: 2,
      deputiesWithoutStation: 2,
      villages: 1,
      villagesWithoutStation: 1,
    });
  });

  it('county-level deputies fall in a row of their own', () => {
    expect(result.get('440784000')).toEqual({ ...EMPTY_COVERAGE, deputies: 1, deputiesWithoutGrid: 1 });
  });

  it('totals add up and give percentages', () => {
    const total = [...result.values()].reduce(addCoverage, EMPTY_COVERAGE);
    expect(total).toEqual({
      grids: 5,
      gridsWithoutDeputy: 3,
      deputies: 5,
      deputiesWithoutGrid: 3,
      deputiesWithoutStation: 3,
      villages: 4,
      villagesWithoutStation: 2,
    });
    expect(coveragePercentages(total)).toEqual({
      gridsWithDeputy: 40,
      deputiesInGrid: 40,
      deputiesAtStation: 40,
      villagesWithStation: 50,
    });
  });
});
