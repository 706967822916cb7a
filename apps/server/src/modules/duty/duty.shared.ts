import {
  addCalendarDays,
  calendarDateOf,
  isWithinRegion,
  parseCalendarDate,
  regionPrefix,
  zonedInstant,
  type Actor,
  type CalendarDate,
  type Permission,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** The region prefix a list is held to: the actor's scope, narrowed by a requested region within it. */
export async function listScope(
  deps: AppDeps,
  ctx: RequestContext,
  permission: Permission,
  objectType: string,
  regionCode?: string | null,
): Promise<{ actor: Actor; prefix: string; regionCode: string }> {
  const actor = await requireAccess(deps, ctx, permission, regionCode ? { regionCode } : {}, { type: objectType });
  const code = regionCode ?? actor.scopeRegionCode;
  return { actor, prefix: regionPrefix(code), regionCode: code };
}

/**
 * Loads an object and checks the actor may act on it; an object outside the actor's reach
 * answers 404 like a missing one (nothing leaks), and the refusal is audited.
 */
export async function requireInScope(
  deps: AppDeps,
  ctx: RequestContext,
  permission: Permission,
  object: { type: string; id: string },
  subject: { regionCode: string; stationId?: string | null; deputyId?: string | null } | null,
  notFoundMessage: string,
): Promise<Actor> {
  if (!subject) {
    await requireAccess(deps, ctx, permission, {}, object);
    // an id that names nothing is audited too: walking ids by guesswork leaves a trace (issue 9, item 2)
    await insertAudit(deps.db, ctx, deps.clock.now(), {
      action: permission,
      objectType: object.type,
      objectId: object.id,
      outcome: 'denied',
      after: { reason: 'not_found' },
    });
    throw notFound(notFoundMessage);
  }
  const actor = await requireAccess(deps, ctx, permission, {}, object);
  const inRegion = isWithinRegion(subject.regionCode, actor.scopeRegionCode);
  const inStation = actor.role !== 'station_manager' || !subject.stationId || subject.stationId === actor.stationId;
  const own = actor.role !== 'deputy' || !subject.deputyId || subject.deputyId === actor.deputyId;
  if (!inRegion || !inStation || !own) {
    await insertAudit(deps.db, ctx, deps.clock.now(), {
      action: permission,
      objectType: object.type,
      objectId: object.id,
      regionCode: subject.regionCode,
      outcome: 'denied',
      after: { reason: 'out_of_scope' },
    });
    throw notFound(notFoundMessage);
  }
  return actor;
}

export function parseDay(s: string, field: string): CalendarDate {
  try {
    return parseCalendarDate(s);
  } catch {
    throw badRequest('日期不存在', [{ field, message: '日期不存在' }]);
  }
}

/** [from, to] local days (to inclusive) as instants [start, end); defaults to the current year. */
export function dayRange(
  from: string | undefined,
  to: string | undefined,
  now: Date,
  timeZone: string,
): { from: CalendarDate; to: CalendarDate; start: Date; end: Date } {
  const year = calendarDateOf(now, timeZone).year;
  const f = from ? parseDay(from, 'from') : { year, month: 1, day: 1 };
  const t = to ? parseDay(to, 'to') : { year, month: 12, day: 31 };
  return { from: f, to: t, start: zonedInstant(f, timeZone), end: zonedInstant(addCalendarDays(t, 1), timeZone) };
}

export function fieldError(field: string, message: string) {
  return badRequest(message, [{ field, message }]);
}
