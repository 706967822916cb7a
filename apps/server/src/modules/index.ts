import type { FastifyInstance } from 'fastify';
import { adminRoutes } from './admin/admin.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { systemRoutes } from './system/system.routes.js';

/** Every module declares itself here: its name (the OpenAPI tag) and its routes. */
export interface ModuleDefinition {
  name: string;
  routes: (app: FastifyInstance) => Promise<void>;
}

export const MODULES: ModuleDefinition[] = [
  { name: 'system', routes: systemRoutes },
  { name: 'auth', routes: authRoutes },
  { name: 'admin', routes: adminRoutes },
];
