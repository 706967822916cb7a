import type { FastifyInstance } from 'fastify';
import { adminRoutes } from './admin/admin.routes.js';
import { AUDIT_JOBS } from './audit/audit-integrity.js';
import { attachmentsRoutes } from './attachments/attachments.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { systemRoutes } from './system/system.routes.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { NOTIFICATION_JOBS } from './notifications/notification-dispatcher.js';
import type { JobDefinition } from './jobs/job-runner.js';

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
  { name: 'attachments', routes: attachmentsRoutes },
  { name: 'notifications', routes: notificationsRoutes, jobs: NOTIFICATION_JOBS },
];

export const ALL_JOBS: JobDefinition[] = MODULES.flatMap((m) => m.jobs ?? []);
