/**
 * The two steps of the closed loop a citizen takes without an account, kept apart so the
 * concerns engineer can fold them into their service: registration through the online channel
 * and the rating (满意 / 基本满意 / 不满意 → reopen), both as actor role `constituent`.
 *
 * Why here: the concerns service's `create` and `act` open with `requireAccess`, which needs a
 * signed-in actor. These functions use the same pure workflow (registerConcern,
 * applyConcernAction) and the same repository statements, so the record, timeline, outbox and
 * audit are exactly those of a console registration or action.
 */
import {
  applyConcernAction,
  calendarDateOf,
  CONCERN_ERROR_HTTP_STATUS,
  createWorkingCalendar,
  DEFAULT_CONCERN_SETTINGS,
  DEFAULT_TIME_ZONE,
  formatCaseNumber,
  parentRegionCode,
  registerConcern,
  type ConcernFailure,
  type ConcernRating,
  type ConcernSettings,
  type ConcernState,
  type TimelineEvent,
} from '@gridvoice/core';
import type { Queryable } from '@gridvoice/db';
import type { AppDeps, RequestContext } from '../../types.js';
import { AppError, conflict, notFound } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { stateFromJson, stateToJson } from '../concerns/concern-state.json.js';
import { searchTokens } from '../concerns/concern-search.js';
import { deriveColumns } from '../concerns/concerns.service.js';
import * as concerns from '../concerns/concerns.repository.js';

const CONSTITUENT = { actorRole: 'constituent' as const, actorId: null };

function refusal(f: ConcernFailure): AppError {
  return new AppError(CONCERN_ERROR_HTTP_STATUS[f.code], f.code, f.message);
}

function eventRows(events: TimelineEvent[]): concerns.NewEvent[] {
  return events.map((e) => ({
    version: e.version,
    type: e.type,
    at: e.at.toISOString(),
    actorRole: e.actorRole,
    actorUserId: e.actorId ?? null,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    unitId: e.unitId,
    data: e.data,
    notify: e.notify,
  }));
}

function unitsProjection(s: ConcernState): concerns.UnitProjection[] {
  return s.units.map((u) => ({
    unitId: u.unitId,
    round: u.round,
    role: u.role,
    status: u.status,
    isCurrent: u.round === s.dispatchRound,
    assignedAt: u.assignedAt,
    dueAt: u.dueAt,
  }));
}

async function loadSettings(q: Queryable, regionCode: string): Promise<ConcernSettings> {
  const up: string[] = [];
  for (let c: string | null = regionCode; c; c = parentRegionCode(c)) up.push(c);
  const row = await concerns.findNearestSettings(q, up);
  if (!row) return DEFAULT_CONCERN_SETTINGS;
  return {
    tierWorkingDays: row.tier_working_days,
    notRatedAfterDays: row.not_rated_after_days ?? DEFAULT_CONCERN_SETTINGS.notRatedAfterDays,
    reopenWorkingDays: row.reopen_working_days,
    maxReopens: row.max_reopens,
  };
}

export interface OnlineRegistration {
  concernId: string;
  countyCode: string;
  regionCode: string;
  stationId: string | null;
  gridId: string | null;
  deputyId: string | null;
  title: string;
  content: string;
  categoryCode: string;
  attachmentIds: string[];
  constituent: { name: string | null; phone: string; anonymous: boolean; privacyNoticeVersion: string };
}

/** 编号登记 through the online channel (R-LOOP-2), inside the caller's transaction. */
export async function registerOnlineConcern(
  deps: Pick<AppDeps, 'cipher'>,
  tx: Queryable,
  ctx: RequestContext,
  input: OnlineRegistration,
  now: Date,
): Promise<string> {
  const { cipher } = deps;
  const year = calendarDateOf(now, DEFAULT_TIME_ZONE).year;
  const dry = registerConcern(
    {
      id: input.concernId,
      caseNumber: formatCaseNumber({ countyCode: input.countyCode, year, sequence: 1 }),
      tier: 'general',
      level: 'town',
      collector: { kind: 'online', deputyId: input.deputyId, userId: null },
    },
    { ...CONSTITUENT, now },
  );
  if (!dry.ok) throw refusal(dry);
  const k = input.constituent;
  return concerns.insertRegisteredConcern(
    tx,
    {
      concernId: input.concernId,
      year,
      countyCode: input.countyCode,
      regionCode: input.regionCode,
      gridId: input.gridId,
      microGridId: null,
      stationId: input.stationId,
      title: input.title,
      content: input.content,
      categoryCode: input.categoryCode,
      channel: 'online',
      collectorKind: 'online',
      collectorDeputyId: input.deputyId,
      collectorUserId: null,
      createdBy: null,
      latitude: null,
      longitude: null,
      attachmentIds: input.attachmentIds,
      campaignId: null,
      searchTokens: searchTokens(input.title, input.content),
      state: stateToJson(dry.next),
      derived: deriveColumns(dry.next, DEFAULT_CONCERN_SETTINGS),
      version: dry.next.version,
      now,
    },
    {
      nameEnc: k.name ? cipher.encrypt(k.name) : null,
      nameMasked: k.name ? cipher.mask('name', k.name) : null,
      phoneEnc: cipher.encrypt(k.phone),
      phoneMasked: cipher.mask('phone', k.phone),
      phoneIndex: cipher.blindIndex('phone', k.phone),
      addressEnc: null,
      addressMasked: null,
      anonymous: k.anonymous,
      privacyNoticeVersion: k.privacyNoticeVersion,
    },
    eventRows(dry.events),
    {
      ctx,
      action: 'concern.create',
      after: { title: input.title, channel: 'online', tier: 'general', regionCode: input.regionCode, via: 'public' },
    },
  );
}

/** 群众评价 by the constituent through their tracking link; 不满意 reopens (as in the loop). */
export async function rateAsConstituent(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  ctx: RequestContext,
  concernId: string,
  rating: ConcernRating,
  comment: string | undefined,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await concerns.findConcern(tx, concernId, true);
    if (!row) throw notFound('未找到该事项');
    const before = stateFromJson(row.state);
    const settings = await loadSettings(tx, row.region_code);
    const calendar = createWorkingCalendar(
      Object.fromEntries((await concerns.listCalendarOverrides(tx)).map((r) => [r.day, r.kind])),
    );
    const res = applyConcernAction(
      before,
      { type: 'rate', rating, ...(comment ? { comment } : {}) },
      { ...CONSTITUENT, now, settings, calendar },
    );
    if (!res.ok) throw refusal(res);
    const next = res.next;
    const saved = await concerns.updateConcernState(
      tx,
      concernId,
      before.version,
      stateToJson(next),
      deriveColumns(next, settings),
      next.version,
      now,
    );
    if (!saved) throw conflict('该事项刚刚有了新进展，请刷新后重试', 'version_conflict');
    if (JSON.stringify(before.units) !== JSON.stringify(next.units) || before.dispatchRound !== next.dispatchRound) {
      await concerns.replaceConcernUnits(tx, concernId, row.county_code, unitsProjection(next));
    }
    await concerns.appendEventsWithOutbox(tx, concernId, row.county_code, row.case_number, eventRows(res.events), now);
    await insertAudit(tx, ctx, now, {
      action: 'concern.rate',
      objectType: 'concern',
      objectId: concernId,
      regionCode: row.region_code,
      before: { status: before.status, version: before.version },
      after: { status: next.status, version: next.version, events: res.events.map((e) => e.type), via: 'public' },
    });
  });
}
