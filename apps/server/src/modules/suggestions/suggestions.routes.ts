import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZSuggestionActionBody,
  ZSuggestionCreateRequest,
  ZSuggestionDetail,
  ZSuggestionList,
  ZSuggestionListQuery,
  ZSuggestionUnitStats,
} from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import { createSuggestionsService } from './suggestions.service.js';

const ZParams = z.strictObject({ suggestionId: z.string().min(1).max(64) });

export async function suggestionsRoutes(app: FastifyInstance): Promise<void> {
  const suggestions = createSuggestionsService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['suggestions'];

  r.post('/api/suggestions', { schema: { tags, summary: '起草代表建议（可由群众意见转来）', body: ZSuggestionCreateRequest, response: { 200: ZSuggestionDetail } } },
    (req) => suggestions.create(contextOf(req), req.body));
  r.get('/api/suggestions', { schema: { tags, summary: '代表建议列表（含逾期、临期、重点督办等视图）', querystring: ZSuggestionListQuery, response: { 200: ZSuggestionList } } },
    (req) => suggestions.list(contextOf(req), req.query));
  r.get('/api/suggestions/deputies', {
    schema: {
      tags,
      summary: '可列为领衔或附议的代表（仅姓名）',
      querystring: z.strictObject({ q: z.string().max(30, '关键词不能超过 30 字').default('') }),
      response: { 200: z.object({ items: z.array(z.object({ deputyId: z.string(), name: z.string(), regionName: z.string().nullable() })) }) },
    },
  }, (req) => suggestions.searchDeputies(contextOf(req), req.query.q));
  r.get('/api/suggestions/me', { schema: { tags, summary: '当前代表（我的建议）', response: { 200: z.object({ deputyId: z.string(), name: z.string(), countyCode: z.string() }) } } },
    (req) => suggestions.me(contextOf(req)));
  r.get('/api/suggestions/stats/units', { schema: { tags, summary: '承办单位办理统计（按时、类别、满意度）', response: { 200: ZSuggestionUnitStats } } },
    (req) => suggestions.unitStats(contextOf(req)));
  r.get('/api/suggestions/:suggestionId', { schema: { tags, summary: '代表建议详情（含办理记录和可执行的操作）', params: ZParams, response: { 200: ZSuggestionDetail } } },
    (req) => suggestions.get(contextOf(req), req.params.suggestionId));
  r.post('/api/suggestions/:suggestionId/actions', { schema: { tags, summary: '代表建议办理操作', params: ZParams, body: ZSuggestionActionBody, response: { 200: ZSuggestionDetail } } },
    (req) => suggestions.act(contextOf(req), req.params.suggestionId, req.body));
}
