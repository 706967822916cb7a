import type { TNotificationPreferencesUpdate } from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { badRequest } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as repo from './notifications.repository.js';

export function createNotificationsService(deps: AppDeps) {
  const { db, clock, cipher } = deps;
  const self = (ctx: RequestContext) =>
    requireAccess(deps, ctx, 'notification.read', { userId: ctx.actor?.userId ?? null }, { type: 'notification' });

  return {
    async list(ctx: RequestContext, q: { unread?: '1' | '0'; page: number; pageSize: number }) {
      const actor = await self(ctx);
      const { rows, total, unread } = await repo.listNotifications(db, actor.userId, {
        unreadOnly: q.unread === '1',
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return {
        items: rows.map((n) => ({
          notificationId: n.notification_id,
          topic: n.topic,
          body: n.body,
          link: n.link,
          createdAt: n.created_at.toISOString(),
          read: n.read_at !== null,
        })),
        total,
        unread,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async markRead(ctx: RequestContext, body: { all: true } | { ids: string[] }) {
      const actor = await self(ctx);
      const n = await repo.markRead(db, actor.userId, 'all' in body ? 'all' : body.ids, clock.now());
      return { marked: n };
    },

    async preferences(ctx: RequestContext) {
      const actor = await self(ctx);
      const p = await repo.findPreferences(db, actor.userId);
      return {
        sms: p?.sms ?? false,
        email: p?.email ?? false,
        webhook: p?.webhook ?? false,
        dailyDigest: p?.daily_digest ?? false,
        phoneMasked: p?.phone_masked ?? null,
        emailMasked: p?.email_masked ?? null,
      };
    },

    async updatePreferences(ctx: RequestContext, input: TNotificationPreferencesUpdate) {
      const actor = await self(ctx);
      const now = clock.now();
      await db.transaction(async (tx) => {
        const current = await repo.findPreferences(tx, actor.userId);
        const phone =
          input.phoneNumber === undefined
            ? { enc: current?.phone_enc ?? null, masked: current?.phone_masked ?? null }
            : input.phoneNumber === ''
              ? { enc: null, masked: null }
              : { enc: cipher.encrypt(input.phoneNumber), masked: cipher.mask('phone', input.phoneNumber) };
        const email =
          input.emailAddress === undefined
            ? { enc: current?.email_enc ?? null, masked: current?.email_masked ?? null }
            : input.emailAddress === ''
              ? { enc: null, masked: null }
              : { enc: cipher.encrypt(input.emailAddress), masked: input.emailAddress.replace(/^(.)[^@]*(@.*)$/, '$1***$2') };
        if (input.sms && !phone.enc) throw badRequest('开启短信通知须填写手机号码', [{ field: 'phoneNumber', message: '开启短信通知须填写手机号码' }]);
        if (input.email && !email.enc) throw badRequest('开启邮件通知须填写电子邮箱', [{ field: 'emailAddress', message: '开启邮件通知须填写电子邮箱' }]);
        await repo.upsertPreferences(tx, actor.userId, {
          sms: input.sms,
          email: input.email,
          webhook: input.webhook,
          dailyDigest: input.dailyDigest,
          phoneEnc: phone.enc,
          phoneMasked: phone.masked,
          emailEnc: email.enc,
          emailMasked: email.masked,
          now,
        });
        await insertAudit(tx, ctx, now, {
          action: 'notification.preferences',
          objectType: 'user',
          objectId: actor.userId,
          after: { sms: input.sms, webhook: input.webhook, dailyDigest: input.dailyDigest, phone: phone.masked, email: email.masked },
        });
      });
      return this.preferences(ctx);
    },
  };
}
