import { can, type Actor, type Permission, type Subject } from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../types.js';
import { insertAudit } from '../modules/audit/audit.repository.js';
import { forbidden, unauthorized } from './errors.js';

/**
 * The one door every service method opens first: is there an actor, and may they take this
 * action on this subject? A refusal is audited (in its own write, since the caller's work
 * does not happen) and thrown as 403 with the reason in Chinese.
 */
export async function requireAccess(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  ctx: RequestContext,
  action: Permission,
  subject: Subject,
  object: { type: string; id?: string | null },
): Promise<Actor> {
  const actor = ctx.actor;
  if (!actor) throw unauthorized();
  const decision = can(actor, action, subject);
  if (!decision.allowed) {
    await insertAudit(deps.db, ctx, deps.clock.now(), {
      action,
      objectType: object.type,
      objectId: object.id ?? null,
      regionCode: subject.regionCode ?? null,
      outcome: 'denied',
      after: { reason: decision.reason },
    });
    throw forbidden(decision.message);
  }
  return actor;
}
