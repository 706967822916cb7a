import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DEFAULT_CONCERN_CATEGORIES,
  PRIVACY_NOTICE_VERSION,
  ZPublicCategory,
  ZPublicCodeRequest,
  ZPublicConcernReceipt,
  ZPublicConcernRequest,
  ZPublicDeputy,
  ZPublicGrid,
  ZPublicRatingRequest,
  ZPublicStation,
  ZPublicTracking,
} from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { createPublicService, PUBLIC_PHOTO_MAX_BYTES } from './public.service.js';

/**
 * Per-address limits of the citizens' pages (on top of the per-phone code rule). Generous
 * enough for many neighbours behind one carrier address, tight enough to stop a flood.
 */
export const PUBLIC_RATE_LIMITS = {
  submit: { max: 20, timeWindow: '10 minutes' },
  code: { max: 10, timeWindow: '10 minutes' },
  upload: { max: 30, timeWindow: '10 minutes' },
  rate: { max: 20, timeWindow: '10 minutes' },
} as const;

const JSON_BODY_LIMIT = 16 * 1024;
const limit = (name: keyof typeof PUBLIC_RATE_LIMITS) => ({
  ...PUBLIC_RATE_LIMITS[name],
  keyGenerator: (req: FastifyRequest) => `public:${name}:${req.ip}`,
});

const ZToken = z.string().regex(/^[\w-]{43}$/, '查询链接不完整');
const ZIdempotencyHeaders = z.object({ 'idempotency-key': z.string().max(200).optional() });

/** Open311 GeoReport v2 request: form fields (or JSON) with jurisdiction attributes. */
const ZOpen311Request = z.object({
  service_code: z.string({ error: () => '缺少 service_code' }),
  description: z.string({ error: () => '缺少 description' }),
  phone: z.string({ error: () => '缺少 phone' }),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  'attribute[station_code]': z.string().optional(),
  'attribute[grid_code]': z.string().optional(),
  'attribute[deputy_id]': z.string().optional(),
  'attribute[verification_code]': z.string().optional(),
  'attribute[anonymous]': z.string().optional(),
  'attribute[privacy_notice_version]': z.string().optional(),
  attribute: z.record(z.string(), z.string()).optional(),
}).loose();

const ZOpen311Status = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string(),
  agency_responsible: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string().nullable(),
  expected_datetime: z.string().nullable(),
});

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  const service = createPublicService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['public'];
  const security: [] = [];
  const open = { auth: 'public' as const };

  // Photos arrive as the raw image; Open311 clients post forms.
  app.addContentTypeParser(['image/jpeg', 'image/png', 'image/webp'], { parseAs: 'buffer', bodyLimit: PUBLIC_PHOTO_MAX_BYTES }, (_req, body, done) => {
    done(null, body);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  r.get('/api/public/stations/:code', {
    config: open,
    schema: { tags, security, summary: '联络站公开页', params: z.object({ code: z.string().max(20) }), response: { 200: ZPublicStation } },
  }, (req) => service.station(req.params.code));

  r.get('/api/public/grids/:code', {
    config: open,
    schema: { tags, security, summary: '网格公开页', params: z.object({ code: z.string().max(20) }), response: { 200: ZPublicGrid } },
  }, (req) => service.grid(req.params.code));

  r.get('/api/public/deputies/:publicId', {
    config: open,
    schema: { tags, security, summary: '代表公开页（服务卡）', params: z.object({ publicId: z.string().max(20) }), response: { 200: ZPublicDeputy } },
  }, (req) => service.deputy(req.params.publicId));

  r.get('/api/public/categories', {
    config: open,
    schema: { tags, security, summary: '问题分类', response: { 200: z.array(ZPublicCategory) } },
  }, () => service.categories());

  r.post('/api/public/verification-codes', {
    config: { ...open, rateLimit: limit('code') },
    bodyLimit: JSON_BODY_LIMIT,
    schema: {
      tags,
      security,
      summary: '发送短信验证码（每个号码每分钟一次、每天有上限；5 分钟有效；错 5 次作废）',
      body: ZPublicCodeRequest,
      response: {
        200: z.object({ resendAfterSeconds: z.number().int(), expiresInSeconds: z.number().int() }),
        429: z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
      },
    },
  }, async (req, reply) => {
    const out = await service.requestCode(contextOf(req), req.body.phone);
    if (!out.sent) {
      return reply
        .status(429)
        .header('retry-after', String(out.retryAfterSeconds))
        .send({ error: { code: 'too_many_requests', message: out.message } });
    }
    return { resendAfterSeconds: out.resendAfterSeconds, expiresInSeconds: out.expiresInSeconds };
  });

  r.post('/api/public/uploads', {
    config: { ...open, rateLimit: limit('upload') },
    bodyLimit: PUBLIC_PHOTO_MAX_BYTES,
    schema: {
      tags,
      security,
      summary: '上传照片（请求体为图片本身：image/jpeg、image/png 或 image/webp，不超过 5 MB）',
      consumes: ['image/jpeg', 'image/png', 'image/webp'],
      response: { 200: z.object({ attachmentId: z.string(), uploadToken: z.string(), sizeBytes: z.number().int() }) },
    },
  }, async (req) => {
    if (!Buffer.isBuffer(req.body)) throw badRequest('请上传照片', [{ field: 'file', message: '请上传照片' }]);
    return service.uploadPhoto(contextOf(req), req.body);
  });

  r.post('/api/public/concerns', {
    config: { ...open, rateLimit: limit('submit') },
    bodyLimit: JSON_BODY_LIMIT,
    schema: {
      tags,
      security,
      summary: '群众反映问题（需短信验证码；返回编号和查询链接）',
      headers: ZIdempotencyHeaders,
      body: ZPublicConcernRequest,
      response: { 200: ZPublicConcernReceipt },
    },
  }, (req) => service.submit(contextOf(req), req.body, req.headers['idempotency-key']));

  r.get('/api/public/track/:token', {
    config: open,
    schema: { tags, security, summary: '查询办理进度（凭查询链接）', params: z.object({ token: ZToken }), response: { 200: ZPublicTracking } },
  }, (req) => service.track(req.params.token));

  r.post('/api/public/track/:token/rating', {
    config: { ...open, rateLimit: limit('rate') },
    bodyLimit: JSON_BODY_LIMIT,
    schema: {
      tags,
      security,
      summary: '评价办理结果（不满意即问题没解决，将重新办理）',
      params: z.object({ token: ZToken }),
      body: ZPublicRatingRequest,
      response: { 200: ZPublicTracking },
    },
  }, (req) => service.rate(contextOf(req), req.params.token, req.body));

  // ─── Open311 GeoReport v2 ───────────────────────────────────────────────────────────────
  r.get('/open311/v2/services.json', {
    config: open,
    schema: {
      tags,
      security,
      summary: 'Open311：服务（问题分类）列表',
      response: {
        200: z.array(z.object({
          service_code: z.string(),
          service_name: z.string(),
          description: z.string(),
          metadata: z.boolean(),
          type: z.literal('realtime'),
          keywords: z.string(),
          group: z.string(),
        })),
      },
    },
  }, () =>
    DEFAULT_CONCERN_CATEGORIES.map((c) => ({
      service_code: c.code,
      service_name: c.label,
      description: `向人大代表反映“${c.label}”方面的问题`,
      metadata: false,
      type: 'realtime' as const,
      keywords: c.label,
      group: '群众意见',
    })),
  );

  r.post('/open311/v2/requests.json', {
    config: { ...open, rateLimit: limit('submit') },
    bodyLimit: JSON_BODY_LIMIT,
    schema: {
      tags,
      security,
      summary:
        'Open311：提交问题。须带 attribute[station_code] / attribute[grid_code] / attribute[deputy_id] 之一、' +
        'attribute[verification_code]（先调用 /api/public/verification-codes）与 attribute[privacy_notice_version]',
      headers: ZIdempotencyHeaders,
      body: ZOpen311Request,
      response: {
        200: z.array(z.object({ service_request_id: z.string(), service_notice: z.string(), account_id: z.string().nullable() })),
      },
    },
  }, async (req) => {
    const b = req.body;
    const attr = (k: string) => b[`attribute[${k}]`] as string | undefined ?? b.attribute?.[k];
    const parsed = ZPublicConcernRequest.safeParse({
      ...(attr('station_code') ? { stationCode: attr('station_code') } : {}),
      ...(attr('grid_code') ? { gridCode: attr('grid_code') } : {}),
      ...(attr('deputy_id') ? { deputyPublicId: attr('deputy_id') } : {}),
      categoryCode: b.service_code,
      content: b.description,
      phone: b.phone,
      code: attr('verification_code') ?? '',
      anonymous: attr('anonymous') === 'true',
      privacyNoticeVersion: attr('privacy_notice_version') ?? PRIVACY_NOTICE_VERSION,
      ...([b.last_name, b.first_name].some(Boolean) ? { name: `${b.last_name ?? ''}${b.first_name ?? ''}` } : {}),
    });
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(整体)', message: i.message }));
      throw badRequest(details.map((d) => `${d.field}：${d.message}`).join('；'), details);
    }
    const receipt = await service.submit(contextOf(req), parsed.data, req.headers['idempotency-key']);
    const token = receipt.trackingUrl.replace(/^\/t\//, '');
    return [{ service_request_id: token, service_notice: `已受理，编号 ${receipt.caseNumber}`, account_id: null }];
  });

  r.get('/open311/v2/requests/:file', {
    config: open,
    schema: {
      tags,
      security,
      summary: 'Open311：查询办理进度（id 为查询链接中的凭据，如 /open311/v2/requests/<凭据>.json）',
      params: z.object({ file: z.string().max(64) }),
      response: { 200: z.array(ZOpen311Status) },
    },
  }, async (req) => {
    const m = /^([\w-]{43})\.json$/.exec(req.params.file);
    if (!m) throw notFound('未找到该事项');
    const token = m[1] as string;
    const t = await service.track(token);
    const last = t.timeline[t.timeline.length - 1];
    return [{
      service_request_id: token,
      status: t.status === 'closed' || t.status === 'merged' ? ('closed' as const) : ('open' as const),
      status_notes: t.reply ? `${t.statusLabel}：${t.reply.content}` : t.statusLabel,
      service_name: t.categoryLabel,
      service_code: DEFAULT_CONCERN_CATEGORIES.find((c) => c.label === t.categoryLabel)?.code ?? 'other',
      description: t.title,
      agency_responsible: null,
      requested_datetime: t.submittedAt,
      updated_datetime: last?.at ?? null,
      expected_datetime: t.dueAt,
    }];
  });
}
