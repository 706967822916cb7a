import { describe, expect, it } from 'vitest';
import { can, type Actor } from '../auth/auth.policy.js';
import type { Permission } from '../auth/permissions.js';
import { listScopeOf, NONE_ID, organisationSubject, type OrganisationObject } from './organisation.policy.js';

const COUNTY = '440784000000';
const TOWN_A = '440784001000';
const TOWN_B = '440784101000';
const VILLAGE_A = '440784001006';
const VILLAGE_B = '440784101201';

const actor = (role: Actor['role'], scope: string, extra: Partial<Actor> = {}): Actor => ({
  userId: 'u',
  username: 'u',
  role,
  scopeRegionCode: scope,
  ...extra,
});

const staffA = actor('town_staff', TOWN_A);
const county = actor('congress_staff', COUNTY);
const manager = actor('station_manager', TOWN_A, { stationId: 's1' });
const unlinkedManager = actor('station_manager', TOWN_A);
const deputy = actor('deputy', TOWN_A, { deputyId: 'd1' });
const handler = actor('unit_handler', COUNTY, { unitId: 'u1' });
const viewer = actor('viewer', COUNTY);

const gridA: OrganisationObject = { regionCodes: [VILLAGE_A], stationIds: ['s1'] };
const gridB: OrganisationObject = { regionCodes: [VILLAGE_B], stationIds: [] };
const stationA: OrganisationObject = { regionCodes: [VILLAGE_A], stationIds: ['s1'] };
const stationA2: OrganisationObject = { regionCodes: [VILLAGE_A], stationIds: ['s2'] };
// a deputy of town B placed at station s1 in town A
const deputyBinA: OrganisationObject = { regionCodes: [TOWN_B, VILLAGE_A], stationIds: ['s1'], deputyId: 'd2' };
const deputyOwn: OrganisationObject = { regionCodes: [TOWN_A], stationIds: [], deputyId: 'd1' };
const countyUnit: OrganisationObject = { regionCodes: [COUNTY], unitId: 'u1', readableFromBelow: true };
const otherCountyUnit: OrganisationObject = { regionCodes: ['440783000000'], unitId: 'u9', readableFromBelow: true };

const allowed = (a: Actor, p: Permission, o: OrganisationObject) =>
  can(a, p, organisationSubject(a, o, p.endsWith('.read') ? 'read' : 'change')).allowed;

describe('organisation access (item 11): each role in and out of scope', () => {
  it.each<[string, Actor, Permission, OrganisationObject, boolean]>([
    ['town staff read a grid of their town', staffA, 'organisation.read', gridA, true],
    ['town staff read a grid of another town', staffA, 'organisation.read', gridB, false],
    ['town staff manage a grid of their town', staffA, 'grid.manage', gridA, true],
    ['town staff manage a grid of another town', staffA, 'grid.manage', gridB, false],
    ['town staff read a deputy of another town placed in theirs', staffA, 'deputy.read', deputyBinA, true],
    ['county staff manage any grid of the county', county, 'grid.manage', gridB, true],
    ['station manager reads a grid their station covers', manager, 'organisation.read', gridA, true],
    ['station manager reads a grid no station of theirs covers', manager, 'organisation.read', gridB, false],
    ['station manager updates their station', manager, 'station.update', stationA, true],
    ['station manager updates another station', manager, 'station.update', stationA2, false],
    ['station manager cannot create or delete stations', manager, 'station.manage', stationA, false],
    ['station manager reads a deputy of their station', manager, 'deputy.read', deputyBinA, true],
    ['station manager reveals the phone of a deputy of their station', manager, 'deputy.reveal_phone', deputyBinA, true],
    ['station manager without a station reads nothing station-bound', unlinkedManager, 'organisation.read', gridA, false],
    ['deputy reads their own record', deputy, 'deputy.read', deputyOwn, true],
    ['deputy reads another deputy', deputy, 'deputy.read', deputyBinA, false],
    ['deputy reveals their own phone', deputy, 'deputy.reveal_phone', deputyOwn, true],
    ['deputy cannot change their record', deputy, 'deputy.manage', deputyOwn, false],
    ['handler reads their unit', handler, 'organisation.read', countyUnit, true],
    ['town staff read a county unit (from below)', staffA, 'organisation.read', countyUnit, true],
    ['town staff cannot manage a county unit', staffA, 'unit.manage', countyUnit, false],
    ['town staff cannot read another county unit', staffA, 'organisation.read', otherCountyUnit, false],
    ['viewer reads the coverage', viewer, 'coverage.read', { regionCodes: [COUNTY] }, true],
    ['viewer cannot manage', viewer, 'deputy.manage', deputyOwn, false],
  ])('%s', (_what, a, p, o, expected) => {
    expect(allowed(a, p, o)).toBe(expected);
  });

  it('lists are held to the station, own record or unit of the role', () => {
    expect(listScopeOf(manager)).toEqual({ scopeRegionCode: TOWN_A, stationId: 's1', deputyId: null, unitId: null });
    expect(listScopeOf(unlinkedManager).stationId).toBe(NONE_ID);
    expect(listScopeOf(deputy).deputyId).toBe('d1');
    expect(listScopeOf(handler).unitId).toBe('u1');
    expect(listScopeOf(staffA)).toEqual({ scopeRegionCode: TOWN_A, stationId: null, deputyId: null, unitId: null });
  });
});
