import {
  boundingBox,
  can,
  formatGridCode,
  formatMicroGridCode,
  GRID_KIND_LABELS,
  listScopeOf,
  locateGrid,
  nextSequence,
  type Actor,
  type GridBoundary,
  type OrganisationObject,
  type TGrid,
  type TGridAction,
  type TGridCreateRequest,
  type TGridDetail,
  type TGridListQuery,
  type TGridUpdateRequest,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { badRequest, conflict, notFound, unauthorized } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findRegion } from './region.repository.js';
import * as repo from './grids.repository.js';
import { userExists } from './stations.repository.js';
import {
  checkVersion,
  iso,
  orgActions,
  requireListAccess,
  requireOrgAccess,
  translateConstraint,
} from './organisation.access.js';

type WorkerInput = NonNullable<TGridCreateRequest['workers']>[number];

const snapshot = (g: repo.GridRow) => ({
  code: g.code,
  name: g.name,
  kind: g.kind,
  villageCode: g.village_code,
  parentGridId: g.parent_grid_id,
  active: g.is_active,
  hasBoundary: g.has_boundary,
});

export function createGridsService(deps: AppDeps) {
  const { db, clock, cipher } = deps;

  /** The grid as an object of the policy; a station manager's station covers it or not. */
  async function objectOf(actor: Actor, g: repo.GridRow, knownCovered?: boolean): Promise<OrganisationObject> {
    if (actor.role !== 'station_manager') return { regionCodes: [g.village_code] };
    const covered =
      knownCovered ?? (actor.stationId ? await repo.stationCoversGrid(db, actor.stationId, g.grid_id) : false);
    return { regionCodes: [g.village_code], stationIds: covered && actor.stationId ? [actor.stationId] : [] };
  }

  function present(actor: Actor, g: repo.GridRow, workers: repo.GridWorkerRow[], object: OrganisationObject): TGrid {
    const may = orgActions(actor, ['grid.manage', 'personal_data.reveal'] as const, object);
    const manage = may.includes('grid.manage');
    const actions: TGridAction[] = [];
    if (manage) actions.push('update', g.is_active ? 'deactivate' : 'activate', 'delete');
    if (manage && g.kind === 'grid' && g.is_active) actions.push('create_micro_grid');
    if (may.includes('personal_data.reveal') && workers.some((w) => w.phone_encrypted)) actions.push('reveal_phone');
    return {
      gridId: g.grid_id,
      code: g.code,
      name: g.name,
      kind: g.kind,
      kindLabel: GRID_KIND_LABELS[g.kind],
      sequence: g.sequence,
      villageCode: g.village_code,
      villageName: g.village_name,
      townCode: g.town_code,
      townName: g.town_name,
      parentGridId: g.parent_grid_id,
      parentCode: g.parent_code,
      parentName: g.parent_name,
      centre: g.centre_lat !== null && g.centre_lng !== null ? { lat: g.centre_lat, lng: g.centre_lng } : null,
      hasBoundary: g.has_boundary,
      microGridCount: g.micro_grid_count,
      deputyCount: g.deputy_count,
      workers: workers.map((w) => ({
        gridWorkerId: w.grid_worker_id,
        name: w.name,
        phoneMasked: w.phone_encrypted ? cipher.mask('phone', cipher.decrypt(w.phone_encrypted)) : null,
        userId: w.user_id,
      })),
      publicPath: `/g/${g.code}`,
      active: g.is_active,
      isDemo: g.is_demo,
      createdAt: iso(g.created_at),
      updatedAt: iso(g.updated_at),
      version: g.version,
      actions,
    };
  }

  async function load(ctx: RequestContext, gridId: string, action: Parameters<typeof requireOrgAccess>[2]) {
    if (!ctx.actor) throw unauthorized();
    const g = await repo.findGrid(db, gridId);
    if (!g) throw notFound('未找到该网格');
    const object = await objectOf(ctx.actor, g);
    const actor = await requireOrgAccess(deps, ctx, action, object, { type: 'grid', id: gridId });
    return { actor, g, object };
  }

  function workerWrites(workers: WorkerInput[]) {
    return workers.map((w) => ({
      name: w.name,
      phoneEncrypted: w.phone ? cipher.encrypt(w.phone) : null,
      phoneIndex: w.phone ? cipher.blindIndex('phone', w.phone) : null,
      userId: w.userId ?? null,
    }));
  }

  async function checkWorkerUsers(workers: WorkerInput[] | undefined) {
    for (const [i, w] of (workers ?? []).entries()) {
      if (w.userId && !(await userExists(db, w.userId))) {
        throw badRequest('网格员账号不存在', [{ field: `workers.${i}.userId`, message: '网格员账号不存在' }]);
      }
    }
  }

  function boundaryWrite(b: unknown) {
    return b === null ? null : { value: b, bbox: boundingBox(b as GridBoundary) };
  }

  return {
    async list(ctx: RequestContext, query: TGridListQuery) {
      const actor = await requireListAccess(deps, ctx, 'organisation.read', query.regionCode, 'grid');
      const scope = listScopeOf(actor);
      const { rows, total } = await repo.listGrids(db, scope, query);
      const workers = await repo.listGridWorkers(db, rows.map((r) => r.grid_id));
      const covered = scope.stationId ? true : undefined;
      const items = [];
      for (const g of rows) {
        items.push(present(actor, g, workers.filter((w) => w.grid_id === g.grid_id), await objectOf(actor, g, covered)));
      }
      return {
        items,
        total,
        page: query.page,
        pageSize: query.pageSize,
        canCreate: can(actor, 'grid.manage', { regionCode: query.regionCode ?? actor.scopeRegionCode }).allowed,
      };
    },

    async get(ctx: RequestContext, gridId: string): Promise<TGridDetail> {
      const { actor, g, object } = await load(ctx, gridId, 'organisation.read');
      const [workers, boundary, microGrids, deputies, stations] = await Promise.all([
        repo.listGridWorkers(db, [gridId]),
        repo.findGridBoundary(db, gridId),
        repo.listMicroGrids(db, gridId),
        repo.listGridDeputies(db, gridId),
        repo.listStationsCoveringGrid(db, gridId),
      ]);
      return {
        ...present(actor, g, workers, object),
        boundary,
        microGrids: microGrids.map((m) => ({
          gridId: m.grid_id,
          code: m.code,
          name: m.name,
          deputyCount: m.deputy_count,
          active: m.is_active,
        })),
        deputies: deputies.map((d) => ({
          deputyId: d.deputy_id,
          name: d.name,
          levels: d.levels as TGridDetail['deputies'][number]['levels'],
          basis: d.basis as TGridDetail['deputies'][number]['basis'],
          gridId: d.grid_id,
        })),
        stations: stations.map((s) => ({
          stationId: s.station_id,
          code: s.code,
          name: s.name,
          kind: s.kind as TGridDetail['stations'][number]['kind'],
        })),
      };
    },

    async create(ctx: RequestContext, input: TGridCreateRequest) {
      let parent: repo.GridRow | null = null;
      let villageCode: string;
      if (input.parentGridId) {
        if (!ctx.actor) throw unauthorized();
        parent = await repo.findGrid(db, input.parentGridId);
        if (!parent) throw badRequest('所属网格不存在', [{ field: 'parentGridId', message: '所属网格不存在' }]);
        await requireOrgAccess(deps, ctx, 'grid.manage', await objectOf(ctx.actor, parent), { type: 'grid' });
        if (parent.kind !== 'grid') {
          throw badRequest('微网格之下不能再设微网格', [{ field: 'parentGridId', message: '微网格之下不能再设微网格' }]);
        }
        if (!parent.is_active) {
          throw badRequest('所属网格已停用', [{ field: 'parentGridId', message: '所属网格已停用' }]);
        }
        villageCode = parent.village_code;
      } else {
        villageCode = input.villageCode as string;
        await requireOrgAccess(deps, ctx, 'grid.manage', { regionCodes: [villageCode] }, { type: 'grid' });
        const region = await findRegion(db, villageCode);
        if (!region) throw badRequest('所属村（社区）不存在', [{ field: 'villageCode', message: '所属村（社区）不存在' }]);
        if (region.level !== 'village') {
          const message = '网格只能设在村（社区）之下，不能直接设在镇（街道）之下';
          throw badRequest(message, [{ field: 'villageCode', message }]);
        }
      }
      await checkWorkerUsers(input.workers);
      const now = clock.now();
      const gridId = await translateConstraint(
        db.transaction(async (tx) => {
          const key = parent ? { gridId: parent.grid_id } : { villageCode };
          await repo.lockGridParent(tx, key);
          const sequence = input.sequence ?? nextSequence(await repo.usedSequences(tx, key));
          const code = parent ? formatMicroGridCode(parent.code, sequence) : formatGridCode(villageCode, sequence);
          if (await repo.gridCodeTaken(tx, code)) throw conflict(`网格编码 ${code} 已被使用（序号 ${sequence}）`);
          const id = await repo.insertGrid(tx, {
            countyCode: villageCode.slice(0, 6),
            villageCode,
            parentGridId: parent?.grid_id ?? null,
            kind: parent ? 'micro_grid' : 'grid',
            sequence,
            code,
            name: input.name,
            boundary: input.boundary ?? null,
            bbox: input.boundary ? boundingBox(input.boundary) : null,
            centreLat: input.centreLat ?? null,
            centreLng: input.centreLng ?? null,
            now,
          });
          if (input.workers?.length) await repo.replaceGridWorkers(tx, id, villageCode.slice(0, 6), workerWrites(input.workers));
          await insertAudit(tx, ctx, now, {
            action: 'grid.create',
            objectType: 'grid',
            objectId: id,
            regionCode: villageCode,
            after: { code, name: input.name, kind: parent ? 'micro_grid' : 'grid', workers: input.workers?.length ?? 0 },
          });
          return id;
        }),
        { unique: '网格编码已被使用，请重试' },
      );
      return this.get(ctx, gridId);
    },

    async update(ctx: RequestContext, gridId: string, input: TGridUpdateRequest) {
      const { g } = await load(ctx, gridId, 'grid.manage');
      checkVersion(input.version, g.version);
      await checkWorkerUsers(input.workers);
      const now = clock.now();
      await db.transaction(async (tx) => {
        const centre =
          input.centreLat === undefined
            ? undefined
            : input.centreLat === null || input.centreLng === null || input.centreLng === undefined
              ? null
              : { lat: input.centreLat, lng: input.centreLng };
        await repo.updateGrid(
          tx,
          gridId,
          {
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.boundary !== undefined ? { boundary: boundaryWrite(input.boundary) } : {}),
            ...(centre !== undefined ? { centre } : {}),
          },
          now,
        );
        if (input.workers) await repo.replaceGridWorkers(tx, gridId, g.county_code, workerWrites(input.workers));
        const after = await repo.findGrid(tx, gridId);
        await insertAudit(tx, ctx, now, {
          action: 'grid.update',
          objectType: 'grid',
          objectId: gridId,
          regionCode: g.village_code,
          before: snapshot(g),
          after: after ? { ...snapshot(after), workersReplaced: input.workers !== undefined } : null,
        });
      });
      return this.get(ctx, gridId);
    },

    async setActive(ctx: RequestContext, gridId: string, active: boolean) {
      const { g } = await load(ctx, gridId, 'grid.manage');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.setGridActive(tx, gridId, active, now);
        await insertAudit(tx, ctx, now, {
          action: active ? 'grid.activate' : 'grid.deactivate',
          objectType: 'grid',
          objectId: gridId,
          regionCode: g.village_code,
          before: snapshot(g),
          after: { ...snapshot(g), active },
        });
      });
      return this.get(ctx, gridId);
    },

    async remove(ctx: RequestContext, gridId: string) {
      const { g } = await load(ctx, gridId, 'grid.manage');
      const refs = await repo.gridReferences(db, gridId);
      if (refs.microGrids > 0 || refs.assignments > 0) {
        throw conflict('该网格下仍有微网格或代表，不能删除；可先移除，或改为停用', 'in_use');
      }
      const now = clock.now();
      await translateConstraint(
        db.transaction(async (tx) => {
          await repo.deleteGrid(tx, gridId);
          await insertAudit(tx, ctx, now, {
            action: 'grid.delete',
            objectType: 'grid',
            objectId: gridId,
            regionCode: g.village_code,
            before: snapshot(g),
          });
        }),
        { foreignKey: '该网格已有关联的记录（如群众意见），不能删除，只能停用' },
      );
      return { deleted: true as const };
    },

    /** The grid a coordinate lies in, among the grids with a boundary the actor may read. */
    async locate(ctx: RequestContext, lat: number, lng: number) {
      const actor = await requireListAccess(deps, ctx, 'organisation.read', undefined, 'grid');
      const candidates = await repo.gridsWithBoundaryAround(db, actor.scopeRegionCode, lat, lng);
      const readable = [];
      for (const c of candidates) {
        if (actor.role === 'station_manager' && !(actor.stationId && (await repo.stationCoversGrid(db, actor.stationId, c.grid_id)))) {
          continue;
        }
        readable.push({ gridId: c.grid_id, kind: c.kind, boundary: c.boundary as GridBoundary });
      }
      const hit = locateGrid(readable, lat, lng);
      if (!hit) return { grid: null };
      const g = await repo.findGrid(db, hit.gridId);
      if (!g) return { grid: null };
      const workers = await repo.listGridWorkers(db, [g.grid_id]);
      return { grid: present(actor, g, workers, await objectOf(actor, g)) };
    },

    async revealWorkerPhone(ctx: RequestContext, gridId: string, workerId: string) {
      const { g } = await load(ctx, gridId, 'personal_data.reveal');
      const w = await repo.findGridWorker(db, gridId, workerId);
      if (!w) throw notFound('未找到该网格员');
      const now = clock.now();
      await db.transaction((tx) =>
        insertAudit(tx, ctx, now, {
          action: 'grid_worker.reveal_phone',
          objectType: 'grid_worker',
          objectId: workerId,
          regionCode: g.village_code,
          after: { gridId, name: w.name },
        }),
      );
      return { phone: w.phone_encrypted ? cipher.decrypt(w.phone_encrypted) : null };
    },
  };
}
