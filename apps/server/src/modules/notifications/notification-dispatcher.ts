import {
  calendarDateOf,
  constituentSmsText,
  digestText,
  formatCalendarDate,
  nextAttemptAt,
  staffNoticeText,
  zonedInstant,
} from '@gridvoice/core';
import type { AppDeps } from '../../types.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import { createDeliveryChannels, type DeliveryChannels } from './channels.js';
import * as repo from './notifications.repository.js';

const BATCH = 100;

/**
 * Turns outbox rows into in-app notifications and external deliveries. Each outbox row is claimed
 * (SKIP LOCKED) so that with several instances it is handled once; notifications and deliveries are
 * keyed by source so a retried row adds nothing twice. A failure never touches the transition that
 * wrote the row: it only delays the row with backoff.
 */
export async function fanOutOutbox(deps: AppDeps, now: Date): Promise<number> {
  const rows = await repo.claimOutbox(deps.db, now, BATCH);
  for (const row of rows) {
    try {
      await deps.db.transaction(async (tx) => {
        if (row.aggregate_type === 'concern') await fanOutConcernEvent(deps, tx, row, now);
        await repo.markOutboxDelivered(tx, row.outbox_id, now);
      });
    } catch (err) {
      const retry = nextAttemptAt(row.attempts, now) ?? new Date(now.getTime() + 86_400_000);
      await repo.markOutboxFailed(deps.db, row.outbox_id, err instanceof Error ? err.message : String(err), retry);
    }
  }
  return rows.length;
}

function townScope(regionCode: string): string {
  return `${regionCode.slice(0, 9)}000`;
}

async function fanOutConcernEvent(deps: AppDeps, tx: Parameters<typeof repo.insertNotifications>[0], row: repo.OutboxRow, now: Date) {
  const concern = await repo.findConcernForNotice(tx, row.aggregate_id);
  if (!concern) return;
  const fromPayload = row.payload.eventType ?? row.payload.type;
  const eventType = typeof fromPayload === 'string' ? fromPayload : row.topic.replace(/^concern\./, '');
  const dueOn = concern.due_at ? formatCalendarDate(calendarDateOf(concern.due_at, deps.config.timeZone)) : null;
  const notice = { eventType, caseNumber: concern.case_number, title: concern.title, dueOn };
  const targets = Array.isArray(row.targets) ? row.targets : [];

  const staffText = staffNoticeText(notice);
  const userIds: string[] = [];
  const deputyIds: string[] = [];
  const unitIds: string[] = [];
  const staff: { role: string; scope: string }[] = [];
  for (const t of targets) {
    if (t === 'collector') {
      if (concern.collector_user_id) userIds.push(concern.collector_user_id);
      if (concern.collector_deputy_id) deputyIds.push(concern.collector_deputy_id);
    } else if (t === 'dispatcher') {
      if (concern.level === 'town') staff.push({ role: 'town_staff', scope: townScope(concern.region_code) });
      else if (concern.level === 'county') staff.push({ role: 'congress_staff', scope: `${concern.region_code.slice(0, 6)}000000` });
      else staff.push({ role: 'congress_staff', scope: `${concern.region_code.slice(0, 4)}00000000` });
    } else if (t.startsWith('unit:')) {
      unitIds.push(t.slice(5));
    }
  }
  if (staffText && (userIds.length || deputyIds.length || unitIds.length || staff.length)) {
    const recipients = await repo.findRecipients(tx, { userIds, deputyIds, unitIds, staff });
    await repo.insertNotifications(
      tx,
      recipients.map((r) => ({
        userId: r.user_id,
        topic: row.topic,
        body: staffText,
        link: `/concerns/${concern.concern_id}`,
        aggregateType: 'concern',
        aggregateId: concern.concern_id,
        outboxId: row.outbox_id,
        now,
      })),
    );
    const deliveries: repo.NewDelivery[] = [];
    for (const r of recipients) {
      if (r.daily_digest) continue;
      if (r.sms && r.phone_enc) {
        deliveries.push({ dedupeKey: `o${row.outbox_id}:sms:${r.user_id}`, channel: 'sms', recipientEnc: r.phone_enc, recipientMasked: r.phone_masked, subject: null, body: staffText, now });
      }
      if (r.email && r.email_enc) {
        deliveries.push({ dedupeKey: `o${row.outbox_id}:email:${r.user_id}`, channel: 'email', recipientEnc: r.email_enc, recipientMasked: r.email_masked, subject: `【民声通】${concern.case_number}`, body: staffText, now });
      }
      if (r.webhook) {
        deliveries.push({ dedupeKey: `o${row.outbox_id}:webhook:${r.user_id}`, channel: 'webhook', recipientEnc: deps.cipher.encrypt(r.user_id), recipientMasked: r.username, subject: row.topic, body: staffText, now });
      }
    }
    await repo.insertDeliveries(tx, deliveries);
  }
  if (targets.includes('constituent') && concern.phone_enc) {
    const sms = constituentSmsText(notice);
    if (sms) {
      const phone = deps.cipher.decrypt(concern.phone_enc);
      await repo.insertDeliveries(tx, [
        { dedupeKey: `o${row.outbox_id}:sms:constituent`, channel: 'sms', recipientEnc: concern.phone_enc, recipientMasked: deps.cipher.mask('phone', phone), subject: null, body: sms, now },
      ]);
    }
  }
}

/** Sends pending deliveries; each is claimed first, so it goes out once even with several instances. */
export async function sendDeliveries(deps: AppDeps, now: Date, channels: DeliveryChannels = createDeliveryChannels(deps)): Promise<{ sent: number; failed: number }> {
  const rows = await repo.claimDeliveries(deps.db, now, BATCH);
  let sent = 0;
  let failed = 0;
  for (const d of rows) {
    try {
      const recipient = d.recipient_enc ? deps.cipher.decrypt(d.recipient_enc) : '';
      switch (d.channel) {
        case 'sms':
          await channels.sms(recipient, d.body);
          break;
        case 'email':
          await channels.email(recipient, d.subject ?? '【民声通】通知', d.body);
          break;
        case 'webhook':
          await channels.webhook(recipient, { subject: d.subject, text: d.body, deliveryId: d.delivery_id });
          break;
      }
      await repo.markDeliverySent(deps.db, d.delivery_id, deps.clock.now());
      sent += 1;
    } catch (err) {
      failed += 1;
      await repo.markDeliveryFailed(deps.db, d.delivery_id, err instanceof Error ? err.message : String(err), nextAttemptAt(d.attempts, deps.clock.now()));
    }
  }
  return { sent, failed };
}

/** Daily digest at 08:00 in the configured zone: yesterday 08:00 → today 08:00, one text per user. */
export async function queueDailyDigests(deps: AppDeps, now: Date): Promise<number> {
  const today = calendarDateOf(now, deps.config.timeZone);
  const until = zonedInstant(today, deps.config.timeZone, 8);
  if (now < until) return 0;
  const since = new Date(until.getTime() - 86_400_000);
  const items = await repo.findDigestItems(deps.db, since, until);
  let queued = 0;
  for (const item of items) {
    const prefs = await repo.findPreferences(deps.db, item.user_id);
    if (!prefs) continue;
    const text = digestText(item.bodies);
    const day = formatCalendarDate(today);
    const rows: repo.NewDelivery[] = [];
    if (prefs.sms && prefs.phone_enc) rows.push({ dedupeKey: `digest:${day}:sms:${item.user_id}`, channel: 'sms', recipientEnc: prefs.phone_enc, recipientMasked: prefs.phone_masked, subject: null, body: text, now });
    if (prefs.email && prefs.email_enc) rows.push({ dedupeKey: `digest:${day}:email:${item.user_id}`, channel: 'email', recipientEnc: prefs.email_enc, recipientMasked: prefs.email_masked, subject: `【民声通】${day} 每日汇总`, body: text, now });
    await repo.insertDeliveries(deps.db, rows);
    queued += rows.length;
  }
  return queued;
}

export const NOTIFICATION_JOBS: JobDefinition[] = [
  {
    name: 'notifications.dispatch',
    everySeconds: 10,
    run: async (deps, now) => {
      await fanOutOutbox(deps, now);
      await sendDeliveries(deps, now);
    },
  },
  { name: 'notifications.daily_digest', everySeconds: 3600, run: async (deps, now) => void (await queueDailyDigests(deps, now)) },
];
