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

const ROLE_TABLE: Record<Role, readonly Permission[]> = {
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
  deputy: ['region.read', 'organisation.read', 'deputy.read', 'deputy.reveal_phone', ...WORK_FILES, 'concern.read', 'concern.create', 'concern.act', 'duty.read', 'activity.create', 'reception.create', 'evaluation.rate'],
  // held to their own unit by can()
  unit_handler: ['region.read', 'organisation.read', ...WORK_FILES, 'concern.read', 'concern.act', 'oversight.answer'],
  viewer: ['region.read', 'organisation.read', 'deputy.read', 'coverage.read', 'attachment.read', 'concern.read', 'duty.read'],
};

/** What every signed-in person holds: their own notifications. */
const EVERYONE: readonly Permission[] = ['notification.read'];

function withEveryone(table: Record<Role, readonly Permission[]>): Record<Role, readonly Permission[]> {
  const out = { ...table };
  for (const role of Object.keys(table) as Role[]) out[role] = [...table[role], ...EVERYONE];
  return out;
}

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = withEveryone(ROLE_TABLE);
