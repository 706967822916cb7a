import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZActivityBulkRequest,
  ZActivityCreateRequest,
  ZActivityListQuery,
  ZAnnouncementRequest,
  ZCampaignRequest,
  ZCampaignTagRequest,
  ZCheckInRequest,
  ZComplianceQuery,
  ZOversightAnswerRequest,
  ZOversightCreateRequest,
  ZOversightDispatchRequest,
  ZOversightRevisitRequest,
  ZOversightStageRequest,
  ZPerformanceRatingRequest,
  ZPerformanceSchemeRequest,
  ZRangeQuery,
  ZReceptionConcernsRequest,
  ZReceptionEntryRequest,
  ZReceptionFeedbackRequest,
  ZReceptionListQuery,
  ZRegionDutyRuleRequest,
  ZRegionQuery,
  ZRotaSwapRequest,
  ZRotaTemplateRequest,
  ZRotaWeekday,
  ZWorkLogQuery,
} from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import { createActivitiesService } from './activities.service.js';
import { createCampaignsService } from './campaigns.service.js';
import { createDutyService } from './duty.service.js';

const ZIdParam = (name: string, label: string) => z.strictObject({ [name]: z.uuid(`${label}编号格式不正确`) });
const ZDeputyParams = z.strictObject({ deputyId: z.uuid('代表编号格式不正确') });
const ZDeputyYearParams = z.strictObject({
  deputyId: z.uuid('代表编号格式不正确'),
  year: z.coerce.number().int('年度不正确').min(2000, '年度不正确').max(2100, '年度不正确'),
});
const ZRegionYearQuery = z.strictObject({
  regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字'),
  year: z.coerce.number().int('年度不正确').min(2000, '年度不正确').max(2100, '年度不正确'),
});
const ZDirectContactRequest = z.strictObject({
  regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字'),
  weekdays: z.array(ZRotaWeekday).max(7).refine((a) => new Set(a).size === a.length, '星期几不能重复'),
});
const ZDirectContactQuery = z
  .strictObject({
    regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字'),
    from: z.iso.date({ error: '日期格式应为 YYYY-MM-DD' }),
    to: z.iso.date({ error: '日期格式应为 YYYY-MM-DD' }),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' });
const ZTemplateListQuery = z.strictObject({
  regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字').optional(),
  stationId: z.uuid('联络站编号格式不正确').optional(),
});
const ZOversightListQuery = z.strictObject({ regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字').optional() });

export async function dutyRoutes(app: FastifyInstance): Promise<void> {
  const duty = createDutyService(app.deps);
  const acts = createActivitiesService(app.deps);
  const camp = createCampaignsService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['duty'];
  const T = ZIdParam('templateId', '排班');
  const A = ZIdParam('activityId', '活动');
  const E = ZIdParam('entryId', '登记');
  const C = ZIdParam('campaignId', '主题活动');
  const O = ZIdParam('oversightId', '监督事项');
  const P = ZIdParam('problemId', '问题');

  // Rules and compliance (R-DUTY-1, R-DUTY-3)
  r.get('/api/duty/rules', { schema: { tags, summary: '履职频次规则（本级或上级，默认631）', querystring: ZRegionQuery } },
    (req) => duty.getRule(contextOf(req), req.query.regionCode));
  r.put('/api/duty/rules', { schema: { tags, summary: '设置本区域履职频次规则', body: ZRegionDutyRuleRequest } },
    (req) => duty.putRule(contextOf(req), req.body));
  r.get('/api/duty/direct-contact-days', { schema: { tags, summary: '直联日', querystring: ZDirectContactQuery } },
    (req) => duty.directContactDays(contextOf(req), req.query));
  r.put('/api/duty/direct-contact-days', { schema: { tags, summary: '设置直联日（每周星期几）', body: ZDirectContactRequest } },
    (req) => duty.putDirectContactDays(contextOf(req), req.body.regionCode, req.body.weekdays));
  r.get('/api/duty/compliance', { schema: { tags, summary: '履职达标情况（按镇街、层级，含未达标名单）', querystring: ZComplianceQuery } },
    (req) => duty.complianceReport(contextOf(req), req.query));
  r.get('/api/duty/deputies/:deputyId/compliance', { schema: { tags, summary: '代表各周期达标情况及计入的活动', params: ZDeputyParams, querystring: ZWorkLogQuery } },
    (req) => duty.deputyCompliance(contextOf(req), req.params.deputyId, req.query));
  r.get('/api/duty/me', { schema: { tags, summary: '我的下次值班和本期达标情况' } }, (req) => duty.myDuty(contextOf(req)));

  // Rota (R-DUTY-2)
  r.get('/api/duty/rota-templates', { schema: { tags, summary: '排班模板列表', querystring: ZTemplateListQuery } },
    (req) => duty.listTemplates(contextOf(req), req.query));
  r.post('/api/duty/rota-templates', { schema: { tags, summary: '新建排班模板', body: ZRotaTemplateRequest } },
    (req) => duty.createTemplate(contextOf(req), req.body));
  r.get('/api/duty/rota-templates/:templateId', { schema: { tags, summary: '排班模板详情', params: T } },
    (req) => duty.getTemplate(contextOf(req), req.params.templateId as string));
  r.put('/api/duty/rota-templates/:templateId', { schema: { tags, summary: '修改排班模板', params: T, body: ZRotaTemplateRequest } },
    (req) => duty.updateTemplate(contextOf(req), req.params.templateId as string, req.body));
  r.delete('/api/duty/rota-templates/:templateId', { schema: { tags, summary: '停用排班模板', params: T } },
    (req) => duty.deleteTemplate(contextOf(req), req.params.templateId as string));
  r.post('/api/duty/rota-templates/:templateId/announcements', { schema: { tags, summary: '公示值班安排', params: T, body: ZAnnouncementRequest } },
    (req) => duty.announce(contextOf(req), req.params.templateId as string, req.body));
  r.get('/api/duty/rota-announcements', { schema: { tags, summary: '值班公示', querystring: ZRangeQuery } },
    (req) => duty.announcements(contextOf(req), req.query));
  r.get('/api/duty/rota-calendar', { schema: { tags, summary: '值班日历（含调班）', querystring: ZRangeQuery } },
    (req) => duty.calendar(contextOf(req), req.query));
  r.post('/api/duty/rota-swaps', { schema: { tags, summary: '调班', body: ZRotaSwapRequest } },
    (req) => duty.swap(contextOf(req), req.body));

  // Activities (R-DUTY-4, R-DUTY-6)
  r.get('/api/duty/activities', { schema: { tags, summary: '履职活动列表', querystring: ZActivityListQuery } },
    (req) => acts.list(contextOf(req), req.query));
  r.post('/api/duty/activities', { schema: { tags, summary: '登记履职活动', body: ZActivityCreateRequest } },
    (req) => acts.create(contextOf(req), req.body));
  r.post('/api/duty/activities/bulk', { schema: { tags, summary: '批量录入履职活动', body: ZActivityBulkRequest } },
    (req) => acts.bulkCreate(contextOf(req), req.body.activities));
  r.get('/api/duty/activities/:activityId', { schema: { tags, summary: '履职活动详情', params: A } },
    (req) => acts.get(contextOf(req), req.params.activityId as string));
  r.post('/api/duty/check-ins', { schema: { tags, summary: '代表签到（活动或排班，可带定位）', body: ZCheckInRequest } },
    (req) => acts.checkIn(contextOf(req), req.body));

  // Reception register (R-DUTY-5)
  r.get('/api/duty/reception-entries', { schema: { tags, summary: '接待群众登记簿', querystring: ZReceptionListQuery } },
    (req) => acts.listEntries(contextOf(req), req.query));
  r.post('/api/duty/reception-entries', { schema: { tags, summary: '登记接待群众', body: ZReceptionEntryRequest } },
    (req) => acts.createEntry(contextOf(req), req.body));
  r.get('/api/duty/reception-entries/:entryId', { schema: { tags, summary: '接待登记详情', params: E } },
    (req) => acts.getEntry(contextOf(req), req.params.entryId as string));
  r.get('/api/duty/reception-entries/:entryId/print', { schema: { tags, summary: '接待群众登记表（A4 打印数据）', params: E } },
    (req) => acts.printEntry(contextOf(req), req.params.entryId as string));
  r.post('/api/duty/reception-entries/:entryId/reveal', { schema: { tags, summary: '查看来访人完整信息（留痕）', params: E } },
    (req) => acts.revealEntry(contextOf(req), req.params.entryId as string));
  r.post('/api/duty/reception-entries/:entryId/feedback', { schema: { tags, summary: '填写反馈情况', params: E, body: ZReceptionFeedbackRequest } },
    (req) => acts.setFeedback(contextOf(req), req.params.entryId as string, req.body.feedback));
  r.post('/api/duty/reception-entries/:entryId/concerns', { schema: { tags, summary: '将反映事项转为群众意见', params: E, body: ZReceptionConcernsRequest } },
    (req) => acts.createConcernsFromEntry(contextOf(req), req.params.entryId as string, req.body));

  // Work log, evaluation, performance record (R-DUTY-9)
  r.get('/api/duty/deputies/:deputyId/work-log', { schema: { tags, summary: '代表履职日志', params: ZDeputyParams, querystring: ZWorkLogQuery } },
    (req) => acts.workLog(contextOf(req), req.params.deputyId, req.query));
  r.get('/api/duty/deputies/:deputyId/evaluations/:year', { schema: { tags, summary: '履职评价', params: ZDeputyYearParams } },
    (req) => camp.getEvaluation(contextOf(req), req.params.deputyId, req.params.year));
  r.post('/api/duty/deputies/:deputyId/evaluations/:year/ratings', { schema: { tags, summary: '履职评价评分（按顺序）', params: ZDeputyYearParams, body: ZPerformanceRatingRequest } },
    (req) => camp.rate(contextOf(req), req.params.deputyId, req.params.year, req.body));
  r.get('/api/duty/deputies/:deputyId/performance-record/:year', { schema: { tags, summary: '年度履职档案（A4 打印数据）', params: ZDeputyYearParams } },
    (req) => camp.performanceRecord(contextOf(req), req.params.deputyId, req.params.year));
  r.get('/api/duty/evaluation-schemes', { schema: { tags, summary: '履职评价方案', querystring: ZRegionYearQuery } },
    (req) => camp.getScheme(contextOf(req), req.query.regionCode, req.query.year));
  r.put('/api/duty/evaluation-schemes', { schema: { tags, summary: '设置履职评价方案', body: ZPerformanceSchemeRequest } },
    (req) => camp.putScheme(contextOf(req), req.body));

  // Campaigns (R-DUTY-8)
  r.get('/api/duty/campaigns', { schema: { tags, summary: '主题活动列表' } }, (req) => camp.listCampaigns(contextOf(req)));
  r.post('/api/duty/campaigns', { schema: { tags, summary: '新建主题活动', body: ZCampaignRequest } },
    (req) => camp.createCampaign(contextOf(req), req.body));
  r.get('/api/duty/campaigns/:campaignId', { schema: { tags, summary: '主题活动详情与进度', params: C } },
    (req) => camp.getCampaign(contextOf(req), req.params.campaignId as string));
  r.put('/api/duty/campaigns/:campaignId', { schema: { tags, summary: '修改主题活动', params: C, body: ZCampaignRequest } },
    (req) => camp.updateCampaign(contextOf(req), req.params.campaignId as string, req.body));
  r.delete('/api/duty/campaigns/:campaignId', { schema: { tags, summary: '删除主题活动', params: C } },
    (req) => camp.deleteCampaign(contextOf(req), req.params.campaignId as string));
  r.post('/api/duty/campaigns/:campaignId/tags', { schema: { tags, summary: '将活动、群众意见归入主题活动', params: C, body: ZCampaignTagRequest } },
    (req) => camp.tagCampaign(contextOf(req), req.params.campaignId as string, req.body));

  // Oversight (R-OVS-1, R-OVS-2, R-LOOP-7)
  r.get('/api/duty/oversight', { schema: { tags, summary: '监督事项列表', querystring: ZOversightListQuery } },
    (req) => camp.listOversight(contextOf(req), req.query.regionCode));
  r.post('/api/duty/oversight', { schema: { tags, summary: '新建监督事项（含问题清单）', body: ZOversightCreateRequest } },
    (req) => camp.createOversight(contextOf(req), req.body));
  r.get('/api/duty/oversight/:oversightId', { schema: { tags, summary: '监督事项详情', params: O } },
    (req) => camp.getOversight(contextOf(req), req.params.oversightId as string));
  r.post('/api/duty/oversight/:oversightId/dispatch', { schema: { tags, summary: '问题清单点对点交办', params: O, body: ZOversightDispatchRequest } },
    (req) => camp.dispatchProblems(contextOf(req), req.params.oversightId as string, req.body));
  r.post('/api/duty/oversight/:oversightId/stage', { schema: { tags, summary: '推进环节（问需求→深调研→商对策→面回复）', params: O, body: ZOversightStageRequest } },
    (req) => camp.setStage(contextOf(req), req.params.oversightId as string, req.body.stage));
  r.post('/api/duty/oversight-problems/:problemId/answer', { schema: { tags, summary: '承办单位答复', params: P, body: ZOversightAnswerRequest } },
    (req) => camp.answerProblem(contextOf(req), req.params.problemId as string, req.body.answer));
  r.post('/api/duty/oversight-problems/:problemId/revisit', { schema: { tags, summary: '面回复：回访群众', params: P, body: ZOversightRevisitRequest } },
    (req) => camp.revisitProblem(contextOf(req), req.params.problemId as string, req.body.note));
}

/** Daily at 00:00 UTC (08:00 in Asia/Shanghai): remind deputies not yet compliant near the period end. */
export const DUTY_JOBS: JobDefinition[] = [
  {
    name: 'duty.compliance-reminders',
    everySeconds: 86_400,
    async run(deps, now) {
      await createDutyService(deps).sendReminders(now);
    },
  },
];
