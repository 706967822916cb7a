import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_CATEGORY_LABELS,
  ACTIVITY_KINDS,
  ACTIVITY_KIND_CATEGORY,
  ACTIVITY_KIND_LABELS,
  ACTIVITY_PLACE_LABELS,
  FOUR_VISIT_KINDS,
  GRID_SERVICE_KINDS,
  STATION_GRID_DUTY_KINDS,
  countsAsStationGridDuty,
  isActivityKind,
  type ActivityKind,
  type ActivityPlace,
} from './activity-kinds.js';

describe('R-DUTY-4 / R-DUTY-6 activity kinds', () => {
  it('has unique, stable code names, each with a Chinese label and a category', () => {
    expect(new Set(ACTIVITY_KINDS).size).toBe(ACTIVITY_KINDS.length);
    expect(ACTIVITY_KINDS).toHaveLength(26);
    for (const kind of ACTIVITY_KINDS) {
      expect(kind).toMatch(/^[a-z_]+$/);
      expect(ACTIVITY_KIND_LABELS[kind]).toMatch(/[\u4e00-\u9fff]/);
      expect(ACTIVITY_CATEGORY_LABELS[ACTIVITY_KIND_CATEGORY[kind]]).toBeTruthy();
    }
    expect(new Set(Object.values(ACTIVITY_KIND_LABELS)).size).toBe(ACTIVITY_KINDS.length);
  });

  it('the four visits and the eight grid services (R-DUTY-6)', () => {
    expect(FOUR_VISIT_KINDS.map((k) => ACTIVITY_KIND_LABELS[k])).toEqual([
      '随机走访',
      '入户夜访',
      '开门接访',
      '上门回访',
    ]);
    expect(GRID_SERVICE_KINDS).toHaveLength(8);
    expect(GRID_SERVICE_KINDS.every((k) => ACTIVITY_KIND_CATEGORY[k] === 'grid_service')).toBe(true);
    expect(ACTIVITY_KINDS.filter((k) => ACTIVITY_KIND_CATEGORY[k] === 'grid_service')).toEqual([...GRID_SERVICE_KINDS]);
  });

  it.each([
    ['reception', true],
    ['meeting_with_mayor', true],
    ['volunteer_service', true],
    ['night_visit', false],
    ['', false],
  ] as [string, boolean][])('isActivityKind(%j) is %s', (value, expected) => {
    expect(isActivityKind(value)).toBe(expected);
  });

  it('labels the places', () => {
    expect(ACTIVITY_PLACE_LABELS).toEqual({ station: '联络站', grid: '网格', other: '其他地点' });
  });
});

describe('R-DUTY-1 which activities count as station and grid duty', () => {
  const rows: [kind: ActivityKind, place: ActivityPlace, counts: boolean][] = [
    ['reception', 'station', true],
    ['reception', 'other', false],
    ['open_reception', 'station', true],
    ['evening_home_visit', 'grid', true],
    ['return_visit', 'grid', true],
    ['market_stall', 'grid', true],
    ['patrol', 'grid', true],
    ['public_opinion', 'grid', true],
    ['village_rules', 'station', true],
    ['volunteer_service', 'other', false],
    ['meeting', 'station', false],
    ['survey', 'grid', false],
    ['law_enforcement_inspection', 'station', false],
    ['meeting_with_mayor', 'other', false],
    ['tree_planting', 'grid', false],
    ['volunteering', 'grid', false],
  ];
  it.each(rows)('%s at %s → %s', (kind, place, counts) => {
    expect(countsAsStationGridDuty({ kind, place })).toBe(counts);
  });

  it('the counting kinds are exactly contact kinds and grid services', () => {
    expect(STATION_GRID_DUTY_KINDS).toHaveLength(8 + 8);
  });
});
