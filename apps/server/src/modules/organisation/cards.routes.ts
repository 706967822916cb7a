import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../lib/request-context.js';
import { createCardsService } from './cards.service.js';

const ZCard = z.object({
  deputyId: z.string(),
  publicId: z.string(),
  name: z.string(),
  photoPath: z.string().nullable(),
  regionName: z.string(),
  levels: z.array(z.string()),
  levelLabels: z.array(z.string()),
  stations: z.array(z.object({ code: z.string(), name: z.string() })),
  grids: z.array(z.object({ code: z.string(), name: z.string() })),
  phoneMasked: z.string().nullable(),
  publicUrl: z.string(),
  qrDataUrl: z.string(),
});

/** QR codes and service cards (R-DUTY-7). */
export async function cardsRoutes(app: FastifyInstance): Promise<void> {
  const cards = createCardsService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organisation'];
  const base = '/api/organisation';

  r.get(`${base}/qr`, {
    schema: {
      tags,
      summary: '联络站、网格、代表的二维码（短网址，SVG 或 PNG）',
      querystring: z.strictObject({
        kind: z.enum(['station', 'grid', 'deputy'], '类型应为 station、grid 或 deputy'),
        id: z.string().min(1, '请提供编号').max(64),
        format: z.enum(['svg', 'png']).default('svg'),
      }),
    },
  }, async (req, reply) => {
    const qr = await cards.qr(contextOf(req), req.query.kind, req.query.id, req.query.format);
    return reply.type(qr.contentType).header('cache-control', 'private, max-age=3600').header('x-public-url', qr.url).send(qr.body);
  });
  r.get(`${base}/deputies/:deputyId/service-card`, {
    schema: { tags, summary: '人大代表进网格服务卡', params: z.strictObject({ deputyId: z.uuid('代表编号格式不正确') }), response: { 200: ZCard } },
  }, (req) => cards.serviceCard(contextOf(req), req.params.deputyId));
  r.get(`${base}/service-cards`, {
    schema: {
      tags,
      summary: '一个镇（街道）全部代表的服务卡（打印用）',
      querystring: z.strictObject({ townCode: z.string().regex(/^\d{12}$/, '镇（街道）应为12位区划代码') }),
      response: { 200: z.object({ townCode: z.string(), townName: z.string(), cards: z.array(ZCard) }) },
    },
  }, (req) => cards.townSheet(contextOf(req), req.query.townCode));
}
