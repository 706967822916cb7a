import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';

export type Engine = 'embedded' | 'postgres';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** What repositories see: a connection or an open transaction. */
export interface Queryable {
  readonly engine: Engine;
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Both engines return the same JS types: int8 and numeric → number, date → 'YYYY-MM-DD' string.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (v: string): number => Number(v);
const asIs = (v: string): string => v;

export interface EmbeddedOptions {
  /** Directory of the database files; omit for an in-memory database. */
  dataDir?: string;
  /** A dump made by `dumpDataDir()` to start from (tests' template). */
  loadDataDir?: Blob;
}

export async function createEmbeddedDb(options: EmbeddedOptions = {}): Promise<Db & { pglite: PGlite }> {
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm },
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asIs },
  });
  void pgliteTypes;
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    engine: 'embedded',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const r = await q.query<T>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(pglite);
  return {
    ...base,
    pglite,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    close: () => pglite.close(),
  };
}

pg.types.setTypeParser(INT8, toNumber);
pg.types.setTypeParser(NUMERIC, toNumber);
pg.types.setTypeParser(DATE, asIs);

export interface PostgresOptions {
  connectionString: string;
  max?: number;
  /** Fail fast when the server is unreachable instead of hanging requests. */
  connectionTimeoutMillis?: number;
  statementTimeoutMillis?: number;
  /**
   * Give up on a query whose answer has not come within this time (a server that accepts but never
   * answers): the call fails and its connection is closed, never handed to another caller.
   */
  queryTimeoutMillis?: number;
}

/** node-postgres's error when `query_timeout` passes. */
export function isQueryTimeout(err: unknown): boolean {
  return err instanceof Error && /Query read timeout/.test(err.message);
}

export function createPostgresDb(options: PostgresOptions): Db & { pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 20,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
    ...(options.statementTimeoutMillis ? { statement_timeout: options.statementTimeoutMillis } : {}),
    ...(options.queryTimeoutMillis ? { query_timeout: options.queryTimeoutMillis } : {}),
  });
  // An idle client losing its server must not crash the process.
  pool.on('error', () => undefined);
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    engine: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  return {
    ...wrap(pool),
    pool,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        // a connection that stopped answering is closed (which rolls back on the server), not reused
        if (isQueryTimeout(err)) broken = err as Error;
        else await client.query('ROLLBACK').catch((e: unknown) => { if (isQueryTimeout(e)) broken = e as Error; });
        throw err;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
