import type { AppDeps } from '../../types.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import * as repo from './audit.repository.js';

const GENESIS = 'gridvoice-audit-genesis';
/** Records are sealed once they are this old, so that slower transactions have committed. */
const SEAL_DELAY_MS = 30_000;
const PAGE = 2000;

function canonical(r: repo.SealableAuditRow): string {
  return JSON.stringify([
    String(r.audit_id),
    r.occurred_at.toISOString(),
    r.actor_user_id,
    r.actor_username,
    r.actor_role,
    r.action,
    r.object_type,
    r.object_id,
    r.region_code,
    r.outcome,
    r.before ?? null,
    r.after ?? null,
    r.ip,
    r.request_id,
  ]);
}

export function chainMac(deps: Pick<AppDeps, 'cipher'>, previous: string, row: repo.SealableAuditRow, seq: number): string {
  return deps.cipher.integrityMac(`${previous}|${seq}|${canonical(row)}`);
}

/** Chains the unsealed records (in audit_id order) after the current head. Returns how many. */
export async function sealAudit(deps: AppDeps, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      await repo.lockAuditSeal(tx);
      const head = await repo.findChainHead(tx);
      const rows = await repo.findUnsealed(tx, new Date(now.getTime() - SEAL_DELAY_MS), PAGE);
      let prev = head?.chain_mac ?? GENESIS;
      let seq = head?.seal_seq ?? 0;
      const seals = rows.map((row) => {
        seq += 1;
        prev = chainMac(deps, prev, row, seq);
        return { auditId: row.audit_id, sealSeq: seq, chainMac: prev };
      });
      await repo.sealAuditRows(tx, seals);
      return rows.length;
    });
    total += n;
    if (n < PAGE) return total;
  }
}

export interface AuditVerifyReport {
  ok: boolean;
  checked: number;
  unsealed: number;
  problems: { sealSeq: number; auditId: number | null; problem: 'altered' | 'missing' }[];
}

/** Recomputes the chain from its start (or the last purge anchor) and reports every break. */
export async function verifyAudit(deps: AppDeps): Promise<AuditVerifyReport> {
  const anchor = await repo.findFirstAnchor(deps.db);
  let prev = anchor?.chain_mac ?? GENESIS;
  let expectedSeq = (anchor?.last_seal_seq ?? 0) + 1;
  let after = anchor?.last_seal_seq ?? 0;
  let checked = 0;
  const problems: AuditVerifyReport['problems'] = [];
  for (;;) {
    const rows = await repo.readSealedPage(deps.db, after, PAGE);
    for (const row of rows) {
      const seq = row.seal_seq as number;
      for (; expectedSeq < seq; expectedSeq++) problems.push({ sealSeq: expectedSeq, auditId: null, problem: 'missing' });
      const mac = chainMac(deps, prev, row, seq);
      if (mac !== row.chain_mac) problems.push({ sealSeq: seq, auditId: row.audit_id, problem: 'altered' });
      // continue from the stored value so one edit is reported once, not for every later record
      prev = row.chain_mac ?? mac;
      expectedSeq = seq + 1;
      after = seq;
      checked += 1;
    }
    if (rows.length < PAGE) break;
  }
  return { ok: problems.length === 0, checked, unsealed: await repo.countUnsealed(deps.db), problems };
}

/** Removes sealed records older than `before`, never younger than 180 days (also enforced in the database). */
export async function purgeAudit(deps: AppDeps, before: Date): Promise<number> {
  const now = deps.clock.now();
  const limit = new Date(now.getTime() - 180 * 86_400_000);
  if (before > limit) throw new Error('审计记录至少保留 180 天，不能清除更近的记录');
  return deps.db.transaction((tx) => repo.purgeSealedBefore(tx, before, now));
}

export const AUDIT_JOBS: JobDefinition[] = [
  { name: 'audit.seal', everySeconds: 30, run: async (deps, now) => void (await sealAudit(deps, now)) },
];
