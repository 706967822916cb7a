import {
  DEPUTY_LEVEL_LABELS,
  PERIOD_TYPE_LABELS,
  ROTA_PURPOSE_LABELS,
  addCalendarDays,
  allowedActions,
  buildRotaCalendar,
  calendarDateOf,
  computeCompliance,
  describeRecurrence,
  dutyReminder,
  effectiveRule,
  formatCalendarDate,
  isAnnouncedInTime,
  nextDutyOf,
  periodOf,
  recurrenceMatches,
  validateSwap,
  zonedInstant,
  type Actor,
  type RotaSlot,
  type RotaTemplate,
  type TAnnouncementRequest,
  type TComplianceQuery,
  type TRangeQuery,
  type TRegionDutyRuleRequest,
  type TRotaSwapRequest,
  type TRotaTemplateRequest,
} from '@gridvoice/core';
import type { Queryable } from '@gridvoice/db';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { insertNotifications } from '../notifications/notifications.repository.js';
import { computeComplianceFor, loadRuleResolver, type DeputyCompliance } from './duty-compliance.js';
import { dayRange, fieldError, listScope, parseDay, requireInScope, UUID } from './duty.shared.js';
import * as repo from './duty.repository.js';

/**
 * The compliance counts of a wide scope (a city or a province: tens of thousands of deputies)
 * take a second to work out, too long for a dashboard that shows them on every visit. Scopes of
 * at least LARGE_SCOPE deputies are therefore worked out at most once a minute (real time) and
 * shown with the moment they were worked out (asOf); smaller scopes are always worked out afresh.
 * Concurrent requests for the same scope share one computation.
 */
export const LARGE_SCOPE_DEPUTIES = 5_000;
const TOTALS_TTL_MS = 60_000;
interface ComplianceTotals {
  deputies: number;
  compliant: number;
  asOf: string;
}
const totalsCache = new WeakMap<object, Map<string, { at: number; value: Promise<ComplianceTotals> }>>();

function templateOf(row: repo.RotaTemplateRow): RotaTemplate {
  return {
    id: row.template_id,
    name: row.name,
    purpose: row.purpose,
    place: { kind: row.place_kind, id: (row.station_id ?? row.grid_id) as string },
    recurrence: row.recurrence as RotaTemplate['recurrence'],
    startTime: row.start_time,
    endTime: row.end_time,
    deputyIds: row.deputy_ids,
    ...(row.rotation ? { rotation: row.rotation } : {}),
    validFrom: row.valid_from,
    validUntil: row.valid_until,
  };
}

export function createDutyService(deps: AppDeps) {
  const { db, clock, config } = deps;
  const tz = config.timeZone;

  async function namesOf(ids: string[]): Promise<Map<string, string>> {
    const rows = await repo.findDeputies(db, [...new Set(ids)]);
    return new Map(rows.map((d) => [d.deputy_id, d.name]));
  }

  function presentTemplate(actor: Actor, row: repo.RotaTemplateRow, names: Map<string, string>) {
    const subject = { regionCode: row.region_code, stationId: row.station_id };
    return {
      templateId: row.template_id,
      name: row.name,
      purpose: row.purpose,
      purposeLabel: ROTA_PURPOSE_LABELS[row.purpose],
      place: { kind: row.place_kind, id: row.station_id ?? row.grid_id, name: row.place_name },
      regionCode: row.region_code,
      recurrence: row.recurrence,
      recurrenceLabel: describeRecurrence(row.recurrence as RotaTemplate['recurrence']),
      startTime: row.start_time,
      endTime: row.end_time,
      deputies: row.deputy_ids.map((id) => ({ deputyId: id, name: names.get(id) ?? null })),
      rotation: (row.rotation ?? []).map((g) => g.map((id) => ({ deputyId: id, name: names.get(id) ?? null }))),
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      active: row.is_active,
      version: row.version,
      actions: row.is_active && allowedActions(actor, ['duty.manage'] as const, subject).length ? ['update', 'delete', 'swap', 'announce'] : [],
    };
  }

  function presentSlot(s: RotaSlot, names: Map<string, string>, placeName: string | null) {
    return {
      slotId: s.slotId,
      templateId: s.templateId,
      purpose: s.purpose,
      place: { ...s.place, name: placeName },
      date: s.date,
      start: s.start.toISOString(),
      end: s.end.toISOString(),
      deputies: s.deputyIds.map((id) => ({ deputyId: id, name: names.get(id) ?? null })),
      swaps: s.swaps,
    };
  }

  /** The place of a template: it must exist in a county the actor keeps; returns region and county. */
  async function placeOf(q: Queryable, input: TRotaTemplateRequest) {
    if (!UUID.test(input.place.id)) throw fieldError('place.id', '地点编号格式不正确');
    if (input.place.kind === 'station') {
      const s = await repo.findStation(q, input.place.id);
      if (!s) throw fieldError('place.id', '联络站不存在');
      return { regionCode: s.region_code, countyCode: s.county_code, stationId: s.station_id, gridId: null };
    }
    const g = await repo.findGrid(q, input.place.id);
    if (!g) throw fieldError('place.id', '网格不存在');
    return { regionCode: g.village_code, countyCode: g.county_code, stationId: null, gridId: g.grid_id };
  }

  async function checkDeputies(q: Queryable, ids: string[], countyCode: string, field: string) {
    for (const id of ids) if (!UUID.test(id)) throw fieldError(field, '代表编号格式不正确');
    const found = await repo.findDeputies(q, ids);
    if (found.length !== new Set(ids).size || found.some((d) => d.county_code !== countyCode)) {
      throw fieldError(field, '代表不存在或不属于本县');
    }
    return found;
  }

  async function calendarFor(rows: repo.RotaTemplateRow[], from: Date, to: Date) {
    const swaps = await repo.listRotaSwaps(db, rows.map((r) => r.template_id));
    const cal = buildRotaCalendar(
      rows.map(templateOf),
      { from, to },
      swaps.map((s) => ({ slotId: s.slot_id, fromDeputyId: s.from_deputy_id, toDeputyId: s.to_deputy_id })),
      tz,
    );
    return cal.slots;
  }

  return {
    // ─── Rules (R-DUTY-1) ───────────────────────────────────────────────────────────────
    async getRule(ctx: RequestContext, regionCode: string) {
      const actor = await requireAccess(deps, ctx, 'duty.read', { regionCode }, { type: 'duty_rule', id: regionCode });
      const resolve = await loadRuleResolver(db);
      const r = resolve(regionCode);
      return {
        regionCode,
        rule: r.rule,
        inheritedFrom: r.fromRegionCode === regionCode ? null : r.fromRegionCode,
        isDefault: r.fromRegionCode === null,
        reminderDaysBefore: r.reminderDaysBefore,
        directContactWeekdays: r.directContactWeekdays,
        levels: Object.entries(r.rule.frequencies).map(([level, f]) => ({
          level,
          levelLabel: DEPUTY_LEVEL_LABELS[level as keyof typeof DEPUTY_LEVEL_LABELS],
          periodType: f.periodType,
          periodLabel: PERIOD_TYPE_LABELS[f.periodType],
          minCount: f.minCount,
        })),
        actions: allowedActions(actor, ['duty.manage'] as const, { regionCode }).length ? ['update'] : [],
      };
    },

    async putRule(ctx: RequestContext, input: TRegionDutyRuleRequest) {
      await requireAccess(deps, ctx, 'duty.manage', { regionCode: input.regionCode }, { type: 'duty_rule', id: input.regionCode });
      const now = clock.now();
      await db.transaction(async (tx) => {
        const region = await repo.findRegion(tx, input.regionCode);
        if (!region) throw fieldError('regionCode', '行政区划不存在');
        const before = (await repo.findDutyRulesUp(tx, [input.regionCode]))[0] ?? null;
        await repo.upsertDutyRule(tx, {
          regionCode: input.regionCode,
          countyCode: region.county_code,
          rule: input.rule,
          reminderDaysBefore: input.reminderDaysBefore,
          now,
        });
        await insertAudit(tx, ctx, now, {
          action: 'duty.rule.update',
          objectType: 'duty_rule',
          objectId: input.regionCode,
          regionCode: input.regionCode,
          before: before ? { rule: before.rule, reminderDaysBefore: before.reminder_days_before } : null,
          after: { rule: input.rule, reminderDaysBefore: input.reminderDaysBefore },
        });
      });
      return this.getRule(ctx, input.regionCode);
    },

    async putDirectContactDays(ctx: RequestContext, regionCode: string, weekdays: number[]) {
      await requireAccess(deps, ctx, 'duty.manage', { regionCode }, { type: 'duty_rule', id: regionCode });
      const now = clock.now();
      await db.transaction(async (tx) => {
        const region = await repo.findRegion(tx, regionCode);
        if (!region) throw fieldError('regionCode', '行政区划不存在');
        const resolve = await loadRuleResolver(tx);
        const current = resolve(regionCode);
        await repo.upsertDutyRule(tx, {
          regionCode,
          countyCode: region.county_code,
          // a region without its own rule keeps the one it inherits
          rule: current.fromRegionCode === regionCode ? undefined : current.rule,
          reminderDaysBefore: current.reminderDaysBefore,
          weekdays,
          now,
        });
        await insertAudit(tx, ctx, now, {
          action: 'duty.direct_contact_days.update',
          objectType: 'duty_rule',
          objectId: regionCode,
          regionCode,
          before: { weekdays: current.directContactWeekdays },
          after: { weekdays },
        });
      });
      return this.directContactDays(ctx, { regionCode, from: formatCalendarDate(calendarDateOf(now, tz)), to: formatCalendarDate(addCalendarDays(calendarDateOf(now, tz), 30)) });
    },

    /** The direct-contact days (直联日, R-DUTY-3) of a region in a range. */
    async directContactDays(ctx: RequestContext, q: { regionCode: string; from: string; to: string }) {
      await requireAccess(deps, ctx, 'duty.read', { regionCode: q.regionCode }, { type: 'duty_rule', id: q.regionCode });
      const r = (await loadRuleResolver(db))(q.regionCode);
      const days: string[] = [];
      const last = parseDay(q.to, 'to');
      for (let d = parseDay(q.from, 'from'), n = 0; formatCalendarDate(d) <= formatCalendarDate(last) && n < 400; d = addCalendarDays(d, 1), n++) {
        if (recurrenceMatches({ kind: 'weekly', weekdays: r.directContactWeekdays as (0 | 1 | 2 | 3 | 4 | 5 | 6)[] }, d)) days.push(formatCalendarDate(d));
      }
      return { regionCode: q.regionCode, weekdays: r.directContactWeekdays, days };
    },

    // ─── Compliance ─────────────────────────────────────────────────────────────────────
    /** Report by town and level with the non-compliant list; each number names its deputies. */
    async complianceReport(ctx: RequestContext, query: TComplianceQuery) {
      const { actor, prefix, regionCode } = await listScope(deps, ctx, 'duty.read', 'compliance', query.regionCode);
      if (actor.role === 'deputy') throw forbidden('代表只能查看本人的履职情况');
      const now = clock.now();
      const range = dayRange(query.from, query.to, now, tz);
      const rows = await computeComplianceFor(db, { prefix, range, now, timeZone: tz });
      const towns = await repo.regionNames(db, [...new Set(rows.map((r) => r.townCode))]);
      const groups = new Map<string, { townCode: string; level: string; deputies: number; compliant: number; nonCompliantDeputyIds: string[] }>();
      let nonCompliantTotal = 0;
      for (const r of rows) {
        const key = `${r.townCode}|${r.level}`;
        let g = groups.get(key);
        if (!g) {
          g = { townCode: r.townCode, level: r.level, deputies: 0, compliant: 0, nonCompliantDeputyIds: [] };
          groups.set(key, g);
        }
        g.deputies += 1;
        if (r.compliant) g.compliant += 1;
        else {
          g.nonCompliantDeputyIds.push(r.deputyId);
          nonCompliantTotal += 1;
        }
      }
      const nonCompliant = rows
        .filter((d) => !d.compliant)
        .map((d) => ({ key: `${d.townCode}|${d.name}|${d.deputyId}`, d }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((x) => x.d);
      return {
        regionCode,
        from: formatCalendarDate(range.from),
        to: formatCalendarDate(range.to),
        asOf: now.toISOString(),
        total: { deputies: rows.length, compliant: rows.length - nonCompliantTotal, nonCompliant: nonCompliantTotal },
        towns: Object.fromEntries(towns),
        byTownAndLevel: [...groups.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([, g]) => ({
            townCode: g.townCode,
            townName: towns.get(g.townCode) ?? null,
            level: g.level,
            levelLabel: DEPUTY_LEVEL_LABELS[g.level as keyof typeof DEPUTY_LEVEL_LABELS],
            deputies: g.deputies,
            compliant: g.compliant,
            nonCompliant: g.nonCompliantDeputyIds.length,
            nonCompliantDeputyIds: g.nonCompliantDeputyIds,
          })),
        /** The non-compliant deputies by town and name, each with the periods they missed. */
        nonCompliant,
        /** Every deputy of the report (the numbers above are counts of these). */
        deputies: rows,
      };
    },

    /**
     * The two counts the statistics pages show (deputies, compliant), under the same access rule
     * as the report; wide scopes come from a result at most a minute old (see totalsCache).
     */
    async complianceTotals(ctx: RequestContext, query: TComplianceQuery): Promise<ComplianceTotals> {
      const { actor, prefix } = await listScope(deps, ctx, 'duty.read', 'compliance', query.regionCode);
      if (actor.role === 'deputy') throw forbidden('代表只能查看本人的履职情况');
      const now = clock.now();
      const range = dayRange(query.from, query.to, now, tz);
      const key = `${prefix}|${formatCalendarDate(range.from)}|${formatCalendarDate(range.to)}`;
      let cache = totalsCache.get(db);
      if (!cache) totalsCache.set(db, (cache = new Map()));
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < TOTALS_TTL_MS) return hit.value;
      const value = computeComplianceFor(db, { prefix, range, now, timeZone: tz }).then((rows) => ({
        deputies: rows.length,
        compliant: rows.filter((r) => r.compliant).length,
        asOf: now.toISOString(),
      }));
      const entry = { at: Date.now(), value };
      cache.set(key, entry);
      try {
        const totals = await value;
        if (totals.deputies < deps.config.complianceCacheMinDeputies && cache.get(key) === entry) cache.delete(key);
        return totals;
      } catch (err) {
        if (cache.get(key) === entry) cache.delete(key);
        throw err;
      }
    },

    /** One deputy's compliance per period, each period with the visits that count. */
    async deputyCompliance(ctx: RequestContext, deputyId: string, query: { from?: string | undefined; to?: string | undefined }) {
      const d = UUID.test(deputyId) ? (await repo.findDeputies(db, [deputyId]))[0] : undefined;
      await requireInScope(deps, ctx, 'duty.read', { type: 'deputy', id: deputyId }, d ? { regionCode: d.region_code, deputyId } : null, '未找到该代表');
      const dep = d as repo.DeputyRef;
      const now = clock.now();
      const range = dayRange(query.from, query.to, now, tz);
      const resolved = (await loadRuleResolver(db))(dep.region_code);
      const eff = effectiveRule(dep.levels, resolved.rule);
      const assignments = await repo.listAssignmentsOf(db, deputyId);
      if (!eff) {
        return { deputyId, name: dep.name, levels: dep.levels, rule: null, assignments, periods: [] };
      }
      const first = periodOf(range.start, eff.periodType, tz);
      const last = periodOf(new Date(range.end.getTime() - 1), eff.periodType, tz);
      const visits = await repo.listDutyVisits(db, deputyId, first.start, last.end);
      const periods = computeCompliance({
        levels: dep.levels,
        visits: visits.map((v) => v.started_at),
        rule: resolved.rule,
        periodRange: { from: range.start, to: range.end },
        timeZone: tz,
        asOf: now,
      });
      return {
        deputyId,
        name: dep.name,
        levels: dep.levels,
        rule: { level: eff.level, levelLabel: DEPUTY_LEVEL_LABELS[eff.level], periodType: eff.periodType, periodLabel: PERIOD_TYPE_LABELS[eff.periodType], minCount: eff.minCount, fromRegionCode: resolved.fromRegionCode },
        assignments: assignments.map((a) => ({ stationId: a.station_id, stationName: a.station_name, gridId: a.grid_id, gridName: a.grid_name })),
        periods: periods.map((p) => ({
          periodKey: p.periodKey,
          start: p.start.toISOString(),
          end: p.end.toISOString(),
          required: p.required,
          done: p.done,
          compliant: p.compliant,
          inProgress: p.inProgress,
          records: visits
            .filter((v) => v.started_at >= p.start && v.started_at < p.end)
            .map((v) => ({ activityId: v.activity_id, kind: v.kind, startedAt: v.started_at.toISOString(), place: v.place, placeName: v.place_name, summary: v.summary })),
        })),
      };
    },

    /** Reminders to deputies not yet compliant in the last days of the period (a daily job). */
    async sendReminders(now: Date): Promise<{ reminded: number }> {
      const today = calendarDateOf(now, tz);
      const rows = await computeComplianceFor(db, { prefix: '', range: { from: today, to: today }, now, timeZone: tz });
      const resolve = await loadRuleResolver(db);
      const due: { d: DeputyCompliance; periodKey: string; daysLeft: number; done: number }[] = [];
      for (const d of rows) {
        if (!d.pendingPeriod) continue;
        const r = resolve(d.regionCode);
        const rem = dutyReminder({ now, levels: d.levels, visits: [], rule: r.rule, timeZone: tz, daysBefore: r.reminderDaysBefore });
        if (!rem || rem.daysLeft > r.reminderDaysBefore) continue;
        due.push({ d, periodKey: d.pendingPeriod.periodKey, daysLeft: rem.daysLeft, done: d.pendingPeriod.done });
      }
      if (due.length === 0) return { reminded: 0 };
      const sent = await repo.reminderSent(db, due.map((x) => x.d.deputyId), due.map((x) => x.periodKey));
      const todo = due.filter((x) => !sent.has(`${x.d.deputyId}|${x.periodKey}`));
      if (todo.length === 0) return { reminded: 0 };
      const users = await repo.userIdsOfDeputies(db, todo.map((x) => x.d.deputyId));
      await db.transaction(async (tx) => {
        await insertNotifications(
          tx,
          users.flatMap((u) => {
            const x = todo.find((t) => t.d.deputyId === u.deputy_id);
            if (!x) return [];
            return [{
              userId: u.user_id,
              topic: 'duty.reminder',
              body: `${x.d.name}代表：本${PERIOD_TYPE_LABELS[x.d.periodType].replace('每', '')}（${x.periodKey}）进站入网格履职要求${x.d.required}次，目前${x.done}次，距周期结束还有${x.daysLeft}天。`,
              link: '/duty/my',
              aggregateType: 'deputy',
              aggregateId: x.d.deputyId,
              outboxId: null,
              now,
            }];
          }),
        );
        await repo.insertReminders(
          tx,
          todo.map((x) => ({ deputyId: x.d.deputyId, periodKey: x.periodKey, countyCode: x.d.regionCode.slice(0, 6), recipients: users.filter((u) => u.deputy_id === x.d.deputyId).length })),
          now,
        );
      });
      return { reminded: todo.length };
    },

    // ─── Rota (R-DUTY-2) ────────────────────────────────────────────────────────────────
    async listTemplates(ctx: RequestContext, query: { regionCode?: string | undefined; stationId?: string | undefined }) {
      const { actor, prefix } = await listScope(deps, ctx, 'duty.read', 'rota_template', query.regionCode);
      const stationId = actor.role === 'station_manager' ? (actor.stationId ?? '00000000-0000-0000-0000-000000000000') : query.stationId;
      const rows = await repo.listRotaTemplates(db, { prefix, stationId: stationId ?? null });
      const names = await namesOf(rows.flatMap((r) => [...r.deputy_ids, ...(r.rotation ?? []).flat()]));
      return { items: rows.map((r) => presentTemplate(actor, r, names)), canCreate: allowedActions(actor, ['duty.manage'] as const).length > 0 };
    },

    async getTemplate(ctx: RequestContext, templateId: string) {
      const row = UUID.test(templateId) ? await repo.findRotaTemplate(db, templateId) : null;
      const actor = await requireInScope(deps, ctx, 'duty.read', { type: 'rota_template', id: templateId }, row ? { regionCode: row.region_code, stationId: row.station_id } : null, '未找到该排班');
      const r = row as repo.RotaTemplateRow;
      return presentTemplate(actor, r, await namesOf([...r.deputy_ids, ...(r.rotation ?? []).flat()]));
    },

    async createTemplate(ctx: RequestContext, input: TRotaTemplateRequest) {
      const place = await placeOf(db, input);
      const actor = await requireAccess(deps, ctx, 'duty.manage', { regionCode: place.regionCode, stationId: place.stationId }, { type: 'rota_template' });
      const now = clock.now();
      const id = await db.transaction(async (tx) => {
        await checkDeputies(tx, [...input.deputyIds, ...(input.rotation ?? []).flat()], place.countyCode, 'deputyIds');
        const id = await repo.insertRotaTemplate(tx, {
          countyCode: place.countyCode, regionCode: place.regionCode, name: input.name, purpose: input.purpose, placeKind: input.place.kind,
          stationId: place.stationId, gridId: place.gridId, recurrence: input.recurrence, startTime: input.startTime, endTime: input.endTime,
          deputyIds: input.deputyIds, rotation: input.rotation ?? null, validFrom: input.validFrom, validUntil: input.validUntil ?? null,
        }, actor.userId, now);
        await insertAudit(tx, ctx, now, { action: 'rota.create', objectType: 'rota_template', objectId: id, regionCode: place.regionCode, after: input });
        return id;
      });
      return this.getTemplate(ctx, id);
    },

    async updateTemplate(ctx: RequestContext, templateId: string, input: TRotaTemplateRequest) {
      const row = UUID.test(templateId) ? await repo.findRotaTemplate(db, templateId) : null;
      await requireInScope(deps, ctx, 'duty.manage', { type: 'rota_template', id: templateId }, row ? { regionCode: row.region_code, stationId: row.station_id } : null, '未找到该排班');
      const place = await placeOf(db, input);
      await requireAccess(deps, ctx, 'duty.manage', { regionCode: place.regionCode, stationId: place.stationId }, { type: 'rota_template', id: templateId });
      const now = clock.now();
      await db.transaction(async (tx) => {
        await checkDeputies(tx, [...input.deputyIds, ...(input.rotation ?? []).flat()], place.countyCode, 'deputyIds');
        await repo.updateRotaTemplate(tx, templateId, {
          countyCode: place.countyCode, regionCode: place.regionCode, name: input.name, purpose: input.purpose, placeKind: input.place.kind,
          stationId: place.stationId, gridId: place.gridId, recurrence: input.recurrence, startTime: input.startTime, endTime: input.endTime,
          deputyIds: input.deputyIds, rotation: input.rotation ?? null, validFrom: input.validFrom, validUntil: input.validUntil ?? null,
        }, now);
        await insertAudit(tx, ctx, now, { action: 'rota.update', objectType: 'rota_template', objectId: templateId, regionCode: place.regionCode, before: templateOf(row as repo.RotaTemplateRow), after: input });
      });
      return this.getTemplate(ctx, templateId);
    },

    async deleteTemplate(ctx: RequestContext, templateId: string) {
      const row = UUID.test(templateId) ? await repo.findRotaTemplate(db, templateId) : null;
      await requireInScope(deps, ctx, 'duty.manage', { type: 'rota_template', id: templateId }, row ? { regionCode: row.region_code, stationId: row.station_id } : null, '未找到该排班');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.deactivateRotaTemplate(tx, templateId, now);
        await insertAudit(tx, ctx, now, { action: 'rota.delete', objectType: 'rota_template', objectId: templateId, regionCode: (row as repo.RotaTemplateRow).region_code });
      });
      return { templateId, active: false };
    },

    /** The expanded slots (swaps applied) of the templates in scope, for local days [from, to]. */
    async calendar(ctx: RequestContext, query: TRangeQuery) {
      const { actor, prefix } = await listScope(deps, ctx, 'duty.read', 'rota_template', query.regionCode);
      const stationId = actor.role === 'station_manager' ? (actor.stationId ?? null) : (query.stationId ?? null);
      const rows = await repo.listRotaTemplates(db, { prefix, stationId });
      const range = dayRange(query.from, query.to, clock.now(), tz);
      let slots = await calendarFor(rows, range.start, range.end);
      if (actor.role === 'deputy') slots = slots.filter((s) => actor.deputyId && s.deputyIds.includes(actor.deputyId));
      const names = await namesOf(slots.flatMap((s) => s.deputyIds));
      const placeNames = new Map(rows.map((r) => [r.template_id, r.place_name]));
      return { from: query.from, to: query.to, slots: slots.map((s) => presentSlot(s, names, placeNames.get(s.templateId) ?? null)) };
    },

    async swap(ctx: RequestContext, input: TRotaSwapRequest) {
      const [templateId, date] = input.slotId.split('@');
      const row = templateId && UUID.test(templateId) ? await repo.findRotaTemplate(db, templateId) : null;
      const actor = await requireInScope(deps, ctx, 'duty.manage', { type: 'rota_template', id: templateId ?? input.slotId }, row ? { regionCode: row.region_code, stationId: row.station_id } : null, '未找到该排班');
      const t = row as repo.RotaTemplateRow;
      const day = parseDay(date ?? '', 'slotId');
      const slots = await calendarFor([t], zonedInstant(day, tz), zonedInstant(addCalendarDays(day, 1), tz));
      const slot = slots.find((s) => s.slotId === input.slotId);
      if (!slot) throw fieldError('slotId', '该日期没有此排班的班次');
      const reason = validateSwap(slot, input);
      if (reason) throw fieldError('toDeputyId', reason);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await checkDeputies(tx, [input.toDeputyId], t.county_code, 'toDeputyId');
        const id = await repo.insertRotaSwap(tx, { templateId: t.template_id, countyCode: t.county_code, slotId: input.slotId, from: input.fromDeputyId, to: input.toDeputyId, reason: input.reason ?? null, userId: actor.userId, now });
        await insertAudit(tx, ctx, now, { action: 'rota.swap', objectType: 'rota_swap', objectId: id, regionCode: t.region_code, after: input });
      });
      const after = await calendarFor([t], zonedInstant(day, tz), zonedInstant(addCalendarDays(day, 1), tz));
      const names = await namesOf(after.flatMap((s) => s.deputyIds));
      const s = after.find((x) => x.slotId === input.slotId) as RotaSlot;
      return presentSlot(s, names, t.place_name);
    },

    /** Publishes the slots of [from, to]; each slot says whether it was announced ≥ 3 days ahead. */
    async announce(ctx: RequestContext, templateId: string, input: TAnnouncementRequest) {
      const row = UUID.test(templateId) ? await repo.findRotaTemplate(db, templateId) : null;
      const actor = await requireInScope(deps, ctx, 'duty.manage', { type: 'rota_template', id: templateId }, row ? { regionCode: row.region_code, stationId: row.station_id } : null, '未找到该排班');
      const t = row as repo.RotaTemplateRow;
      const now = clock.now();
      const range = dayRange(input.from, input.to, now, tz);
      const slots = await calendarFor([t], range.start, range.end);
      if (slots.length === 0) throw fieldError('from', '所选日期范围内没有班次');
      const names = await namesOf(slots.flatMap((s) => s.deputyIds));
      const published = slots.map((s) => ({ ...presentSlot(s, names, t.place_name), announcedInTime: isAnnouncedInTime(s.start, now, 3, tz) }));
      const title = input.title ?? `${t.place_name ?? ''}代表进站接待安排（${input.from}至${input.to}）`;
      const id = await db.transaction(async (tx) => {
        const id = await repo.insertAnnouncement(tx, { templateId, countyCode: t.county_code, regionCode: t.region_code, stationId: t.station_id, from: input.from, to: input.to, title, slots: published, userId: actor.userId, now });
        await insertAudit(tx, ctx, now, { action: 'rota.announce', objectType: 'rota_announcement', objectId: id, regionCode: t.region_code, after: { templateId, from: input.from, to: input.to, slots: published.length } });
        return id;
      });
      return { announcementId: id, templateId, title, publishedAt: now.toISOString(), slots: published, late: published.filter((s) => !s.announcedInTime).map((s) => s.slotId) };
    },

    async announcements(ctx: RequestContext, query: TRangeQuery) {
      const { prefix } = await listScope(deps, ctx, 'duty.read', 'rota_announcement', query.regionCode);
      const rows = await repo.listAnnouncements(db, { prefix, stationId: query.stationId ?? null, from: query.from, to: query.to });
      return { items: rows.map((a) => ({ announcementId: a.announcement_id, templateId: a.template_id, stationId: a.station_id, from: a.range_from, to: a.range_to, title: a.title, publishedAt: a.published_at.toISOString(), slots: a.slots })) };
    },

    /** The deputy's phone view: next duty and where they stand this period. */
    async myDuty(ctx: RequestContext) {
      const actor = await requireAccess(deps, ctx, 'duty.read', {}, { type: 'deputy' });
      if (!actor.deputyId) throw notFound('您的账号未关联代表');
      const deputyId = actor.deputyId;
      const now = clock.now();
      const rows = await repo.listRotaTemplatesOfDeputy(db, deputyId);
      const slots = await calendarFor(rows, new Date(now.getTime() - 86_400_000), new Date(now.getTime() + 120 * 86_400_000));
      const next = nextDutyOf(deputyId, slots, now);
      const names = await namesOf(next ? next.deputyIds : []);
      const placeNames = new Map(rows.map((r) => [r.template_id, r.place_name]));
      const dep = (await repo.findDeputies(db, [deputyId]))[0];
      if (!dep) throw notFound('未找到该代表');
      const resolved = (await loadRuleResolver(db))(dep.region_code);
      const eff = effectiveRule(dep.levels, resolved.rule);
      let current = null;
      if (eff) {
        const p = periodOf(now, eff.periodType, tz);
        const visits = await repo.listDutyVisits(db, deputyId, p.start, p.end);
        const rem = dutyReminder({ now, levels: dep.levels, visits: visits.map((v) => v.started_at), rule: resolved.rule, timeZone: tz, daysBefore: resolved.reminderDaysBefore });
        current = rem && { periodKey: rem.periodKey, periodType: rem.periodType, required: rem.required, done: rem.done, compliant: rem.compliant, daysLeft: rem.daysLeft, reminderDue: rem.reminderDue, level: rem.level };
      }
      return {
        deputyId,
        name: dep.name,
        nextDuty: next ? presentSlot(next, names, placeNames.get(next.templateId) ?? null) : null,
        compliance: current,
        actions: ['check_in', 'register_reception'],
      };
    },
  };
}

export type DutyService = ReturnType<typeof createDutyService>;
