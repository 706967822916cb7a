import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ROLES, type Role } from '@gridvoice/core';
import { createEmbeddedDb, migrate } from '@gridvoice/db';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { bootstrap } from '../../server/src/lib/bootstrap.js';
import type { Clock } from '../../server/src/lib/clock.js';
import { createPersonalDataCipher } from '../../server/src/lib/personal-data.js';
import { DEMO_LOGINS, seedDemo } from '../../server/src/modules/demo/demo.seed.js';
import { TWO_FACTOR_SETTING } from '../../server/src/modules/auth/two-factor.service.js';
import { writeSetting } from '../../server/src/modules/system/system.repository.js';
import type { AppDeps } from '../../server/src/types.js';

export interface E2eLogin {
  username: string;
  role: Role;
  displayName: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminPassword: string;
    demoPassword: string;
    demoLogins: E2eLogin[];
    /** The instant the server's clock started from (it then runs at real speed). */
    clockStart: string;
    /** Server time minus this process's time, in ms (to compute a TOTP code the server accepts). */
    clockOffsetMs: number;
  }
}

const ADMIN_PASSWORD = 'E2e-Admin-Passw0rd!';
const DEMO_PASSWORD = 'E2e-Demo-Passw0rd!';
const KEY_HEX = 'b'.repeat(64);
/** 09:00 in Beijing, still the day before in the browser's zone (America/Los_Angeles). */
const CLOCK_START = '2025-03-03T01:00:00.000Z';

/** A clock that starts at a fixed instant and moves at real speed (sessions and lockouts behave). */
function tickingClock(start: string): Clock & { offsetMs: number } {
  const offset = new Date(start).getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset), offsetMs: offset };
}

/**
 * The real server, in this process, on an in-memory embedded database with the demo county and
 * one login per role, serving the built web app.
 */
export default async function setup(project: TestProject) {
  // E2E_WEB_DIST: a build elsewhere (vite build --outDir …), so a rebuild of apps/web/dist cannot
  // pull the assets from under a running browser run.
  const webDist = process.env.E2E_WEB_DIST ?? resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
  if (!existsSync(join(webDist, 'index.html'))) {
    throw new Error('apps/web/dist 不存在：请先运行 npm run build -w apps/web（npm test 会自动构建）');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'gv-e2e-'));
  const config = loadConfig({
    GRIDVOICE_DATA_DIR: dataDir,
    GRIDVOICE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    GRIDVOICE_DEMO_PASSWORD: DEMO_PASSWORD,
    WEB_DIST_DIR: webDist,
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    LOG_LEVEL: 'silent',
  });
  const db = await createEmbeddedDb();
  await migrate(db);
  const clock = tickingClock(CLOCK_START);
  const deps: AppDeps = {
    config,
    db,
    clock,
    cipher: createPersonalDataCipher(Buffer.from(KEY_HEX, 'hex')),
    version: 'e2e',
  };
  await bootstrap(db, config, clock.now());
  await seedDemo(deps, DEMO_PASSWORD);
  // The shared demo logins stay one-step (roles that require a TOTP code by default included);
  // two-factor.e2e.test.ts switches the requirement on through the policy page and back off.
  await writeSetting(
    db,
    TWO_FACTOR_SETTING,
    { required: Object.fromEntries(ROLES.map((r) => [r, false])) },
    clock.now(),
  );
  const app = await buildApp(deps, { rateLimitPerMinute: 100_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;

  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  project.provide('adminPassword', ADMIN_PASSWORD);
  project.provide('demoPassword', DEMO_PASSWORD);
  project.provide(
    'demoLogins',
    DEMO_LOGINS.map(({ username, role, displayName }) => ({ username, role, displayName })),
  );
  project.provide('clockStart', CLOCK_START);
  project.provide('clockOffsetMs', clock.offsetMs);

  return async () => {
    await app.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
