import { normalizeRegionCode, type Role } from '@gridvoice/core';
import type { AppDeps } from '../../types.js';
import { insertAudit } from '../audit/audit.repository.js';
import { hashPassword } from '../auth/password-hasher.js';
import { insertUser } from '../admin/users.repository.js';
import { seedDutyDemo } from '../duty/duty.demo.js';
import { seedOrganisationDemo } from '../organisation/organisation.demo.js';
import { countyRegions } from '../organisation/region-source.js';
import { upsertRegions } from '../organisation/region.repository.js';
import { seedConcernsDemo } from '../concerns/concerns.demo.js';
import { readSetting, writeSetting } from '../system/system.repository.js';
import { createStatsService } from '../stats/stats.service.js';
import { seedSuggestionsDemo } from '../suggestions/suggestions.demo.js';
import { seedProjectsVotesDemo } from '../votes/votes.demo.js';

/** The demo county: Heshan (鹤山市), the county of seed 002. */
export const DEMO_COUNTY = '440784';

export interface DemoLogin {
  username: string;
  role: Role;
  displayName: string;
  scope: string;
}

/** One login per role; fictitious people. */
export const DEMO_LOGINS: DemoLogin[] = [
  { username: 'demo_security', role: 'security_admin', displayName: '演示·安全管理员', scope: DEMO_COUNTY },
  { username: 'demo_auditor', role: 'auditor', displayName: '演示·审计管理员', scope: DEMO_COUNTY },
  { username: 'demo_county', role: 'congress_staff', displayName: '演示·市人大常委会代表工委', scope: DEMO_COUNTY },
  { username: 'demo_town', role: 'town_staff', displayName: '演示·沙坪街道人大工委', scope: '440784001' },
  { username: 'demo_town2', role: 'town_staff', displayName: '演示·龙口镇人大主席团', scope: '440784101' },
  { username: 'demo_station', role: 'station_manager', displayName: '演示·联络站管理员', scope: '440784001' },
  { username: 'demo_deputy', role: 'deputy', displayName: '演示·人大代表', scope: '440784001' },
  { username: 'demo_unit', role: 'unit_handler', displayName: '演示·承办单位经办人', scope: DEMO_COUNTY },
  { username: 'demo_viewer', role: 'viewer', displayName: '演示·只读用户', scope: DEMO_COUNTY },
];

export type DemoStep = (deps: AppDeps, password: string) => Promise<void>;

/** Later modules add their demo data here, each made through its own services. */
export const DEMO_STEPS: DemoStep[] = [];

// Organisation first: grids, stations, deputies and handling units that later steps build on.
DEMO_STEPS.push((deps) =>
  seedOrganisationDemo(deps, DEMO_COUNTY, { station: 'demo_station', deputy: 'demo_deputy', unit: 'demo_unit' }),
);

// Duty after the organisation: a year of rules, rotas, activities, registers and a campaign.
DEMO_STEPS.push((deps) => seedDutyDemo(deps, DEMO_COUNTY));

// A year of concerns in every state, driven through the closed loop's own service.
DEMO_STEPS.push((deps, password) => seedConcernsDemo(deps, DEMO_COUNTY, password));

// Deputies' suggestions after the concerns: the seed stories and one in every state, through the real services.
DEMO_STEPS.push((deps, password) => seedSuggestionsDemo(deps, DEMO_COUNTY, password));
// Micro-projects (the drainage and the road bend stories) and this year's livelihood vote, through their services.
DEMO_STEPS.push((deps) => seedProjectsVotesDemo(deps, DEMO_COUNTY));

export async function isDemoSeeded(deps: Pick<AppDeps, 'db'>): Promise<boolean> {
  return (await readSetting(deps.db, 'demo')) !== null;
}

/** Seeds the demo county once; returns the logins made (empty when it was there already). */
export async function seedDemo(deps: AppDeps, password: string): Promise<DemoLogin[]> {
  if (await isDemoSeeded(deps)) return [];
  const { db, clock } = deps;
  const regions = await countyRegions(DEMO_COUNTY);
  const hash = await hashPassword(password);
  const now = clock.now();
  const ctx = { actor: null, requestId: 'seed-demo', ip: 'local' };
  await db.transaction(async (tx) => {
    await upsertRegions(tx, regions);
    for (const l of DEMO_LOGINS) {
      const id = await insertUser(tx, {
        username: l.username,
        displayName: l.displayName,
        passwordHash: hash,
        role: l.role,
        scopeRegionCode: normalizeRegionCode(l.scope),
        mustChangePassword: false,
        now,
      });
      await insertAudit(tx, ctx, now, { action: 'user.create', objectType: 'user', objectId: id, after: { username: l.username, role: l.role, demo: true } });
    }
    await writeSetting(tx, 'demo', { countyCode: DEMO_COUNTY, seededAt: now.toISOString() }, now);
  });
  for (const step of DEMO_STEPS) await step(deps, password);
  return DEMO_LOGINS;
}

// Statistics (issue 8): the demo's figures are already counted by the triggers; fold them into the rollups once.
DEMO_STEPS.push(async (deps) => {
  await createStatsService(deps).fold(deps.clock.now());
});
