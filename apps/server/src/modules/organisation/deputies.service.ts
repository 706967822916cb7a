import { randomBytes } from 'node:crypto';
import {
  activeLevels,
  allowedAssignmentBases,
  ASSIGNMENT_BASIS_LABELS,
  can,
  checkAssignment,
  congressRegionFor,
  congressRegionProblem,
  DEPUTY_LEVEL_LABELS,
  deputyPhotoProblem,
  formatPublicId,
  GENDER_LABELS,
  isValidPhone,
  isWithinRegion,
  listScopeOf,
  stationGridProblem,
  type Actor,
  type AssignmentBasis,
  type OrganisationObject,
  type TAssignmentCreateRequest,
  type TAssignmentUpdateRequest,
  type TDeputy,
  type TDeputyAction,
  type TDeputyCreateRequest,
  type TDeputyDetail,
  type TDeputyListQuery,
  type TDeputyUpdateRequest,
  type TMandateInput,
  type TMandateUpdateRequest,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { badRequest, conflict, notFound, unauthorized, type FieldProblem } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findAttachment, linkAttachments, readAttachmentBytes } from '../attachments/attachments.repository.js';
import { findRegion, findRegions } from './region.repository.js';
import * as repo from './deputies.repository.js';
import { nameSearchKeys, pinyinQuery } from './pinyin.js';
import {
  checkVersion,
  iso,
  orgActions,
  requireListAccess,
  requireOrgAccess,
  translateConstraint,
} from './organisation.access.js';

/** For reading: the deputy's own region and the places they serve; their stations. */
const readObject = (d: repo.DeputyRow): OrganisationObject => ({
  regionCodes: [d.region_code, ...d.assignment_regions],
  stationIds: d.station_ids,
  deputyId: d.deputy_id,
});

/** For changing: the deputy's own region only — a deputy is kept by the town (or county) they belong to. */
const manageObject = (d: repo.DeputyRow): OrganisationObject => ({ regionCodes: [d.region_code], deputyId: d.deputy_id });

const snapshot = (d: repo.DeputyRow) => ({
  name: d.name,
  gender: d.gender,
  ethnicity: d.ethnicity,
  birthYear: d.birth_year,
  occupation: d.occupation,
  sector: d.sector,
  workplace: d.workplace,
  fromCountyOrgan: d.from_county_organ,
  regionCode: d.region_code,
  residenceRegionCode: d.residence_region_code,
  workplaceRegionCode: d.workplace_region_code,
  unitRegionCode: d.unit_region_code,
  hasPhone: d.phone_encrypted !== null,
  active: d.is_active,
});

/**
 * Where a deputy's photo is served: a public path (the service card and the citizens' page show
 * it), naming the file so that a new photo is a new address.
 */
export const photoPathOf = (publicId: string, attachmentId: string) => `/api/public/deputies/${publicId}/photo/${attachmentId}`;

const PLACE_FIELDS = ['regionCode', 'residenceRegionCode', 'workplaceRegionCode', 'unitRegionCode'] as const;

export function createDeputiesService(deps: AppDeps) {
  const { db, clock, cipher } = deps;

  function present(actor: Actor, d: repo.DeputyRow): TDeputy {
    const manage = orgActions(actor, ['deputy.manage'] as const, manageObject(d)).length > 0;
    const reveal = orgActions(actor, ['deputy.reveal_phone'] as const, readObject(d)).length > 0;
    const actions: TDeputyAction[] = [];
    if (manage) actions.push('update', 'manage_mandates', 'manage_assignments');
    // staff in scope, and the deputy for their own record
    if (orgActions(actor, ['deputy.photo'] as const, manageObject(d)).length > 0) actions.push('manage_photo');
    if (reveal && d.phone_encrypted) actions.push('reveal_phone');
    if (manage) actions.push(d.is_active ? 'deactivate' : 'activate', 'delete');
    return {
      deputyId: d.deputy_id,
      publicId: d.public_id,
      publicPath: `/d/${d.public_id}`,
      name: d.name,
      namePinyin: d.name_pinyin,
      nameInitials: d.name_initials,
      gender: d.gender,
      genderLabel: d.gender ? GENDER_LABELS[d.gender] : null,
      ethnicity: d.ethnicity,
      birthYear: d.birth_year,
      occupation: d.occupation,
      sector: d.sector,
      workplace: d.workplace,
      fromCountyOrgan: d.from_county_organ,
      regionCode: d.region_code,
      regionName: d.region_name,
      levels: d.levels,
      levelLabels: d.levels.map((l) => DEPUTY_LEVEL_LABELS[l]),
      phoneMasked: d.phone_encrypted ? cipher.mask('phone', cipher.decrypt(d.phone_encrypted)) : null,
      photoPath: d.photo_path,
      stations: d.stations,
      grids: d.grids,
      active: d.is_active,
      isDemo: d.is_demo,
      createdAt: iso(d.created_at),
      updatedAt: iso(d.updated_at),
      version: d.version,
      actions,
    };
  }

  async function load(
    ctx: RequestContext,
    deputyId: string,
    action: 'deputy.read' | 'deputy.manage' | 'deputy.reveal_phone',
  ) {
    const d = await repo.findDeputy(db, deputyId);
    if (!d) throw notFound('未找到该代表');
    const object = action === 'deputy.manage' ? manageObject(d) : readObject(d);
    const actor = await requireOrgAccess(deps, ctx, action, object, { type: 'deputy', id: deputyId });
    return { actor, d };
  }

  /** Region fields must name existing regions; the own region a county, town or village in scope. */
  async function checkPlaces(actor: Actor, input: Partial<Record<(typeof PLACE_FIELDS)[number], string | null>>) {
    const codes = PLACE_FIELDS.map((f) => input[f]).filter((c): c is string => !!c);
    const regions = new Map((await findRegions(db, codes)).map((r) => [r.region_code, r]));
    const problems: FieldProblem[] = [];
    for (const field of PLACE_FIELDS) {
      const code = input[field];
      if (!code) continue;
      const r = regions.get(code);
      if (!r) problems.push({ field, message: '所选区划不存在' });
      else if (field === 'regionCode' && !['county', 'town', 'village'].includes(r.level)) {
        problems.push({ field, message: '代表所属区划应为县（市、区）、镇（街道）或村（社区）' });
      } else if (field === 'regionCode' && !isWithinRegion(code, actor.scopeRegionCode)) {
        problems.push({ field, message: '所属区划超出您的管辖范围' });
      }
    }
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
  }

  /** Mandates: the congress region fits the level; the regions exist; no level, congress and term twice. */
  async function mandateWrites(regionCode: string, mandates: TMandateInput[], fieldPrefix = 'mandates') {
    const problems: FieldProblem[] = [];
    const writes: repo.MandateWrite[] = mandates.map((m, i) => {
      const congress = m.congressRegionCode === undefined ? congressRegionFor(m.level, regionCode) : m.congressRegionCode;
      const problem = congressRegionProblem(m.level, congress);
      if (problem) problems.push({ field: `${fieldPrefix}.${i}.congressRegionCode`, message: problem });
      return {
        level: m.level,
        congressRegionCode: congress,
        term: m.term,
        constituency: m.constituency ?? null,
        constituencyRegionCode: m.constituencyRegionCode ?? null,
        status: m.status,
        startedOn: m.startedOn ?? null,
        endedOn: m.endedOn ?? null,
      };
    });
    const codes = writes.flatMap((w) => [w.congressRegionCode, w.constituencyRegionCode]).filter((c): c is string => !!c);
    const known = new Set((await findRegions(db, codes)).map((r) => r.region_code));
    const seen = new Set<string>();
    writes.forEach((w, i) => {
      if (w.congressRegionCode && !known.has(w.congressRegionCode)) {
        problems.push({ field: `${fieldPrefix}.${i}.congressRegionCode`, message: '所属人大区划不存在' });
      }
      if (w.constituencyRegionCode && !known.has(w.constituencyRegionCode)) {
        problems.push({ field: `${fieldPrefix}.${i}.constituencyRegionCode`, message: '选区所在区划不存在' });
      }
      const key = `${w.level}|${w.congressRegionCode ?? ''}|${w.term}`;
      if (seen.has(key)) problems.push({ field: `${fieldPrefix}.${i}.level`, message: '同一层级、同一届次的代表资格重复' });
      seen.add(key);
    });
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
    return writes;
  }

  async function newPublicId(tx: Parameters<typeof repo.publicIdTaken>[0]): Promise<string> {
    for (let i = 0; i < 10; i++) {
      const id = formatPublicId(randomBytes(8));
      if (!(await repo.publicIdTaken(tx, id))) return id;
    }
    throw conflict('无法生成代表公开编号，请重试');
  }

  async function detail(actor: Actor, d: repo.DeputyRow): Promise<TDeputyDetail> {
    const [mandates, assignments, groups, links] = await Promise.all([
      repo.listMandates(db, d.deputy_id),
      repo.listAssignments(db, d.deputy_id),
      repo.listDeputyGroups(db, d.deputy_id),
      repo.listDeputyLinks(db, d.deputy_id),
    ]);
    return {
      ...present(actor, d),
      residenceRegionCode: d.residence_region_code,
      workplaceRegionCode: d.workplace_region_code,
      unitRegionCode: d.unit_region_code,
      mandates: mandates.map((m) => ({
        mandateId: m.mandate_id,
        level: m.level,
        levelLabel: DEPUTY_LEVEL_LABELS[m.level],
        congressRegionCode: m.congress_region_code,
        congressRegionName: m.congress_region_name,
        term: m.term,
        constituency: m.constituency,
        constituencyRegionCode: m.constituency_region_code,
        status: m.status,
        startedOn: m.started_on,
        endedOn: m.ended_on,
      })),
      assignments: assignments.map((a) => ({
        assignmentId: a.assignment_id,
        basis: a.basis,
        basisLabel: ASSIGNMENT_BASIS_LABELS[a.basis],
        regionCode: a.region_code,
        station: a.station_id ? { id: a.station_id, code: a.station_code ?? '', name: a.station_name ?? '' } : null,
        grid: a.grid_id
          ? { id: a.grid_id, code: a.grid_code ?? '', name: a.grid_name ?? '', kind: a.grid_kind ?? 'grid' }
          : null,
        createdAt: iso(a.created_at),
      })),
      groups: groups.map((g) => ({ groupId: g.group_id, name: g.name, role: g.role })),
      links: links.map((l) => ({ linkId: l.link_id, kind: l.kind, memberName: l.member_name, unitName: l.unit_name })),
      allowedBases: allowedAssignmentBases({ levels: d.levels, fromCountyOrgan: d.from_county_organ }),
    };
  }

  /**
   * A station and/or grid for this deputy: both exist, are active and readable, the grid lies in
   * the station's area, R-ORG-5 allows the basis, and the actor keeps the place (its town or county).
   */
  async function checkPlacement(
    ctx: RequestContext,
    d: repo.DeputyRow,
    input: { stationId: string | null; gridId: string | null; basis: AssignmentBasis | undefined },
  ) {
    if (!ctx.actor) throw unauthorized();
    const station = input.stationId ? await repo.findStationBrief(db, input.stationId) : null;
    const [grid] = input.gridId ? await repo.findGridsBrief(db, [input.gridId]) : [];
    const problems: FieldProblem[] = [];
    if (!input.stationId && !input.gridId) problems.push({ field: 'gridId', message: '请选择联络站或网格' });
    if (input.stationId && (!station || !can(ctx.actor, 'organisation.read', { regionCode: station.region_code }).allowed)) {
      problems.push({ field: 'stationId', message: '联络站不存在' });
    } else if (station && !station.is_active) problems.push({ field: 'stationId', message: '该联络站已停用' });
    if (input.gridId && (!grid || !can(ctx.actor, 'organisation.read', { regionCode: grid.village_code }).allowed)) {
      problems.push({ field: 'gridId', message: '网格不存在' });
    } else if (grid && !grid.is_active) problems.push({ field: 'gridId', message: '该网格已停用' });
    if (station && grid) {
      const p = stationGridProblem(station.region_code, grid.village_code);
      if (p) problems.push({ field: 'stationId', message: p });
    }
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
    const regionCode = grid?.village_code ?? (station as repo.StationBrief).region_code;
    // placing is done by the town (or county) of the place
    await requireOrgAccess(deps, ctx, 'deputy.manage', { regionCodes: [regionCode] }, { type: 'deputy', id: d.deputy_id });

    const mandates = await repo.listMandates(db, d.deputy_id);
    const placement = { levels: activeLevels(mandates), fromCountyOrgan: d.from_county_organ };
    const basis: AssignmentBasis | null = input.basis ?? allowedAssignmentBases(placement)[0] ?? null;
    const ruleProblems = checkAssignment({
      ...placement,
      basis: basis ?? 'constituency',
      places: {
        constituencies: mandates
          .filter((m) => m.status === 'active' && (m.level === 'county' || m.level === 'township'))
          .map((m) => m.constituency_region_code)
          .filter((c): c is string => !!c),
        residence: d.residence_region_code,
        workplace: d.workplace_region_code,
        unit: d.unit_region_code,
      },
      targetRegionCode: regionCode,
    }).map((p) => (p.field === 'gridId' && !input.gridId ? { ...p, field: 'stationId' } : p));
    if (ruleProblems.length) throw badRequest(ruleProblems.map((p) => p.message).join('；'), ruleProblems);
    return { station, grid: grid ?? null, basis: basis as AssignmentBasis, regionCode };
  }

  async function audit(
    tx: Parameters<typeof insertAudit>[0],
    ctx: RequestContext,
    now: Date,
    action: string,
    d: { deputy_id: string; region_code: string },
    before?: unknown,
    after?: unknown,
  ) {
    await insertAudit(tx, ctx, now, {
      action,
      objectType: 'deputy',
      objectId: d.deputy_id,
      regionCode: d.region_code,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    });
  }

  return {
    async list(ctx: RequestContext, query: TDeputyListQuery) {
      const actor = await requireListAccess(deps, ctx, 'deputy.read', query.regionCode ?? query.homeRegionCode, 'deputy');
      const q = query.q?.replace(/[\s-]/g, '') ?? '';
      const { rows, total } = await repo.listDeputies(db, listScopeOf(actor), {
        ...query,
        pinyin: query.q ? pinyinQuery(query.q) : null,
        phoneIndex: q && isValidPhone(q) ? cipher.blindIndex('phone', q) : null,
      });
      return {
        items: rows.map((d) => present(actor, d)),
        total,
        page: query.page,
        pageSize: query.pageSize,
        canCreate: can(actor, 'deputy.manage', { regionCode: query.homeRegionCode ?? actor.scopeRegionCode }).allowed,
      };
    },

    async get(ctx: RequestContext, deputyId: string): Promise<TDeputyDetail> {
      const { actor, d } = await load(ctx, deputyId, 'deputy.read');
      return detail(actor, d);
    },

    async create(ctx: RequestContext, input: TDeputyCreateRequest) {
      const actor = await requireOrgAccess(deps, ctx, 'deputy.manage', { regionCodes: [input.regionCode] }, { type: 'deputy' });
      await checkPlaces(actor, input);
      const mandates = await mandateWrites(input.regionCode, input.mandates);
      const keys = nameSearchKeys(input.name);
      const now = clock.now();
      const deputyId = await translateConstraint(
        db.transaction(async (tx) => {
          const id = await repo.insertDeputy(tx, {
            countyCode: input.regionCode.slice(0, 6),
            regionCode: input.regionCode,
            publicId: await newPublicId(tx),
            name: input.name,
            namePinyin: keys.pinyin,
            nameInitials: keys.initials,
            gender: input.gender,
            ethnicity: input.ethnicity ?? null,
            birthYear: input.birthYear ?? null,
            occupation: input.occupation ?? null,
            sector: input.sector ?? null,
            workplace: input.workplace ?? null,
            fromCountyOrgan: input.fromCountyOrgan ?? false,
            residenceRegionCode: input.residenceRegionCode ?? null,
            workplaceRegionCode: input.workplaceRegionCode ?? null,
            unitRegionCode: input.unitRegionCode ?? null,
            phoneEncrypted: input.phone ? cipher.encrypt(input.phone) : null,
            phoneIndex: input.phone ? cipher.blindIndex('phone', input.phone) : null,
            now,
          });
          await repo.insertMandates(tx, id, input.regionCode.slice(0, 6), mandates, now);
          await audit(tx, ctx, now, 'deputy.create', { deputy_id: id, region_code: input.regionCode }, undefined, {
            name: input.name,
            regionCode: input.regionCode,
            levels: mandates.map((m) => m.level),
            hasPhone: !!input.phone,
          });
          return id;
        }),
        { unique: '代表资格重复或公开编号冲突，请重试' },
      );
      return this.get(ctx, deputyId);
    },

    async update(ctx: RequestContext, deputyId: string, input: TDeputyUpdateRequest) {
      const { actor, d } = await load(ctx, deputyId, 'deputy.manage');
      checkVersion(input.version, d.version);
      await checkPlaces(actor, input);
      const { version: _v, phone, name, regionCode, ...rest } = input;
      const patch: Record<string, unknown> = { ...rest };
      if (name !== undefined) {
        const keys = nameSearchKeys(name);
        Object.assign(patch, { name, namePinyin: keys.pinyin, nameInitials: keys.initials });
      }
      if (regionCode !== undefined) Object.assign(patch, { regionCode, countyCode: regionCode.slice(0, 6) });
      if (phone !== undefined) {
        Object.assign(patch, {
          phoneEncrypted: phone ? cipher.encrypt(phone) : null,
          phoneIndex: phone ? cipher.blindIndex('phone', phone) : null,
        });
      }
      // null clears a field; the repository skips undefined only
      for (const [k, v] of Object.entries(patch)) if (v === undefined) delete patch[k];
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.updateDeputy(tx, deputyId, patch, now);
        const after = await repo.findDeputy(tx, deputyId);
        await audit(tx, ctx, now, 'deputy.update', d, snapshot(d), after ? { ...snapshot(after), phoneChanged: phone !== undefined } : null);
      });
      return this.get(ctx, deputyId);
    },

    async setActive(ctx: RequestContext, deputyId: string, active: boolean) {
      const { d } = await load(ctx, deputyId, 'deputy.manage');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.setDeputyActive(tx, deputyId, active, now);
        await audit(tx, ctx, now, active ? 'deputy.activate' : 'deputy.deactivate', d, snapshot(d), { ...snapshot(d), active });
      });
      return this.get(ctx, deputyId);
    },

    /** Deletes a record entered by mistake; one with a history elsewhere can only be deactivated. */
    async remove(ctx: RequestContext, deputyId: string) {
      const { d } = await load(ctx, deputyId, 'deputy.manage');
      const now = clock.now();
      await translateConstraint(
        db.transaction(async (tx) => {
          await repo.deleteDeputy(tx, deputyId);
          await audit(tx, ctx, now, 'deputy.delete', d, snapshot(d));
        }),
        { foreignKey: '该代表已有履职、意见等记录，不能删除，只能停用' },
      );
      return { deleted: true as const };
    },

    /** The full phone number, for those allowed; every reveal is audited. */
    async revealPhone(ctx: RequestContext, deputyId: string) {
      const { d } = await load(ctx, deputyId, 'deputy.reveal_phone');
      const now = clock.now();
      const stored = await db.transaction(async (tx) => {
        const enc = await repo.findDeputyPhone(tx, deputyId);
        await audit(tx, ctx, now, 'deputy.reveal_phone', d, undefined, { name: d.name, hadPhone: enc !== null });
        return enc;
      });
      return { phone: stored ? cipher.decrypt(stored) : null };
    },

    // ─── Mandates ────────────────────────────────────────────────────────────────────────────

    async addMandate(ctx: RequestContext, deputyId: string, input: TMandateInput) {
      const { d } = await load(ctx, deputyId, 'deputy.manage');
      const existing = await repo.listMandates(db, deputyId);
      const [write] = await mandateWrites(d.region_code, [input], 'mandate');
      const w = write as repo.MandateWrite;
      if (existing.some((m) => m.level === w.level && m.congress_region_code === w.congressRegionCode && m.term === w.term)) {
        throw conflict('该代表已有同一层级、同一届次的代表资格');
      }
      const now = clock.now();
      await translateConstraint(
        db.transaction(async (tx) => {
          await repo.insertMandates(tx, deputyId, d.county_code, [w], now);
          await audit(tx, ctx, now, 'deputy.add_mandate', d, undefined, w);
        }),
        { unique: '该代表已有同一层级、同一届次的代表资格' },
      );
      return this.get(ctx, deputyId);
    },

    async updateMandate(ctx: RequestContext, deputyId: string, mandateId: string, input: TMandateUpdateRequest) {
      const { d } = await load(ctx, deputyId, 'deputy.manage');
      const all = await repo.listMandates(db, deputyId);
      const m = all.find((x) => x.mandate_id === mandateId);
      if (!m) throw notFound('未找到该代表资格');
      const patch: TMandateUpdateRequest = { ...input };
      // a new level moves the mandate to that level's congress unless one is named
      if (input.level !== undefined && input.level !== m.level && input.congressRegionCode === undefined) {
        patch.congressRegionCode = congressRegionFor(input.level, d.region_code);
      }
      const level = patch.level ?? m.level;
      const congress = patch.congressRegionCode === undefined ? m.congress_region_code : patch.congressRegionCode;
      const problems: FieldProblem[] = [];
      if (patch.level !== undefined || patch.congressRegionCode !== undefined) {
        const p = congressRegionProblem(level, congress);
        if (p) problems.push({ field: 'congressRegionCode', message: p });
        else if (congress && !(await findRegion(db, congress))) {
          problems.push({ field: 'congressRegionCode', message: '所属人大区划不存在' });
        }
      }
      if (patch.constituencyRegionCode && !(await findRegion(db, patch.constituencyRegionCode))) {
        problems.push({ field: 'constituencyRegionCode', message: '选区所在区划不存在' });
      }
      const startedOn = patch.startedOn === undefined ? m.started_on : patch.startedOn;
      const endedOn = patch.endedOn === undefined ? m.ended_on : patch.endedOn;
      if (startedOn && endedOn && endedOn < startedOn) {
        problems.push({ field: 'endedOn', message: '任期结束日期不能早于开始日期' });
      }
      if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
      const term = patch.term ?? m.term;
      if (all.some((x) => x.mandate_id !== mandateId && x.level === level && x.congress_region_code === congress && x.term === term)) {
        throw conflict('该代表已有同一层级、同一届次的代表资格');
      }
      const now = clock.now();
      await translateConstraint(
        db.transaction(async (tx) => {
          await repo.updateMandate(tx, mandateId, patch, now);
          await audit(tx, ctx, now, 'deputy.update_mandate', d, m, { ...m, ...patch });
        }),
        { unique: '该代表已有同一层级、同一届次的代表资格' },
      );
      return this.get(ctx, deputyId);
    },

    async removeMandate(ctx: RequestContext, deputyId: string, mandateId: string) {
      const { d } = await load(ctx, deputyId, 'deputy.manage');
      const m = (await repo.listMandates(db, deputyId)).find((x) => x.mandate_id === mandateId);
      if (!m) throw notFound('未找到该代表资格');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.deleteMandate(tx, mandateId);
        await audit(tx, ctx, now, 'deputy.remove_mandate', d, m);
      });
      return this.get(ctx, deputyId);
    },

    // ─── Assignments (R-ORG-5) ───────────────────────────────────────────────────────────────

    async assign(ctx: RequestContext, deputyId: string, input: TAssignmentCreateRequest) {
      if (!ctx.actor) throw unauthorized();
      const { d } = await load(ctx, deputyId, 'deputy.read');
      const { station, grid, basis, regionCode } = await checkPlacement(ctx, d, {
        stationId: input.stationId ?? null,
        gridId: input.gridId ?? null,
        basis: input.basis,
      });

      if (await repo.assignmentExists(db, deputyId, station?.station_id ?? null, grid?.grid_id ?? null)) {
        throw conflict('该代表已安排在此联络站和网格');
      }
      const now = clock.now();
      await translateConstraint(
        db.transaction(async (tx) => {
          const id = await repo.insertAssignment(tx, {
            deputyId,
            countyCode: d.county_code,
            stationId: station?.station_id ?? null,
            gridId: grid?.grid_id ?? null,
            basis: basis,
            regionCode,
            now,
          });
          await audit(tx, ctx, now, 'deputy.assign', d, undefined, {
            assignmentId: id,
            stationId: station?.station_id ?? null,
            gridId: grid?.grid_id ?? null,
            basis,
          });
        }),
        { unique: '该代表已安排在此联络站和网格' },
      );
      return this.get(ctx, deputyId);
    },

    /** Changes the basis, the station or the grid of a placement; the same checks as a new one. */
    async updateAssignment(ctx: RequestContext, deputyId: string, assignmentId: string, input: TAssignmentUpdateRequest) {
      if (!ctx.actor) throw unauthorized();
      const { d } = await load(ctx, deputyId, 'deputy.read');
      const a = (await repo.listAssignments(db, deputyId)).find((x) => x.assignment_id === assignmentId);
      if (!a) throw notFound('未找到该进站入网格安排');
      // whoever may take the deputy out of the old place (its town, or the deputy's own town)…
      if (!can(ctx.actor, 'deputy.manage', { regionCode: d.region_code }).allowed) {
        await requireOrgAccess(deps, ctx, 'deputy.manage', { regionCodes: [a.region_code] }, { type: 'deputy', id: deputyId });
      }
      // …and may place them at the new one
      const next = await checkPlacement(ctx, d, {
        stationId: input.stationId === undefined ? a.station_id : input.stationId,
        gridId: input.gridId === undefined ? a.grid_id : input.gridId,
        basis: input.basis ?? a.basis,
      });
      const stationId = next.station?.station_id ?? null;
      const gridId = next.grid?.grid_id ?? null;
      if ((stationId !== a.station_id || gridId !== a.grid_id) && (await repo.assignmentExists(db, deputyId, stationId, gridId))) {
        throw conflict('该代表已安排在此联络站和网格');
      }
      const now = clock.now();
      await translateConstraint(
        db.transaction(async (tx) => {
          await repo.updateAssignment(tx, assignmentId, { stationId, gridId, basis: next.basis, regionCode: next.regionCode });
          await audit(
            tx,
            ctx,
            now,
            'deputy.update_assignment',
            d,
            { assignmentId, stationId: a.station_id, gridId: a.grid_id, basis: a.basis },
            { assignmentId, stationId, gridId, basis: next.basis },
          );
        }),
        { unique: '该代表已安排在此联络站和网格' },
      );
      return this.get(ctx, deputyId);
    },

    // ─── Photo (service card, R-DUTY-7) ──────────────────────────────────────────────────────

    /**
     * Puts an uploaded image (checked by content and re-encoded by the attachments module) on the
     * deputy's record: staff who keep the deputy, or the deputy themself. The file must be the
     * actor's own, not yet given to any record.
     */
    async setPhoto(ctx: RequestContext, deputyId: string, attachmentId: string) {
      const d = await repo.findDeputy(db, deputyId);
      if (!d) throw notFound('未找到该代表');
      const actor = await requireOrgAccess(deps, ctx, 'deputy.photo', manageObject(d), { type: 'deputy', id: deputyId });
      const file = await findAttachment(db, attachmentId);
      if (!file || file.uploaded_by !== actor.userId || file.owner_id !== null) {
        throw badRequest('照片不存在或已被使用，请重新上传', [{ field: 'attachmentId', message: '照片不存在或已被使用，请重新上传' }]);
      }
      const problem = deputyPhotoProblem(file.mime_type, file.size_bytes);
      if (problem) throw badRequest(problem, [{ field: 'attachmentId', message: problem }]);
      const now = clock.now();
      await db.transaction(async (tx) => {
        const linked = await linkAttachments(tx, [attachmentId], { type: 'deputy_photo', id: deputyId }, actor.userId);
        if (linked.length !== 1) throw conflict('照片已被使用，请重新上传');
        await repo.setDeputyPhoto(tx, deputyId, photoPathOf(d.public_id, attachmentId), now);
        await audit(tx, ctx, now, 'deputy.set_photo', d, { photoPath: d.photo_path }, { photoPath: photoPathOf(d.public_id, attachmentId) });
      });
      return this.get(ctx, deputyId);
    },

    async removePhoto(ctx: RequestContext, deputyId: string) {
      const d = await repo.findDeputy(db, deputyId);
      if (!d) throw notFound('未找到该代表');
      await requireOrgAccess(deps, ctx, 'deputy.photo', manageObject(d), { type: 'deputy', id: deputyId });
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.setDeputyPhoto(tx, deputyId, null, now);
        await audit(tx, ctx, now, 'deputy.remove_photo', d, { photoPath: d.photo_path }, { photoPath: null });
      });
      return this.get(ctx, deputyId);
    },

    /**
     * The photo as printed on the service card and the citizens' page (R-DUTY-7 publishes it):
     * served without a session, but only the current photo of an active deputy.
     */
    async publicPhoto(publicId: string, attachmentId: string) {
      const d = await repo.findDeputyByPublicId(db, publicId);
      if (!d || !d.is_active || d.photo_path !== photoPathOf(publicId, attachmentId)) throw notFound('未找到该照片');
      const file = await findAttachment(db, attachmentId);
      if (!file || file.owner_type !== 'deputy_photo' || file.owner_id !== d.deputy_id) throw notFound('未找到该照片');
      const bytes = await readAttachmentBytes(db, file.storage_key);
      if (!bytes) throw notFound('未找到该照片');
      return { mimeType: file.mime_type, bytes };
    },

    /** Whether the actor may see a photo file of this deputy: whoever may read the deputy. */
    async mayReadPhoto(ctx: RequestContext, deputyId: string): Promise<boolean> {
      if (!ctx.actor) return false;
      const d = await repo.findDeputy(db, deputyId);
      if (!d) return false;
      return orgActions(ctx.actor, ['deputy.read'] as const, readObject(d)).length > 0;
    },

    async unassign(ctx: RequestContext, deputyId: string, assignmentId: string) {
      const { d } = await load(ctx, deputyId, 'deputy.read');
      const a = (await repo.listAssignments(db, deputyId)).find((x) => x.assignment_id === assignmentId);
      if (!a) throw notFound('未找到该进站入网格安排');
      if (!ctx.actor) throw unauthorized();
      // the town of the place or the deputy's own town may take a deputy out
      const own = can(ctx.actor, 'deputy.manage', { regionCode: d.region_code }).allowed;
      if (!own) {
        await requireOrgAccess(deps, ctx, 'deputy.manage', { regionCodes: [a.region_code] }, { type: 'deputy', id: deputyId });
      }
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.deleteAssignment(tx, assignmentId);
        await audit(tx, ctx, now, 'deputy.unassign', d, {
          assignmentId,
          stationId: a.station_id,
          gridId: a.grid_id,
          basis: a.basis,
        });
      });
      return this.get(ctx, deputyId);
    },
  };
}
