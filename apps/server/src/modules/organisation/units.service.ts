import {
  can,
  isWithinRegion,
  listScopeOf,
  nextSequence,
  resolveCategoryRoute,
  UNIT_KIND_LABELS,
  type Actor,
  type OrganisationObject,
  type TCategoryRoute,
  type TCategoryRouteListQuery,
  type TCategoryRouteSetRequest,
  type TUnit,
  type TUnitCreateRequest,
  type TUnitDetail,
  type TUnitListQuery,
  type TUnitUpdateRequest,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { badRequest, conflict, notFound, type FieldProblem } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findRegion } from './region.repository.js';
import { findUsersBrief, listRoleCandidates, lockCountyForCodes } from './stations.repository.js';
import { presentRoleCandidates } from './stations.service.js';
import * as repo from './units.repository.js';
import {
  checkVersion,
  iso,
  orgActions,
  requireListAccess,
  requireOrgAccess,
  translateConstraint,
} from './organisation.access.js';

const objectOf = (u: { region_code: string; unit_id: string }): OrganisationObject => ({
  regionCodes: [u.region_code],
  unitId: u.unit_id,
  readableFromBelow: true,
});

const snapshot = (u: repo.UnitRow) => ({
  code: u.code,
  name: u.name,
  shortName: u.short_name,
  kind: u.kind,
  regionCode: u.region_code,
  contactName: u.contact_name,
  active: u.is_active,
});

function presentUnit(actor: Actor, u: repo.UnitRow): TUnit {
  const manage = orgActions(actor, ['unit.manage'] as const, objectOf(u)).length > 0;
  return {
    unitId: u.unit_id,
    code: u.code,
    name: u.name,
    shortName: u.short_name,
    kind: u.kind,
    kindLabel: UNIT_KIND_LABELS[u.kind],
    regionCode: u.region_code,
    regionName: u.region_name,
    contactName: u.contact_name,
    contactPhone: u.contact_phone,
    description: u.description,
    handlerCount: u.handler_count,
    routeCount: u.route_count,
    active: u.is_active,
    isDemo: u.is_demo,
    createdAt: iso(u.created_at),
    updatedAt: iso(u.updated_at),
    version: u.version,
    actions: manage ? ['update', 'manage_handlers', u.is_active ? 'deactivate' : 'activate', 'delete'] : [],
  };
}

function presentRoute(actor: Actor, r: repo.RouteRow): TCategoryRoute {
  const manage = orgActions(actor, ['unit.manage'] as const, { regionCodes: [r.region_code] }).length > 0;
  return {
    routeId: r.route_id,
    regionCode: r.region_code,
    regionName: r.region_name,
    categoryCode: r.category_code,
    unit: { unitId: r.unit_id, code: r.unit_code, name: r.unit_name, active: r.unit_active },
    updatedAt: iso(r.updated_at),
    actions: manage ? ['update', 'delete'] : [],
  };
}

export function createUnitsService(deps: AppDeps) {
  const { db, clock } = deps;

  async function load(ctx: RequestContext, unitId: string, action: 'organisation.read' | 'unit.manage') {
    const u = await repo.findUnit(db, unitId);
    if (!u) throw notFound('未找到该承办单位');
    const actor = await requireOrgAccess(deps, ctx, action, objectOf(u), { type: 'handling_unit', id: unitId });
    return { actor, u };
  }

  return {
    async list(ctx: RequestContext, query: TUnitListQuery) {
      const actor = await requireListAccess(deps, ctx, 'organisation.read', undefined, 'handling_unit');
      const { rows, total } = await repo.listUnits(db, listScopeOf(actor), query);
      return {
        items: rows.map((u) => presentUnit(actor, u)),
        total,
        page: query.page,
        pageSize: query.pageSize,
        canCreate: can(actor, 'unit.manage', { regionCode: query.regionCode ?? actor.scopeRegionCode }).allowed,
      };
    },

    async get(ctx: RequestContext, unitId: string): Promise<TUnitDetail> {
      const { actor, u } = await load(ctx, unitId, 'organisation.read');
      const [handlers, routes] = await Promise.all([
        repo.listUnitHandlers(db, unitId),
        repo.listRoutes(db, u.region_code, { unitId, page: 1, pageSize: 200 }),
      ]);
      return {
        ...presentUnit(actor, u),
        handlers: handlers.map((h) => ({
          userId: h.user_id,
          username: h.username,
          displayName: h.display_name,
          disabled: h.disabled,
        })),
        routes: routes.rows.map((r) => ({
          routeId: r.route_id,
          regionCode: r.region_code,
          regionName: r.region_name,
          categoryCode: r.category_code,
        })),
      };
    },

    async create(ctx: RequestContext, input: TUnitCreateRequest) {
      await requireOrgAccess(deps, ctx, 'unit.manage', { regionCodes: [input.regionCode] }, { type: 'handling_unit' });
      const region = await findRegion(db, input.regionCode);
      if (!region || (region.level !== 'county' && region.level !== 'town')) {
        const message = '承办单位应属于县（市、区）或镇（街道）';
        throw badRequest(message, [{ field: 'regionCode', message }]);
      }
      const county = input.regionCode.slice(0, 6);
      const now = clock.now();
      const unitId = await translateConstraint(
        db.transaction(async (tx) => {
          await lockCountyForCodes(tx, county);
          const code = input.code ?? `U${String(nextSequence(await repo.usedUnitNumbers(tx, county))).padStart(3, '0')}`;
          if (await repo.unitCodeTaken(tx, county, code)) throw conflict(`单位编码 ${code} 已被使用`);
          if (await repo.unitNameTaken(tx, input.regionCode, input.name)) throw conflict(`承办单位“${input.name}”已存在`);
          const id = await repo.insertUnit(tx, {
            countyCode: county,
            regionCode: input.regionCode,
            code,
            name: input.name,
            shortName: input.shortName ?? null,
            kind: input.kind,
            contactName: input.contactName ?? null,
            contactPhone: input.contactPhone ?? null,
            description: input.description ?? null,
            now,
          });
          await insertAudit(tx, ctx, now, {
            action: 'handling_unit.create',
            objectType: 'handling_unit',
            objectId: id,
            regionCode: input.regionCode,
            after: { code, name: input.name, kind: input.kind },
          });
          return id;
        }),
        { unique: '单位编码或名称已被使用' },
      );
      return this.get(ctx, unitId);
    },

    async update(ctx: RequestContext, unitId: string, input: TUnitUpdateRequest) {
      const { u } = await load(ctx, unitId, 'unit.manage');
      checkVersion(input.version, u.version);
      const { version: _v, ...patch } = input;
      const now = clock.now();
      await translateConstraint(
        db.transaction(async (tx) => {
          if (input.name && (await repo.unitNameTaken(tx, u.region_code, input.name, unitId))) {
            throw conflict(`承办单位“${input.name}”已存在`);
          }
          await repo.updateUnit(tx, unitId, patch, now);
          const after = await repo.findUnit(tx, unitId);
          await insertAudit(tx, ctx, now, {
            action: 'handling_unit.update',
            objectType: 'handling_unit',
            objectId: unitId,
            regionCode: u.region_code,
            before: snapshot(u),
            after: after ? snapshot(after) : null,
          });
        }),
        { unique: '单位名称已被使用' },
      );
      return this.get(ctx, unitId);
    },

    async setActive(ctx: RequestContext, unitId: string, active: boolean) {
      const { u } = await load(ctx, unitId, 'unit.manage');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.setUnitActive(tx, unitId, active, now);
        await insertAudit(tx, ctx, now, {
          action: active ? 'handling_unit.activate' : 'handling_unit.deactivate',
          objectType: 'handling_unit',
          objectId: unitId,
          regionCode: u.region_code,
          before: snapshot(u),
          after: { ...snapshot(u), active },
        });
      });
      return this.get(ctx, unitId);
    },

    async remove(ctx: RequestContext, unitId: string) {
      const { u } = await load(ctx, unitId, 'unit.manage');
      const now = clock.now();
      await translateConstraint(
        db.transaction(async (tx) => {
          await repo.deleteUnit(tx, unitId);
          await insertAudit(tx, ctx, now, {
            action: 'handling_unit.delete',
            objectType: 'handling_unit',
            objectId: unitId,
            regionCode: u.region_code,
            before: snapshot(u),
          });
        }),
        { foreignKey: '该承办单位已办理过群众意见或建议，不能删除，只能停用' },
      );
      return { deleted: true as const };
    },

    /** Unit handler accounts in the actor's scope that may be given this unit. */
    async handlerCandidates(ctx: RequestContext, unitId: string, text: string | undefined) {
      const { actor } = await load(ctx, unitId, 'unit.manage');
      return presentRoleCandidates(await listRoleCandidates(db, 'unit_handler', actor.scopeRegionCode, text));
    },

    async setHandlers(ctx: RequestContext, unitId: string, userIds: string[]) {
      const { actor, u } = await load(ctx, unitId, 'unit.manage');
      const ids = [...new Set(userIds)];
      const users = new Map((await findUsersBrief(db, ids)).map((x) => [x.user_id, x]));
      const problems: FieldProblem[] = [];
      ids.forEach((id, i) => {
        const x = users.get(id);
        if (!x || !isWithinRegion(x.scope_region_code, actor.scopeRegionCode)) {
          problems.push({ field: `userIds.${i}`, message: '用户不存在或不在您的管辖范围内' });
        } else if (x.role !== 'unit_handler') {
          problems.push({ field: `userIds.${i}`, message: `用户“${x.display_name}”不是承办单位经办人角色` });
        }
      });
      if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
      const before = (await repo.listUnitHandlers(db, unitId)).map((h) => h.user_id);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.setUnitHandlers(tx, unitId, ids);
        await insertAudit(tx, ctx, now, {
          action: 'handling_unit.set_handlers',
          objectType: 'handling_unit',
          objectId: unitId,
          regionCode: u.region_code,
          before: { userIds: before },
          after: { userIds: ids },
        });
      });
      return this.get(ctx, unitId);
    },

    // ─── Category routes ─────────────────────────────────────────────────────────────────────

    async listRoutes(ctx: RequestContext, query: TCategoryRouteListQuery) {
      const actor = await requireListAccess(deps, ctx, 'organisation.read', undefined, 'category_route');
      const { rows, total } = await repo.listRoutes(db, actor.scopeRegionCode, query);
      return {
        items: rows.map((r) => presentRoute(actor, r)),
        total,
        page: query.page,
        pageSize: query.pageSize,
        canCreate: can(actor, 'unit.manage', { regionCode: query.regionCode ?? actor.scopeRegionCode }).allowed,
      };
    },

    /** Sets (creates or replaces) the default lead unit of a category in a region. */
    async setRoute(ctx: RequestContext, input: TCategoryRouteSetRequest) {
      const actor = await requireOrgAccess(deps, ctx, 'unit.manage', { regionCodes: [input.regionCode] }, {
        type: 'category_route',
      });
      const region = await findRegion(db, input.regionCode);
      if (!region || (region.level !== 'county' && region.level !== 'town')) {
        const message = '适用区划应为县（市、区）或镇（街道）';
        throw badRequest(message, [{ field: 'regionCode', message }]);
      }
      const unit = await repo.findUnit(db, input.unitId);
      // the lead unit serves the route's region: its own region is that region or above it
      if (!unit || unit.county_code !== input.regionCode.slice(0, 6) || !isWithinRegion(input.regionCode, unit.region_code)) {
        const message = '默认主办单位不存在，或不属于该区划及其上级';
        throw badRequest(message, [{ field: 'unitId', message }]);
      }
      if (!unit.is_active) throw badRequest('该承办单位已停用', [{ field: 'unitId', message: '该承办单位已停用' }]);
      const before = await repo.findRouteByKey(db, input.regionCode, input.categoryCode);
      const now = clock.now();
      const routeId = await db.transaction(async (tx) => {
        const id = await repo.upsertRoute(tx, {
          countyCode: input.regionCode.slice(0, 6),
          regionCode: input.regionCode,
          categoryCode: input.categoryCode,
          unitId: input.unitId,
          now,
        });
        await insertAudit(tx, ctx, now, {
          action: 'category_route.set',
          objectType: 'category_route',
          objectId: id,
          regionCode: input.regionCode,
          before: before ? { categoryCode: before.category_code, unitId: before.unit_id } : null,
          after: { categoryCode: input.categoryCode, unitId: input.unitId },
        });
        return id;
      });
      return presentRoute(actor, (await repo.findRoute(db, routeId)) as repo.RouteRow);
    },

    async removeRoute(ctx: RequestContext, routeId: string) {
      const r = await repo.findRoute(db, routeId);
      if (!r) throw notFound('未找到该分类路由');
      await requireOrgAccess(deps, ctx, 'unit.manage', { regionCodes: [r.region_code] }, { type: 'category_route', id: routeId });
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.deleteRoute(tx, routeId);
        await insertAudit(tx, ctx, now, {
          action: 'category_route.delete',
          objectType: 'category_route',
          objectId: routeId,
          regionCode: r.region_code,
          before: { categoryCode: r.category_code, unitId: r.unit_id },
        });
      });
      return { deleted: true as const };
    },

    /** The default lead unit for a category at a place (most specific active route), or null. */
    async resolveRoute(ctx: RequestContext, regionCode: string, categoryCode: string) {
      const actor = await requireOrgAccess(deps, ctx, 'organisation.read', { regionCodes: [regionCode] }, {
        type: 'category_route',
      });
      const candidates = await repo.routeCandidates(db, regionCode, categoryCode);
      const best = resolveCategoryRoute(
        candidates.map((r) => ({ ...r, regionCode: r.region_code, categoryCode: r.category_code, unitId: r.unit_id, unitActive: r.unit_active })),
        regionCode,
        categoryCode,
      );
      return { route: best ? presentRoute(actor, best) : null };
    },
  };
}

/** For the closed loop: the default lead unit of a category at a place, without an actor. */
export async function defaultLeadUnit(
  deps: Pick<AppDeps, 'db'>,
  placeRegionCode: string,
  categoryCode: string,
): Promise<{ unitId: string; name: string; routeRegionCode: string } | null> {
  const candidates = await repo.routeCandidates(deps.db, placeRegionCode, categoryCode);
  const best = resolveCategoryRoute(
    candidates.map((r) => ({ ...r, regionCode: r.region_code, categoryCode: r.category_code, unitId: r.unit_id, unitActive: r.unit_active })),
    placeRegionCode,
    categoryCode,
  );
  return best ? { unitId: best.unit_id, name: best.unit_name, routeRegionCode: best.region_code } : null;
}
