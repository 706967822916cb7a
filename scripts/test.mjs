#!/usr/bin/env node
// Runs every test: small (core), medium (server on PGlite, and on PostgreSQL when
// TEST_DATABASE_URL is set) and browser (real Chromium, when one is installed).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const env = { ...process.env, TZ: 'UTC' }; // prove nothing leans on the machine's zone
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const hasBrowser = existsSync(chromium);
const hasBrowserTests = existsSync('apps/web/e2e') && readdirSync('apps/web/e2e').some((f) => f.endsWith('.e2e.test.ts'));

const projects = ['core', 'server-embedded'];
if (process.env.TEST_DATABASE_URL) projects.push('server-postgres');
else console.log('\n[test] TEST_DATABASE_URL 未设置：medium tests run on PGlite only (set it to run them on PostgreSQL too).\n');

if (hasBrowserTests) {
  if (hasBrowser) {
    const build = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { stdio: 'inherit', env });
    if (build.status !== 0) process.exit(build.status ?? 1);
    env.CHROMIUM_PATH = chromium;
    projects.push('browser');
  } else {
    const banner = '!'.repeat(78);
    console.error(`\n${banner}\n!!  NO BROWSER at ${chromium}: browser tests were NOT run.\n!!  Install Debian's chromium (apt-get install chromium fonts-wqy-microhei) or set CHROMIUM_PATH.\n${banner}\n`);
    if (process.env.REQUIRE_BROWSER === '1') process.exit(1);
  }
}

const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit', env });
process.exit(run.status ?? 1);
