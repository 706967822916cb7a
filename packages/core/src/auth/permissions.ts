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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Permission[] = PERMISSIONS;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // 三员分立: the system administrator runs the system and manages accounts but reads no audit
  // trail; the security administrator manages accounts; the auditor only reads the audit trail.
  admin: ALL.filter((p) => p !== 'audit.read'),
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
  ],
  town_staff: ['user.read', 'region.read', 'personal_data.reveal'],
  station_manager: ['region.read'],
  deputy: ['region.read'],
  unit_handler: ['region.read'],
  viewer: ['region.read'],
};
