import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { Queryable } from '@gridvoice/db';

/**
 * Property-based fuzzing of every operation in /api/openapi.json (issue 9, item 5): requests are
 * drawn from each operation's own schemas — valid bodies, bodies with one field made hostile,
 * unknown fields, random JSON, broken JSON — with path ids taken from what earlier answers
 * returned. Two properties: never a 5xx; a refused change (any non-2xx) writes nothing.
 * Shared by `security-fuzz.test.ts` (a few thousand requests) and `npm run bench -- fuzz` (100,000).
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
}

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: { name: string; schema: JsonSchema }[];
  body: JsonSchema | null;
}

/** A drawn request; ids are resolved against the pool when it is sent. */
export interface FuzzRequest {
  op: number;
  who: number;
  pathValues: string[];
  query: Record<string, unknown>;
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'none' };
}

const POOL = '\u0001pool:';
/** Hostile values: control characters (NUL is refused by PostgreSQL text), huge, wrong types, injections. */
const NASTY: unknown[] = [
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m',
  '',
  ' ',
  'x'.repeat(20_000),
  '中'.repeat(5_000),
  '\uD800',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '９９９',
  '2025-02-30',
  '9999-12-31T99:99:99Z',
  -1,
  0,
  2 ** 53,
  1e308,
  -1e308,
  3.14159,
  null,
  true,
  [],
  {},
  [null],
  { $ne: 1 },
  { __proto__: { polluted: true } },
];
const nasty = fc.constantFrom(...NASTY);
const SAMPLE_TEXT = ['幸福村雨天污水倒灌', '张惠萍', '13800138000', '440784001000', 'abc', '沙坪街道', 'A', '测试'];

function types(s: JsonSchema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (s.type) return [s.type];
  if (s.properties) return ['object'];
  return [];
}

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, Math.max(min, 40));
  switch (s.format ?? '') {
    case 'uuid':
      return fc.oneof(
        fc.nat(1_000).map((i) => `${POOL}${i}`),
        fc.uuid(),
      );
    case 'date':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
    default:
      break;
  }
  if (s.pattern) {
    try {
      return fc
        .stringMatching(new RegExp(s.pattern))
        .filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
    } catch {
      // a pattern JavaScript cannot read: fall through to plain strings
    }
  }
  return fc.oneof(
    fc.constantFrom(...SAMPLE_TEXT).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity)),
    fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }),
  );
}

/** Values the schema accepts (as far as JSON Schema says: refinements in code may still refuse them). */
export function validArb(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => validArb(a, depth + 1)));
  if (s.allOf?.length) return validArb(Object.assign({}, ...s.allOf) as JsonSchema, depth + 1);
  const ts = types(s);
  if (ts.length === 0) return depth > 3 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  if (ts.length > 1) return fc.oneof(...ts.map((t) => validArb({ ...s, type: t }, depth + 1)));
  switch (ts[0] ?? '') {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : Math.max(min, 0) + 1_000);
      return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
    }
    case 'number': {
      const min = s.minimum ?? s.exclusiveMinimum ?? -1_000;
      const max = s.maximum ?? s.exclusiveMaximum ?? Math.max(min, 0) + 1_000;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'string':
      return stringArb(s);
    case 'array': {
      if (depth > 4) return fc.constant([]);
      const minLength = s.minItems ?? 0;
      return fc.array(validArb(s.items ?? {}, depth + 1), {
        minLength,
        maxLength: Math.min(s.maxItems ?? 3, minLength + 3),
      });
    }
    case 'object': {
      const props = s.properties ?? {};
      if (depth > 4 || Object.keys(props).length === 0) return fc.constant({});
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = validArb(v, depth + 1);
      return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default:
      return fc.constant(null);
  }
}

/** A valid body with one field replaced by a hostile value, or with an unknown field added. */
function hostileArb(s: JsonSchema): fc.Arbitrary<unknown> {
  const keys = Object.keys(s.properties ?? {});
  return fc.tuple(validArb(s), nasty, fc.nat(), fc.boolean()).map(([v, bad, i, extra]) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad;
    const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    if (extra || keys.length === 0) copy.unexpectedField = bad;
    else copy[keys[i % keys.length] as string] = bad;
    return copy;
  });
}

export function readOperations(
  doc: { paths: Record<string, Record<string, Record<string, unknown>>> },
  skip: (method: string, path: string) => boolean,
): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, raw] of Object.entries(methods)) {
      const method = m.toUpperCase();
      if (skip(method, path)) continue;
      const params = (raw.parameters ?? []) as { in: string; name: string; schema?: JsonSchema }[];
      const body =
        (raw.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content?.[
          'application/json'
        ]?.schema ?? null;
      ops.push({
        method,
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1] as string),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body,
      });
    }
  }
  return ops;
}

export function requestArb(ops: Operation[], people: number): fc.Arbitrary<FuzzRequest> {
  return fc.nat(ops.length - 1).chain((opIndex) => {
    const op = ops[opIndex] as Operation;
    const pathValue = fc.oneof(
      { weight: 6, arbitrary: fc.nat(1_000).map((i) => `${POOL}${i}`) },
      { weight: 2, arbitrary: fc.uuid() },
      {
        weight: 1,
        arbitrary: fc.constantFrom('440784001000', '0', '-1', 'null', '%00', '..%2f..', 'x'.repeat(300), '中文', "1'"),
      },
    );
    const query = fc.record(
      Object.fromEntries(
        op.query.map((q) => [
          q.name,
          fc.oneof({ weight: 4, arbitrary: validArb(q.schema) }, { weight: 1, arbitrary: nasty }),
        ]),
      ),
      { requiredKeys: [] },
    );
    const body: fc.Arbitrary<FuzzRequest['body']> =
      op.method === 'GET' || op.method === 'DELETE'
        ? fc.constant({ kind: 'none' as const })
        : fc.oneof(
            {
              weight: 5,
              arbitrary: (op.body ? validArb(op.body) : fc.constant({})).map((value) => ({
                kind: 'json' as const,
                value,
              })),
            },
            {
              weight: 4,
              arbitrary: (op.body ? hostileArb(op.body) : nasty).map((value) => ({ kind: 'json' as const, value })),
            },
            { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'json' as const, value })) },
            {
              weight: 1,
              arbitrary: fc
                .constantFrom('{"a":', 'not json', '\u0000', '[1,2', '{"__proto__":{"x":1}}')
                .map((text) => ({ kind: 'raw' as const, text })),
            },
          );
    return fc.record({
      op: fc.constant(opIndex),
      who: fc.nat(people - 1),
      pathValues: fc.array(pathValue, { minLength: op.pathParams.length, maxLength: op.pathParams.length }),
      query,
      body,
    });
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from answers (any uuid-looking string, and any value of a key ending in Id or Code). */
function harvest(value: unknown, pool: string[], seen: Set<string>, key = ''): void {
  if (typeof value === 'string') {
    if ((UUID.test(value) || /(Id|Code)$/.test(key)) && value.length <= 64 && !seen.has(value)) {
      seen.add(value);
      pool.push(value);
    }
  } else if (Array.isArray(value)) {
    for (const v of value.slice(0, 20)) harvest(v, pool, seen, key);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) harvest(v, pool, seen, k);
  }
}

export function resolvePool<T>(value: T, pool: string[]): T {
  if (typeof value === 'string') {
    if (!value.startsWith(POOL)) return value;
    const i = Number(value.slice(POOL.length));
    return (pool.length ? pool[i % pool.length] : '00000000-0000-4000-8000-000000000000') as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => resolvePool(v, pool)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolvePool(v, pool)])) as T;
  }
  return value;
}

/**
 * Everything a refused change must leave as it was: every table's rows, except the records that
 * legitimately grow on a refusal (the audit trail of refusals, sessions' last-seen, login state).
 */
const NOT_FINGERPRINTED = new Set([
  'audit_log',
  'audit_anchors',
  'sessions',
  'users',
  'login_challenges',
  'job_runs',
  'schema_migrations',
]);

export async function fingerprintQuery(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const parts = rows
    .map((r) => r.table_name)
    .filter((t) => !NOT_FINGERPRINTED.has(t))
    .map(
      (t) =>
        `SELECT '${t}' AS t, count(*)::text || ':' || coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') AS f FROM "${t}" x`,
    );
  return `SELECT md5(string_agg(t || '=' || f, ';' ORDER BY t)) AS fp FROM (${parts.join(' UNION ALL ')}) s`;
}

export interface Person {
  label: string;
  /** null: no session (the public surface). */
  cookie: string | null;
  csrf: string | null;
  relogin?: () => Promise<{ cookie: string; csrf: string } | null>;
}

export interface FuzzFigures {
  requests: number;
  server_errors: number;
  partial_writes: number;
  status_2xx: number;
  status_4xx: number;
  operations: number;
}

export interface FuzzProblem {
  kind: 'server_error' | 'partial_write';
  method: string;
  url: string;
  who: string;
  status: number;
  body: string;
  answer: string;
}

/** Sends the drawn requests one by one, checking both properties after each. */
export async function runFuzz(opts: {
  app: FastifyInstance;
  db: Queryable;
  ops: Operation[];
  people: Person[];
  requests: number;
  seed: number;
  seedPool?: string[];
  onProgress?: (done: number) => void;
}): Promise<{ figures: FuzzFigures; problems: FuzzProblem[] }> {
  const { app, db, ops, people } = opts;
  const pool: string[] = [...(opts.seedPool ?? [])];
  const seen = new Set(pool);
  const fpSql = await fingerprintQuery(db);
  const fingerprint = async () => (await db.query<{ fp: string }>(fpSql)).rows[0]?.fp ?? '';
  let baseline = await fingerprint();
  const figures: FuzzFigures = {
    requests: 0,
    server_errors: 0,
    partial_writes: 0,
    status_2xx: 0,
    status_4xx: 0,
    operations: ops.length,
  };
  const problems: FuzzProblem[] = [];
  const arb = requestArb(ops, people.length);
  const batch = 500;
  for (let done = 0; done < opts.requests; done += batch) {
    const drawn = fc.sample(arb, { numRuns: Math.min(batch, opts.requests - done), seed: opts.seed + done });
    for (const r of drawn) {
      const op = ops[r.op] as Operation;
      const person = people[r.who] as Person;
      let url = op.path;
      op.pathParams.forEach((name, i) => {
        url = url.replace(`{${name}}`, encodeURIComponent(resolvePool(r.pathValues[i] ?? '', pool)));
      });
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(resolvePool(r.query, pool))) {
        if (v === undefined) continue;
        qs.set(k, typeof v === 'string' ? v : JSON.stringify(v));
      }
      if ([...qs.keys()].length) url += `?${qs.toString()}`;
      const payload =
        r.body.kind === 'json'
          ? JSON.stringify(resolvePool(r.body.value, pool) ?? null)
          : r.body.kind === 'raw'
            ? r.body.text
            : undefined;
      const headers: Record<string, string> = {};
      if (payload !== undefined) headers['content-type'] = 'application/json';
      if (person.csrf) headers['x-csrf-token'] = person.csrf;
      const send = () =>
        app.inject({
          method: op.method as 'GET',
          url,
          headers,
          ...(payload === undefined ? {} : { payload }),
          ...(person.cookie ? { cookies: { gv_session: person.cookie } } : {}),
        });
      let res = await send();
      if (res.statusCode === 401 && person.cookie && person.relogin) {
        // A drawn request may have ended this person's session (or disabled them): log in again.
        const again = await person.relogin();
        person.cookie = again?.cookie ?? null;
        person.csrf = again?.csrf ?? null;
        if (again) {
          headers['x-csrf-token'] = again.csrf;
          res = await send();
        }
      }
      figures.requests += 1;
      const problem = (kind: FuzzProblem['kind']): FuzzProblem => ({
        kind,
        method: op.method,
        url: url.slice(0, 300),
        who: person.label,
        status: res.statusCode,
        body: (payload ?? '').slice(0, 300),
        answer: res.body.slice(0, 300),
      });
      if (res.statusCode >= 500) {
        figures.server_errors += 1;
        problems.push(problem('server_error'));
      }
      if (res.statusCode >= 200 && res.statusCode < 300) {
        figures.status_2xx += 1;
        if ((res.headers['content-type'] ?? '').toString().includes('json')) {
          try {
            harvest(JSON.parse(res.body), pool, seen);
          } catch {
            // not JSON after all
          }
        }
        if (op.method !== 'GET') baseline = await fingerprint();
      } else {
        if (res.statusCode < 500) figures.status_4xx += 1;
        if (op.method !== 'GET') {
          const now = await fingerprint();
          if (now !== baseline) {
            figures.partial_writes += 1;
            problems.push(problem('partial_write'));
            baseline = now;
          }
        }
      }
    }
    opts.onProgress?.(Math.min(done + batch, opts.requests));
  }
  return { figures, problems };
}
