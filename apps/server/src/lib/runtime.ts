import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireDataDirLock, createEmbeddedDb, createPostgresDb, migrate, type Db } from '@gridvoice/db';
import type { Config } from '../config.js';
import type { AppDeps } from '../types.js';
import { systemClock, type Clock } from './clock.js';
import { createPersonalDataCipher, loadMasterKey, selfTestSm } from './personal-data.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface Runtime {
  deps: AppDeps;
  close(): Promise<void>;
}

/**
 * Opens the database the configuration names — PostgreSQL when DATABASE_URL is set, else the
 * embedded engine under the data directory (taken exclusively) — and applies the migrations.
 */
export async function openRuntime(config: Config, clock: Clock = systemClock): Promise<Runtime> {
  selfTestSm();
  let db: Db;
  let release: () => void = () => undefined;
  if (config.databaseUrl) {
    // migrations may run for minutes on a big database: on a connection of their own, no query timeout
    const migrator = createPostgresDb({ connectionString: config.databaseUrl, max: 1, connectionTimeoutMillis: config.dbConnectTimeoutMs });
    try {
      await migrate(migrator);
    } finally {
      await migrator.close();
    }
    db = createPostgresDb({
      connectionString: config.databaseUrl,
      max: config.dbPoolMax,
      connectionTimeoutMillis: config.dbConnectTimeoutMs,
      queryTimeoutMillis: config.dbQueryTimeoutMs,
    });
  } else {
    release = acquireDataDirLock(config.dataDir);
    try {
      db = await createEmbeddedDb({ dataDir: join(config.dataDir, 'pgdata') });
    } catch (err) {
      release();
      throw err;
    }
  }
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    release();
    throw err;
  }
  const cipher = createPersonalDataCipher(
    loadMasterKey({
      keyHex: config.keyHex,
      keyFile: config.keyFile,
      generatedKeyPath: config.databaseUrl ? null : join(config.dataDir, 'secret.key'),
    }),
  );
  return {
    deps: { config, db, clock, cipher, version: VERSION },
    async close() {
      await db.close();
      release();
    },
  };
}
