import { randomBytes } from 'node:crypto';
import { normalizeRegionCode } from '@gridvoice/core';
import type { Db } from '@gridvoice/db';
import type { Config } from '../config.js';
import { insertAudit } from '../modules/audit/audit.repository.js';
import { hasAdministrator, lockBootstrap } from '../modules/auth/auth.repository.js';
import { hashPassword } from '../modules/auth/password-hasher.js';
import { insertUser } from '../modules/admin/users.repository.js';
import { regionChain } from '../modules/organisation/region-source.js';
import { upsertRegions } from '../modules/organisation/region.repository.js';

const SYSTEM_CTX = { actor: null, requestId: 'bootstrap', ip: 'local' };

/** A readable random password: 16 characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * First start: the root region chain and the administrator `admin`, with
 * GRIDVOICE_ADMIN_PASSWORD or a generated password that is returned to be printed once.
 */
export async function bootstrap(db: Db, config: Config, now: Date): Promise<{ adminPassword: string | null }> {
  await db.transaction(async (tx) => upsertRegions(tx, regionChain(config.rootRegion)));
  if (await hasAdministrator(db)) return { adminPassword: null };
  const password = config.adminPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const created = await db.transaction(async (tx) => {
    await lockBootstrap(tx);
    if (await hasAdministrator(tx)) return false;
    const scope = normalizeRegionCode(config.rootRegion);
    const id = await insertUser(tx, {
      username: 'admin',
      displayName: '系统管理员',
      passwordHash,
      role: 'admin',
      scopeRegionCode: scope,
      mustChangePassword: !config.adminPassword,
      now,
    });
    await insertAudit(tx, SYSTEM_CTX, now, {
      action: 'user.create',
      objectType: 'user',
      objectId: id,
      regionCode: scope,
      after: { username: 'admin', role: 'admin', reason: 'first_start' },
    });
    return true;
  });
  return { adminPassword: created && !config.adminPassword ? password : null };
}
