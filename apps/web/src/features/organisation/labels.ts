/**
 * Option lists for the organisation pages. The labels come from @gridvoice/core's plain modules;
 * the few that live in the zod contract file are repeated here (typed against it) so the pages
 * do not pull the schemas into the browser bundle.
 */
import type { DefaultConcernCategoryCode, GridKind, UnitKind } from '@gridvoice/core';
import { DEPUTY_LEVEL_LABELS, DEPUTY_LEVELS } from '@gridvoice/core/duty/duty-rule';
import { STATION_KIND_LABELS, STATION_KINDS } from '@gridvoice/core/organisation/codes';

export { ASSIGNMENT_BASIS_LABELS } from '@gridvoice/core/organisation/assignment.rules';
export { COVERAGE_METRIC_LABELS } from '@gridvoice/core/organisation/coverage';
export { DEPUTY_LEVEL_LABELS, DEPUTY_LEVELS, STATION_KIND_LABELS, STATION_KINDS };

export const GRID_KIND_LABELS: Record<GridKind, string> = { grid: '网格', micro_grid: '微网格' };
export const GENDER_LABELS: Record<'male' | 'female', string> = { male: '男', female: '女' };
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  department: '政府部门',
  town_office: '镇（街道）',
  agency: '直属机构',
  enterprise: '企事业单位',
  other: '其他',
};

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

export const GRID_KIND_OPTIONS = options(GRID_KIND_LABELS);
export const GENDER_OPTIONS = options(GENDER_LABELS);
export const UNIT_KIND_OPTIONS = options(UNIT_KIND_LABELS);
export const DEPUTY_LEVEL_OPTIONS = DEPUTY_LEVELS.map((value) => ({ value, label: DEPUTY_LEVEL_LABELS[value] }));
export const STATION_KIND_OPTIONS = STATION_KINDS.map((value) => ({ value, label: STATION_KIND_LABELS[value] }));

/** The default concern categories (as in the concerns contract); a region's own codes show as they are. */
export const CONCERN_CATEGORY_LABELS: Record<DefaultConcernCategoryCode, string> = {
  infrastructure: '基础设施',
  transport: '交通出行',
  ecology: '生态环境',
  living_environment: '人居环境',
  education: '教育',
  health: '医疗卫生',
  social_security: '社会保障',
  public_safety: '治安消防',
  agriculture: '农业农村',
  economy: '产业经济',
  other: '其他',
};
export const categoryLabel = (code: string): string =>
  (CONCERN_CATEGORY_LABELS as Record<string, string>)[code] ?? code;
export const CONCERN_CATEGORY_OPTIONS = options(CONCERN_CATEGORY_LABELS);
