import { z } from 'zod';
import { ZRegionCode } from '../auth/auth.contract.js';
import { MAX_BUDGET_FEN, PROJECT_KINDS, PROJECT_STATUSES } from './project.workflow.js';

const ZDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
const ZUuid = (label: string) => z.uuid(`${label}编号格式不正确`);
/** Money is whole fen (分): integers only, never floats. */
export const ZFen = z
  .number({ error: '金额应为数字（单位：分）' })
  .int('金额应为整数（单位：分）')
  .min(1, '金额应大于0')
  .max(MAX_BUDGET_FEN, '金额过大');
const ZPhotoIds = z.array(ZUuid('照片'), { error: '照片格式不正确' }).max(20, '照片最多20张');
const ZText = (label: string, max: number) => z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}过长`);

export const ZProjectItem = z.strictObject({ title: ZText('子项名称', 200), budgetFen: ZFen });
export type TProjectItem = z.infer<typeof ZProjectItem>;

export const ZProjectCreateRequest = z.strictObject({
  title: ZText('项目名称', 200),
  description: ZText('项目内容', 4000),
  regionCode: ZRegionCode,
  sourceConcernIds: z.array(ZUuid('群众意见')).max(20, '最多关联20条群众意见').default([]),
  /** a suggestion (代表建议) this project came from; linked by id (the suggestions module owns it) */
  sourceSuggestionId: ZUuid('代表建议').nullable().default(null),
  proposerDeputyId: ZUuid('代表').nullable().default(null),
  estimatedBudgetFen: ZFen.nullable().default(null),
  items: z.array(ZProjectItem).max(100, '子项最多100个').default([]),
  proposedOn: ZDate.optional(),
});
export type TProjectCreateRequest = z.infer<typeof ZProjectCreateRequest>;

const ZVersion = z.number({ error: '缺少版本号' }).int().min(1);
const ZReason = ZText('原因', 1000);

export const ZProjectActionRequest = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('approve'), version: ZVersion, budgetFen: ZFen, unitId: ZUuid('承办单位'), on: ZDate }),
    z.strictObject({ type: z.literal('reject'), version: ZVersion, reason: ZReason, on: ZDate }),
    z.strictObject({ type: z.literal('start'), version: ZVersion, on: ZDate }),
    z.strictObject({ type: z.literal('finish'), version: ZVersion, on: ZDate }),
    z.strictObject({ type: z.literal('accept'), version: ZVersion, on: ZDate, photoIds: ZPhotoIds.min(1, '验收须上传至少一张现场照片'), note: z.string().trim().max(2000, '验收意见过长').optional() }),
    z.strictObject({ type: z.literal('cancel'), version: ZVersion, reason: ZReason, on: ZDate }),
  ],
  { error: '操作类型不正确' },
);
export type TProjectActionRequest = z.infer<typeof ZProjectActionRequest>;

const ZPercent = z.number({ error: '进度应为数字' }).int('进度应为整数').min(0, '进度不能小于0').max(100, '进度不能超过100');

export const ZProgressReportRequest = z.strictObject({
  percent: ZPercent,
  note: ZText('进展情况', 2000),
  on: ZDate,
  photoIds: ZPhotoIds.default([]),
});
export type TProgressReportRequest = z.infer<typeof ZProgressReportRequest>;

export const ZGeoPoint = z.strictObject({
  lat: z.number({ error: '纬度应为数字' }).min(-90, '纬度不正确').max(90, '纬度不正确'),
  lng: z.number({ error: '经度应为数字' }).min(-180, '经度不正确').max(180, '经度不正确'),
});

export const ZInspectionRequest = z.strictObject({
  verifiedPercent: ZPercent,
  findings: ZText('察看情况', 2000),
  on: ZDate,
  photoIds: ZPhotoIds.min(1, '请上传至少一张现场照片'),
  location: ZGeoPoint.nullable().default(null),
  place: z.string().trim().max(200, '地点过长').optional(),
});
export type TInspectionRequest = z.infer<typeof ZInspectionRequest>;

export const SUPERVISION_KINDS = ['urge', 'meeting', 'letter', 'site_visit', 'other'] as const;
export const SUPERVISION_KIND_LABELS: Record<(typeof SUPERVISION_KINDS)[number], string> = {
  urge: '督促催办',
  meeting: '督办会议',
  letter: '督办函',
  site_visit: '现场督办',
  other: '其他',
};
export const ZSupervisionRequest = z.strictObject({
  kind: z.enum(SUPERVISION_KINDS, { error: '督办方式不正确' }),
  content: ZText('督办内容', 2000),
  on: ZDate,
});
export type TSupervisionRequest = z.infer<typeof ZSupervisionRequest>;

export const ZProjectListQuery = z.strictObject({
  regionCode: ZRegionCode.optional(),
  status: z.enum(PROJECT_STATUSES, { error: '状态不正确' }).optional(),
  kind: z.enum(PROJECT_KINDS, { error: '项目类型不正确' }).optional(),
  year: z.coerce.number().int('年度不正确').min(2000, '年度不正确').max(2100, '年度不正确').optional(),
  roundId: ZUuid('票决').optional(),
  q: z.string().trim().max(100).optional(),
});
export type TProjectListQuery = z.infer<typeof ZProjectListQuery>;

export const ZProjectTotalsQuery = z.strictObject({
  regionCode: ZRegionCode.optional(),
  year: z.coerce.number().int('年度不正确').min(2000, '年度不正确').max(2100, '年度不正确').optional(),
});
