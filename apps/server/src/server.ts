import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from './app.js';
import { requestLogSerializers } from './lib/log-redaction.js';
import { loadConfig } from './config.js';
import { bootstrap, generatePassword } from './lib/bootstrap.js';
import { openRuntime } from './lib/runtime.js';
import { isDemoSeeded, seedDemo } from './modules/demo/demo.seed.js';
import { ALL_JOBS } from './modules/index.js';
import { createJobRunner } from './modules/jobs/job-runner.js';
import { DataDirLockedError } from '@gridvoice/db';

/** Starts the platform: open the database, first-start setup, demo county, listen, close gracefully. */
async function main(): Promise<void> {
  const config = loadConfig();
  let runtime;
  try {
    runtime = await openRuntime(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`\n启动失败：${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const { deps } = runtime;
  const { adminPassword } = await bootstrap(deps.db, config, deps.clock.now());
  if (adminPassword) {
    console.log(`\n首次启动已创建管理员账号 admin，初始密码（只显示这一次）：${adminPassword}\n`);
  }
  const seed = config.seedDemo ?? (deps.db.engine === 'embedded' && !(await isDemoSeeded(deps)));
  if (seed) {
    const password = config.demoPassword ?? generatePassword();
    const logins = await seedDemo(deps, password);
    if (logins.length) {
      const lines = logins.map((l) => `  ${l.username.padEnd(16)} ${l.displayName}`).join('\n');
      const text = `演示县（鹤山市，演示数据，人物均为虚构）已生成。演示账号（密码均为 ${password}）：\n${lines}\n`;
      console.log(`\n${text}`);
      if (deps.db.engine === 'embedded') writeFileSync(join(config.dataDir, 'demo-logins.txt'), text, { mode: 0o600 });
    }
  }
  const app = await buildApp(deps, { logger: { level: config.logLevel, serializers: requestLogSerializers } });
  const jobs = createJobRunner(deps, ALL_JOBS, (msg, err) => app.log.error({ err }, msg));
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await jobs.stop();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  jobs.start();
  console.log(`GridVoice 民声通 已启动：http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}（数据库：${deps.db.engine === 'embedded' ? '嵌入式 PGlite' : 'PostgreSQL'}）`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
