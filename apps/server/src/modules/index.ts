import type { FastifyInstance } from 'fastify';
import { adminRoutes } from './admin/admin.routes.js';
import { AUDIT_JOBS } from './audit/audit-integrity.js';
import { attachmentsRoutes } from './attachments/attachments.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { organisationRoutes } from './organisation/organisation.routes.js';
import { concernsRoutes } from './concerns/concerns.routes.js';
import { CONCERN_JOBS } from './concerns/concerns.jobs.js';
import { DUTY_JOBS, dutyRoutes } from './duty/duty.routes.js';
import { systemRoutes } from './system/system.routes.js';
import { publicRoutes } from './public/public.routes.js';
import { PUBLIC_JOBS } from './public/public.jobs.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { NOTIFICATION_JOBS } from './notifications/notification-dispatcher.js';
import type { JobDefinition } from './jobs/job-runner.js';
import { STATS_JOBS, statsRoutes } from './stats/stats.routes.js';
import { suggestionsRoutes } from './suggestions/suggestions.routes.js';
import { projectsRoutes } from './projects/projects.routes.js';
import { votesRoutes } from './votes/votes.routes.js';

/** Every module declares itself here: its name (the OpenAPI tag) and its routes. */
export interface ModuleDefinition {
  name: string;
  routes: (app: FastifyInstance) => Promise<void>;
  /** Scheduled jobs of the module (each runs once per slot across all instances). */
  jobs?: JobDefinition[];
}

export const MODULES: ModuleDefinition[] = [
  { name: 'system', routes: systemRoutes },
  { name: 'auth', routes: authRoutes },
  { name: 'admin', routes: adminRoutes, jobs: AUDIT_JOBS },
  { name: 'organisation', routes: organisationRoutes },
  { name: 'concerns', routes: concernsRoutes, jobs: CONCERN_JOBS },
  { name: 'attachments', routes: attachmentsRoutes },
  { name: 'duty', routes: dutyRoutes, jobs: DUTY_JOBS },
  { name: 'notifications', routes: notificationsRoutes, jobs: NOTIFICATION_JOBS },
  { name: 'public', routes: publicRoutes, jobs: PUBLIC_JOBS },
  { name: 'stats', routes: statsRoutes, jobs: STATS_JOBS },
  { name: 'suggestions', routes: suggestionsRoutes },
  { name: 'projects', routes: projectsRoutes },
  { name: 'votes', routes: votesRoutes },
];

export const ALL_JOBS: JobDefinition[] = MODULES.flatMap((m) => m.jobs ?? []);
