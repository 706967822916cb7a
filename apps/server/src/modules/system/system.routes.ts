import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pingDatabase, readSetting } from './system.repository.js';

const ZHealth = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['embedded', 'postgres']),
  version: z.string(),
});

export async function systemRoutes(app: FastifyInstance): Promise<void> {
  const { db, version } = app.deps;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      schema: { tags: ['system'], summary: '健康检查', response: { 200: ZHealth, 503: ZHealth } },
      config: { auth: 'public', rateLimit: false },
    },
    async (_req, reply) => {
      const ok = await Promise.race([
        pingDatabase(db).then(() => true, () => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
      ]);
      return reply
        .status(ok ? 200 : 503)
        .send({ status: ok ? 'ok' : 'unavailable', database: db.engine, version });
    },
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/system/info',
    {
      schema: {
        tags: ['system'],
        summary: '平台信息（是否演示数据）',
        response: { 200: z.object({ name: z.string(), version: z.string(), demo: z.object({ countyCode: z.string() }).nullable() }) },
      },
      config: { auth: 'public' },
    },
    async () => {
      const demo = await readSetting<{ countyCode: string }>(db, 'demo');
      return { name: 'GridVoice 民声通', version, demo: demo ? { countyCode: demo.countyCode } : null };
    },
  );
}
