import type { FastifyInstance } from 'fastify';
import type { Role } from '@gridvoice/core';
import type { AppDeps } from '../src/types.js';
import { login, makeCounty, makeUser } from './harness.js';
import { makeDeputy, makeUnit } from './organisation.factory.js';
import type { Person } from './openapi-fuzz.js';

/** Operations left out, and why: each is proven by its own tests. */
export const FUZZ_SKIP = (method: string, path: string) =>
  // Logging in and out with random input locks the fuzzing accounts (auth.test.ts, two-factor.test.ts).
  path.startsWith('/api/auth/login') ||
  path === '/api/auth/logout' ||
  path === '/api/auth/password' ||
  // Switching two-factor on for a role would turn the fuzzing administrators away (two-factor.test.ts).
  (method === 'PUT' && path === '/api/auth/two-factor/policy');

/** A county, a unit, a deputy, one user of every role (and nobody), each logged in. */
export async function fuzzPeople(t: {
  app: FastifyInstance;
  deps: AppDeps;
}): Promise<{ people: Person[]; seedPool: string[] }> {
  const c = await makeCounty(t, 2, 2);
  const town = c.townCodes[0] as string;
  const unit = await makeUnit(t, c.countyCode);
  const deputy = await makeDeputy(t, c.villageCodes[0]?.[0] ?? town);
  const roles: [Role, string, Parameters<typeof makeUser>[3]][] = [
    ['admin', c.countyCode, {}],
    ['security_admin', c.countyCode, {}],
    ['auditor', c.countyCode, {}],
    ['congress_staff', c.countyCode, {}],
    ['town_staff', town, {}],
    ['deputy', town, { deputyId: deputy.deputyId }],
    ['unit_handler', c.countyCode, { unitId: unit.unitId }],
    ['viewer', c.countyCode, {}],
  ];
  const people: Person[] = [{ label: '(no session)', cookie: null, csrf: null }];
  for (const [role, scope, extra] of roles) {
    const u = await makeUser(t, role, scope, extra);
    const relogin = async () => {
      try {
        const s = await login(t.app, u.username);
        return { cookie: s.cookie, csrf: s.csrfToken };
      } catch {
        return null; // disabled or password changed by a drawn request: goes on as nobody
      }
    };
    const s = await relogin();
    people.push({ label: role, cookie: s?.cookie ?? null, csrf: s?.csrf ?? null, relogin });
  }
  return { people, seedPool: [c.countyCode, town, ...c.villageCodes.flat(), unit.unitId, deputy.deputyId] };
}
