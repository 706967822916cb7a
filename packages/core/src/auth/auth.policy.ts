import { isWithinRegion } from '../common/region-code.js';
import { ROLE_PERMISSIONS, type Permission } from './permissions.js';
import type { Role } from './roles.js';

/** Who is acting: taken from the session, never from the request body. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  /** 12-digit region code the actor may see and change (and everything below it). */
  scopeRegionCode: string;
  stationId?: string | null;
  unitId?: string | null;
  deputyId?: string | null;
}

/** What is acted upon: the attributes the policy needs, nothing more. */
export interface Subject {
  regionCode?: string | null;
  stationId?: string | null;
  unitId?: string | null;
  deputyId?: string | null;
  userId?: string | null;
}

export type Decision =
  | { allowed: true }
  | { allowed: false; reason: 'no_permission' | 'out_of_scope'; message: string };

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * The one door: may this actor perform this action on this subject? Role first, then scope:
 * the subject's region must lie within the actor's scope region; station managers, handlers
 * and deputies are further held to their station, unit and own record where the subject names one.
 */
export function can(actor: Actor, action: Permission, subject: Subject = {}): Decision {
  if (!hasPermission(actor.role, action)) {
    return { allowed: false, reason: 'no_permission', message: '您没有执行此操作的权限' };
  }
  if (subject.regionCode && !isWithinRegion(subject.regionCode, actor.scopeRegionCode)) {
    return { allowed: false, reason: 'out_of_scope', message: '该对象不在您的管辖范围内' };
  }
  if (actor.role === 'station_manager' && subject.stationId && subject.stationId !== actor.stationId) {
    return { allowed: false, reason: 'out_of_scope', message: '该对象不属于您管理的联络站' };
  }
  if (actor.role === 'unit_handler' && subject.unitId && subject.unitId !== actor.unitId) {
    return { allowed: false, reason: 'out_of_scope', message: '该对象不属于您所在的承办单位' };
  }
  if (actor.role === 'deputy' && subject.deputyId && subject.deputyId !== actor.deputyId) {
    return { allowed: false, reason: 'out_of_scope', message: '只能查看本人的记录' };
  }
  return { allowed: true };
}

/** The subset of `actions` this actor may take on the subject — sent to the UI with each object. */
export function allowedActions<A extends Permission>(
  actor: Actor,
  actions: readonly A[],
  subject: Subject = {},
): A[] {
  return actions.filter((a) => can(actor, a, subject).allowed);
}

/** Roles an actor may hand out: never one above their own standing. */
export function assignableRoles(actor: Actor): Role[] {
  switch (actor.role) {
    case 'admin':
    case 'security_admin':
      return [
        'admin',
        'security_admin',
        'auditor',
        'congress_staff',
        'town_staff',
        'station_manager',
        'deputy',
        'unit_handler',
        'viewer',
      ];
    case 'congress_staff':
      return ['congress_staff', 'town_staff', 'station_manager', 'deputy', 'unit_handler', 'viewer'];
    case 'auditor':
    case 'town_staff':
    case 'station_manager':
    case 'deputy':
    case 'unit_handler':
    case 'viewer':
      return [];
  }
}
