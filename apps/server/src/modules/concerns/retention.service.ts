import {
  isDueForAnonymisation,
  latestPossiblyDueClosing,
  parentRegionCode,
  redactPersonalJson,
  redactPersonalText,
  RETENTION_MONTHS_DEFAULT,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { insertAudit } from '../audit/audit.repository.js';
import { searchTokens } from './concern-search.js';
import * as repo from './retention.repository.js';

const RETENTION_CTX: RequestContext = { actor: null, requestId: 'job:concerns.anonymise_closed', ip: '' };

export interface RetentionOptions {
  /** concerns anonymised per transaction (one audit record per county in each) */
  batchSize?: number;
  /** candidates read per query */
  scanSize?: number;
}

/** The retention months that apply to a region: the nearest region up the tree that sets them, else 36. */
export function retentionMonthsOf(regionCode: string, set: ReadonlyMap<string, number>): number {
  let c: string | null = regionCode;
  while (c) {
    const m = set.get(c);
    if (m !== undefined) return m;
    c = parentRegionCode(c);
  }
  return RETENTION_MONTHS_DEFAULT;
}

/**
 * Retention of closed concerns (个人信息保护法 §19, §47; docs/SECURITY.md item 9). A scheduled job,
 * not a request: no actor, so no requireAccess; each batch is one transaction with its audit.
 *
 * What anonymising does — and what it keeps:
 * - the constituent's name, phone and address: ciphertext, masks and the phone's blind index
 *   cleared (the `anonymous` flag and the privacy-notice version stay: they say nothing of who);
 * - free text (title, content, the on-the-spot result, replies, opinions, reasons, notes and the
 *   constituent's rating comment — in the concern, its timeline, its outbox rows and the staff's
 *   in-app notices) is kept, because it is the record of the deputies' and units' work, with the
 *   constituent's own name, phone and address wherever they appear verbatim, and anything shaped
 *   like a phone or ID number, replaced by ＊＊; the search words are recomputed from the result;
 * - the concern's photos are deleted (bytes included): they may show people, faces, plates or
 *   doors, and nothing counts them;
 * - the map position is dropped (it may be the constituent's door; statistics use the region,
 *   station and grid, which stay);
 * - the private tracking links are voided (/t/<token> answers 404 from then on);
 * - SMS deliveries to the constituent lose their recipient.
 * Everything statistics count (region, station, grid, deputy, unit, category, channel, campaign,
 * the timeline's event types and instants, the rating) is untouched, so every figure is the same.
 */
export function createRetentionService(deps: AppDeps, options: RetentionOptions = {}) {
  const { db, cipher } = deps;
  const batchSize = options.batchSize ?? 200;
  const scanSize = options.scanSize ?? 1000;
  const timeZone = deps.config.timeZone;

  const decrypt = (enc: string | null): string | null => {
    if (!enc) return null;
    try {
      return cipher.decrypt(enc);
    } catch {
      return null;
    }
  };

  async function anonymiseBatch(ids: string[], now: Date): Promise<number> {
    return db.transaction(async (tx) => {
      const rows = await repo.lockAnonymisable(tx, ids);
      if (!rows.length) return 0;
      const locked = rows.map((r) => r.concern_id);
      const identifiers = new Map(
        rows.map((r) => {
          const address = decrypt(r.address_enc);
          const phone = decrypt(r.phone_enc);
          return [r.concern_id, [decrypt(r.name_enc), phone, phone?.replace(/\D/g, ''), address]] as const;
        }),
      );
      const idsOf = (concernId: string) => identifiers.get(concernId) ?? [];

      // one connection: one statement at a time
      const events = await repo.listEventData(tx, locked);
      const outbox = await repo.listOutboxPayloads(tx, locked);
      const notices = await repo.listNotificationBodies(tx, locked);
      const changedEvents = events.flatMap((e) => {
        const data = redactPersonalJson(e.data, idsOf(e.concern_id));
        return JSON.stringify(data) === JSON.stringify(e.data) ? [] : [{ eventId: e.event_id, data }];
      });
      const outboxConcern = (payload: unknown): string => {
        const p = payload as { concernId?: unknown } | null;
        return typeof p?.concernId === 'string' ? p.concernId : '';
      };
      // outbox rows of these concerns: their payload copies the event's data
      const changedOutbox = outbox.flatMap((o) => {
        const payload = redactPersonalJson(o.payload, idsOf(outboxConcern(o.payload)));
        return JSON.stringify(payload) === JSON.stringify(o.payload) ? [] : [{ outboxId: o.outbox_id, payload }];
      });
      // staff notices quote the title; every concern's identifiers of this batch are tried
      const allIdentifiers = [...identifiers.values()].flat();
      const changedNotices = notices.flatMap((n) => {
        const body = redactPersonalText(n.body, allIdentifiers);
        return body === n.body ? [] : [{ notificationId: n.notification_id, body }];
      });

      await repo.updateEventData(tx, changedEvents);
      await repo.updateOutboxPayloads(tx, changedOutbox);
      await repo.updateNotificationBodies(tx, changedNotices);
      await repo.anonymiseConcerns(
        tx,
        rows.map((r) => {
          const known = idsOf(r.concern_id);
          const title = redactPersonalText(r.title, known);
          const content = redactPersonalText(r.content, known);
          return {
            concernId: r.concern_id,
            title,
            content,
            state: redactPersonalJson(r.state, known),
            searchTokens: searchTokens(title, content),
          };
        }),
        now,
      );
      // one audit record per county in the batch, so each county's auditor reads its own
      const byCounty = new Map<string, string[]>();
      for (const r of rows) byCounty.set(r.county_code, [...(byCounty.get(r.county_code) ?? []), r.concern_id]);
      for (const [county, concernIds] of byCounty) {
        await insertAudit(tx, RETENTION_CTX, now, {
          action: 'concern.anonymise',
          objectType: 'concern',
          regionCode: `${county}000000`,
          after: { count: concernIds.length, concernIds },
        });
      }
      return rows.length;
    });
  }

  return {
    /**
     * Anonymises every closed concern whose retention has run out by `now`; batches of
     * `batchSize`, each in its own transaction. Idempotent: an anonymised concern is never picked again.
     */
    async anonymiseDue(now: Date): Promise<{ anonymised: number; batches: number }> {
      const set = new Map((await repo.listRetentionSettings(db)).map((r) => [r.region_code, r.retention_months]));
      const minMonths = Math.min(RETENTION_MONTHS_DEFAULT, ...set.values());
      const bound = latestPossiblyDueClosing(now, minMonths);
      let after: { closedAt: Date; concernId: string } | null = null;
      let due: string[] = [];
      let anonymised = 0;
      let batches = 0;
      const flush = async (all: boolean) => {
        while (due.length >= batchSize || (all && due.length)) {
          const ids = due.slice(0, batchSize);
          due = due.slice(batchSize);
          anonymised += await anonymiseBatch(ids, now);
          batches += 1;
        }
      };
      for (;;) {
        const page = await repo.listRetentionCandidates(db, bound, after, scanSize);
        for (const c of page) {
          const months = retentionMonthsOf(c.region_code, set);
          if (isDueForAnonymisation({ closedAt: c.closed_at, months, now, timeZone })) due.push(c.concern_id);
        }
        await flush(false);
        const last = page.at(-1);
        if (!last || page.length < scanSize) break;
        after = { closedAt: last.closed_at, concernId: last.concern_id };
      }
      await flush(true);
      return { anonymised, batches };
    },
  };
}
