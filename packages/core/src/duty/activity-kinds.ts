/**
 * Kinds of duty activity (R-DUTY-4) and the eight grid services (R-DUTY-6). The code names are
 * stable: they are stored in the database and used in API paths; the labels are for the UI.
 */
export const ACTIVITY_KINDS = [
  // contact with constituents
  'reception',
  'random_visit',
  'evening_home_visit',
  'open_reception',
  'return_visit',
  'market_stall',
  'patrol',
  'home_visit',
  // meetings and supervision
  'meeting',
  'survey',
  'inspection',
  'law_enforcement_inspection',
  'meeting_with_mayor',
  'site_meeting',
  'special_supervision',
  'special_inquiry',
  // public welfare
  'tree_planting',
  'volunteering',
  // the eight grid services (R-DUTY-6)
  'mechanism_building',
  'party_activity',
  'public_opinion',
  'legal_education',
  'village_rules',
  'cultivation_support',
  'public_service',
  'volunteer_service',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  reception: '接待群众',
  random_visit: '随机走访',
  evening_home_visit: '入户夜访',
  open_reception: '开门接访',
  return_visit: '上门回访',
  market_stall: '摆摊听民意',
  patrol: '巡查',
  home_visit: '入户走访',
  meeting: '会议座谈',
  survey: '调研',
  inspection: '视察',
  law_enforcement_inspection: '执法检查',
  meeting_with_mayor: '约见市长（县长）',
  site_meeting: '部门现场会办',
  special_supervision: '专项监督',
  special_inquiry: '专题询问',
  tree_planting: '植树活动',
  volunteering: '志愿活动',
  mechanism_building: '建立工作机制',
  party_activity: '党建活动',
  public_opinion: '收集社情民意',
  legal_education: '法治宣传',
  village_rules: '村规民约',
  cultivation_support: '助力农业生产',
  public_service: '公共服务',
  volunteer_service: '志愿服务',
};

export const ACTIVITY_CATEGORIES = ['contact', 'meeting', 'supervision', 'public_welfare', 'grid_service'] as const;
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];

export const ACTIVITY_CATEGORY_LABELS: Record<ActivityCategory, string> = {
  contact: '联系群众',
  meeting: '会议活动',
  supervision: '调研视察与监督',
  public_welfare: '公益活动',
  grid_service: '网格服务',
};

export const ACTIVITY_KIND_CATEGORY: Record<ActivityKind, ActivityCategory> = {
  reception: 'contact',
  random_visit: 'contact',
  evening_home_visit: 'contact',
  open_reception: 'contact',
  return_visit: 'contact',
  market_stall: 'contact',
  patrol: 'contact',
  home_visit: 'contact',
  meeting: 'meeting',
  meeting_with_mayor: 'meeting',
  site_meeting: 'meeting',
  survey: 'supervision',
  inspection: 'supervision',
  law_enforcement_inspection: 'supervision',
  special_supervision: 'supervision',
  special_inquiry: 'supervision',
  tree_planting: 'public_welfare',
  volunteering: 'public_welfare',
  mechanism_building: 'grid_service',
  party_activity: 'grid_service',
  public_opinion: 'grid_service',
  legal_education: 'grid_service',
  village_rules: 'grid_service',
  cultivation_support: 'grid_service',
  public_service: 'grid_service',
  volunteer_service: 'grid_service',
};

/** The four visits (四访). */
export const FOUR_VISIT_KINDS = [
  'random_visit',
  'evening_home_visit',
  'open_reception',
  'return_visit',
] as const satisfies readonly ActivityKind[];

/** The eight grid services of R-DUTY-6, in the order the requirement lists them. */
export const GRID_SERVICE_KINDS = [
  'mechanism_building',
  'party_activity',
  'public_opinion',
  'legal_education',
  'village_rules',
  'cultivation_support',
  'public_service',
  'volunteer_service',
] as const satisfies readonly ActivityKind[];

/**
 * Kinds that count as station and grid duty (进站入网格) for the frequency rule (R-DUTY-1): direct
 * contact with constituents and the grid services. Meetings, supervision and public-welfare
 * activities are duty too, but they are not "being in the station or grid".
 */
export const STATION_GRID_DUTY_KINDS: readonly ActivityKind[] = ACTIVITY_KINDS.filter((k) => {
  const c = ACTIVITY_KIND_CATEGORY[k];
  return c === 'contact' || c === 'grid_service';
});

export const ACTIVITY_PLACES = ['station', 'grid', 'other'] as const;
export type ActivityPlace = (typeof ACTIVITY_PLACES)[number];

export const ACTIVITY_PLACE_LABELS: Record<ActivityPlace, string> = {
  station: '联络站',
  grid: '网格',
  other: '其他地点',
};

export function isActivityKind(value: string): value is ActivityKind {
  return (ACTIVITY_KINDS as readonly string[]).includes(value);
}

export function activityKindLabel(kind: ActivityKind): string {
  return ACTIVITY_KIND_LABELS[kind];
}

/** True when an activity of this kind and place counts toward the duty frequency rule. */
export function countsAsStationGridDuty(activity: { kind: ActivityKind; place: ActivityPlace }): boolean {
  return activity.place !== 'other' && STATION_GRID_DUTY_KINDS.includes(activity.kind);
}
