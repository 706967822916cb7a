import ExcelJS from 'exceljs';
import {
  addCoverage,
  coveragePercentages,
  DEPUTY_LEVEL_LABELS,
  EMPTY_COVERAGE,
  regionLevelOf,
  type CoverageCounts,
  type CoverageMetric,
  type DeputyLevel,
  type TCoverageReport,
  type TRegionNode,
  type TVillageListQuery,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { badRequest, notFound } from '../../lib/errors.js';
import * as repo from './coverage.repository.js';
import { findRegion } from './region.repository.js';
import { requireListAccess } from './organisation.access.js';

type Link = { path: string; query: Record<string, string> };

/** Where each count's records are listed: the list endpoints with the filter of the same rule. */
function linksFor(regionCode: string, exactRegion: boolean): Partial<Record<CoverageMetric, Link>> {
  const home: Record<string, string> = exactRegion
    ? { homeRegionCode: regionCode, homeRegionOnly: 'true' }
    : { homeRegionCode: regionCode };
  if (exactRegion) {
    // the row of deputies whose own region is the county: it has no grids or villages of its own
    return {
      deputies_without_grid: { path: '/api/organisation/deputies', query: { ...home, hasGrid: 'false', status: 'active' } },
      deputies_without_station: { path: '/api/organisation/deputies', query: { ...home, hasStation: 'false', status: 'active' } },
    };
  }
  return {
    grids_without_deputy: {
      path: '/api/organisation/grids',
      query: { regionCode, kind: 'grid', hasDeputy: 'false', status: 'active' },
    },
    deputies_without_grid: { path: '/api/organisation/deputies', query: { ...home, hasGrid: 'false', status: 'active' } },
    deputies_without_station: {
      path: '/api/organisation/deputies',
      query: { ...home, hasStation: 'false', status: 'active' },
    },
    villages_without_station: { path: '/api/organisation/villages', query: { regionCode, hasStation: 'false' } },
  };
}

const withPercentages = (c: CoverageCounts, links: Partial<Record<CoverageMetric, Link>>) => ({
  ...c,
  percentages: coveragePercentages(c),
  links,
});

export function createCoverageService(deps: AppDeps) {
  const { db } = deps;

  return {
    /** R-ORG-6 for a county or a town: counts and percentages per town, each count with its list. */
    async report(ctx: RequestContext, regionCode: string | undefined): Promise<TCoverageReport> {
      const actor = await requireListAccess(deps, ctx, 'coverage.read', regionCode, 'coverage');
      const code = regionCode ?? actor.scopeRegionCode;
      const region = await findRegion(db, code);
      if (!region) throw notFound('未找到该区划');
      if (region.level === 'village') {
        throw badRequest('覆盖情况按县（市、区）或镇（街道）统计', [{ field: 'regionCode', message: '请选择县（市、区）或镇（街道）' }]);
      }
      const [grids, deputies, villages, nodes] = await Promise.all([
        repo.gridCoverageByTown(db, code),
        repo.deputyCoverageByTown(db, code),
        repo.villageCoverageByTown(db, code),
        repo.listRegionNodes(db, code),
      ]);
      const byTown = new Map<string, CoverageCounts>();
      const bump = (town9: string, part: Partial<CoverageCounts>) => {
        byTown.set(town9, addCoverage(byTown.get(town9) ?? EMPTY_COVERAGE, { ...EMPTY_COVERAGE, ...part }));
      };
      for (const g of grids) bump(g.town9, { grids: g.grids, gridsWithoutDeputy: g.without_deputy });
      for (const d of deputies) {
        bump(d.town9, { deputies: d.deputies, deputiesWithoutGrid: d.without_grid, deputiesWithoutStation: d.without_station });
      }
      for (const v of villages) bump(v.town9, { villages: v.villages, villagesWithoutStation: v.without_station });

      const towns = nodes.filter((n) => n.level === 'town');
      const names = new Map(nodes.map((n) => [n.region_code, n.name]));
      const rows = towns.map((t) => ({
        regionCode: t.region_code,
        regionName: t.name,
        ...withPercentages(byTown.get(t.region_code.slice(0, 9)) ?? EMPTY_COVERAGE, linksFor(t.region_code, false)),
      }));
      // deputies whose own region is the county (or above a town) get a row of their own
      for (const [town9, counts] of byTown) {
        const asCode = town9.padEnd(12, '0');
        if (towns.some((t) => t.region_code === asCode)) continue;
        if (counts.deputies === 0 && counts.grids === 0 && counts.villages === 0) continue;
        const level = regionLevelOf(asCode);
        rows.push({
          regionCode: asCode,
          regionName: `${names.get(asCode) ?? asCode}${level === 'county' ? '（本级）' : ''}`,
          ...withPercentages(counts, linksFor(asCode, true)),
        });
      }
      rows.sort((a, b) => a.regionCode.localeCompare(b.regionCode));
      const totals = [...byTown.values()].reduce(addCoverage, EMPTY_COVERAGE);
      return { regionCode: code, regionName: region.name, totals: withPercentages(totals, linksFor(code, false)), rows };
    },

    /**
     * The report as a workbook (R-ORG-6): counts and percentages by town with the total, then one
     * sheet per gap — grids without a deputy, deputies without a grid, deputies without a station,
     * villages without a station. Chinese headers; no personal data beyond names.
     */
    async exportXlsx(ctx: RequestContext, regionCode: string | undefined): Promise<{ buffer: Buffer; regionName: string }> {
      const report = await this.report(ctx, regionCode);
      const code = report.regionCode;
      const [grids, noGrid, noStation, villages] = await Promise.all([
        repo.gridsWithoutDeputy(db, code),
        repo.deputiesWithout(db, code, 'grid'),
        repo.deputiesWithout(db, code, 'station'),
        repo.villagesWithoutStation(db, code),
      ]);
      const wb = new ExcelJS.Workbook();
      wb.creator = '民声通';
      const sheet = (name: string, columns: { header: string; key: string; width: number }[]) => {
        const ws = wb.addWorksheet(name);
        ws.columns = columns;
        ws.getRow(1).font = { bold: true };
        ws.views = [{ state: 'frozen', ySplit: 1 }];
        return ws;
      };
      const share = (n: number, whole: number) => (whole > 0 ? n / 100 : null);
      const summary = sheet('按镇统计', [
        { header: '区划', key: 'region', width: 22 },
        { header: '网格数', key: 'grids', width: 10 },
        { header: '无代表的网格', key: 'gwd', width: 14 },
        { header: '网格有代表率', key: 'gp', width: 14 },
        { header: '代表数', key: 'deputies', width: 10 },
        { header: '未进网格的代表', key: 'dwg', width: 16 },
        { header: '代表进网格率', key: 'dgp', width: 14 },
        { header: '未进联络站的代表', key: 'dws', width: 16 },
        { header: '代表进站率', key: 'dsp', width: 12 },
        { header: '村（社区）数', key: 'villages', width: 12 },
        { header: '无联络站覆盖的村（社区）', key: 'vws', width: 24 },
        { header: '村（社区）覆盖率', key: 'vp', width: 16 },
      ]);
      const rows = [...report.rows, { ...report.totals, regionCode: code, regionName: `合计（${report.regionName}）` }];
      for (const r of rows) {
        summary.addRow({
          region: r.regionName,
          grids: r.grids,
          gwd: r.gridsWithoutDeputy,
          gp: share(r.percentages.gridsWithDeputy, r.grids),
          deputies: r.deputies,
          dwg: r.deputiesWithoutGrid,
          dgp: share(r.percentages.deputiesInGrid, r.deputies),
          dws: r.deputiesWithoutStation,
          dsp: share(r.percentages.deputiesAtStation, r.deputies),
          villages: r.villages,
          vws: r.villagesWithoutStation,
          vp: share(r.percentages.villagesWithStation, r.villages),
        });
      }
      for (const key of ['gp', 'dgp', 'dsp', 'vp']) summary.getColumn(key).numFmt = '0.0%';
      summary.getRow(summary.rowCount).font = { bold: true };

      const levels = (ls: string[]) => ls.map((l) => DEPUTY_LEVEL_LABELS[l as DeputyLevel] ?? l).join('、');
      const g = sheet('无代表的网格', [
        { header: '网格编码', key: 'code', width: 20 },
        { header: '网格名称', key: 'name', width: 24 },
        { header: '所属村（社区）', key: 'village', width: 20 },
        { header: '镇（街道）', key: 'town', width: 14 },
      ]);
      for (const x of grids) g.addRow({ code: x.code, name: x.name, village: x.village_name, town: x.town_name });
      for (const [name, list] of [['未进网格的代表', noGrid], ['未进联络站的代表', noStation]] as const) {
        const ws = sheet(name, [
          { header: '姓名', key: 'name', width: 12 },
          { header: '所属区划', key: 'region', width: 20 },
          { header: '代表层级', key: 'levels', width: 30 },
        ]);
        for (const x of list) ws.addRow({ name: x.name, region: x.region_name, levels: levels(x.levels) });
      }
      const v = sheet('无联络站覆盖的村（社区）', [
        { header: '区划代码', key: 'code', width: 16 },
        { header: '村（社区）', key: 'name', width: 20 },
        { header: '镇（街道）', key: 'town', width: 14 },
      ]);
      for (const x of villages) v.addRow({ code: x.code, name: x.name, town: x.town_name });
      return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), regionName: report.regionName };
    },

    /** The region tree of the actor's scope (or a region in it) with counts, for navigation. */
    async regionTree(ctx: RequestContext, regionCode: string | undefined): Promise<TRegionNode[]> {
      const actor = await requireListAccess(deps, ctx, 'organisation.read', regionCode, 'region');
      const code = regionCode ?? actor.scopeRegionCode;
      const [nodes, counts] = await Promise.all([repo.listRegionNodes(db, code), repo.countsByRegion(db, code)]);
      const totals = new Map<string, { grids: number; micro: number; stations: number; deputies: number }>();
      for (const n of nodes) totals.set(n.region_code, { grids: 0, micro: 0, stations: 0, deputies: 0 });
      // each count rolls up to the region itself and every ancestor in the tree
      const parents = new Map(nodes.map((n) => [n.region_code, n.parent_code]));
      for (const c of counts) {
        let at: string | null | undefined = c.region_code;
        while (at && totals.has(at)) {
          const t = totals.get(at)!;
          t.grids += c.grids;
          t.micro += c.micro_grids;
          t.stations += c.stations;
          t.deputies += c.deputies;
          at = parents.get(at);
        }
      }
      return nodes.map((n) => {
        const t = totals.get(n.region_code)!;
        return {
          code: n.region_code,
          name: n.name,
          level: n.level,
          kind: n.kind,
          parentCode: n.parent_code,
          gridCount: t.grids,
          microGridCount: t.micro,
          stationCount: t.stations,
          deputyCount: t.deputies,
        };
      });
    },

    async villages(ctx: RequestContext, query: TVillageListQuery) {
      const actor = await requireListAccess(deps, ctx, 'organisation.read', query.regionCode, 'region');
      const { rows, total } = await repo.listVillages(db, actor.scopeRegionCode, query);
      return {
        items: rows.map((v) => ({
          code: v.code,
          name: v.name,
          kind: v.kind,
          townCode: v.town_code,
          townName: v.town_name,
          gridCount: v.grid_count,
          stationCount: v.station_count,
        })),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  };
}

