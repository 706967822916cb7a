/**
 * The routing table (R-ORG-9): for a concern category, the default lead handling unit. A route is
 * set for a region (county or town); the most specific route whose region contains the concern's
 * place wins, so a town can send "人居环境" to its own office while the county sends it to a bureau.
 */
import { isWithinRegion, regionPrefix } from '../common/region-code.js';

export interface CategoryRoute {
  regionCode: string;
  categoryCode: string;
  unitId: string;
  /** An inactive unit is skipped: the next less specific route applies. */
  unitActive: boolean;
}

export function resolveCategoryRoute<R extends CategoryRoute>(
  routes: readonly R[],
  placeRegionCode: string,
  categoryCode: string,
): R | null {
  let best: R | null = null;
  for (const r of routes) {
    if (r.categoryCode !== categoryCode || !r.unitActive) continue;
    if (!isWithinRegion(placeRegionCode, r.regionCode)) continue;
    if (!best || regionPrefix(r.regionCode).length > regionPrefix(best.regionCode).length) best = r;
  }
  return best;
}
