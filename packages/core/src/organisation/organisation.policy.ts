/**
 * Subjects for `can()` on organisation objects (issue 3, item 11): town staff see and change only
 * their town; station managers only their station; deputies read their own record; handlers their
 * unit. An object may belong to several places (a deputy's own region and the places of their
 * assignments; the stations covering a grid), so the subject names the one that matters to this actor.
 */
import type { Actor, Subject } from '../auth/auth.policy.js';
import { isWithinRegion } from '../common/region-code.js';

/** Stands for "no station / no deputy / no unit", so that an unlinked account is refused, never waved through. */
export const NONE_ID = '00000000-0000-0000-0000-000000000000';

export interface OrganisationObject {
  /** The object's own region first, then any other region it belongs to. */
  regionCodes: readonly string[];
  /** The stations the object belongs to (a station itself, the stations covering a grid, a deputy's stations). */
  stationIds?: readonly string[];
  deputyId?: string;
  unitId?: string;
  /** Objects of a higher region that everyone below may read (county handling units, routes). */
  readableFromBelow?: boolean;
}

/** The subject to check `intent` on: reads may reach objects readable from below, changes never. */
export function organisationSubject(actor: Actor, o: OrganisationObject, intent: 'read' | 'change'): Subject {
  const inScope = o.regionCodes.find((r) => isWithinRegion(r, actor.scopeRegionCode));
  const above =
    intent === 'read' && o.readableFromBelow && o.regionCodes.some((r) => isWithinRegion(actor.scopeRegionCode, r));
  const regionCode = inScope ?? (above ? actor.scopeRegionCode : (o.regionCodes[0] ?? null));
  const subject: Subject = { regionCode };
  if (o.stationIds) {
    subject.stationId =
      actor.stationId && o.stationIds.includes(actor.stationId) ? actor.stationId : (o.stationIds[0] ?? NONE_ID);
  }
  if (o.deputyId) subject.deputyId = o.deputyId;
  if (o.unitId) subject.unitId = o.unitId;
  return subject;
}

/** What a list may show this actor: a region prefix and, for some roles, one station, deputy or unit. */
export interface ListScope {
  scopeRegionCode: string;
  stationId: string | null;
  deputyId: string | null;
  unitId: string | null;
}

export function listScopeOf(actor: Actor): ListScope {
  return {
    scopeRegionCode: actor.scopeRegionCode,
    stationId: actor.role === 'station_manager' ? (actor.stationId ?? NONE_ID) : null,
    deputyId: actor.role === 'deputy' ? (actor.deputyId ?? NONE_ID) : null,
    unitId: actor.role === 'unit_handler' ? (actor.unitId ?? NONE_ID) : null,
  };
}
