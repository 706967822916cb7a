import { describe, expect, it } from 'vitest';
import { resolveCategoryRoute, type CategoryRoute } from './category-routing.js';

const routes: (CategoryRoute & { name: string })[] = [
  { name: 'county bureau', regionCode: '440784000000', categoryCode: 'living_environment', unitId: 'u-county', unitActive: true },
  { name: 'town office', regionCode: '440784001000', categoryCode: 'living_environment', unitId: 'u-town', unitActive: true },
  { name: 'village (closed unit)', regionCode: '440784001006', categoryCode: 'living_environment', unitId: 'u-village', unitActive: false },
  { name: 'county transport', regionCode: '440784000000', categoryCode: 'transport', unitId: 'u-transport', unitActive: true },
  { name: 'other county', regionCode: '440783000000', categoryCode: 'transport', unitId: 'u-other', unitActive: true },
];

describe('category routing: the most specific route containing the place wins', () => {
  it.each([
    ['a village in the town with its own route', '440784001007', 'living_environment', 'town office'],
    ['a village whose own route has an inactive unit', '440784001006', 'living_environment', 'town office'],
    ['a village of another town', '440784101201', 'living_environment', 'county bureau'],
    ['a category with only a county route', '440784001006', 'transport', 'county transport'],
    ['the town itself', '440784001000', 'living_environment', 'town office'],
    ['a category without a route', '440784001006', 'education', null],
    ['a place outside every route', '440100001001', 'living_environment', null],
  ])('%s', (_what, place, category, expected) => {
    expect(resolveCategoryRoute(routes, place, category)?.name ?? null).toBe(expected);
  });
});
