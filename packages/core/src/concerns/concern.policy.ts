/**
 * Who may take each step of the closed loop. The state machine (concern.workflow.ts) checks
 * this table first, then the state, then the actor's binding to the concern (below).
 */
import type { Role } from '../auth/roles.js';
import type { ConcernActionType } from './concern.workflow.js';

/**
 * Besides the platform's roles, two actors without an account take part:
 * - `constituent` — the person who raised the concern, through a tokenised link or the online
 *   channel (the server authenticates the link; here it is only a role);
 * - `system` — scheduled jobs (closing unrated concerns) and the fan-out of a master's reply.
 */
export type ConcernActorRole = Role | 'constituent' | 'system';

/** `register` creates the record (registerConcern); every other step is an action on it. */
export type ConcernPolicyAction = 'register' | ConcernActionType;

/**
 * The table. System administrators, security administrators, auditors and viewers take no
 * step of the loop (三员分立: they run the system, they do not handle cases).
 *
 * | action              | 中文          | roles                                                      |
 * |---------------------|---------------|------------------------------------------------------------|
 * | register            | 登记          | deputy, station_manager, town_staff, congress_staff, constituent |
 * | resolve_on_spot     | 就地解决      | deputy, station_manager                                    |
 * | send_for_dispatch   | 提交分办      | deputy, station_manager, town_staff                        |
 * | dispatch            | 交办          | town_staff, congress_staff                                 |
 * | accept              | 签收          | unit_handler                                               |
 * | return              | 退回          | unit_handler                                               |
 * | request_extension   | 申请延期      | unit_handler                                               |
 * | approve_extension   | 批准延期      | town_staff, congress_staff                                 |
 * | refuse_extension    | 不予延期      | town_staff, congress_staff                                 |
 * | give_opinion        | 协办意见      | unit_handler                                               |
 * | reply               | 答复          | unit_handler                                               |
 * | escalate            | 上交上级      | town_staff, congress_staff                                 |
 * | urge                | 催办          | deputy, town_staff, congress_staff                         |
 * | set_key_supervision | 重点督办      | congress_staff                                             |
 * | rate                | 评价          | constituent, deputy (on the constituent's behalf), town_staff (回访) |
 * | close_not_rated     | 未评价办结    | system, town_staff, congress_staff                         |
 * | merge_into          | 合并          | town_staff, congress_staff                                 |
 * | relay_master_reply  | 转发主件答复  | system                                                     |
 * | link_suggestion     | 转为代表建议  | deputy, congress_staff                                     |
 */
export const CONCERN_ACTION_ROLES: Readonly<Record<ConcernPolicyAction, readonly ConcernActorRole[]>> = {
  register: ['deputy', 'station_manager', 'town_staff', 'congress_staff', 'constituent'],
  resolve_on_spot: ['deputy', 'station_manager'],
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

/**
 * Binding of the actor to the concern, checked after role and state (the region scope is the
 * server's `can()`):
 * - deputy: only concerns they collected themselves — except `link_suggestion`, which any
 *   deputy forming a suggestion may do;
 * - unit_handler: only through their own unit's assignment in the current dispatch round;
 * - town_staff acts at town level, congress_staff at county level (or city level when the
 *   context says so): staff act only on concerns at or below their level, so a concern
 *   escalated to the county leaves the town's hands;
 * - station_manager, constituent, system: no further binding here.
 */
export const CONCERN_BINDING_RULES: Readonly<Partial<Record<ConcernActorRole, string>>> = {
  deputy: '只能办理本人收集的群众意见（转为代表建议除外）',
  unit_handler: '只能办理交办给本单位的事项',
  town_staff: '只能办理本级（乡镇、街道）的群众意见',
  congress_staff: '只能办理本级及下级的群众意见',
};

export function roleMayTake(role: ConcernActorRole, action: ConcernPolicyAction): boolean {
  return CONCERN_ACTION_ROLES[action].includes(role);
}
