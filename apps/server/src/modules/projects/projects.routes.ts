import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZInspectionRequest,
  ZProgressReportRequest,
  ZProjectActionRequest,
  ZProjectCreateRequest,
  ZProjectListQuery,
  ZProjectTotalsQuery,
  ZSupervisionRequest,
} from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import { registerAttachmentOwner } from '../attachments/attachments.service.js';
import { createProjectsService } from './projects.service.js';

// Photos of a project's records (inspections, progress, acceptance) are read by whoever may read the project.
registerAttachmentOwner('project_record', (deps, ctx, recordId) => createProjectsService(deps).mayReadRecord(ctx, recordId));

const P = z.strictObject({ projectId: z.uuid('项目编号格式不正确') });
const ZPublicParams = z.strictObject({ publicId: z.string().regex(/^[2-9A-HJKMNP-TV-Z]{8}$/, '项目编号不正确') });
const ZPublicTotalsQuery = z.strictObject({
  countyCode: z.string().regex(/^\d{6}$/, '县级区划代码应为6位数字'),
  year: z.coerce.number().int('年度不正确').min(2000, '年度不正确').max(2100, '年度不正确').optional(),
});

export async function projectsRoutes(app: FastifyInstance): Promise<void> {
  const s = createProjectsService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['projects'];

  r.get('/api/projects', { schema: { tags, summary: '民生微实事及票决项目列表', querystring: ZProjectListQuery } }, (req) => s.list(contextOf(req), req.query));
  r.post('/api/projects', { schema: { tags, summary: '提出民生微实事（可关联群众意见、代表建议）', body: ZProjectCreateRequest } }, (req) => s.create(contextOf(req), req.body));
  r.get('/api/projects/totals', { schema: { tags, summary: '按区域、年度统计项目数和资金', querystring: ZProjectTotalsQuery } }, (req) => s.totals(contextOf(req), req.query));
  r.get('/api/projects/:projectId', { schema: { tags, summary: '项目详情（节点、两个进度、视察和督办记录）', params: P } }, (req) => s.get(contextOf(req), req.params.projectId));
  r.post('/api/projects/:projectId/actions', { schema: { tags, summary: '立项、不予立项、开工、完工、验收、撤销', params: P, body: ZProjectActionRequest } }, (req) => s.act(contextOf(req), req.params.projectId, req.body));
  r.post('/api/projects/:projectId/progress', { schema: { tags, summary: '承办单位报告进度', params: P, body: ZProgressReportRequest } }, (req) => s.reportProgress(contextOf(req), req.params.projectId, req.body));
  r.post('/api/projects/:projectId/inspections', { schema: { tags, summary: '代表视察（照片、定位、核实进度）', params: P, body: ZInspectionRequest } }, (req) => s.inspect(contextOf(req), req.params.projectId, req.body));
  r.post('/api/projects/:projectId/supervisions', { schema: { tags, summary: '督办记录', params: P, body: ZSupervisionRequest } }, (req) => s.supervise(contextOf(req), req.params.projectId, req.body));

  // Citizens' pages: no session.
  const open = { auth: 'public' as const };
  r.get('/api/public/projects/totals', { config: open, schema: { tags, summary: '公开：按区域、年度的项目数和资金', querystring: ZPublicTotalsQuery } }, (req) =>
    s.publicTotals(req.query.countyCode.padEnd(12, '0'), req.query.year ?? null));
  r.get('/api/public/projects/:publicId', { config: open, schema: { tags, summary: '公开：民生微实事项目页', params: ZPublicParams } }, (req) => s.publicGet(req.params.publicId));
}
