import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZMarkReadRequest,
  ZNotificationList,
  ZNotificationListQuery,
  ZNotificationPreferences,
  ZNotificationPreferencesUpdate,
} from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import { createNotificationsService } from './notifications.service.js';

export async function notificationsRoutes(app: FastifyInstance): Promise<void> {
  const service = createNotificationsService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  r.get('/api/notifications', {
    schema: { tags, summary: '我的通知（含未读数）', querystring: ZNotificationListQuery, response: { 200: ZNotificationList } },
  }, (req) => service.list(contextOf(req), req.query));
  r.post('/api/notifications/read', {
    schema: { tags, summary: '标记为已读', body: ZMarkReadRequest, response: { 200: z.object({ marked: z.number().int() }) } },
  }, (req) => service.markRead(contextOf(req), req.body));
  r.get('/api/notifications/preferences', {
    schema: { tags, summary: '我的通知方式', response: { 200: ZNotificationPreferences } },
  }, (req) => service.preferences(contextOf(req)));
  r.put('/api/notifications/preferences', {
    schema: { tags, summary: '修改通知方式（短信、邮件、接口推送、每日汇总）', body: ZNotificationPreferencesUpdate, response: { 200: ZNotificationPreferences } },
  }, (req) => service.updatePreferences(contextOf(req), req.body));
}
