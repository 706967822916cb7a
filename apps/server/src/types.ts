import type { Actor } from '@gridvoice/core';
import type { Db } from '@gridvoice/db';
import type { Config } from './config.js';
import type { Clock } from './lib/clock.js';
import type { PersonalDataCipher } from './lib/personal-data.js';

/** What every service may use. Built once in server.ts (or a test) and handed to buildApp. */
export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  cipher: PersonalDataCipher;
  version: string;
}

/** Who is asking, from where: built per request, passed into every service call. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string;
  ip: string;
}

export interface SessionInfo {
  sessionHash: string;
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionInfo | null;
  }
  interface FastifyContextConfig {
    /** 'public' routes need no session; everything else does (secure by default). */
    auth?: 'public' | 'session';
  }
}
