#!/usr/bin/env node
// `npm start`: build the web app once if it is missing, then run the server.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('apps/web/dist/index.html')) {
  console.log('首次启动：正在构建前端页面（约需一分钟）…');
  const build = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawnSync('npx', ['tsx', 'apps/server/src/server.ts'], { stdio: 'inherit' });
process.exit(server.status ?? 0);
