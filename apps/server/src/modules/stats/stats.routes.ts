import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZStatsCutQuery, ZStatsExportQuery, ZStatsQuery, ZStatsRankingQuery, ZStatsRecordsQuery } from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import { createStatsService } from './stats.service.js';

const ZMapQuery = z.strictObject({
  regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字').optional(),
  from: z.iso.date({ error: '日期格式应为 YYYY-MM-DD' }).optional(),
  to: z.iso.date({ error: '日期格式应为 YYYY-MM-DD' }).optional(),
  metric: z.string().max(64).optional(),
});

export async function statsRoutes(app: FastifyInstance): Promise<void> {
  const stats = createStatsService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['stats'];
  r.get('/api/stats/catalogue', { schema: { tags, summary: '统计指标目录（口径、计数日期、维度）' } }, () => stats.catalogue());
  r.get('/api/stats/overview', { schema: { tags, summary: '统计总览（本人管辖范围）', querystring: ZStatsQuery } },
    (req) => stats.overview(contextOf(req), req.query));
  r.get('/api/stats/cut', { schema: { tags, summary: '按一个维度分组统计', querystring: ZStatsCutQuery } },
    (req) => stats.cut(contextOf(req), req.query));
  r.get('/api/stats/ranking', { schema: { tags, summary: '承办单位、代表公平排名（置信区间，样本不足不排名）', querystring: ZStatsRankingQuery } },
    (req) => stats.ranking(contextOf(req), req.query));
  r.get('/api/stats/records', { schema: { tags, summary: '数字背后的记录（下钻）', querystring: ZStatsRecordsQuery } },
    (req) => stats.records(contextOf(req), req.query));
  r.get('/api/stats/report', { schema: { tags, summary: '统计报告（按区域和期间）', querystring: ZStatsQuery } },
    (req) => stats.report(contextOf(req), req.query));
  r.get('/api/stats/map', { schema: { tags, summary: '网格地图着色数据', querystring: ZMapQuery } },
    (req) => stats.map(contextOf(req), req.query));
  r.get('/api/stats/export.xlsx', { schema: { tags, summary: '导出统计表（xlsx）', querystring: ZStatsExportQuery } },
    async (req, reply) => {
      const body = await stats.exportXlsx(contextOf(req), req.query);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="stats.xlsx"; filename*=UTF-8''${encodeURIComponent('统计报表.xlsx')}`)
        .send(body);
    });
}

export const STATS_JOBS: JobDefinition[] = [
  {
    name: 'stats.fold',
    everySeconds: 30,
    async run(deps, now) {
      await createStatsService(deps).fold(now);
    },
  },
];
