import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { createEmbeddedDb, createPostgresDb, type Db } from '@gridvoice/db';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated database for one test file, on the engine of the running project. */
export async function openTestDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  const t = inject('testDb');
  if (t.engine === 'embedded') {
    const db = await createEmbeddedDb({ loadDataDir: new Blob([readFileSync(t.dumpPath!)]) });
    return { db, drop: () => db.close() };
  }
  const name = `${t.templateName!.replace('tpl', 't')}_${randomBytes(4).toString('hex')}`;
  const admin = createPostgresDb({ connectionString: t.adminUrl!, max: 1 });
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${t.templateName!}`);
  const db = createPostgresDb({ connectionString: withDatabase(t.adminUrl!, name), max: 10 });
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

export function testEngine(): 'embedded' | 'postgres' {
  return inject('testDb').engine;
}
