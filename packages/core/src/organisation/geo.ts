/**
 * Grid boundaries as GeoJSON (Polygon or MultiPolygon, positions [lng, lat] in WGS-84/GCJ-02 as
 * the county's map uses) and the point-in-polygon lookup "a coordinate → its grid" (R-ORG-2).
 */

export type Position = [number, number];
export interface GeoPolygon {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface GeoMultiPolygon {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export type GridBoundary = GeoPolygon | GeoMultiPolygon;

export interface BoundingBox {
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
}

const polygonsOf = (b: GridBoundary): Position[][][] => (b.type === 'Polygon' ? [b.coordinates] : b.coordinates);

/** Null when the boundary is a usable GeoJSON polygon; else the reason in Chinese. */
export function boundaryProblem(b: GridBoundary): string | null {
  const polygons = polygonsOf(b);
  if (polygons.length === 0) return '边界不能为空';
  for (const rings of polygons) {
    if (rings.length === 0) return '边界多边形不能为空';
    for (const ring of rings) {
      if (ring.length < 4) return '边界的每个环至少需要 4 个点（首尾相同）';
      for (const [lng, lat] of ring) {
        if (!Number.isFinite(lng) || !Number.isFinite(lat) || lng < -180 || lng > 180 || lat < -90 || lat > 90) {
          return '边界坐标超出经纬度范围';
        }
      }
      const first = ring[0] as Position;
      const last = ring[ring.length - 1] as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) return '边界的每个环须首尾闭合';
    }
  }
  return null;
}

export function boundingBox(b: GridBoundary): BoundingBox {
  let minLat = Infinity;
  let minLng = Infinity;
  let maxLat = -Infinity;
  let maxLng = -Infinity;
  for (const rings of polygonsOf(b)) {
    for (const [lng, lat] of rings[0] ?? []) {
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
      minLng = Math.min(minLng, lng);
      maxLng = Math.max(maxLng, lng);
    }
  }
  return { minLat, minLng, maxLat, maxLng };
}

function onRing(lng: number, lat: number, ring: Position[]): boolean {
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    const cross = (lng - xi) * (yj - yi) - (lat - yi) * (xj - xi);
    const within = lng >= Math.min(xi, xj) && lng <= Math.max(xi, xj) && lat >= Math.min(yi, yj) && lat <= Math.max(yi, yj);
    if (Math.abs(cross) < 1e-12 && within) return true;
  }
  return false;
}

/** Ray casting; a point on an edge counts as inside. */
function inRing(lng: number, lat: number, ring: Position[]): boolean {
  if (onRing(lng, lat, ring)) return true;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring of some polygon and in none of its holes (a hole's edge still counts as inside). */
export function containsPoint(b: GridBoundary, lat: number, lng: number): boolean {
  return polygonsOf(b).some(([outer, ...holes]) => {
    if (!outer || !inRing(lng, lat, outer)) return false;
    return !holes.some((h) => inRing(lng, lat, h) && !onRing(lng, lat, h));
  });
}

/** Unsigned area in square degrees — enough to prefer the smaller of two candidate grids. */
export function boundaryArea(b: GridBoundary): number {
  let area = 0;
  for (const [outer, ...holes] of polygonsOf(b)) {
    area += Math.abs(ringArea(outer ?? []));
    for (const h of holes) area -= Math.abs(ringArea(h));
  }
  return area;
}

function ringArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    s += (xj + xi) * (yj - yi);
  }
  return s / 2;
}

export interface LocatableGrid {
  gridId: string;
  kind: 'grid' | 'micro_grid';
  boundary: GridBoundary;
}

/**
 * The grid a point lies in: among the grids whose boundary contains it, a micro-grid before a
 * grid, then the smallest area; null when none contains it.
 */
export function locateGrid<G extends LocatableGrid>(grids: readonly G[], lat: number, lng: number): G | null {
  const hits = grids.filter((g) => containsPoint(g.boundary, lat, lng));
  hits.sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'micro_grid' ? -1 : 1;
    return boundaryArea(a.boundary) - boundaryArea(b.boundary);
  });
  return hits[0] ?? null;
}
