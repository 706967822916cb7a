import { checkPassword, type Role } from '@gridvoice/core';
import type { AppDeps } from '../../types.js';
import { insertAudit } from '../audit/audit.repository.js';
import { clearLoginFailures, deleteSessionsOfUser, findUserForLogin, updatePasswordHash } from '../auth/auth.repository.js';
import { hashPassword } from '../auth/password-hasher.js';
import { countyRegions } from '../organisation/region-source.js';
import { upsertRegions } from '../organisation/region.repository.js';
import * as repo from './users.repository.js';

const CLI_CTX = { actor: null, requestId: 'cli', ip: 'local' };

/** What the operator's command line may do: a person at the server's console, audited as 'cli'. */
export function createCliService(deps: AppDeps) {
  const { db, clock, config } = deps;
  return {
    async createUser(u: { username: string; role: Role; scopeRegionCode: string; displayName: string; password: string }) {
      const problems = checkPassword(u.password, config.passwordPolicy, u.username);
      if (problems.length) throw new Error(problems.join('；'));
      const passwordHash = await hashPassword(u.password);
      const now = clock.now();
      await db.transaction(async (tx) => {
        if (!(await repo.regionExists(tx, u.scopeRegionCode))) throw new Error(`区划 ${u.scopeRegionCode} 不存在，请先 import-regions`);
        if (await repo.usernameTaken(tx, u.username)) throw new Error(`用户名 ${u.username} 已被使用`);
        const id = await repo.insertUser(tx, { ...u, passwordHash, mustChangePassword: true, now });
        await insertAudit(tx, CLI_CTX, now, {
          action: 'user.create',
          objectType: 'user',
          objectId: id,
          regionCode: u.scopeRegionCode,
          after: { username: u.username, role: u.role, via: 'cli' },
        });
      });
    },
    async resetPassword(username: string, password: string) {
      const hash = await hashPassword(password);
      const now = clock.now();
      await db.transaction(async (tx) => {
        const user = await findUserForLogin(tx, username);
        if (!user) throw new Error(`用户 ${username} 不存在`);
        await updatePasswordHash(tx, user.user_id, hash, now, true);
        await clearLoginFailures(tx, user.user_id);
        await deleteSessionsOfUser(tx, user.user_id);
        await insertAudit(tx, CLI_CTX, now, { action: 'user.reset_password', objectType: 'user', objectId: user.user_id, after: { via: 'cli' } });
      });
    },
    async importRegions(countyCode: string) {
      const regions = await countyRegions(countyCode);
      const inserted = await db.transaction(async (tx) => {
        const n = await upsertRegions(tx, regions);
        await insertAudit(tx, CLI_CTX, clock.now(), {
          action: 'region.import',
          objectType: 'region',
          objectId: countyCode,
          after: { inserted: n, total: regions.length },
        });
        return n;
      });
      return { inserted, total: regions.length };
    },
  };
}
