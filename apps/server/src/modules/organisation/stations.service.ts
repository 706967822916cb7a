import {
  can,
  formatStationCode,
  isWithinRegion,
  listScopeOf,
  nextSequence,
  parseStationCode,
  STATION_KIND_LABELS,
  STATION_KIND_LETTERS,
  STATION_KINDS,
  stationRegionProblem,
  type Actor,
  type OrganisationObject,
  type TStation,
  type TStationAction,
  type TStationCoverageRequest,
  type TStationCreateRequest,
  type TStationDetail,
  type TStationListQuery,
  type TStationNetwork,
  type TStationUpdateRequest,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import type { FieldProblem } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findGridsBrief } from './deputies.repository.js';
import { findRegion, findRegions } from './region.repository.js';
import * as repo from './stations.repository.js';
import {
  checkVersion,
  iso,
  orgActions,
  requireListAccess,
  requireOrgAccess,
  translateConstraint,
} from './organisation.access.js';

const objectOf = (s: { region_code: string; station_id: string }): OrganisationObject => ({
  regionCodes: [s.region_code],
  stationIds: [s.station_id],
});

const snapshot = (s: repo.StationRow) => ({
  code: s.code,
  name: s.name,
  kind: s.kind,
  regionCode: s.region_code,
  parentStationId: s.parent_station_id,
  address: s.address,
  openingHours: s.opening_hours,
  contactName: s.contact_name,
  contactPhone: s.contact_phone,
  active: s.is_active,
});

function present(actor: Actor, s: repo.StationRow): TStation {
  const may = orgActions(actor, ['station.manage', 'station.update'] as const, objectOf(s));
  const actions: TStationAction[] = [];
  if (may.includes('station.update')) actions.push('update');
  if (may.includes('station.manage')) {
    actions.push('manage_coverage', 'manage_managers', s.is_active ? 'deactivate' : 'activate', 'delete');
  }
  return {
    stationId: s.station_id,
    code: s.code,
    name: s.name,
    kind: s.kind,
    kindLabel: STATION_KIND_LABELS[s.kind],
    regionCode: s.region_code,
    regionName: s.region_name,
    townCode: s.town_code,
    townName: s.town_name,
    parentStationId: s.parent_station_id,
    parentName: s.parent_name,
    address: s.address,
    lat: s.lat,
    lng: s.lng,
    openingHours: s.opening_hours,
    contactName: s.contact_name,
    contactPhone: s.contact_phone,
    description: s.description,
    villageCount: s.village_count,
    gridCount: s.grid_count,
    deputyCount: s.deputy_count,
    managerCount: s.manager_count,
    publicPath: `/s/${s.code}`,
    active: s.is_active,
    isDemo: s.is_demo,
    createdAt: iso(s.created_at),
    updatedAt: iso(s.updated_at),
    version: s.version,
    actions,
  };
}

export function createStationsService(deps: AppDeps) {
  const { db, clock } = deps;

  async function load(ctx: RequestContext, stationId: string, action: Parameters<typeof requireOrgAccess>[2]) {
    const s = await repo.findStation(db, stationId);
    if (!s) throw notFound('未找到该联络站');
    const actor = await requireOrgAccess(deps, ctx, action, objectOf(s), { type: 'station', id: stationId });
    return { actor, s };
  }

  /** The parent station must exist, be in the actor's scope and the same county, and not make a cycle. */
  async function checkParent(actor: Actor, parentId: string | null | undefined, countyCode: string, selfId?: string) {
    if (!parentId) return;
    const problem = (message: string) => badRequest(message, [{ field: 'parentStationId', message }]);
    const p = await repo.findStation(db, parentId);
    // a station of the actor's scope, or one above it (a town's central station hangs under the county's headquarters)
    const visible = p && (isWithinRegion(p.region_code, actor.scopeRegionCode) || isWithinRegion(actor.scopeRegionCode, p.region_code));
    if (!p || !visible) throw problem('上级联络站不存在');
    if (p.county_code !== countyCode) throw problem('上级联络站须在同一县（市、区）');
    if (selfId && (await repo.isStationAncestor(db, parentId, selfId))) throw problem('上级联络站不能是本站或其下级');
  }

  /** Villages and grids a station may cover: existing, in the actor's scope and the station's county. */
  async function checkCoverage(actor: Actor, countyCode: string, villageCodes: string[], gridIds: string[]) {
    const problems: FieldProblem[] = [];
    const regions = new Map((await findRegions(db, villageCodes)).map((r) => [r.region_code, r]));
    villageCodes.forEach((code, i) => {
      const r = regions.get(code);
      if (!r || r.level !== 'village') problems.push({ field: `villageCodes.${i}`, message: `村（社区）${code} 不存在` });
      else if (!isWithinRegion(code, actor.scopeRegionCode) || !code.startsWith(countyCode)) {
        problems.push({ field: `villageCodes.${i}`, message: `${r.name}不在您的管辖范围内` });
      }
    });
    const grids = new Map((await findGridsBrief(db, gridIds)).map((g) => [g.grid_id, g]));
    gridIds.forEach((id, i) => {
      const g = grids.get(id);
      if (!g || !isWithinRegion(g.village_code, actor.scopeRegionCode) || !g.village_code.startsWith(countyCode)) {
        problems.push({ field: `gridIds.${i}`, message: '网格不存在或不在您的管辖范围内' });
      }
    });
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
  }

  return {
    async list(ctx: RequestContext, query: TStationListQuery) {
      const actor = await requireListAccess(deps, ctx, 'organisation.read', query.regionCode, 'station');
      const { rows, total } = await repo.listStations(db, listScopeOf(actor), query);
      return {
        items: rows.map((s) => present(actor, s)),
        total,
        page: query.page,
        pageSize: query.pageSize,
        canCreate: can(actor, 'station.manage', { regionCode: query.regionCode ?? actor.scopeRegionCode }).allowed,
      };
    },

    async get(ctx: RequestContext, stationId: string): Promise<TStationDetail> {
      const { actor, s } = await load(ctx, stationId, 'organisation.read');
      const [villages, grids, managers, deputies, children] = await Promise.all([
        repo.listStationVillages(db, stationId),
        repo.listStationGrids(db, stationId),
        repo.listStationManagers(db, stationId),
        repo.listStationDeputies(db, stationId),
        repo.listStationChildren(db, stationId),
      ]);
      return {
        ...present(actor, s),
        villages,
        grids: grids.map((g) => ({ gridId: g.grid_id, code: g.code, name: g.name, kind: g.kind })),
        managers: managers.map((u) => ({ userId: u.user_id, username: u.username, displayName: u.display_name })),
        deputies: deputies.map((d) => ({
          deputyId: d.deputy_id,
          name: d.name,
          levels: d.levels as TStationDetail['deputies'][number]['levels'],
          basis: d.basis as TStationDetail['deputies'][number]['basis'],
        })),
        children: children.map((c) => ({ stationId: c.station_id, code: c.code, name: c.name, kind: c.kind })),
      };
    },

    async create(ctx: RequestContext, input: TStationCreateRequest) {
      const actor = await requireOrgAccess(deps, ctx, 'station.manage', { regionCodes: [input.regionCode] }, {
        type: 'station',
      });
      const regionProblem = stationRegionProblem(input.kind, input.regionCode);
      if (regionProblem) throw badRequest(regionProblem, [{ field: 'regionCode', message: regionProblem }]);
      const region = await findRegion(db, input.regionCode);
      if (!region) throw badRequest('所在区划不存在', [{ field: 'regionCode', message: '所在区划不存在' }]);
      const county = input.regionCode.slice(0, 6);
      if (input.code) {
        const parsed = parseStationCode(input.code);
        if (parsed?.countyCode !== county || parsed.kind !== input.kind) {
          const message = `联络站编码应以 ${county}${STATION_KIND_LETTERS[input.kind]} 开头`;
          throw badRequest(message, [{ field: 'code', message }]);
        }
      }
      await checkParent(actor, input.parentStationId, county);
      await checkCoverage(actor, county, input.villageCodes ?? [], input.gridIds ?? []);
      const now = clock.now();
      const stationId = await translateConstraint(
        db.transaction(async (tx) => {
          await repo.lockCountyForCodes(tx, county);
          const letter = STATION_KIND_LETTERS[input.kind];
          const code = input.code ?? formatStationCode(county, input.kind, nextSequence(await repo.usedStationSequences(tx, county, letter)));
          if (await repo.stationCodeTaken(tx, code)) throw conflict(`联络站编码 ${code} 已被使用`);
          const id = await repo.insertStation(tx, {
            countyCode: county,
            regionCode: input.regionCode,
            kind: input.kind,
            code,
            name: input.name,
            parentStationId: input.parentStationId ?? null,
            address: input.address ?? null,
            lat: input.lat ?? null,
            lng: input.lng ?? null,
            openingHours: input.openingHours ?? null,
            contactName: input.contactName ?? null,
            contactPhone: input.contactPhone ?? null,
            description: input.description ?? null,
            now,
          });
          if (input.villageCodes?.length || input.gridIds?.length) {
            await repo.replaceStationCoverage(tx, id, county, input.villageCodes ?? [], input.gridIds ?? []);
          }
          await insertAudit(tx, ctx, now, {
            action: 'station.create',
            objectType: 'station',
            objectId: id,
            regionCode: input.regionCode,
            after: { code, name: input.name, kind: input.kind, regionCode: input.regionCode },
          });
          return id;
        }),
        { unique: '联络站编码已被使用，请重试' },
      );
      return this.get(ctx, stationId);
    },

    async update(ctx: RequestContext, stationId: string, input: TStationUpdateRequest) {
      const { actor, s } = await load(ctx, stationId, 'station.update');
      checkVersion(input.version, s.version);
      if (input.parentStationId !== undefined && input.parentStationId !== s.parent_station_id) {
        // moving a station in the network is the town's or county's decision
        await requireOrgAccess(deps, ctx, 'station.manage', objectOf(s), { type: 'station', id: stationId });
        await checkParent(actor, input.parentStationId, s.county_code, stationId);
      }
      const { version: _v, ...patch } = input;
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.updateStation(tx, stationId, patch, now);
        const after = await repo.findStation(tx, stationId);
        await insertAudit(tx, ctx, now, {
          action: 'station.update',
          objectType: 'station',
          objectId: stationId,
          regionCode: s.region_code,
          before: snapshot(s),
          after: after ? snapshot(after) : null,
        });
      });
      return this.get(ctx, stationId);
    },

    async setCoverage(ctx: RequestContext, stationId: string, input: TStationCoverageRequest) {
      const { actor, s } = await load(ctx, stationId, 'station.manage');
      await checkCoverage(actor, s.county_code, input.villageCodes, input.gridIds);
      const now = clock.now();
      const before = {
        villageCodes: (await repo.listStationVillages(db, stationId)).map((v) => v.code),
        gridIds: (await repo.listStationGrids(db, stationId)).map((g) => g.grid_id),
      };
      await db.transaction(async (tx) => {
        await repo.replaceStationCoverage(tx, stationId, s.county_code, input.villageCodes, input.gridIds);
        await insertAudit(tx, ctx, now, {
          action: 'station.set_coverage',
          objectType: 'station',
          objectId: stationId,
          regionCode: s.region_code,
          before,
          after: { villageCodes: input.villageCodes, gridIds: input.gridIds },
        });
      });
      return this.get(ctx, stationId);
    },

    /** Station manager accounts in the actor's scope that may be given this station. */
    async managerCandidates(ctx: RequestContext, stationId: string, text: string | undefined) {
      const { actor } = await load(ctx, stationId, 'station.manage');
      return presentRoleCandidates(await repo.listRoleCandidates(db, 'station_manager', actor.scopeRegionCode, text));
    },

    async setManagers(ctx: RequestContext, stationId: string, userIds: string[]) {
      const { actor, s } = await load(ctx, stationId, 'station.manage');
      const ids = [...new Set(userIds)];
      const users = new Map((await repo.findUsersBrief(db, ids)).map((u) => [u.user_id, u]));
      const problems: FieldProblem[] = [];
      ids.forEach((id, i) => {
        const u = users.get(id);
        if (!u || !isWithinRegion(u.scope_region_code, actor.scopeRegionCode)) {
          problems.push({ field: `userIds.${i}`, message: '用户不存在或不在您的管辖范围内' });
        } else if (u.role !== 'station_manager') {
          problems.push({ field: `userIds.${i}`, message: `用户“${u.display_name}”不是联络站管理员角色` });
        }
      });
      if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
      const before = (await repo.listStationManagers(db, stationId)).map((u) => u.user_id);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.setStationManagers(tx, stationId, ids);
        await insertAudit(tx, ctx, now, {
          action: 'station.set_managers',
          objectType: 'station',
          objectId: stationId,
          regionCode: s.region_code,
          before: { userIds: before },
          after: { userIds: ids },
        });
      });
      return this.get(ctx, stationId);
    },

    async setActive(ctx: RequestContext, stationId: string, active: boolean) {
      const { s } = await load(ctx, stationId, 'station.manage');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.setStationActive(tx, stationId, active, now);
        await insertAudit(tx, ctx, now, {
          action: active ? 'station.activate' : 'station.deactivate',
          objectType: 'station',
          objectId: stationId,
          regionCode: s.region_code,
          before: snapshot(s),
          after: { ...snapshot(s), active },
        });
      });
      return this.get(ctx, stationId);
    },

    async remove(ctx: RequestContext, stationId: string) {
      const { s } = await load(ctx, stationId, 'station.manage');
      const refs = await repo.stationReferences(db, stationId);
      if (refs.assignments > 0 || refs.children > 0) {
        throw conflict('该联络站仍有代表或下级站点，不能删除；可先移除，或改为停用', 'in_use');
      }
      const now = clock.now();
      await translateConstraint(
        db.transaction(async (tx) => {
          await repo.deleteStation(tx, stationId);
          await insertAudit(tx, ctx, now, {
            action: 'station.delete',
            objectType: 'station',
            objectId: stationId,
            regionCode: s.region_code,
            before: snapshot(s),
          });
        }),
        { foreignKey: '该联络站已有关联的记录（如接待登记、群众意见），不能删除，只能停用' },
      );
      return { deleted: true as const };
    },

    /** The network of one region ("五位一体"): counts by kind and town, and every station with its parent. */
    async network(ctx: RequestContext, regionCode: string | undefined): Promise<TStationNetwork> {
      const actor = await requireListAccess(deps, ctx, 'organisation.read', regionCode, 'station');
      const code = regionCode ?? actor.scopeRegionCode;
      const region = await findRegion(db, code);
      if (!region) throw notFound('未找到该区划');
      const scope = listScopeOf(actor);
      const rows = (await repo.stationNetworkRows(db, code)).filter((s) => !scope.stationId || s.station_id === scope.stationId);
      const towns = await repo.townVillageCoverage(db, code);
      return {
        regionCode: code,
        regionName: region.name,
        kinds: STATION_KINDS.map((kind) => ({
          kind,
          label: STATION_KIND_LABELS[kind],
          count: rows.filter((s) => s.kind === kind && s.is_active).length,
        })),
        towns: towns.map((t) => ({
          townCode: t.town_code,
          townName: t.town_name,
          counts: Object.fromEntries(
            STATION_KINDS.map((k) => [
              k,
              rows.filter((s) => s.kind === k && s.is_active && s.region_code.startsWith(t.town_code.slice(0, 9))).length,
            ]),
          ),
          villages: t.villages,
          villagesWithStation: t.covered,
        })),
        stations: rows.map((s) => ({
          stationId: s.station_id,
          code: s.code,
          name: s.name,
          kind: s.kind,
          kindLabel: STATION_KIND_LABELS[s.kind],
          regionCode: s.region_code,
          regionName: s.region_name,
          parentStationId: s.parent_station_id,
          deputyCount: s.deputy_count,
          villageCount: s.village_count,
          active: s.is_active,
        })),
      };
    },
  };
}

/** Accounts that may be given a station or a unit, with the one each serves now (both pages' pickers). */
export function presentRoleCandidates(rows: repo.CandidateRow[]) {
  return {
    items: rows.map((u) => ({
      userId: u.user_id,
      username: u.username,
      displayName: u.display_name,
      disabled: u.disabled,
      currentId: u.current_id,
      currentName: u.current_name,
    })),
  };
}
