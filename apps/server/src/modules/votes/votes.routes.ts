import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZBallotRequest,
  ZCandidateCreateRequest,
  ZCandidateScreenRequest,
  ZPaperBallotRequest,
  ZPaperSheetsRequest,
  ZRatingsRequest,
  ZRoundActionRequest,
  ZRoundCreateRequest,
  ZRoundListQuery,
} from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import { createVotesService } from './votes.service.js';

const R = z.strictObject({ roundId: z.uuid('票决编号格式不正确') });
const RC = z.strictObject({ roundId: z.uuid('票决编号格式不正确'), candidateId: z.uuid('候选项目编号格式不正确') });
const ZDeputySearch = z.strictObject({ q: z.string().trim().max(50).optional() });

export async function votesRoutes(app: FastifyInstance): Promise<void> {
  const s = createVotesService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['votes'];

  r.get('/api/votes/rounds', { schema: { tags, summary: '民生实事项目票决列表', querystring: ZRoundListQuery } }, (req) => s.list(contextOf(req), req.query));
  r.post('/api/votes/rounds', { schema: { tags, summary: '新建年度票决（应选数、表决规则、是否无记名）', body: ZRoundCreateRequest } }, (req) => s.create(contextOf(req), req.body));
  r.get('/api/votes/rounds/:roundId', { schema: { tags, summary: '票决详情（候选项目、投票情况、核对、结果、项目跟踪）', params: R } }, (req) => s.get(contextOf(req), req.params.roundId));
  r.post('/api/votes/rounds/:roundId/actions', { schema: { tags, summary: '进入审查、公布候选、开始投票、截止投票、计票', params: R, body: ZRoundActionRequest } }, (req) => s.act(contextOf(req), req.params.roundId, req.body));
  r.post('/api/votes/rounds/:roundId/candidates', { schema: { tags, summary: '征集候选项目（含子项和资金）', params: R, body: ZCandidateCreateRequest } }, (req) => s.addCandidate(contextOf(req), req.params.roundId, req.body));
  r.post('/api/votes/rounds/:roundId/candidates/:candidateId/screening', { schema: { tags, summary: '审查候选项目（列入或不列入）', params: RC, body: ZCandidateScreenRequest } }, (req) => s.screenCandidate(contextOf(req), req.params.roundId, req.params.candidateId, req.body));
  r.post('/api/votes/rounds/:roundId/ballots', { schema: { tags, summary: '代表投票（每位代表一票）', params: R, body: ZBallotRequest } }, (req) => s.cast(contextOf(req), req.params.roundId, req.body.choices));
  r.post('/api/votes/rounds/:roundId/paper-ballots', { schema: { tags, summary: '计票人录入纸质选票', params: R, body: ZPaperBallotRequest } }, (req) => s.enterPaper(contextOf(req), req.params.roundId, req.body.deputyId, req.body.choices));
  r.put('/api/votes/rounds/:roundId/paper-sheets', { schema: { tags, summary: '计票人清点的纸质选票张数', params: R, body: ZPaperSheetsRequest } }, (req) => s.countSheets(contextOf(req), req.params.roundId, req.body.sheetsCounted));
  r.get('/api/votes/rounds/:roundId/deputies', { schema: { tags, summary: '本届代表名单及投票情况（录入纸质选票用）', params: R, querystring: ZDeputySearch } }, (req) => s.eligibleDeputies(contextOf(req), req.params.roundId, req.query.q ?? null));
  r.post('/api/votes/rounds/:roundId/ratings', { schema: { tags, summary: '代表年终评价票决项目', params: R, body: ZRatingsRequest } }, (req) => s.rate(contextOf(req), req.params.roundId, req.body.ratings));
}
