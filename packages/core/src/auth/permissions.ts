import type { Role } from './roles.js';

/**
 * Every permission of the product, as `subject.action`. Modules add their lines here; the
 * role table below is the one place that says who holds what.
 */
export const PERMISSIONS = [
  'user.read',
  'user.create',
  'user.update',
  'user.disable',
  'user.reset_password',
  'audit.read',
  'region.read',
  'personal_data.reveal',
  'attachment.upload',
  'attachment.read',
  'notification.read',
  // organisation (issue 3): grids, stations, deputies, groups and links, handling units
  'organisation.read',
  'grid.manage',
  'station.manage',
  'station.update',
  'deputy.read',
  'deputy.manage',
  'deputy.reveal_phone',
  'deputy.photo',
  'unit.manage',
  'coverage.read',
  // concerns (issue 4): see, register, act (the workflow's role table decides which step),
  // export, reveal the constituent's personal data; edit calendar overrides and loop settings
  'concern.read',
  'concern.create',
  'concern.act',
  'concern.export',
  'concern.reveal',
  'concern.settings',
  // duty (issue 5): rules and compliance, rotas, activities and check-ins, reception registers,
  // evaluations, campaigns and oversight work
  'duty.read',
  'duty.manage',
  'activity.create',
  'reception.create',
  'reception.reveal',
  'evaluation.rate',
  'campaign.manage',
  'oversight.manage',
  'oversight.answer',
  // stats (issue 8): the figures, rankings, exports and report packs of one's region scope
  'stats.read',
  // suggestions (issue 6): read within scope; deputies draft, co-sign and rate their own; the deputy
  // affairs office (congress_staff) reviews, dispatches, approves extensions and sets key supervision;
  // unit handlers answer for their unit (the workflow's role table decides which step)
  'suggestion.read',
  'suggestion.create',
  'suggestion.act',
  // projects and votes (issue 6): micro-projects and tracked livelihood projects; the vote rounds
  'project.read',
  'project.propose',
  'project.approve',
  'project.report',
  'project.inspect',
  'project.supervise',
  'vote.read',
  'vote.manage',
  'vote.cast',
  'vote.rate',
  // security (issue 9): the per-role two-factor switch
  'two_factor.settings',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Permission[] = PERMISSIONS;
/** Uploading and reading the photos and documents of one's work. */
const WORK_FILES: readonly Permission[] = ['attachment.upload', 'attachment.read'];
/** Handling cases is not the administrators' work (三员分立); they keep the calendar and settings. */
const CASE_WORK: readonly Permission[] = ['concern.read', 'concern.create', 'concern.act', 'concern.export', 'concern.reveal'];

/** Congress and town staff keep the organisation of their region (county or town). */
const ORGANISATION_MANAGERS: readonly Permission[] = [
  'organisation.read',
  'grid.manage',
  'station.manage',
  'station.update',
  'deputy.read',
  'deputy.manage',
  'deputy.reveal_phone',
  'deputy.photo',
  'unit.manage',
  'coverage.read',
];

/** Staff keep the duty work of their region (county or town). */
const DUTY_STAFF: readonly Permission[] = [
  'duty.read',
  'duty.manage',
  'activity.create',
  'reception.create',
  'reception.reveal',
  'evaluation.rate',
  'campaign.manage',
  'oversight.manage',
];

/** Projects and votes (issue 6): who proposes, approves, delivers, inspects, votes and rates. */
const PROJECT_VOTE: Partial<Record<Role, readonly Permission[]>> = {
  congress_staff: ['project.read', 'project.propose', 'project.approve', 'project.report', 'project.supervise', 'vote.read', 'vote.manage'],
  town_staff: ['project.read', 'project.propose', 'project.supervise', 'vote.read'],
  station_manager: ['project.read', 'project.propose', 'vote.read'],
  deputy: ['project.read', 'project.propose', 'project.inspect', 'project.supervise', 'vote.read', 'vote.cast', 'vote.rate'],
  unit_handler: ['project.read', 'project.report'],
  viewer: ['project.read', 'vote.read'],
};

const ROLE_TABLE_BASE: Record<Role, readonly Permission[]> = {
  // 三员分立: the system administrator runs the system and manages accounts but reads no audit
  // trail; the security administrator manages accounts; the auditor only reads the audit trail.
  admin: ALL.filter((p) => p !== 'audit.read' && !CASE_WORK.includes(p) && !DUTY_STAFF.includes(p) && p !== 'oversight.answer'),
  security_admin: [
    'user.read',
    'user.create',
    'user.update',
    'user.disable',
    'user.reset_password',
    'region.read',
  ],
  auditor: ['audit.read', 'user.read', 'region.read'],
  congress_staff: [
    'user.read',
    'user.create',
    'user.update',
    'user.disable',
    'user.reset_password',
    'region.read',
    'personal_data.reveal',
    ...ORGANISATION_MANAGERS,
    ...WORK_FILES,
    ...CASE_WORK,
    'concern.settings',
    ...DUTY_STAFF,
  ],
  town_staff: ['user.read', 'region.read', 'personal_data.reveal', ...ORGANISATION_MANAGERS, ...WORK_FILES, ...CASE_WORK, ...DUTY_STAFF],
  // held to their own station by can(): they read its grids and deputies and keep its details
  station_manager: ['region.read', 'organisation.read', 'station.update', 'deputy.read', 'deputy.reveal_phone', ...WORK_FILES, 'concern.read', 'concern.create', 'concern.act', 'duty.read', 'duty.manage', 'activity.create', 'reception.create', 'reception.reveal'],
  // held to their own record by can()
  deputy: ['region.read', 'organisation.read', 'deputy.read', 'deputy.reveal_phone', 'deputy.photo', ...WORK_FILES, 'concern.read', 'concern.create', 'concern.act', 'duty.read', 'activity.create', 'reception.create', 'evaluation.rate'],
  // held to their own unit by can()
  unit_handler: ['region.read', 'organisation.read', ...WORK_FILES, 'concern.read', 'concern.act', 'oversight.answer'],
  viewer: ['region.read', 'organisation.read', 'deputy.read', 'coverage.read', 'attachment.read', 'concern.read', 'duty.read'],
};

/**
 * Suggestions (issue 6): who reads, drafts and acts; the workflow binds each step to its actor.
 * Given here rather than inside ROLE_TABLE so that `admin: ALL…` does not pick them up (三员分立).
 */
const SUGGESTION_GRANTS: Partial<Record<Role, readonly Permission[]>> = {
  congress_staff: ['suggestion.read', 'suggestion.create', 'suggestion.act'],
  deputy: ['suggestion.read', 'suggestion.create', 'suggestion.act'],
  unit_handler: ['suggestion.read', 'suggestion.act'],
  town_staff: ['suggestion.read'],
  viewer: ['suggestion.read'],
};

function withSuggestions(table: Record<Role, readonly Permission[]>): Record<Role, readonly Permission[]> {
  const out = { ...table };
  for (const role of Object.keys(table) as Role[]) {
    out[role] = [...table[role].filter((p) => !p.startsWith('suggestion.')), ...(SUGGESTION_GRANTS[role] ?? [])];
  }
  return out;
}
const ROLE_TABLE: Record<Role, readonly Permission[]> = Object.fromEntries(
  // the administrators take no part in projects or votes (三员分立): only the roles above hold them
  Object.entries(ROLE_TABLE_BASE).map(([role, ps]) => [
    role,
    [...ps.filter((p) => !p.startsWith('project.') && !p.startsWith('vote.')), ...(PROJECT_VOTE[role as Role] ?? [])],
  ]),
) as unknown as Record<Role, readonly Permission[]>;

// stats (issue 8): congress and town staff and read-only users see the figures of their scope
for (const role of ['congress_staff', 'town_staff', 'viewer'] as const) ROLE_TABLE[role] = [...ROLE_TABLE[role], 'stats.read'];
ROLE_TABLE.admin = ROLE_TABLE.admin.filter((p) => p !== 'stats.read');

/** What every signed-in person holds: their own notifications. */
const EVERYONE: readonly Permission[] = ['notification.read'];

function withEveryone(table: Record<Role, readonly Permission[]>): Record<Role, readonly Permission[]> {
  const out = { ...table };
  for (const role of Object.keys(table) as Role[]) out[role] = [...table[role], ...EVERYONE];
  return out;
}

/** 三员分立: the two-factor policy is the security administrator's alone (issue 9). */
const SECURITY_ADMIN_ONLY: readonly Permission[] = ['two_factor.settings'];
function withSecurityPolicy(table: Record<Role, readonly Permission[]>): Record<Role, readonly Permission[]> {
  const out = { ...table };
  for (const role of Object.keys(table) as Role[]) out[role] = table[role].filter((p) => !SECURITY_ADMIN_ONLY.includes(p));
  out.security_admin = [...out.security_admin, ...SECURITY_ADMIN_ONLY];
  return out;
}

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = withEveryone(withSecurityPolicy(withSuggestions(ROLE_TABLE)));
