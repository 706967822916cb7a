import { describe, expect, it } from 'vitest';
import type { DeputyLevel } from '../duty/duty-rule.js';
import {
  activeLevels,
  allowedAssignmentBases,
  checkAssignment,
  congressRegionFor,
  congressRegionProblem,
  defaultAssignmentBasis,
  groupLevelMix,
  stationGridProblem,
  type AssignmentBasis,
  type PlacementPlaces,
} from './assignment.rules.js';

const TOWN = '440784001000';
const VILLAGE = '440784001006';
const OTHER_TOWN_VILLAGE = '440784101201';
const NO_PLACES: PlacementPlaces = { constituencies: [], residence: null, workplace: null, unit: null };

describe('R-ORG-5: the bases a deputy may be placed by', () => {
  it.each<[string, DeputyLevel[], boolean, AssignmentBasis[]]>([
    ['provincial', ['provincial'], false, ['residence', 'workplace']],
    ['prefectural', ['prefectural'], false, ['residence', 'workplace']],
    ['national (like provincial)', ['national'], false, ['residence', 'workplace']],
    ['county', ['county'], false, ['constituency']],
    ['township', ['township'], false, ['constituency']],
    ['county and township', ['county', 'township'], false, ['constituency']],
    ['prefectural and county', ['prefectural', 'county'], false, ['constituency', 'residence', 'workplace']],
    ['county, from a county organ', ['county'], true, ['unit']],
    ['provincial, from a county organ', ['provincial'], true, ['unit']],
    ['no active mandate', [], false, []],
    ['no active mandate, from a county organ', [], true, []],
  ])('%s → %j', (_what, levels, fromCountyOrgan, bases) => {
    expect(allowedAssignmentBases({ levels, fromCountyOrgan })).toEqual(bases);
    expect(defaultAssignmentBasis({ levels, fromCountyOrgan })).toBe(bases[0] ?? null);
  });
});

describe('R-ORG-5: checking one placement', () => {
  it.each<[string, DeputyLevel[], boolean, AssignmentBasis, Partial<PlacementPlaces>, string, string | null]>([
    ['county deputy in their constituency', ['county'], false, 'constituency', { constituencies: [TOWN] }, VILLAGE, null],
    ['county deputy, constituency unknown', ['county'], false, 'constituency', {}, VILLAGE, null],
    ['county deputy outside their constituency', ['county'], false, 'constituency', { constituencies: [TOWN] }, OTHER_TOWN_VILLAGE, '所选网格（联络站）不在代表的选区范围内'],
    ['township deputy with two constituencies, second fits', ['township'], false, 'constituency', { constituencies: ['440784101000', TOWN] }, VILLAGE, null],
    ['county deputy by residence', ['county'], false, 'residence', { residence: VILLAGE }, VILLAGE, '县、乡镇人大代表应按选区安排进站入网格'],
    ['provincial deputy by residence', ['provincial'], false, 'residence', { residence: TOWN }, VILLAGE, null],
    ['provincial deputy by workplace elsewhere', ['provincial'], false, 'workplace', { workplace: OTHER_TOWN_VILLAGE }, VILLAGE, '所选网格（联络站）不在代表的工作地范围内'],
    ['prefectural deputy by constituency', ['prefectural'], false, 'constituency', {}, VILLAGE, '省、市人大代表应按居住地或工作地安排进站入网格'],
    ['county-organ deputy by unit place', ['county'], true, 'unit', { unit: TOWN }, VILLAGE, null],
    ['county-organ deputy by constituency', ['county'], true, 'constituency', { constituencies: [TOWN] }, VILLAGE, '市直机关下放的代表应按单位属地安排进站入网格'],
    ['county-organ deputy outside the unit place', ['county'], true, 'unit', { unit: '440784101000' }, VILLAGE, '所选网格（联络站）不在代表的单位所在地范围内'],
    ['deputy without a mandate', [], false, 'constituency', {}, VILLAGE, '该代表没有有效的代表资格，不能安排进站入网格'],
    ['mixed levels by workplace', ['prefectural', 'township'], false, 'workplace', {}, VILLAGE, null],
  ])('%s', (_what, levels, fromCountyOrgan, basis, places, target, problem) => {
    const problems = checkAssignment({
      levels,
      fromCountyOrgan,
      basis,
      places: { ...NO_PLACES, ...places },
      targetRegionCode: target,
    });
    expect(problems[0]?.message ?? null).toBe(problem);
  });
});

describe('mandates', () => {
  it.each<[DeputyLevel, string | null, string | null]>([
    ['national', null, null],
    ['national', '440000000000', '全国人大代表不需要填写人大所在区划'],
    ['provincial', '440000000000', null],
    ['provincial', '440700000000', '该层级代表所属人大应为省级区划'],
    ['prefectural', '440700000000', null],
    ['county', '440784000000', null],
    ['county', '440784001000', '该层级代表所属人大应为县（市、区）区划'],
    ['township', '440784101000', null],
    ['township', null, '请选择代表所属人大的区划'],
  ])('%s congress at %s → %s', (level, region, problem) => {
    expect(congressRegionProblem(level, region)).toBe(problem);
  });

  it.each<[DeputyLevel, string | null]>([
    ['national', null],
    ['provincial', '440000000000'],
    ['prefectural', '440700000000'],
    ['county', '440784000000'],
    ['township', '440784001000'],
  ])('the %s congress above village %s', (level, expected) => {
    expect(congressRegionFor(level, VILLAGE)).toBe(expected);
    if (expected) expect(congressRegionProblem(level, expected)).toBeNull();
  });

  it('active levels come highest first, each once, ended mandates left out', () => {
    expect(
      activeLevels([
        { level: 'township', status: 'active' },
        { level: 'county', status: 'active' },
        { level: 'township', status: 'active' },
        { level: 'provincial', status: 'ended' },
      ]),
    ).toEqual(['county', 'township']);
  });
});

describe('R-ORG-7: deputy groups mix levels', () => {
  it('counts members per level (a two-level member in both) and says whether it mixes', () => {
    const mix = groupLevelMix([['county'], ['county', 'township'], ['prefectural']]);
    expect(mix.counts).toEqual({ national: 0, provincial: 0, prefectural: 1, county: 2, township: 1 });
    expect(mix.mixesLevels).toBe(true);
    expect(groupLevelMix([['township'], ['township']]).mixesLevels).toBe(false);
    expect(groupLevelMix([]).mixesLevels).toBe(false);
  });
});

describe('a station and a grid of one assignment', () => {
  it.each([
    ['same town', '440784001000', VILLAGE, null],
    ['village station, same town', '440784001007', VILLAGE, null],
    ['another town', '440784101000', VILLAGE, '联络站与网格须在同一镇（街道）'],
    ['county headquarters', '440784000000', VILLAGE, null],
    ['another county headquarters', '440783000000', VILLAGE, '联络站与网格不在同一县（市、区）'],
  ])('%s', (_what, station, grid, problem) => {
    expect(stationGridProblem(station, grid)).toBe(problem);
  });
});
