import {
  allowedActions,
  organisationSubject,
  type Actor,
  type OrganisationObject,
  type Permission,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { conflict, unauthorized } from '../../lib/errors.js';

const isRead = (action: Permission) => action.endsWith('.read');

/** requireAccess for an organisation object: the subject is the place that matters to this actor. */
export async function requireOrgAccess(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  ctx: RequestContext,
  action: Permission,
  object: OrganisationObject,
  audit: { type: string; id?: string | null },
): Promise<Actor> {
  if (!ctx.actor) throw unauthorized();
  const subject = organisationSubject(ctx.actor, object, isRead(action) ? 'read' : 'change');
  return requireAccess(deps, ctx, action, subject, audit);
}

/** The permissions of `actions` this actor holds on the object. */
export function orgActions<A extends Permission>(actor: Actor, actions: readonly A[], object: OrganisationObject): A[] {
  return actions.filter(
    (a) => allowedActions(actor, [a], organisationSubject(actor, object, isRead(a) ? 'read' : 'change')).length > 0,
  );
}

/** The actor of a list: present, with the permission, and asking about a region within scope. */
export async function requireListAccess(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  ctx: RequestContext,
  action: Permission,
  regionCode: string | undefined,
  objectType: string,
): Promise<Actor> {
  if (!ctx.actor) throw unauthorized();
  return requireAccess(deps, ctx, action, { regionCode: regionCode ?? ctx.actor.scopeRegionCode }, { type: objectType });
}

/** A stale version from the form: someone else changed the record meanwhile. */
export function checkVersion(given: number | undefined, current: number): void {
  if (given !== undefined && given !== current) {
    throw conflict('该记录已被他人修改，请刷新后重试', 'version_conflict');
  }
}

/** Database refusals that are the user's to fix, turned into 409 with a reason in Chinese. */
export async function translateConstraint<T>(
  work: Promise<T>,
  messages: { unique?: string; foreignKey?: string },
): Promise<T> {
  try {
    return await work;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '23505' && messages.unique) throw conflict(messages.unique);
    if (code === '23503' && messages.foreignKey) throw conflict(messages.foreignKey, 'in_use');
    throw err;
  }
}

export const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
