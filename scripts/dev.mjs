#!/usr/bin/env node
// `npm run dev`: the API server (restarted on change by tsx watch) and Vite (hot reload, proxying
// /api and /open311 to the server) together. Ctrl+C stops both; if one exits, the other is stopped.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const isWindows = process.platform === 'win32';

const tasks = [
  { name: 'server', color: 36, cwd: root, args: ['tsx', 'watch', '--clear-screen=false', 'apps/server/src/server.ts'] },
  { name: 'web', color: 35, cwd: join(root, 'apps/web'), args: ['vite'] },
];

const children = [];
let stopping = false;

function prefixLines(name, color, stream, out) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out.write(`\x1b[${color}m[${name}]\x1b[0m ${line}\n`);
  });
  stream.on('end', () => {
    if (pending) out.write(`\x1b[${color}m[${name}]\x1b[0m ${pending}\n`);
  });
}

/**
 * Each task runs in its own process group, so npx, tsx watch and the server it forks all get the
 * signal (npx alone does not pass it on). The group outlives its leader, so signal it regardless.
 */
function signalGroup(child, signal) {
  try {
    if (isWindows) child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // the whole group is gone already
  }
}

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) signalGroup(child, 'SIGTERM');
  // Give the server time to close the database cleanly; whatever still runs then is killed.
  const deadline = Date.now() + 5000;
  const timer = setInterval(() => {
    const running = children.filter((child) => isGroupAlive(child));
    if (running.length === 0 || Date.now() > deadline) {
      for (const child of running) signalGroup(child, 'SIGKILL');
      clearInterval(timer);
      process.exit(code);
    }
  }, 200);
}

function isGroupAlive(child) {
  if (isWindows) return child.exitCode === null && child.signalCode === null;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

for (const task of tasks) {
  const child = spawn(isWindows ? 'npx.cmd' : 'npx', task.args, {
    cwd: task.cwd,
    env: { ...process.env, FORCE_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: !isWindows,
  });
  prefixLines(task.name, task.color, child.stdout, process.stdout);
  prefixLines(task.name, task.color, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[${task.name}] 已退出（${signal ?? code}），正在停止其他进程…`);
      stopAll(code ?? 1);
    }
  });
  children.push(child);
}

const apiPort = process.env.PORT ?? '3000';
console.log(
  `开发模式：API http://127.0.0.1:${apiPort} · 控制台 http://127.0.0.1:5173（Vite 把 /api 转发到 API；Ctrl+C 退出）`,
);
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
