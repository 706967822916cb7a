import { describe, expect, it } from 'vitest';
import {
  formatGridCode,
  formatMicroGridCode,
  formatPublicId,
  formatStationCode,
  isGridCode,
  isMicroGridCode,
  isPublicId,
  isStationCode,
  nextSequence,
  parseGridCode,
  parseStationCode,
  PUBLIC_ID_LENGTH,
  stationRegionProblem,
  STATION_KINDS,
} from './codes.js';

const VILLAGE = '440784001006';

describe('grid codes (R-ORG-2)', () => {
  it.each([
    [VILLAGE, 1, '440784001006001'],
    [VILLAGE, 42, '440784001006042'],
    [VILLAGE, 999, '440784001006999'],
  ])('grid of village %s, sequence %i → %s', (village, seq, code) => {
    expect(formatGridCode(village, seq)).toBe(code);
    expect(parseGridCode(code)).toEqual({ kind: 'grid', villageCode: village, sequence: seq });
  });

  it.each([
    ['a town', '440784001000'],
    ['a county', '440784000000'],
    ['not a code', '44078400100'],
  ])('refuses a grid directly under %s', (_what, code) => {
    expect(() => formatGridCode(code, 1)).toThrow(RangeError);
  });

  it.each([0, 1000, 1.5, -1])('refuses sequence %s', (seq) => {
    expect(() => formatGridCode(VILLAGE, seq)).toThrow(RangeError);
  });

  it.each([
    [1, '44078400100600101'],
    [9, '44078400100600109'],
    [99, '44078400100600199'],
    [100, '440784001006001100'],
    [858, '440784001006001858'],
  ])('micro-grid sequence %i → %s, and back', (seq, code) => {
    expect(formatMicroGridCode('440784001006001', seq)).toBe(code);
    expect(parseGridCode(code)).toEqual({
      kind: 'micro_grid',
      villageCode: VILLAGE,
      gridCode: '440784001006001',
      sequence: seq,
    });
  });

  it.each([
    ['too short', '44078400100600'],
    ['grid sequence 000', '440784001006000'],
    ['micro sequence 00', '44078400100600100'],
    ['micro sequence with a leading zero in three digits', '440784001006001010'],
    ['under a town', '440784001000001'],
    ['letters', '44078400100600A'],
    ['nineteen digits', '4407840010060011000'],
  ])('rejects %s', (_what, code) => {
    expect(parseGridCode(code)).toBeNull();
    expect(isGridCode(code) || isMicroGridCode(code)).toBe(false);
  });

  it('a micro-grid only hangs under a grid code', () => {
    expect(() => formatMicroGridCode('44078400100600101', 1)).toThrow(RangeError);
    expect(isGridCode('440784001006001')).toBe(true);
    expect(isMicroGridCode('44078400100600101')).toBe(true);
  });

  it.each([
    [[], 1],
    [[1, 2, 3], 4],
    [[1, 5], 6],
    [[998], 999],
  ])('next sequence after %j is %i', (used, next) => {
    expect(nextSequence(used)).toBe(next);
  });

  it('runs out after 999', () => {
    expect(() => nextSequence([999])).toThrow(/序号已用尽/);
  });
});

describe('station codes (R-ORG-3)', () => {
  it.each([
    ['headquarters', 1, '440784H001'],
    ['central', 10, '440784C010'],
    ['area', 58, '440784A058'],
    ['village', 125, '440784V125'],
    ['industry', 3, '440784I003'],
    ['interprovincial', 1, '440784P001'],
    ['contact_point', 223, '440784K223'],
    ['deputy_studio', 2, '440784S002'],
  ] as const)('%s #%i → %s, and back', (kind, seq, code) => {
    expect(formatStationCode('440784', kind, seq)).toBe(code);
    expect(parseStationCode(code)).toEqual({ countyCode: '440784', kind, sequence: seq });
  });

  it('every kind has its own letter', () => {
    const codes = STATION_KINDS.map((k) => formatStationCode('440784', k, 1));
    expect(new Set(codes).size).toBe(STATION_KINDS.length);
  });

  it.each(['440784X001', '440784C000', '44078C001', '440784c001', '440784C0011'])('rejects %s', (code) => {
    expect(isStationCode(code)).toBe(false);
  });

  it.each([
    ['headquarters', '440784000000', null],
    ['headquarters', '440784001000', '代表联络总站应设在县（市、区）一级'],
    ['central', '440784001000', null],
    ['central', '440784001006', '中心联络站应设在镇（街道）一级'],
    ['village', '440784001006', null],
    ['village', '440784001000', '村（社区）联络站应设在村（社区）一级'],
    ['industry', '440784001000', null],
    ['contact_point', '440784001006', null],
    ['deputy_studio', '440784000000', null],
  ] as const)('%s at %s → %s', (kind, region, problem) => {
    expect(stationRegionProblem(kind, region)).toBe(problem);
  });
});

describe('deputy public ids', () => {
  it('are 8 characters of the unambiguous alphabet, decided by the bytes given', () => {
    const id = formatPublicId([0, 1, 2, 3, 4, 5, 6, 255]);
    expect(id).toHaveLength(PUBLIC_ID_LENGTH);
    expect(id).toBe(formatPublicId([0, 1, 2, 3, 4, 5, 6, 255]));
    expect(isPublicId(id)).toBe(true);
    expect(id).not.toMatch(/[01ILOU]/);
  });

  it.each(['ABC', 'ABCDEFG0', 'abcdefgh', 'ABCDEFGHI'])('rejects %s', (id) => {
    expect(isPublicId(id)).toBe(false);
  });

  it('needs eight bytes', () => {
    expect(() => formatPublicId([1, 2, 3])).toThrow(RangeError);
  });
});
