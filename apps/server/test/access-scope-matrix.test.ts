import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@gridvoice/core';
import { DEMO_COUNTY, seedDemo } from '../src/modules/demo/demo.seed.js';
import { createTestApp, login, makeCounty, makeUser, type Session, type TestApp } from './harness.js';
import { makeDeputy, makeUnit } from './organisation.factory.js';
import { readOperations, validArb } from './openapi-fuzz.js';

/**
 * Issue 9, item 1: every role × every operation of /api/openapi.json × an object out of scope.
 * County B is the demo county (everything in it made through the services); the users under test
 * all belong to county A. Ids of B's objects are gathered the way a curious user would (from B's
 * own staff's answers) and put into every operation whose path names them, by every role of A.
 * Out of scope must be refused (403/404, or 400 for a body the schema refuses) and no answer to an A
 * user — refusal or list — may carry a name or id of B. Built from the document, so a new route is
 * in the matrix the day it is added.
 */
const PASSWORD = 'Matrix-Passw0rd!';
const B_COUNTY = `${DEMO_COUNTY}000000`;

type Doc = Parameters<typeof readOperations>[0];
type Op = ReturnType<typeof readOperations>[number];

/** Reference data every user may read, whatever their scope (region names are public administrative facts). */
const SHARED = new Set([
  'GET /api/organisation/regions/{regionCode}',
  'GET /api/organisation/regions/{regionCode}/children',
]);
const skip = (method: string, path: string) =>
  path.startsWith('/api/public/') ||
  path.startsWith('/open311/') ||
  path.startsWith('/api/auth/') ||
  path === '/api/health' ||
  path === '/api/system/info';

function collect(value: unknown, ids: Map<string, Set<string>>, names: Set<string>, key = '', depth = 0): void {
  if (depth > 8) return;
  if (typeof value === 'string') {
    if (/Id$/.test(key) && value.length >= 8) {
      const set = ids.get(key) ?? new Set<string>();
      set.add(value);
      ids.set(key, set);
    }
    if ((key === 'title' || key === 'name' || key === 'caseNumber') && [...value].length >= 4) names.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value.slice(0, 30)) collect(v, ids, names, key, depth + 1);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collect(v, ids, names, k, depth + 1);
  }
}

describe('access matrix: every role of county A against every object of county B (issue 9, item 1)', () => {
  let t: TestApp;
  let ops: Op[];
  const ids = new Map<string, Set<string>>();
  const names = new Set<string>();
  const people: { role: Role; session: Session }[] = [];

  beforeAll(async () => {
    t = await createTestApp({ config: { loginRateLimitPerMinute: 100_000 } });
    await seedDemo(t.deps, PASSWORD);
    ops = readOperations((await t.app.inject('/api/openapi.json')).json<Doc>(), skip);

    // What B's own people see: lists first, then the details those lists lead to.
    const insiders = await Promise.all(
      ['demo_county', 'demo_town', 'demo_unit', 'demo_deputy', 'demo_station'].map((u) => login(t.app, u, PASSWORD)),
    );
    for (const round of [0, 1]) {
      for (const op of ops.filter(
        (o) => o.method === 'GET' && (round === 0 ? o.pathParams.length === 0 : o.pathParams.length > 0),
      )) {
        for (const s of insiders) {
          const url = fill(op);
          if (!url) continue;
          const res = await s.request('GET', url);
          if (res.statusCode === 200 && String(res.headers['content-type']).includes('json'))
            {collect(res.json(), ids, names);}
        }
      }
    }
    // Region names are shared reference data, not B's secrets.
    const regionNames = await t.db.query<{ name: string }>('SELECT name FROM regions');
    for (const r of regionNames.rows) names.delete(r.name);

    const a = await makeCounty(t, 1, 1);
    const town = a.townCodes[0] as string;
    const unit = await makeUnit(t, a.countyCode);
    const deputy = await makeDeputy(t, a.villageCodes[0]?.[0] ?? town);
    const roles: [Role, string, Parameters<typeof makeUser>[3]][] = [
      ['admin', a.countyCode, {}],
      ['security_admin', a.countyCode, {}],
      ['auditor', a.countyCode, {}],
      ['congress_staff', a.countyCode, {}],
      ['town_staff', town, {}],
      ['station_manager', town, {}],
      ['deputy', town, { deputyId: deputy.deputyId }],
      ['unit_handler', a.countyCode, { unitId: unit.unitId }],
      ['viewer', a.countyCode, {}],
    ];
    for (const [role, scope, extra] of roles) {
      const u = await makeUser(t, role, scope, extra);
      people.push({ role, session: await login(t.app, u.username) });
    }
  }, 600_000);
  afterAll(() => t.close());

  /** The operation's URL with B's values in its path, or null when B has nothing of that name. */
  function fill(op: Op): string | null {
    let url = op.path;
    for (const p of op.pathParams) {
      const value = p === 'regionCode' ? B_COUNTY : p === 'year' ? '2025' : [...(ids.get(p) ?? [])][0];
      if (!value) return null;
      url = url.replace(`{${p}}`, encodeURIComponent(value));
    }
    return url;
  }

  const leaks = (body: string) => [...names].filter((n) => body.includes(n)).slice(0, 3);

  it('B is rich enough to test against: its people answered with many kinds of ids and names', () => {
    expect(ids.size).toBeGreaterThan(15);
    expect(names.size).toBeGreaterThan(200);
  });

  // Before A's users try B's ids (their refused attempts rightly show in A's audit trail, ids included).
  it("no list, search, statistic or export an A user can open carries B's names or ids", async () => {
    const lists = ops.filter((o) => o.method === 'GET' && o.pathParams.length === 0);
    const bIds = [...ids.entries()]
      .filter(([k]) => k !== 'regionCode')
      .flatMap(([, v]) => [...v])
      .filter((v) => v.length >= 16);
    const problems: string[] = [];
    for (const op of lists) {
      // The largest page the list allows, so nothing hides on page 2.
      const size = op.query.find((q) => q.name === 'pageSize')?.schema;
      const url = size?.maximum ? `${op.path}?pageSize=${size.maximum}` : op.path;
      for (const { role, session } of people) {
        const res = await session.request('GET', url);
        if (res.statusCode >= 500) problems.push(`${role} GET ${url} → ${res.statusCode}`);
        const text = res.rawPayload.toString('latin1').includes('PK') ? '' : res.body; // an .xlsx is a zip: checked through its JSON twin
        const leaked = leaks(text);
        const leakedIds = bIds.filter((id) => text.includes(id)).slice(0, 2);
        if (leaked.length || leakedIds.length)
          {problems.push(`${role} GET ${url} → ${res.statusCode} carries ${[...leaked, ...leakedIds].join('、')}`);}
      }
    }
    console.log(`[scope-matrix] ${lists.length} lists × ${people.length} roles of A`);
    expect(problems).toEqual([]);
  }, 600_000);

  it('no operation on an object of B succeeds for any role of A, and no refusal names it', async () => {
    const withObject = ops.filter((o) => o.pathParams.length > 0 && !SHARED.has(`${o.method} ${o.path}`));
    const tested: string[] = [];
    const problems: string[] = [];
    for (const op of withObject) {
      const url = fill(op);
      if (!url) continue;
      tested.push(`${op.method} ${op.path}`);
      const body =
        op.method === 'GET' || op.method === 'DELETE'
          ? undefined
          : op.body
            ? fc.sample(validArb(op.body), { numRuns: 1, seed: 1 })[0]
            : {};
      for (const { role, session } of people) {
        const res = await session.request(op.method, url, body);
        if (res.statusCode < 300 || res.statusCode >= 500)
          {problems.push(`${role} ${op.method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`);}
        const leaked = leaks(res.body);
        if (leaked.length) problems.push(`${role} ${op.method} ${url} → ${res.statusCode} names ${leaked.join('、')}`);
      }
    }
    console.log(`[scope-matrix] ${tested.length} operations on B's objects × ${people.length} roles of A`);
    expect(tested.length).toBeGreaterThan(60);
    expect(problems).toEqual([]);
  }, 600_000);
});
