import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeCounty, makeUser, type TestApp } from './harness.js';

/**
 * Issue 9, item 3: a request body cannot set what the server owns, and unknown fields are refused.
 * Read from /api/openapi.json, so a new operation is held to it the day it is added.
 */
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}
type Doc = {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
};

/** Fields only the server sets: numbers, states, owners, timestamps, the audit trail. */
const SERVER_OWNED = [
  'createdAt',
  'updatedAt',
  'createdBy',
  'ownerUserId',
  'caseNumber',
  'number',
  'suggestionNumber',
  'status',
  'state',
  'closedAt',
  'auditId',
  'actorUserId',
  'userId',
];
/** Where such a name is the user's own fact, not the server's (each reviewed). */
const ALLOWED = new Set([
  'POST /api/organisation/grids .workers[].userId', // the account a grid worker logs in with, chosen by the clerk
  'PATCH /api/organisation/grids/{gridId} .workers[].userId',
  'POST /api/organisation/deputies .mandates[].status', // a mandate's standing (在任/终止) is recorded from the congress's decision
  'POST /api/organisation/deputies/{deputyId}/mandates .status',
  'PATCH /api/organisation/deputies/{deputyId}/mandates/{mandateId} .status',
]);
/** Open311 GeoReport v2 lets clients send extra attributes (attribute[...]); the adapter reads only its own. */
const NOT_STRICT = new Set(['POST /open311/v2/requests.json']);

function namesIn(s: Schema, path: string, out: string[]): void {
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    if (SERVER_OWNED.includes(k)) out.push(`${path}.${k}`);
    namesIn(v, `${path}.${k}`, out);
  }
  if (s.items) namesIn(s.items, `${path}[]`, out);
  for (const x of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) namesIn(x, path, out);
}
function isStrict(s: Schema): boolean {
  if (s.properties && s.additionalProperties !== false) return false;
  return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].every(isStrict);
}

describe('server-owned fields and unknown fields (issue 9, item 3)', () => {
  let t: TestApp;
  let bodies: { op: string; method: string; path: string; schema: Schema }[];
  beforeAll(async () => {
    t = await createTestApp();
    const doc = (await t.app.inject('/api/openapi.json')).json<Doc>();
    bodies = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([m, o]) => {
        const schema = o.requestBody?.content?.['application/json']?.schema;
        return schema ? [{ op: `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path, schema }] : [];
      }),
    );
  });
  afterAll(() => t.close());

  it('no request body offers a field the server owns', () => {
    expect(bodies.length).toBeGreaterThan(60);
    const found = bodies.flatMap((b) => {
      const out: string[] = [];
      namesIn(b.schema, '', out);
      return out.map((f) => `${b.op} ${f}`);
    });
    expect(found.filter((f) => !ALLOWED.has(f))).toEqual([]);
  });

  it('every request body is a closed object: unknown keys are refused by the schema', () => {
    expect(bodies.filter((b) => !NOT_STRICT.has(b.op) && !isStrict(b.schema)).map((b) => b.op)).toEqual([]);
  });

  it('and in practice: an unknown field gets a Chinese 400 naming it, from every operation, before anything runs', async () => {
    const c = await makeCounty(t, 1, 1);
    const admin = await login(t.app, (await makeUser(t, 'admin', c.countyCode)).username);
    const auditBefore = Number((await t.db.query<{ n: number }>('SELECT count(*) AS n FROM audit_log')).rows[0]?.n);
    const answers: string[] = [];
    for (const b of bodies.filter((x) => !NOT_STRICT.has(x.op) && !x.path.startsWith('/api/auth/login'))) {
      // Path values of the right form, so the body is what the answer is about.
      const url = b.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
        name === 'regionCode'
          ? c.countyCode
          : name === 'year'
            ? '2025'
            : name === 'token'
              ? 'T'.repeat(43)
              : '00000000-0000-4000-8000-000000000000',
      );
      const res = b.path.startsWith('/api/public/')
        ? await t.app.inject({ method: b.method as 'POST', url, payload: { zzUnknownField: 1 } })
        : await admin.request(b.method, url, { zzUnknownField: 1 });
      const err = res.json<{ error?: { message?: string; details?: { field: string }[] } }>().error;
      const named =
        (err?.details ?? []).some((d) => d.field.includes('zzUnknownField')) ||
        (err?.message ?? '').includes('zzUnknownField');
      // A body that is one of several shapes (the actions, told apart by \`type\`) is refused at
      // the discriminator, before its keys are read: still a 400 that runs nothing.
      const union = Boolean(b.schema.anyOf ?? b.schema.oneOf);
      if (res.statusCode !== 400 || (!named && !union))
        {answers.push(`${b.op} → ${res.statusCode} ${res.body.slice(0, 160)}`);}
    }
    expect(answers).toEqual([]);
    // Refused at the door: not even a refusal reached the services' audit.
    expect(Number((await t.db.query<{ n: number }>('SELECT count(*) AS n FROM audit_log')).rows[0]?.n)).toBe(
      auditBefore,
    );
  });
});
