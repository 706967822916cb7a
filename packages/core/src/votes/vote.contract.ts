import { z } from 'zod';
import { ZRegionCode } from '../auth/auth.contract.js';
import { ZFen, ZProjectItem } from '../projects/project.contract.js';
import { BALLOT_CHOICES, PROJECT_RATINGS, adoptionRuleProblem, DEFAULT_ADOPTION_RULE } from './vote.rules.js';

const ZUuid = (label: string) => z.uuid(`${label}编号格式不正确`);
const ZText = (label: string, max: number) => z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}过长`);
const ZVersion = z.number({ error: '缺少版本号' }).int().min(1);

export const CONGRESS_LEVELS = ['prefectural', 'county', 'township'] as const;
export const CONGRESS_LEVEL_LABELS: Record<(typeof CONGRESS_LEVELS)[number], string> = { prefectural: '市人民代表大会', county: '县（市、区）人民代表大会', township: '乡镇人民代表大会' };

export const ZAdoptionRule = z
  .strictObject({
    base: z.enum(['all_deputies', 'ballots_cast'], { error: '计算基数不正确' }),
    numerator: z.number().int(),
    denominator: z.number().int(),
    strict: z.boolean(),
    quorumNumerator: z.number().int(),
    quorumDenominator: z.number().int(),
  })
  .superRefine((r, ctx) => {
    const p = adoptionRuleProblem(r);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });

export const ZRoundCreateRequest = z.strictObject({
  title: ZText('票决名称', 200),
  year: z.number({ error: '请填写年度' }).int('年度不正确').min(2000, '年度不正确').max(2100, '年度不正确'),
  congressLevel: z.enum(CONGRESS_LEVELS, { error: '人大层级不正确' }),
  congressRegionCode: ZRegionCode,
  term: z.number({ error: '请填写届次' }).int('届次不正确').min(1, '届次不正确').max(99, '届次不正确'),
  seats: z.number({ error: '请填写应选项目数' }).int('应选项目数应为整数').min(1, '应选项目数至少为1').max(100, '应选项目数过多'),
  secret: z.boolean().default(true),
  rule: ZAdoptionRule.default(DEFAULT_ADOPTION_RULE),
});
export type TRoundCreateRequest = z.infer<typeof ZRoundCreateRequest>;

export const CANDIDATE_SOURCES = ['suggestion', 'public', 'department'] as const;
export const CANDIDATE_SOURCE_LABELS: Record<(typeof CANDIDATE_SOURCES)[number], string> = { suggestion: '代表建议', public: '群众征集', department: '部门申报' };

export const ZCandidateCreateRequest = z.strictObject({
  title: ZText('项目名称', 200),
  description: ZText('项目内容', 4000),
  source: z.enum(CANDIDATE_SOURCES, { error: '项目来源不正确' }),
  sourceSuggestionId: ZUuid('代表建议').nullable().default(null),
  regionCode: ZRegionCode.nullable().default(null),
  unitId: ZUuid('牵头单位'),
  subItems: z.array(ZProjectItem, { error: '请填写子项' }).min(1, '至少一个子项').max(50, '子项最多50个'),
});
export type TCandidateCreateRequest = z.infer<typeof ZCandidateCreateRequest>;

export const ZCandidateScreenRequest = z
  .strictObject({ decision: z.enum(['listed', 'screened_out'], { error: '审查结论不正确' }), reason: z.string().trim().max(1000, '原因过长').optional() })
  .refine((r) => r.decision === 'listed' || !!r.reason, { path: ['reason'], message: '未列入候选须说明原因' });

export const ZRoundActionRequest = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('screen'), version: ZVersion }),
    z.strictObject({ type: z.literal('publish'), version: ZVersion }),
    z.strictObject({ type: z.literal('open_ballot'), version: ZVersion, opensAt: z.iso.datetime({ offset: true, error: '开始时间格式不正确' }).optional(), closesAt: z.iso.datetime({ offset: true, error: '截止时间格式不正确' }) }),
    z.strictObject({ type: z.literal('close_ballot'), version: ZVersion }),
    z.strictObject({ type: z.literal('count'), version: ZVersion }),
  ],
  { error: '操作类型不正确' },
);
export type TRoundActionRequest = z.infer<typeof ZRoundActionRequest>;

export const ZBallotChoices = z
  .array(z.strictObject({ candidateId: ZUuid('候选项目'), choice: z.enum(BALLOT_CHOICES, { error: '表决意见应为赞成、不赞成或弃权' }) }), { error: '请填写选票' })
  .min(1, '选票不能为空')
  .max(200, '选票项目过多');
export const ZBallotRequest = z.strictObject({ choices: ZBallotChoices });
export const ZPaperBallotRequest = z.strictObject({ deputyId: ZUuid('代表'), choices: ZBallotChoices });
export const ZPaperSheetsRequest = z.strictObject({ sheetsCounted: z.number({ error: '请填写清点张数' }).int('张数应为整数').min(0, '张数不能为负').max(100000, '张数过大') });
export const ZRatingsRequest = z.strictObject({
  ratings: z.array(z.strictObject({ projectId: ZUuid('项目'), rating: z.enum(PROJECT_RATINGS, { error: '评价应为满意、基本满意或不满意' }) })).min(1, '请至少评价一个项目').max(100),
});
export const ZRoundListQuery = z.strictObject({ year: z.coerce.number().int('年度不正确').min(2000).max(2100).optional() });

export { ZFen };
