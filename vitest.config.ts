import { defineConfig } from 'vitest/config';

/**
 * Projects: small (pure core), medium (server on a real database: PGlite always, PostgreSQL
 * too when TEST_DATABASE_URL is set) and browser (real Chromium; run by scripts/test.mjs).
 */
/** The fault tests of one engine only (issue 9 items 10–13): each runs in its own engine's project. */
const ENGINE_ONLY = {
  embedded: ['apps/server/test/faults/crash-embedded.test.ts'],
  postgres: [
    'apps/server/test/faults/crash-postgres.test.ts',
    'apps/server/test/faults/outage-postgres.test.ts',
    'apps/server/test/faults/two-instances.test.ts',
  ],
};

const serverProject = (engine: 'embedded' | 'postgres') => ({
  test: {
    name: `server-${engine}`,
    include: ['apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...ENGINE_ONLY[engine === 'embedded' ? 'postgres' : 'embedded']],
    globalSetup: ['apps/server/test/global-setup.ts'],
    env: { TEST_ENGINE: engine },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', include: ['packages/core/src/**/*.test.ts'] } },
      serverProject('embedded'),
      ...(process.env.TEST_DATABASE_URL ? [serverProject('postgres')] : []),
      {
        test: {
          name: 'browser',
          include: ['apps/web/e2e/**/*.e2e.test.ts'],
          globalSetup: ['apps/web/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
