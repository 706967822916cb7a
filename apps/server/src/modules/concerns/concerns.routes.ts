import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CONCERN_INBOXES,
  CONCERN_STATUSES,
  RETENTION_MONTHS_MAX,
  RETENTION_MONTHS_MIN,
  ZCalendarOverrideList,
  ZCalendarOverridesPut,
  ZCalendarWarning,
  ZConcernActionBody,
  ZConcernCreateRequest,
  ZConcernDetail,
  ZConcernInboxQuery,
  ZConcernList,
  ZConcernListQuery,
  ZConcernSimilarList,
  ZConcernSimilarRequest,
  ZConcernTier,
  ZRevealedConstituent,
} from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import { concernsWorkbook } from './concerns.export.js';
import { createConcernsService } from './concerns.service.js';
import { registerAttachmentOwner } from '../attachments/attachments.service.js';

// A concern's photos may be read by whoever may read the concern.
registerAttachmentOwner('concern', async (deps, ctx, concernId) =>
  createConcernsService(deps)
    .get(ctx, concernId)
    .then(() => true, () => false),
);

const ZConcernParams = z.strictObject({ concernId: z.string().min(1).max(64) });
const ZInboxParams = z.strictObject({ inbox: z.enum(CONCERN_INBOXES, { error: () => '没有该待办列表' }) });
const ZRegionParams = z.strictObject({ regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字') });
const ZCreated = z.object({
  concernId: z.string(),
  caseNumber: z.string(),
  status: z.enum(CONCERN_STATUSES),
  version: z.number(),
  replayed: z.boolean(),
});
const ZCreateHeaders = z.looseObject({ 'idempotency-key': z.string().max(128, '幂等键过长').optional() });
const ZActionHeaders = z.looseObject({ 'if-match': z.string().max(32).optional() });
const ZCalendarQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2099).optional() });
const ZSettings = z.object({
  regionCode: z.string(),
  tierWorkingDays: z.record(z.string(), z.number()),
  notRatedAfterDays: z.number(),
  reopenWorkingDays: z.number().nullable(),
  maxReopens: z.number().nullable(),
  retentionMonths: z.number(),
});
const ZDays = z.number({ error: () => '应为整数' }).int('应为整数').min(1, '至少为 1').max(365, '不能超过 365');
const ZSettingsPut = z.strictObject({
  tierWorkingDays: z.partialRecord(ZConcernTier, ZDays).default({}),
  notRatedAfterDays: ZDays.nullable().default(null),
  reopenWorkingDays: ZDays.nullable().default(null),
  maxReopens: z.number().int().min(0).max(100).nullable().default(null),
  // months a closed concern keeps the constituent's identity (null: as the region above, else 36)
  retentionMonths: z
    .number({ error: () => '保存期限应为整数（月）' })
    .int('保存期限应为整数（月）')
    .min(RETENTION_MONTHS_MIN, `保存期限至少 ${RETENTION_MONTHS_MIN} 个月`)
    .max(RETENTION_MONTHS_MAX, `保存期限不能超过 ${RETENTION_MONTHS_MAX} 个月`)
    .nullable()
    .default(null),
});

export async function concernsRoutes(app: FastifyInstance): Promise<void> {
  const concerns = createConcernsService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['concerns'];

  r.post('/api/concerns', {
    schema: { tags, summary: '登记群众意见（支持 Idempotency-Key）', headers: ZCreateHeaders, body: ZConcernCreateRequest, response: { 200: ZCreated } },
  }, (req) => concerns.create(contextOf(req), req.body, req.headers['idempotency-key']));
  r.get('/api/concerns', { schema: { tags, summary: '群众意见列表', querystring: ZConcernListQuery, response: { 200: ZConcernList } } },
    (req) => concerns.list(contextOf(req), req.query));
  r.get('/api/concerns/export.xlsx', { schema: { tags, summary: '导出群众意见（个人信息脱敏）', querystring: ZConcernListQuery } },
    async (req, reply) => {
      const items = await concerns.exportRows(contextOf(req), req.query);
      const body = await concernsWorkbook(items);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="concerns.xlsx"; filename*=UTF-8''${encodeURIComponent('群众意见.xlsx')}`)
        .send(body);
    });
  r.get('/api/concerns/inbox/:inbox', {
    schema: { tags, summary: '待办列表（我的、待交办、超期、交办给本单位、临期、上交、重点督办）', params: ZInboxParams, querystring: ZConcernInboxQuery, response: { 200: ZConcernList } },
  }, (req) => concerns.inbox(contextOf(req), req.params.inbox, req.query));
  r.post('/api/concerns/similar', {
    schema: { tags, summary: '登记时提示相似的群众意见', body: ZConcernSimilarRequest, response: { 200: ZConcernSimilarList } },
  }, (req) => concerns.similarTo(contextOf(req), req.body));
  r.get('/api/concerns/calendar-overrides', {
    schema: { tags, summary: '节假日调整（补充 chinese-days 未覆盖的年份）', querystring: ZCalendarQuery, response: { 200: ZCalendarOverrideList } },
  }, (req) => concerns.calendarOverrides(contextOf(req), req.query.year));
  r.put('/api/concerns/calendar-overrides', {
    schema: { tags, summary: '替换某一年的节假日调整', body: ZCalendarOverridesPut, response: { 200: ZCalendarOverrideList } },
  }, (req) => concerns.replaceCalendarOverrides(contextOf(req), req.body));
  r.get('/api/concerns/calendar-warning', { schema: { tags, summary: '今明两年节假日数据是否齐全', response: { 200: ZCalendarWarning } } },
    (req) => concerns.calendarWarning(contextOf(req)));
  r.get('/api/concerns/settings/:regionCode', { schema: { tags, summary: '办理时限等设置（按区划）', params: ZRegionParams, response: { 200: ZSettings } } },
    (req) => concerns.settings(contextOf(req), req.params.regionCode));
  r.put('/api/concerns/settings/:regionCode', {
    schema: { tags, summary: '修改办理时限、已办结意见的个人信息保存期限（月）等设置', params: ZRegionParams, body: ZSettingsPut, response: { 200: ZSettings } },
  }, (req) => concerns.updateSettings(contextOf(req), req.params.regionCode, { ...req.body, tierWorkingDays: { ...req.body.tierWorkingDays } }));
  r.get('/api/concerns/:concernId', { schema: { tags, summary: '群众意见详情（含办理记录和可执行操作）', params: ZConcernParams, response: { 200: ZConcernDetail } } },
    (req) => concerns.get(contextOf(req), req.params.concernId));
  r.post('/api/concerns/:concernId/actions', {
    schema: { tags, summary: '办理操作（须带 version 或 If-Match）', params: ZConcernParams, headers: ZActionHeaders, body: ZConcernActionBody, response: { 200: ZConcernDetail } },
  }, (req) => concerns.act(contextOf(req), req.params.concernId, req.body as Record<string, unknown>, req.headers['if-match']));
  r.get('/api/concerns/:concernId/similar', { schema: { tags, summary: '相似的群众意见', params: ZConcernParams, response: { 200: ZConcernSimilarList } } },
    (req) => concerns.similar(contextOf(req), req.params.concernId));
  r.post('/api/concerns/:concernId/reveal', { schema: { tags, summary: '查看群众联系方式（留痕）', params: ZConcernParams, response: { 200: ZRevealedConstituent } } },
    (req) => concerns.reveal(contextOf(req), req.params.concernId));
}
