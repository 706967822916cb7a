import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createEmbeddedDb, createPostgresDb, migrate } from '@gridvoice/db';

export interface TestDbTemplate {
  engine: 'embedded' | 'postgres';
  /** embedded: path of a migrated data-dir dump; postgres: admin URL and template database name */
  dumpPath?: string;
  adminUrl?: string;
  templateName?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: TestDbTemplate;
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Migrate once per run; each test file then starts from a copy (immich's medium-test pattern). */
export default async function setup(project: TestProject) {
  const engine = (project.config.env?.TEST_ENGINE ?? 'embedded') as 'embedded' | 'postgres';
  if (engine === 'embedded') {
    const db = await createEmbeddedDb();
    await migrate(db);
    const dump = await db.pglite.dumpDataDir('gzip');
    await db.close();
    const dir = mkdtempSync(join(tmpdir(), 'gv-test-'));
    const dumpPath = join(dir, 'template.tar.gz');
    writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
    project.provide('testDb', { engine, dumpPath });
    return () => rmSync(dir, { recursive: true, force: true });
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is required for the postgres test project');
  const templateName = `gv_tpl_${randomBytes(4).toString('hex')}`;
  const admin = createPostgresDb({ connectionString: adminUrl, max: 1 });
  await admin.exec(`CREATE DATABASE ${templateName}`);
  const tpl = createPostgresDb({ connectionString: withDatabase(adminUrl, templateName), max: 1 });
  await migrate(tpl);
  await tpl.close();
  project.provide('testDb', { engine, adminUrl, templateName });
  return async () => {
    const dbs = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`${templateName.replace('tpl', 't')}%`, templateName],
    );
    for (const { datname } of dbs.rows) await admin.exec(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.close();
  };
}
