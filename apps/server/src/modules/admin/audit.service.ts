import { regionPrefix, type TAuditListQuery } from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { listAudit } from '../audit/audit.repository.js';

export function createAuditService(deps: AppDeps) {
  return {
    async list(ctx: RequestContext, query: TAuditListQuery) {
      const actor = await requireAccess(deps, ctx, 'audit.read', {}, { type: 'audit_log' });
      // An auditor reads the trail of their own region only (found by the scope matrix, issue 9).
      const { rows, total } = await listAudit(deps.db, query, regionPrefix(actor.scopeRegionCode));
      return {
        items: rows.map((r) => ({
          auditId: String(r.audit_id),
          occurredAt: r.occurred_at.toISOString(),
          actorUserId: r.actor_user_id,
          actorUsername: r.actor_username,
          actorRole: r.actor_role,
          action: r.action,
          objectType: r.object_type,
          objectId: r.object_id,
          regionCode: r.region_code,
          outcome: r.outcome,
          before: r.before ?? null,
          after: r.after ?? null,
          ip: r.ip,
          requestId: r.request_id,
        })),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  };
}
