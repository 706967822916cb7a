import { describe, expect, it } from 'vitest';
import { boundaryArea, boundaryProblem, boundingBox, containsPoint, locateGrid, type GridBoundary } from './geo.js';

const square = (x0: number, y0: number, size: number): [number, number][] => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
];
const BIG: GridBoundary = { type: 'Polygon', coordinates: [square(112.9, 22.7, 0.1)] };
const WITH_HOLE: GridBoundary = { type: 'Polygon', coordinates: [square(112.9, 22.7, 0.1), square(112.92, 22.72, 0.02)] };
const TWO_PARTS: GridBoundary = { type: 'MultiPolygon', coordinates: [[square(112.9, 22.7, 0.01)], [square(113.0, 22.8, 0.01)]] };

describe('point in polygon (a coordinate → its grid)', () => {
  it.each<[string, GridBoundary, number, number, boolean]>([
    ['inside', BIG, 22.75, 112.95, true],
    ['outside', BIG, 22.85, 112.95, false],
    ['on an edge', BIG, 22.7, 112.95, true],
    ['on a corner', BIG, 22.7, 112.9, true],
    ['in the hole', WITH_HOLE, 22.73, 112.93, false],
    ['on the hole edge', WITH_HOLE, 22.72, 112.93, true],
    ['beside the hole', WITH_HOLE, 22.71, 112.91, true],
    ['in the second part', TWO_PARTS, 22.805, 113.005, true],
    ['between the parts', TWO_PARTS, 22.75, 112.95, false],
  ])('%s', (_what, b, lat, lng, inside) => {
    expect(containsPoint(b, lat, lng)).toBe(inside);
  });

  it('a micro-grid wins over its grid, then the smaller area', () => {
    const grids = [
      { gridId: 'g', kind: 'grid' as const, boundary: BIG },
      { gridId: 'm', kind: 'micro_grid' as const, boundary: { type: 'Polygon' as const, coordinates: [square(112.94, 22.74, 0.02)] } },
      { gridId: 'g2', kind: 'grid' as const, boundary: { type: 'Polygon' as const, coordinates: [square(112.93, 22.73, 0.05)] } },
    ];
    expect(locateGrid(grids, 22.75, 112.95)?.gridId).toBe('m');
    expect(locateGrid(grids, 22.735, 112.935)?.gridId).toBe('g2');
    expect(locateGrid(grids, 22.71, 112.91)?.gridId).toBe('g');
    expect(locateGrid(grids, 23.5, 112.91)).toBeNull();
  });

  it('bounding box and area', () => {
    expect(boundingBox(BIG)).toEqual({ minLat: 22.7, minLng: 112.9, maxLat: 22.8, maxLng: 113.0 });
    expect(boundaryArea(BIG)).toBeCloseTo(0.01, 10);
    expect(boundaryArea(WITH_HOLE)).toBeCloseTo(0.01 - 0.0004, 10);
  });
});

describe('boundary validation', () => {
  it.each<[string, GridBoundary, string | null]>([
    ['a closed square', BIG, null],
    ['a multipolygon', TWO_PARTS, null],
    ['an open ring', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, '边界的每个环须首尾闭合'],
    ['three points', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, '边界的每个环至少需要 4 个点（首尾相同）'],
    ['no rings', { type: 'Polygon', coordinates: [] }, '边界多边形不能为空'],
    ['latitude out of range', { type: 'Polygon', coordinates: [[[0, 0], [1, 95], [1, 1], [0, 0]]] }, '边界坐标超出经纬度范围'],
    ['empty multipolygon', { type: 'MultiPolygon', coordinates: [] }, '边界不能为空'],
  ])('%s', (_what, b, problem) => {
    expect(boundaryProblem(b)).toBe(problem);
  });
});
