/**
 * `npm run bench -- <suite> [--engine embedded|postgres]`
 * Runs on PostgreSQL at BENCH_DATABASE_URL (default: the local server) in a database it creates and
 * drops, or on PGlite in a temporary directory. The last line printed is one JSON object with
 * `suite` and the suite's figures.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedDb, createPostgresDb, migrate, type Db } from '@gridvoice/db';

export interface BenchContext {
  engine: 'embedded' | 'postgres';
  /** A migrated, empty database of this run. */
  db: Db;
  /** PostgreSQL only: the connection string of that database (for servers the suite starts). */
  databaseUrl: string | null;
  log(message: string): void;
}

export interface BenchSuite {
  name: string;
  run(ctx: BenchContext): Promise<Record<string, number | string | boolean>>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const name = args.find((a) => !a.startsWith('--'));
  const engineArg = args.includes('--engine') ? args[args.indexOf('--engine') + 1] : 'postgres';
  const suites = readdirSync(join(import.meta.dirname, 'suites')).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''));
  if (!name || !suites.includes(name)) {
    console.error(`用法: npm run bench -- <suite> [--engine embedded|postgres]\n可用: ${suites.join(', ')}`);
    process.exit(2);
  }
  if (engineArg !== 'embedded' && engineArg !== 'postgres') throw new Error(`unknown engine ${engineArg}`);
  const suite = ((await import(`./suites/${name}.bench.ts`)) as { default: BenchSuite }).default;
  const log = (m: string) => console.error(`[bench:${name}] ${m}`);

  let db: Db;
  let databaseUrl: string | null = null;
  let cleanup: () => Promise<void>;
  if (engineArg === 'postgres') {
    const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const dbName = `gv_bench_${randomBytes(4).toString('hex')}`;
    const admin = createPostgresDb({ connectionString: base, max: 1 });
    await admin.exec(`CREATE DATABASE ${dbName}`);
    databaseUrl = withDatabase(base, dbName);
    db = createPostgresDb({ connectionString: databaseUrl, max: 20 });
    cleanup = async () => {
      await db.close();
      // BENCH_KEEP=1 leaves the database for a closer look (EXPLAIN) and prints its name
      if (process.env.BENCH_KEEP === '1') log(`kept database ${dbName}`);
      else await admin.exec(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.close();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'gv-bench-'));
    db = await createEmbeddedDb({ dataDir: dir });
    cleanup = async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    await migrate(db);
    const figures = await suite.run({ engine: engineArg, db, databaseUrl, log });
    console.log(JSON.stringify({ suite: name, engine: engineArg, ...figures }));
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
