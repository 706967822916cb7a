import { z } from 'zod';
import { METRIC_CODES, STATS_DIMENSIONS } from './metrics.js';
import { isIsoDate } from './periods.js';

const ZDay = z.string({ error: '日期格式应为 YYYY-MM-DD' }).refine(isIsoDate, '日期格式应为 YYYY-MM-DD');

/** A scope and a range of local days; both default (the actor's region, the current year). */
export const ZStatsQuery = z
  .strictObject({
    regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字').optional(),
    from: ZDay.optional(),
    to: ZDay.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' });
export type TStatsQuery = z.infer<typeof ZStatsQuery>;

export const ZStatsCutQuery = z
  .strictObject({
    regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字').optional(),
    from: ZDay.optional(),
    to: ZDay.optional(),
    dim: z.enum(STATS_DIMENSIONS, { error: '统计维度不正确' }),
    metrics: z.string().optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' });
export type TStatsCutQuery = z.infer<typeof ZStatsCutQuery>;

export const ZStatsRecordsQuery = z
  .strictObject({
    regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字').optional(),
    from: ZDay.optional(),
    to: ZDay.optional(),
    metric: z.enum(METRIC_CODES as [string, ...string[]], { error: '统计指标不正确' }),
    dim: z.enum(STATS_DIMENSIONS, { error: '统计维度不正确' }).default('total'),
    key: z.string().max(64, '维度取值过长').default(''),
    page: z.coerce.number().int().min(1, '页码应从1开始').max(100_000, '页码过大').default(1),
    pageSize: z.coerce.number().int().min(1).max(200, '每页最多200条').default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' });
export type TStatsRecordsQuery = z.infer<typeof ZStatsRecordsQuery>;

export const ZStatsRankingQuery = z
  .strictObject({
    regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字').optional(),
    from: ZDay.optional(),
    to: ZDay.optional(),
    of: z.enum(['unit', 'deputy'], { error: '排名对象应为承办单位或代表' }),
    minSample: z.coerce.number().int().min(1, '最小样本量至少为1').max(10_000).default(10),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' });
export type TStatsRankingQuery = z.infer<typeof ZStatsRankingQuery>;

export const ZStatsExportQuery = z
  .strictObject({
    regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字').optional(),
    from: ZDay.optional(),
    to: ZDay.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' });
