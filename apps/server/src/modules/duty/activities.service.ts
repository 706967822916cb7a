import { randomUUID } from 'node:crypto';
import {
  ACTIVITY_KIND_CATEGORY,
  ACTIVITY_KIND_LABELS,
  ACTIVITY_PLACE_LABELS,
  RECEPTION_ROUTE_LABELS,
  addCalendarDays,
  allowedActions,
  buildRotaCalendar,
  calendarDateOf,
  can,
  countsAsStationGridDuty,
  formatCalendarDate,
  isWithinRegion,
  parseCalendarDate,
  zonedInstant,
  type Actor,
  type ActivityKind,
  type RotaTemplate,
  type TActivityCreateRequest,
  type TActivityListQuery,
  type TCheckInRequest,
  type TReceptionConcernsRequest,
  type TReceptionEntryRequest,
} from '@gridvoice/core';
import type { Queryable } from '@gridvoice/db';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { createConcernsService } from '../concerns/concerns.service.js';
import { localMonthOf } from './duty-compliance.js';
import { dayRange, fieldError, iso, listScope, requireInScope, UUID } from './duty.shared.js';
import * as repo from './duty.repository.js';

type FieldProblem = { field: string; message: string };

export function createActivitiesService(deps: AppDeps) {
  const { db, clock, config, cipher } = deps;
  const tz = config.timeZone;
  const concerns = createConcernsService(deps);

  /**
   * Checks one activity's references and the actor's right to record it; returns the row to
   * write or the problems (fields prefixed with `prefix`).
   */
  interface Lookups {
    stations: Map<string, repo.StationRef | null>;
    grids: Map<string, repo.GridRef | null>;
    deputies: Map<string, repo.DeputyRef>;
    campaigns: Map<string, repo.CampaignRow | null>;
  }

  async function cached<T>(map: Map<string, T>, key: string, load: () => Promise<T>): Promise<T> {
    if (map.has(key)) return map.get(key) as T;
    const v = await load();
    map.set(key, v);
    return v;
  }

  async function prepare(
    q: Queryable,
    actor: Actor,
    input: TActivityCreateRequest,
    prefix: string,
    now: Date,
    isDemo: boolean,
    L: Lookups,
  ): Promise<{ row: repo.ActivityWrite; problems: FieldProblem[]; denied: string | null }> {
    const problems: FieldProblem[] = [];
    const f = (name: string) => `${prefix}${name}`;
    let regionCode: string | null = null;
    let countyCode: string | null = null;
    let placeId: string | null = null;
    let stationId: string | null = null;
    let gridId: string | null = null;
    if (input.place === 'station') {
      const id = input.stationId;
      const s = id && UUID.test(id) ? await cached(L.stations, id, () => repo.findStation(q, id)) : null;
      if (!s) problems.push({ field: f('stationId'), message: '联络站不存在' });
      else [regionCode, countyCode, placeId, stationId] = [s.region_code, s.county_code, s.station_id, s.station_id];
    } else if (input.place === 'grid') {
      const id = input.gridId;
      const g = id && UUID.test(id) ? await cached(L.grids, id, () => repo.findGrid(q, id)) : null;
      if (!g) problems.push({ field: f('gridId'), message: '网格不存在' });
      else [regionCode, countyCode, placeId, gridId] = [g.village_code, g.county_code, g.grid_id, g.grid_id];
    }
    for (const id of input.participantDeputyIds) if (!UUID.test(id)) problems.push({ field: f('participantDeputyIds'), message: '代表编号格式不正确' });
    const missing = input.participantDeputyIds.filter((id) => !L.deputies.has(id));
    if (!problems.length && missing.length) for (const d of await repo.findDeputies(q, missing)) L.deputies.set(d.deputy_id, d);
    const deputies = problems.length ? [] : input.participantDeputyIds.flatMap((id) => L.deputies.get(id) ?? []);
    if (!problems.length && deputies.length !== input.participantDeputyIds.length) {
      problems.push({ field: f('participantDeputyIds'), message: '参加代表不存在' });
    }
    if (input.place === 'other' && deputies[0]) {
      regionCode = actor.role === 'deputy' || actor.role === 'station_manager' ? deputies[0].region_code : actor.scopeRegionCode;
      countyCode = regionCode.slice(0, 6);
    }
    if (countyCode && deputies.some((d) => d.county_code !== countyCode)) {
      problems.push({ field: f('participantDeputyIds'), message: '参加代表不属于活动所在县（市、区）' });
    }
    if (input.campaignId) {
      const id = input.campaignId;
      const c = UUID.test(id) ? await cached(L.campaigns, id, () => repo.findCampaign(q, id)) : null;
      if (!c || (regionCode && !isWithinRegion(regionCode, c.region_code))) problems.push({ field: f('campaignId'), message: '主题活动不存在或不包含活动所在地' });
    }
    if (input.startedAt && Date.parse(input.startedAt) > now.getTime() + 86_400_000) {
      problems.push({ field: f('startedAt'), message: '活动时间不能晚于明天' });
    }
    let denied: string | null = null;
    if (!problems.length && regionCode) {
      const d = can(actor, 'activity.create', { regionCode, ...(stationId ? { stationId } : {}) });
      if (!d.allowed) denied = d.message;
      else if (actor.role === 'deputy' && !(actor.deputyId && input.participantDeputyIds.includes(actor.deputyId))) {
        denied = '代表只能登记本人参加的活动';
      }
    }
    const startedAt = new Date(input.startedAt);
    const row: repo.ActivityWrite = {
      activityId: randomUUID(),
      countyCode: countyCode ?? '',
      regionCode: regionCode ?? '',
      kind: input.kind,
      startedAt,
      endedAt: input.endedAt ? new Date(input.endedAt) : null,
      place: input.place,
      stationId,
      gridId,
      placeDescription: input.placeDescription ?? null,
      summary: input.summary,
      constituentsReceived: input.constituentsReceived,
      campaignId: input.campaignId ?? null,
      rotaSlotId: input.rotaSlotId ?? null,
      ledByCongressHead: input.ledByCongressHead ?? false,
      latitude: input.location?.latitude ?? null,
      longitude: input.location?.longitude ?? null,
      createdBy: actor.userId,
      isDemo,
      now,
      participants: input.participantDeputyIds.map((id) => ({
        deputyId: id,
        // the deputy recording their own activity on the spot has checked in
        checkedIn: actor.deputyId === id && !!input.location,
        lat: actor.deputyId === id ? (input.location?.latitude ?? null) : null,
        lng: actor.deputyId === id ? (input.location?.longitude ?? null) : null,
      })),
      placeId,
      localMonth: localMonthOf(startedAt, tz),
      isDuty: countsAsStationGridDuty({ kind: input.kind, place: input.place }),
    };
    return { row, problems, denied };
  }

  function presentActivity(actor: Actor, a: repo.ActivityRow) {
    return {
      activityId: a.activity_id,
      kind: a.kind,
      kindLabel: ACTIVITY_KIND_LABELS[a.kind as ActivityKind] ?? a.kind,
      category: ACTIVITY_KIND_CATEGORY[a.kind as ActivityKind] ?? null,
      startedAt: a.started_at.toISOString(),
      endedAt: iso(a.ended_at),
      place: a.place,
      placeLabel: ACTIVITY_PLACE_LABELS[a.place],
      stationId: a.station_id,
      gridId: a.grid_id,
      placeName: a.place_name ?? a.place_description,
      regionCode: a.region_code,
      regionName: a.region_name,
      summary: a.summary,
      constituentsReceived: a.constituents_received,
      personTimes: a.participants,
      campaignId: a.campaign_id,
      rotaSlotId: a.rota_slot_id,
      ledByCongressHead: a.led_by_congress_head,
      countsAsDuty: a.place !== 'other' && countsAsStationGridDuty({ kind: a.kind as ActivityKind, place: a.place }),
      createdAt: a.created_at.toISOString(),
      actions: allowedActions(actor, ['reception.create'] as const, { regionCode: a.region_code, stationId: a.station_id }).length && a.station_id
        ? ['register_reception']
        : [],
    };
  }

  async function loadActivity(ctx: RequestContext, activityId: string, permission: 'duty.read' | 'activity.create') {
    const a = UUID.test(activityId) ? await repo.findActivity(db, activityId) : null;
    const actor = await requireInScope(deps, ctx, permission, { type: 'activity', id: activityId }, a ? { regionCode: a.region_code, stationId: a.station_id } : null, '未找到该活动');
    const row = a as repo.ActivityRow;
    if (actor.role === 'deputy' && !(actor.deputyId && (await repo.isParticipant(db, activityId, actor.deputyId)))) {
      await insertAudit(db, ctx, clock.now(), { action: permission, objectType: 'activity', objectId: activityId, regionCode: row.region_code, outcome: 'denied', after: { reason: 'not_participant' } });
      throw notFound('未找到该活动');
    }
    return { actor, row };
  }

  const service = {
    /** Creates activities (one, or a batch for staff) in one transaction: all or nothing. */
    async createMany(ctx: RequestContext, inputs: TActivityCreateRequest[], opts: { bulk: boolean; isDemo?: boolean } = { bulk: false }) {
      const actor = await requireAccess(deps, ctx, 'activity.create', {}, { type: 'activity' });
      if (opts.bulk && !can(actor, 'duty.manage').allowed) throw forbidden('只有工作人员可以批量录入活动');
      const now = clock.now();
      const prepared: repo.ActivityWrite[] = [];
      const problems: FieldProblem[] = [];
      const L: Lookups = { stations: new Map(), grids: new Map(), deputies: new Map(), campaigns: new Map() };
      const all = [...new Set(inputs.flatMap((x) => x.participantDeputyIds).filter((id) => UUID.test(id)))];
      for (const d of await repo.findDeputies(db, all)) L.deputies.set(d.deputy_id, d);
      for (const [i, input] of inputs.entries()) {
        const p = await prepare(db, actor, input, opts.bulk ? `activities.${i}.` : '', now, opts.isDemo ?? false, L);
        problems.push(...p.problems);
        if (p.denied) {
          await insertAudit(db, ctx, now, { action: 'activity.create', objectType: 'activity', regionCode: p.row.regionCode || null, outcome: 'denied', after: { reason: p.denied } });
          throw forbidden(p.denied);
        }
        prepared.push(p.row);
      }
      if (problems.length) throw badRequest(problems.map((p) => `${p.field}：${p.message}`).join('；'), problems);
      await db.transaction(async (tx) => {
        await repo.insertActivities(tx, prepared);
        for (const r of prepared) {
          await insertAudit(tx, ctx, now, {
            action: 'activity.create',
            objectType: 'activity',
            objectId: r.activityId,
            regionCode: r.regionCode,
            after: { kind: r.kind, startedAt: r.startedAt.toISOString(), place: r.place, participants: r.participants.length, constituentsReceived: r.constituentsReceived, bulk: opts.bulk },
          });
        }
      });
      return prepared.map((r) => r.activityId);
    },

    async create(ctx: RequestContext, input: TActivityCreateRequest) {
      const [id] = await service.createMany(ctx, [input]);
      return service.get(ctx, id as string);
    },

    async bulkCreate(ctx: RequestContext, inputs: TActivityCreateRequest[]) {
      const ids = await service.createMany(ctx, inputs, { bulk: true });
      return { created: ids.length, activityIds: ids };
    },

    async list(ctx: RequestContext, query: TActivityListQuery) {
      const { actor, prefix } = await listScope(deps, ctx, 'duty.read', 'activity', query.regionCode);
      const range = query.from || query.to ? dayRange(query.from ?? '2000-01-01', query.to ?? '2100-12-31', clock.now(), tz) : null;
      const r = await repo.listActivities(db, {
        prefix,
        stationId: actor.role === 'station_manager' ? (actor.stationId ?? '00000000-0000-0000-0000-000000000000') : query.stationId,
        deputyId: actor.role === 'deputy' ? (actor.deputyId ?? '00000000-0000-0000-0000-000000000000') : query.deputyId,
        campaignId: query.campaignId,
        kind: query.kind,
        from: range?.start,
        to: range?.end,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return {
        items: r.rows.map((a) => presentActivity(actor, a)),
        total: r.total,
        page: query.page,
        pageSize: query.pageSize,
        totals: { activities: r.total, personTimes: r.personTimes, constituentsReceived: r.constituents },
        canCreate: can(actor, 'activity.create').allowed,
        canBulkCreate: can(actor, 'activity.create').allowed && can(actor, 'duty.manage').allowed,
      };
    },

    async get(ctx: RequestContext, activityId: string) {
      const { actor, row } = await loadActivity(ctx, activityId, 'duty.read');
      const [participants, linked] = await Promise.all([repo.listParticipants(db, activityId), repo.listActivityConcerns(db, activityId)]);
      return {
        ...presentActivity(actor, row),
        participants: participants.map((p) => ({ deputyId: p.deputy_id, name: p.name, checkedInAt: iso(p.checked_in_at), location: p.check_in_lat === null ? null : { latitude: p.check_in_lat, longitude: p.check_in_lng } })),
        concerns: linked.map((c) => ({ concernId: c.concern_id, caseNumber: c.case_number, title: c.title, status: c.status })),
      };
    },

    /** A deputy checks in (phone, optional location): to an activity they are in, or to their rota slot. */
    async checkIn(ctx: RequestContext, input: TCheckInRequest) {
      const actor = await requireAccess(deps, ctx, 'activity.create', {}, { type: 'activity' });
      if (actor.role !== 'deputy' || !actor.deputyId) throw forbidden('只有代表本人可以签到');
      const deputyId = actor.deputyId;
      const now = clock.now();
      const lat = input.location?.latitude ?? null;
      const lng = input.location?.longitude ?? null;
      if (input.activityId) {
        const { row } = await loadActivity(ctx, input.activityId, 'duty.read');
        await db.transaction(async (tx) => {
          if (!(await repo.checkInParticipant(tx, row.activity_id, deputyId, now, lat, lng))) throw conflict('您已签到');
          await insertAudit(tx, ctx, now, { action: 'activity.check_in', objectType: 'activity', objectId: row.activity_id, regionCode: row.region_code, after: { deputyId, located: lat !== null } });
        });
        return service.get(ctx, row.activity_id);
      }
      const slotId = input.rotaSlotId as string;
      const [templateId, date] = slotId.split('@');
      const t = templateId && UUID.test(templateId) ? await repo.findRotaTemplate(db, templateId) : null;
      if (!t || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw notFound('未找到该班次');
      const day = parseCalendarDate(date);
      const swaps = await repo.listRotaSwaps(db, [t.template_id]);
      const template: RotaTemplate = {
        id: t.template_id, name: t.name, purpose: t.purpose, place: { kind: t.place_kind, id: (t.station_id ?? t.grid_id) as string },
        recurrence: t.recurrence as RotaTemplate['recurrence'], startTime: t.start_time, endTime: t.end_time, deputyIds: t.deputy_ids,
        ...(t.rotation ? { rotation: t.rotation } : {}), validFrom: t.valid_from, validUntil: t.valid_until,
      };
      const slot = buildRotaCalendar([template], { from: zonedInstant(day, tz), to: zonedInstant(addCalendarDays(day, 1), tz) },
        swaps.map((s) => ({ slotId: s.slot_id, fromDeputyId: s.from_deputy_id, toDeputyId: s.to_deputy_id })), tz).slots.find((s) => s.slotId === slotId);
      if (!slot || !slot.deputyIds.includes(deputyId)) {
        await insertAudit(db, ctx, now, { action: 'activity.check_in', objectType: 'rota_slot', objectId: slotId, regionCode: t.region_code, outcome: 'denied', after: { reason: 'not_on_slot' } });
        throw notFound('未找到您的该班次');
      }
      if (formatCalendarDate(calendarDateOf(now, tz)) !== slot.date) throw fieldError('rotaSlotId', '只能在排班当天签到');
      const kind: ActivityKind = t.purpose === 'direct_contact_day' ? 'public_opinion' : 'reception';
      const place = t.place_kind;
      const activityId = await db.transaction(async (tx) => {
        let a = await repo.findActivityBySlot(tx, slotId);
        if (!a) {
          const row: repo.ActivityWrite = {
            activityId: randomUUID(), countyCode: t.county_code, regionCode: t.region_code, kind, startedAt: slot.start, endedAt: slot.end,
            place, stationId: t.station_id, gridId: t.grid_id, placeDescription: null,
            summary: `${t.name}（${slot.date} ${t.start_time}–${t.end_time}）`, constituentsReceived: 0, campaignId: null, rotaSlotId: slotId,
            ledByCongressHead: false, latitude: null, longitude: null, createdBy: actor.userId, isDemo: false, now, participants: [],
            placeId: t.station_id ?? t.grid_id, localMonth: localMonthOf(slot.start, tz), isDuty: countsAsStationGridDuty({ kind, place }),
          };
          await repo.insertActivities(tx, [row]);
          await insertAudit(tx, ctx, now, { action: 'activity.create', objectType: 'activity', objectId: row.activityId, regionCode: t.region_code, after: { kind, rotaSlotId: slotId } });
          a = await repo.findActivity(tx, row.activityId);
        }
        const act = a as repo.ActivityRow;
        await repo.addParticipant(tx, { activityId: act.activity_id, deputyId, countyCode: t.county_code, startedAt: act.started_at, placeId: t.station_id ?? t.grid_id, localMonth: localMonthOf(act.started_at, tz), isDuty: countsAsStationGridDuty({ kind: act.kind as ActivityKind, place: act.place }), now, lat, lng });
        await insertAudit(tx, ctx, now, { action: 'activity.check_in', objectType: 'activity', objectId: act.activity_id, regionCode: t.region_code, after: { deputyId, rotaSlotId: slotId, located: lat !== null } });
        return act.activity_id;
      });
      return service.get(ctx, activityId);
    },

    // ─── Reception register (R-DUTY-5) ─────────────────────────────────────────────────
    async createEntry(ctx: RequestContext, input: TReceptionEntryRequest) {
      const station = await repo.findStation(db, input.stationId);
      if (!station) {
        await requireAccess(deps, ctx, 'reception.create', {}, { type: 'reception_entry' });
        throw fieldError('stationId', '联络站不存在');
      }
      const actor = await requireAccess(deps, ctx, 'reception.create', { regionCode: station.region_code, stationId: station.station_id }, { type: 'reception_entry' });
      if (actor.role === 'deputy' && !(actor.deputyId && input.dutyDeputyIds.includes(actor.deputyId))) throw forbidden('代表只能登记本人值班时的接待');
      const deputies = await repo.findDeputies(db, input.dutyDeputyIds);
      if (deputies.length !== input.dutyDeputyIds.length || deputies.some((d) => d.county_code !== station.county_code)) {
        throw fieldError('dutyDeputyIds', '值班代表不存在或不属于本县');
      }
      let activity: repo.ActivityRow | null = null;
      if (input.activityId) {
        activity = await repo.findActivity(db, input.activityId);
        if (!activity || activity.station_id !== station.station_id) throw fieldError('activityId', '活动不存在或不在该联络站');
      }
      const now = clock.now();
      const receivedAt = new Date(input.receivedAt);
      const year = calendarDateOf(receivedAt, tz).year;
      const v = input.visitor;
      const entryId = randomUUID();
      const number = await db.transaction(async (tx) => {
        const seq = await repo.nextRegisterSequence(tx, station.station_id, year);
        const registerNumber = `${station.code}-${year}-${String(seq).padStart(4, '0')}`;
        let activityId = activity?.activity_id ?? null;
        if (!activityId) {
          // a reception without a check-in is recorded as the duty deputies' reception at the station
          const row: repo.ActivityWrite = {
            activityId: randomUUID(), countyCode: station.county_code, regionCode: station.region_code, kind: 'reception', startedAt: receivedAt,
            endedAt: null, place: 'station', stationId: station.station_id, gridId: null, placeDescription: null,
            summary: `接待群众登记 ${registerNumber}`, constituentsReceived: input.visitorCount, campaignId: null, rotaSlotId: null,
            ledByCongressHead: false, latitude: null, longitude: null, createdBy: actor.userId, isDemo: false, now,
            participants: input.dutyDeputyIds.map((id) => ({ deputyId: id, checkedIn: false, lat: null, lng: null })),
            placeId: station.station_id, localMonth: localMonthOf(receivedAt, tz), isDuty: true,
          };
          await repo.insertActivities(tx, [row]);
          activityId = row.activityId;
        }
        await repo.insertReceptionEntry(tx, {
          entryId, registerNumber, countyCode: station.county_code, regionCode: station.region_code, stationId: station.station_id, activityId,
          receivedAt, dutyDeputyIds: input.dutyDeputyIds,
          nameEnc: v.name ? cipher.encrypt(v.name) : null, nameMasked: v.name ? cipher.mask('name', v.name) : null,
          phoneEnc: v.phone ? cipher.encrypt(v.phone) : null, phoneMasked: v.phone ? cipher.mask('phone', v.phone) : null,
          phoneIndex: v.phone ? cipher.blindIndex('phone', v.phone) : null,
          addressEnc: v.address ? cipher.encrypt(v.address) : null, addressMasked: v.address ? cipher.mask('address', v.address) : null,
          visitorCount: input.visitorCount, requests: input.requests, proposedHandling: input.proposedHandling ?? null, route: input.route,
          feedback: input.feedback ?? null, createdBy: actor.userId, now,
        });
        await insertAudit(tx, ctx, now, { action: 'reception.create', objectType: 'reception_entry', objectId: entryId, regionCode: station.region_code, after: { registerNumber, requests: input.requests.length, route: input.route } });
        return registerNumber;
      });
      void number;
      return service.getEntry(ctx, entryId);
    },

    async loadEntry(ctx: RequestContext, entryId: string, permission: 'duty.read' | 'reception.create' | 'reception.reveal') {
      const e = UUID.test(entryId) ? await repo.findReceptionEntry(db, entryId) : null;
      const actor = await requireInScope(deps, ctx, permission, { type: 'reception_entry', id: entryId }, e ? { regionCode: e.region_code, stationId: e.station_id } : null, '未找到该登记');
      const row = e as repo.ReceptionEntryRow;
      if (actor.role === 'deputy' && !(actor.deputyId && row.duty_deputy_ids.includes(actor.deputyId))) {
        await insertAudit(db, ctx, clock.now(), { action: permission, objectType: 'reception_entry', objectId: entryId, regionCode: row.region_code, outcome: 'denied', after: { reason: 'not_on_duty' } });
        throw notFound('未找到该登记');
      }
      return { actor, row };
    },

    async presentEntry(actor: Actor, e: repo.ReceptionEntryRow) {
      const [names, linked] = await Promise.all([repo.findDeputies(db, e.duty_deputy_ids), repo.listEntryConcerns(db, e.entry_id)]);
      const subject = { regionCode: e.region_code, stationId: e.station_id };
      return {
        entryId: e.entry_id,
        registerNumber: e.register_number,
        stationId: e.station_id,
        stationName: e.station_name,
        activityId: e.activity_id,
        receivedAt: e.received_at.toISOString(),
        dutyDeputies: e.duty_deputy_ids.map((id) => ({ deputyId: id, name: names.find((d) => d.deputy_id === id)?.name ?? null })),
        visitor: { name: e.visitor_name_masked, phone: e.visitor_phone_masked, address: e.visitor_address_masked, count: e.visitor_count },
        requests: e.requests.map((r, i) => {
          const c = linked.find((l) => l.request_index === i);
          return { index: i, content: r.content, title: r.title ?? null, concern: c ? { concernId: c.concern_id, caseNumber: c.case_number, status: c.status } : null };
        }),
        proposedHandling: e.proposed_handling,
        route: e.route,
        routeLabel: RECEPTION_ROUTE_LABELS[e.route as keyof typeof RECEPTION_ROUTE_LABELS] ?? e.route,
        feedback: e.feedback,
        feedbackAt: iso(e.feedback_at),
        createdAt: e.created_at.toISOString(),
        version: e.version,
        actions: [
          ...(can(actor, 'reception.create', subject).allowed ? (['feedback', 'create_concerns'] as const) : []),
          ...(can(actor, 'reception.reveal', subject).allowed && (e.visitor_name_enc || e.visitor_phone_enc || e.visitor_address_enc) ? (['reveal'] as const) : []),
          'print' as const,
        ],
      };
    },

    async getEntry(ctx: RequestContext, entryId: string) {
      const { actor, row } = await service.loadEntry(ctx, entryId, 'duty.read');
      return service.presentEntry(actor, row);
    },

    async listEntries(ctx: RequestContext, query: { stationId?: string | undefined; year?: number | undefined; page: number; pageSize: number }) {
      const { actor, prefix } = await listScope(deps, ctx, 'duty.read', 'reception_entry');
      const stationId = actor.role === 'station_manager' ? (actor.stationId ?? '00000000-0000-0000-0000-000000000000') : query.stationId;
      const range = query.year ? dayRange(`${query.year}-01-01`, `${query.year}-12-31`, clock.now(), tz) : null;
      const r = await repo.listReceptionEntries(db, { prefix, stationId, from: range?.start, to: range?.end, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      let rows = r.rows;
      if (actor.role === 'deputy') rows = rows.filter((e) => actor.deputyId && e.duty_deputy_ids.includes(actor.deputyId));
      return { items: await Promise.all(rows.map((e) => service.presentEntry(actor, e))), total: actor.role === 'deputy' ? rows.length : r.total, page: query.page, pageSize: query.pageSize };
    },

    async setFeedback(ctx: RequestContext, entryId: string, feedback: string) {
      const { row } = await service.loadEntry(ctx, entryId, 'reception.create');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.updateEntryFeedback(tx, entryId, feedback, now);
        await insertAudit(tx, ctx, now, { action: 'reception.feedback', objectType: 'reception_entry', objectId: entryId, regionCode: row.region_code, before: { feedback: row.feedback }, after: { feedback } });
      });
      return service.getEntry(ctx, entryId);
    },

    /** The visitor's personal data in full: permission-checked and audited. */
    async revealEntry(ctx: RequestContext, entryId: string) {
      const { row } = await service.loadEntry(ctx, entryId, 'reception.reveal');
      const dec = (s: string | null) => (s ? cipher.decrypt(s) : null);
      await insertAudit(db, ctx, clock.now(), { action: 'reception.reveal', objectType: 'reception_entry', objectId: entryId, regionCode: row.region_code, after: { fields: ['name', 'phone', 'address'] } });
      return { entryId, name: dec(row.visitor_name_enc), phone: dec(row.visitor_phone_enc), address: dec(row.visitor_address_enc) };
    },

    /**
     * Files chosen requests of an entry as concerns in the closed loop (its own numbering and
     * audit), then links them. Each request is filed once; a retry files only what is missing.
     */
    async createConcernsFromEntry(ctx: RequestContext, entryId: string, input: TReceptionConcernsRequest) {
      const { row } = await service.loadEntry(ctx, entryId, 'reception.create');
      const problems: FieldProblem[] = [];
      input.items.forEach((it, i) => {
        if (it.requestIndex >= row.requests.length) problems.push({ field: `items.${i}.requestIndex`, message: '没有该序号的反映事项' });
        if (!it.regionCode.startsWith(row.county_code)) problems.push({ field: `items.${i}.regionCode`, message: '所在村（社区）不在本县' });
      });
      if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
      const already = new Set((await repo.listEntryConcerns(db, entryId)).map((l) => l.request_index));
      const firstDeputy = row.duty_deputy_ids[0];
      const created: { requestIndex: number; concernId: string; caseNumber: string }[] = [];
      for (const it of input.items) {
        if (already.has(it.requestIndex)) continue;
        const req = row.requests[it.requestIndex] as { content: string };
        const visitorName = row.visitor_name_enc ? cipher.decrypt(row.visitor_name_enc) : undefined;
        const visitorPhone = row.visitor_phone_enc ? cipher.decrypt(row.visitor_phone_enc) : undefined;
        const address = row.visitor_address_enc ? cipher.decrypt(row.visitor_address_enc) : undefined;
        let out;
        try {
          out = await concerns.create(
            ctx,
            {
              title: it.title,
              content: req.content,
              channel: 'station_reception',
              categoryCode: it.categoryCode,
              tier: it.tier,
              regionCode: it.regionCode,
              stationId: row.station_id,
              ...(address ? { address } : {}),
              constituent: { ...(visitorName ? { name: visitorName } : {}), ...(visitorPhone ? { phone: visitorPhone } : {}), anonymous: false },
              collectorKind: firstDeputy ? 'deputy' : 'staff',
              ...(firstDeputy ? { deputyId: firstDeputy } : {}),
              attachmentIds: [],
            },
            `reception:${entryId}:${it.requestIndex}`,
          );
        } catch (err) {
          if (err instanceof AppError && err.statusCode === 400 && Array.isArray(err.details)) {
            const details = (err.details as FieldProblem[]).map((d) => ({ field: `items.${input.items.indexOf(it)}.${d.field}`, message: d.message }));
            throw badRequest(err.message, details);
          }
          throw err;
        }
        const now = clock.now();
        await db.transaction(async (tx) => {
          await repo.linkEntryConcern(tx, entryId, it.requestIndex, out.concernId);
          if (row.activity_id) await repo.linkActivityConcern(tx, row.activity_id, out.concernId);
          await insertAudit(tx, ctx, now, { action: 'reception.create_concern', objectType: 'reception_entry', objectId: entryId, regionCode: row.region_code, after: { requestIndex: it.requestIndex, concernId: out.concernId, caseNumber: out.caseNumber } });
        });
        created.push({ requestIndex: it.requestIndex, concernId: out.concernId, caseNumber: out.caseNumber });
      }
      return { created, entry: await service.getEntry(ctx, entryId) };
    },

    /** The A4 register form (接待群众登记表) as the offices print it: data for the web to lay out. */
    async printEntry(ctx: RequestContext, entryId: string) {
      const { actor, row } = await service.loadEntry(ctx, entryId, 'duty.read');
      const e = await service.presentEntry(actor, row);
      const d = calendarDateOf(row.received_at, tz);
      const hm = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, hour: '2-digit', minute: '2-digit', hour12: false }).format(row.received_at);
      return {
        paper: 'A4',
        title: `${row.station_name}接待群众登记表`,
        number: row.register_number,
        fields: [
          { label: '编号', value: row.register_number },
          { label: '接待时间', value: `${d.year}年${d.month}月${d.day}日 ${hm}` },
          { label: '值班代表', value: e.dutyDeputies.map((x) => x.name ?? '').join('、') },
          { label: '来访人', value: e.visitor.name ?? '' },
          { label: '联系电话', value: e.visitor.phone ?? '' },
          { label: '住址', value: e.visitor.address ?? '' },
          { label: '来访人数', value: String(row.visitor_count) },
        ],
        requests: e.requests.map((r, i) => ({ no: i + 1, content: r.content, caseNumber: r.concern?.caseNumber ?? null })),
        proposedHandling: row.proposed_handling ?? '',
        route: e.routeLabel,
        feedback: row.feedback ?? '',
        signatures: ['值班代表签名', '联络站负责人签名'],
      };
    },

    // ─── Work log and performance record (R-DUTY-9) ────────────────────────────────────
    async workLog(ctx: RequestContext, deputyId: string, query: { from?: string | undefined; to?: string | undefined }) {
      const d = UUID.test(deputyId) ? (await repo.findDeputies(db, [deputyId]))[0] : undefined;
      await requireInScope(deps, ctx, 'duty.read', { type: 'deputy', id: deputyId }, d ? { regionCode: d.region_code, deputyId } : null, '未找到该代表');
      const range = dayRange(query.from, query.to, clock.now(), tz);
      const [acts, cons, entries, sugs] = await Promise.all([
        repo.listDeputyActivities(db, deputyId, range.start, range.end),
        repo.listConcernsCollectedBy(db, deputyId, range.start, range.end),
        repo.listEntriesOfDeputy(db, deputyId, range.start, range.end),
        repo.listSuggestionsOfDeputy(db, deputyId, range.start, range.end),
      ]);
      const items = [
        ...acts.map((a) => ({ type: 'activity' as const, at: a.started_at, id: a.activity_id, title: ACTIVITY_KIND_LABELS[a.kind as ActivityKind] ?? a.kind, detail: a.summary, place: a.place_name, constituentsReceived: a.constituents_received, checkedInAt: iso(a.checked_in_at) })),
        ...cons.map((c) => ({ type: 'concern' as const, at: c.created_at, id: c.concern_id, title: c.title, detail: c.case_number, status: c.status })),
        ...entries.map((e) => ({ type: 'reception' as const, at: e.received_at, id: e.entry_id, title: `接待群众登记 ${e.register_number}`, detail: `${e.station_name}，反映事项${e.requests}项` })),
        ...sugs.map((g) => ({ type: 'suggestion' as const, at: g.filed_at, id: g.suggestion_id, title: g.title, detail: `${g.role === 'lead' ? '领衔' : '附议'}${g.case_number ? `，${g.case_number}` : ''}`, status: g.status })),
      ].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1));
      return {
        deputyId,
        name: (d as repo.DeputyRef).name,
        from: formatCalendarDate(range.from),
        to: formatCalendarDate(range.to),
        counts: { activities: acts.length, concerns: cons.length, receptions: entries.length, suggestions: sugs.length },
        items: items.map((x) => ({ ...x, at: x.at.toISOString() })),
      };
    },
  };
  return service;
}

export type ActivitiesService = ReturnType<typeof createActivitiesService>;
