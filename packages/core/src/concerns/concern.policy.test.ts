import { describe, it, expect } from 'vitest';
import { ROLES } from '../auth/roles.js';
import {
  CONCERN_ACTION_ROLES,
  roleMayTake,
  type ConcernActorRole,
  type ConcernPolicyAction,
} from './concern.policy.js';
import { CONCERN_ACTION_TYPES } from './concern.workflow.js';

/** The policy as the issue describes it, written out independently of the implementation's table. */
const EXPECTED: Record<ConcernPolicyAction, ConcernActorRole[]> = {
  register: ['deputy', 'station_manager', 'town_staff', 'congress_staff', 'constituent'],
  resolve_on_spot: ['deputy', 'station_manager'], // R-LOOP-4: the collecting deputy (with the station)
  send_for_dispatch: ['deputy', 'station_manager', 'town_staff'],
  dispatch: ['town_staff', 'congress_staff'],
  accept: ['unit_handler'],
  return: ['unit_handler'],
  request_extension: ['unit_handler'],
  approve_extension: ['town_staff', 'congress_staff'],
  refuse_extension: ['town_staff', 'congress_staff'],
  give_opinion: ['unit_handler'],
  reply: ['unit_handler'],
  escalate: ['town_staff', 'congress_staff'],
  urge: ['deputy', 'town_staff', 'congress_staff'],
  set_key_supervision: ['congress_staff'],
  rate: ['constituent', 'deputy', 'town_staff'],
  close_not_rated: ['system', 'town_staff', 'congress_staff'],
  merge_into: ['town_staff', 'congress_staff'],
  relay_master_reply: ['system'],
  link_suggestion: ['deputy', 'congress_staff'],
};

const ACTORS: ConcernActorRole[] = [...ROLES, 'constituent', 'system'];
const ACTIONS: ConcernPolicyAction[] = ['register', ...CONCERN_ACTION_TYPES];

const table = ACTIONS.flatMap((action) =>
  ACTORS.map((role) => ({ action, role, allowed: EXPECTED[action].includes(role) })),
);

describe('who may do what in the closed loop', () => {
  it('the table names every action', () => {
    expect(Object.keys(CONCERN_ACTION_ROLES).sort()).toEqual([...ACTIONS].sort());
  });

  it.each(table)('$action by $role: $allowed', ({ action, role, allowed }) => {
    expect(roleMayTake(role, action)).toBe(allowed);
  });

  it.each(['admin', 'security_admin', 'auditor', 'viewer'] as const)(
    '%s takes no step of the loop (三员分立)',
    (role) => {
      expect(ACTIONS.filter((a) => roleMayTake(role, a))).toEqual([]);
    },
  );

  it('only units handle, only dispatchers dispatch, only the system relays', () => {
    const handlerActions = ACTIONS.filter((a) => roleMayTake('unit_handler', a));
    expect(handlerActions).toEqual(['accept', 'return', 'request_extension', 'give_opinion', 'reply']);
    expect(ACTIONS.filter((a) => roleMayTake('system', a))).toEqual(['close_not_rated', 'relay_master_reply']);
    expect(ACTIONS.filter((a) => roleMayTake('constituent', a))).toEqual(['register', 'rate']);
  });
});
