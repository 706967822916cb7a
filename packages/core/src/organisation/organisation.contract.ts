/**
 * Request and response schemas of the organisation module (issue 3): grids and micro-grids,
 * stations, deputies with mandates and assignments, deputy groups, committee links, handling
 * units with their category routes, the coverage report. Messages name the field in Chinese.
 */
import { z } from 'zod';
import { isValidPhone } from '../personal-data/mask.js';
import { DEPUTY_LEVELS } from '../duty/duty-rule.js';
import { ASSIGNMENT_BASES, MANDATE_STATUSES } from './assignment.rules.js';
import { boundaryProblem } from './geo.js';
import { STATION_KINDS, isStationCode } from './codes.js';
import { COVERAGE_METRICS } from './coverage.js';

// ─── Building blocks ─────────────────────────────────────────────────────────────────────────

/** A strict object whose unknown-key error is in Chinese too. */
const strict = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `不支持的字段：${iss.keys.join('、')}` : undefined),
  });

const text = (label: string, max: number) =>
  z.string({ error: `${label}应为文字` }).trim().max(max, `${label}不能超过 ${max} 个字`);
const requiredText = (label: string, max: number) => text(label, max).min(1, `请输入${label}`);
/** Optional text: empty means "none" (null). */
const optionalText = (label: string, max: number) =>
  text(label, max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();
const uuidOf = (label: string) => z.uuid({ error: `${label}格式不正确` });
const regionOf = (label: string) => z.string({ error: `请选择${label}` }).regex(/^\d{12}$/, `${label}应为12位区划代码`);
const enumOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { error: `${label}不正确` });
const intIn = (label: string, min: number, max: number) =>
  z.int({ error: `${label}应为整数` }).min(min, `${label}不能小于 ${min}`).max(max, `${label}不能大于 ${max}`);
const idList = (label: string, max: number) =>
  z.array(uuidOf(label), { error: `${label}应为列表` }).max(max, `${label}最多 ${max} 个`);

export const ZOrgPhone = z
  .string({ error: '电话号码应为文字' })
  .trim()
  .transform((s) => s.replace(/[\s]/g, ''))
  .refine((s) => isValidPhone(s), '电话号码格式不正确（手机号11位，或带区号的固定电话）');

const ZLat = z.number({ error: '纬度应为数字' }).min(-90, '纬度超出范围').max(90, '纬度超出范围');
const ZLng = z.number({ error: '经度应为数字' }).min(-180, '经度超出范围').max(180, '经度超出范围');

const ZPosition = z.tuple([ZLng, ZLat], { error: '坐标应为 [经度, 纬度]' });
const ZRing = z.array(ZPosition, { error: '边界环应为坐标列表' });
export const ZGridBoundary = z
  .union(
    [
      z.object({ type: z.literal('Polygon'), coordinates: z.array(ZRing) }),
      z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ZRing)) }),
    ],
    { error: '边界应为 GeoJSON 的 Polygon 或 MultiPolygon' },
  )
  .superRefine((b, ctx) => {
    const problem = boundaryProblem(b);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

// Query strings
const page = z.coerce.number({ error: '页码应为数字' }).int('页码应为整数').min(1, '页码从 1 开始').max(100_000, '页码过大').default(1);
const pageSize = z.coerce
  .number({ error: '每页条数应为数字' })
  .int('每页条数应为整数')
  .min(1, '每页条数至少为 1')
  .max(200, '每页条数最多 200')
  .default(20);
const order = z.enum(['asc', 'desc'], { error: '排序方向应为 asc 或 desc' }).default('asc');
const queryText = (label: string) => z.string({ error: `${label}应为文字` }).trim().max(64, `${label}过长`).optional();
const queryBool = (label: string) => z.enum(['true', 'false'], { error: `${label}应为 true 或 false` }).optional();
const queryRegion = (label: string) =>
  z.string({ error: `${label}应为文字` }).regex(/^\d{12}$/, `${label}应为12位区划代码`).optional();
export const ZActiveFilter = z
  .enum(['active', 'inactive', 'all'], { error: '状态应为 active、inactive 或 all' })
  .default('active');

const paged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

const ZRef = z.object({ id: z.string(), code: z.string().nullable(), name: z.string() });
export type TRef = z.infer<typeof ZRef>;

export const ZRegionRef = z.object({ code: z.string(), name: z.string() });

export const ZDeputyLevelValue = enumOf(DEPUTY_LEVELS, '代表层级');
export const ZAssignmentBasis = enumOf(ASSIGNMENT_BASES, '进站入网格依据');
export const ZStationKind = enumOf(STATION_KINDS, '联络站类型');

// ─── Regions ─────────────────────────────────────────────────────────────────────────────────

export const ZRegionNode = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  kind: z.string().nullable(),
  parentCode: z.string().nullable(),
  gridCount: z.number().int(),
  microGridCount: z.number().int(),
  stationCount: z.number().int(),
  deputyCount: z.number().int(),
});
export type TRegionNode = z.infer<typeof ZRegionNode>;

export const ZVillageListQuery = strict({
  q: queryText('名称'),
  regionCode: queryRegion('所在区划'),
  hasStation: queryBool('是否有联络站'),
  hasGrid: queryBool('是否有网格'),
  page,
  pageSize,
});
export type TVillageListQuery = z.infer<typeof ZVillageListQuery>;

export const ZVillage = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string().nullable(),
  townCode: z.string(),
  townName: z.string(),
  gridCount: z.number().int(),
  stationCount: z.number().int(),
});
export type TVillage = z.infer<typeof ZVillage>;
export const ZVillageList = paged(ZVillage);

// ─── Grids ───────────────────────────────────────────────────────────────────────────────────

export const GRID_KINDS = ['grid', 'micro_grid'] as const;
export type GridKind = (typeof GRID_KINDS)[number];
export const GRID_KIND_LABELS: Record<GridKind, string> = { grid: '网格', micro_grid: '微网格' };

export const ZGridWorkerInput = strict({
  name: requiredText('网格员姓名', 32),
  phone: ZOrgPhone.nullable().optional(),
  userId: uuidOf('网格员账号').nullable().optional(),
});

const gridPlaceFields = {
  name: requiredText('网格名称', 64),
  workers: z.array(ZGridWorkerInput, { error: '网格员应为列表' }).max(20, '网格员最多 20 人').optional(),
  boundary: ZGridBoundary.nullable().optional(),
  centreLat: ZLat.nullable().optional(),
  centreLng: ZLng.nullable().optional(),
};

const bothOrNeither = (v: { centreLat?: number | null; centreLng?: number | null }) =>
  (v.centreLat === undefined || v.centreLat === null) === (v.centreLng === undefined || v.centreLng === null);

export const ZGridCreateRequest = strict({
  /** The village or community of a grid. */
  villageCode: regionOf('所属村（社区）').optional(),
  /** The grid of a micro-grid. */
  parentGridId: uuidOf('所属网格').optional(),
  /** Omitted: the next free sequence. */
  sequence: intIn('序号', 1, 999).optional(),
  ...gridPlaceFields,
})
  .refine((v) => (v.villageCode === undefined) !== (v.parentGridId === undefined), {
    path: ['villageCode'],
    message: '网格须选择所属村（社区）；微网格须选择所属网格（二者选一）',
  })
  .refine(bothOrNeither, { path: ['centreLat'], message: '中心点须同时填写经度和纬度' });
export type TGridCreateRequest = z.infer<typeof ZGridCreateRequest>;

export const ZGridUpdateRequest = strict({
  name: requiredText('网格名称', 64).optional(),
  workers: gridPlaceFields.workers,
  boundary: gridPlaceFields.boundary,
  centreLat: gridPlaceFields.centreLat,
  centreLng: gridPlaceFields.centreLng,
  version: intIn('版本号', 1, 1_000_000).optional(),
}).refine(bothOrNeither, { path: ['centreLat'], message: '中心点须同时填写经度和纬度' });
export type TGridUpdateRequest = z.infer<typeof ZGridUpdateRequest>;

export const GRID_SORTS = ['code', 'name', 'deputyCount', 'createdAt'] as const;
export const ZGridListQuery = strict({
  q: queryText('关键词'),
  /** Any region: county, town or village. */
  regionCode: queryRegion('所在区划'),
  kind: enumOf(GRID_KINDS, '网格类型').optional(),
  parentGridId: uuidOf('所属网格').optional(),
  stationId: uuidOf('联络站').optional(),
  hasDeputy: queryBool('是否有代表'),
  status: ZActiveFilter,
  sort: enumOf(GRID_SORTS, '排序字段').default('code'),
  order,
  page,
  pageSize,
});
export type TGridListQuery = z.infer<typeof ZGridListQuery>;

export const ZGridLocateQuery = strict({
  lat: z.coerce.number({ error: '纬度应为数字' }).min(-90, '纬度超出范围').max(90, '纬度超出范围'),
  lng: z.coerce.number({ error: '经度应为数字' }).min(-180, '经度超出范围').max(180, '经度超出范围'),
});

export const ZGridAction = z.enum(['update', 'deactivate', 'activate', 'delete', 'create_micro_grid', 'reveal_phone']);
export type TGridAction = z.infer<typeof ZGridAction>;

export const ZGridWorker = z.object({
  gridWorkerId: z.string(),
  name: z.string(),
  phoneMasked: z.string().nullable(),
  userId: z.string().nullable(),
});

export const ZGrid = z.object({
  gridId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(GRID_KINDS),
  kindLabel: z.string(),
  sequence: z.number().int(),
  villageCode: z.string(),
  villageName: z.string(),
  townCode: z.string(),
  townName: z.string(),
  parentGridId: z.string().nullable(),
  parentCode: z.string().nullable(),
  parentName: z.string().nullable(),
  centre: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  hasBoundary: z.boolean(),
  microGridCount: z.number().int(),
  deputyCount: z.number().int(),
  workers: z.array(ZGridWorker),
  publicPath: z.string(),
  active: z.boolean(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  actions: z.array(ZGridAction),
});
export type TGrid = z.infer<typeof ZGrid>;

export const ZGridDetail = ZGrid.extend({
  boundary: z.unknown().nullable(),
  microGrids: z.array(
    z.object({ gridId: z.string(), code: z.string(), name: z.string(), deputyCount: z.number().int(), active: z.boolean() }),
  ),
  deputies: z.array(
    z.object({
      deputyId: z.string(),
      name: z.string(),
      levels: z.array(ZDeputyLevelValue),
      basis: ZAssignmentBasis,
      gridId: z.string(),
    }),
  ),
  stations: z.array(z.object({ stationId: z.string(), code: z.string(), name: z.string(), kind: ZStationKind })),
});
export type TGridDetail = z.infer<typeof ZGridDetail>;

export const ZGridList = paged(ZGrid).extend({ canCreate: z.boolean() });
export const ZGridLocateResponse = z.object({ grid: ZGrid.nullable() });

export const ZRevealedPhone = z.object({ phone: z.string().nullable() });

// ─── Stations ────────────────────────────────────────────────────────────────────────────────

const stationDetailFields = {
  name: requiredText('联络站名称', 64),
  parentStationId: uuidOf('上级联络站').nullable().optional(),
  address: optionalText('地址', 128),
  lat: ZLat.nullable().optional(),
  lng: ZLng.nullable().optional(),
  openingHours: optionalText('开放时间', 128),
  contactName: optionalText('联系人', 32),
  /** The station's public office number, printed on its poster. */
  contactPhone: ZOrgPhone.nullable().optional(),
  description: optionalText('简介', 500),
};

const latLngBoth = (v: { lat?: number | null; lng?: number | null }) =>
  (v.lat === undefined || v.lat === null) === (v.lng === undefined || v.lng === null);

export const ZStationCreateRequest = strict({
  kind: ZStationKind,
  regionCode: regionOf('所在区划'),
  /** Omitted: the next free code of this kind in the county. */
  code: z
    .string({ error: '联络站编码应为文字' })
    .trim()
    .refine(isStationCode, '联络站编码格式应为“县级代码+类型字母+三位序号”，如 440784C001')
    .optional(),
  ...stationDetailFields,
  villageCodes: z.array(regionOf('覆盖村（社区）'), { error: '覆盖村（社区）应为列表' }).max(500, '覆盖村（社区）最多 500 个').optional(),
  gridIds: idList('覆盖网格', 2000).optional(),
}).refine(latLngBoth, { path: ['lat'], message: '坐标须同时填写经度和纬度' });
export type TStationCreateRequest = z.infer<typeof ZStationCreateRequest>;

export const ZStationUpdateRequest = strict({
  name: stationDetailFields.name.optional(),
  parentStationId: stationDetailFields.parentStationId,
  address: stationDetailFields.address,
  lat: stationDetailFields.lat,
  lng: stationDetailFields.lng,
  openingHours: stationDetailFields.openingHours,
  contactName: stationDetailFields.contactName,
  contactPhone: stationDetailFields.contactPhone,
  description: stationDetailFields.description,
  version: intIn('版本号', 1, 1_000_000).optional(),
}).refine(latLngBoth, { path: ['lat'], message: '坐标须同时填写经度和纬度' });
export type TStationUpdateRequest = z.infer<typeof ZStationUpdateRequest>;

export const ZStationCoverageRequest = strict({
  villageCodes: z.array(regionOf('覆盖村（社区）'), { error: '覆盖村（社区）应为列表' }).max(500, '覆盖村（社区）最多 500 个'),
  gridIds: idList('覆盖网格', 2000),
});
export type TStationCoverageRequest = z.infer<typeof ZStationCoverageRequest>;

export const ZUserIdsRequest = strict({ userIds: idList('用户', 50) });
export type TUserIdsRequest = z.infer<typeof ZUserIdsRequest>;

export const STATION_SORTS = ['code', 'name', 'kind', 'deputyCount', 'createdAt'] as const;
export const ZStationListQuery = strict({
  q: queryText('关键词'),
  kind: ZStationKind.optional(),
  regionCode: queryRegion('所在区划'),
  parentStationId: uuidOf('上级联络站').optional(),
  status: ZActiveFilter,
  sort: enumOf(STATION_SORTS, '排序字段').default('code'),
  order,
  page,
  pageSize,
});
export type TStationListQuery = z.infer<typeof ZStationListQuery>;

export const ZStationAction = z.enum([
  'update',
  'manage_coverage',
  'manage_managers',
  'deactivate',
  'activate',
  'delete',
]);
export type TStationAction = z.infer<typeof ZStationAction>;

export const ZStation = z.object({
  stationId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: ZStationKind,
  kindLabel: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  parentStationId: z.string().nullable(),
  parentName: z.string().nullable(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  openingHours: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  description: z.string().nullable(),
  villageCount: z.number().int(),
  gridCount: z.number().int(),
  deputyCount: z.number().int(),
  managerCount: z.number().int(),
  publicPath: z.string(),
  active: z.boolean(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  actions: z.array(ZStationAction),
});
export type TStation = z.infer<typeof ZStation>;

export const ZStationDetail = ZStation.extend({
  villages: z.array(ZRegionRef),
  grids: z.array(z.object({ gridId: z.string(), code: z.string(), name: z.string(), kind: z.enum(GRID_KINDS) })),
  managers: z.array(z.object({ userId: z.string(), username: z.string(), displayName: z.string() })),
  deputies: z.array(
    z.object({ deputyId: z.string(), name: z.string(), levels: z.array(ZDeputyLevelValue), basis: ZAssignmentBasis }),
  ),
  children: z.array(z.object({ stationId: z.string(), code: z.string(), name: z.string(), kind: ZStationKind })),
});
export type TStationDetail = z.infer<typeof ZStationDetail>;
export const ZStationList = paged(ZStation).extend({ canCreate: z.boolean() });

export const ZStationNetworkQuery = strict({ regionCode: queryRegion('所在区划') });
export const ZStationNetwork = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  kinds: z.array(z.object({ kind: ZStationKind, label: z.string(), count: z.number().int() })),
  towns: z.array(
    z.object({
      townCode: z.string(),
      townName: z.string(),
      counts: z.record(z.string(), z.number().int()),
      villages: z.number().int(),
      villagesWithStation: z.number().int(),
    }),
  ),
  stations: z.array(
    z.object({
      stationId: z.string(),
      code: z.string(),
      name: z.string(),
      kind: ZStationKind,
      kindLabel: z.string(),
      regionCode: z.string(),
      regionName: z.string(),
      parentStationId: z.string().nullable(),
      deputyCount: z.number().int(),
      villageCount: z.number().int(),
      active: z.boolean(),
    }),
  ),
});
export type TStationNetwork = z.infer<typeof ZStationNetwork>;

// ─── Deputies ────────────────────────────────────────────────────────────────────────────────

export const GENDERS = ['male', 'female'] as const;
export const GENDER_LABELS: Record<(typeof GENDERS)[number], string> = { male: '男', female: '女' };

const mandateFields = {
  term: intIn('届次', 1, 99),
  constituency: optionalText('选区', 64),
  constituencyRegionCode: regionOf('选区所在区划').nullable().optional(),
  status: enumOf(MANDATE_STATUSES, '代表资格状态').default('active'),
  startedOn: z.iso.date({ error: '任期开始日期格式应为 YYYY-MM-DD' }).nullable().optional(),
  endedOn: z.iso.date({ error: '任期结束日期格式应为 YYYY-MM-DD' }).nullable().optional(),
};

export const ZMandateInput = strict({
  level: ZDeputyLevelValue,
  /** Omitted: the congress of this level above the deputy's region. */
  congressRegionCode: regionOf('所属人大区划').nullable().optional(),
  ...mandateFields,
});
export type TMandateInput = z.infer<typeof ZMandateInput>;

export const ZMandateUpdateRequest = strict({
  level: ZDeputyLevelValue.optional(),
  /** With a new level and no congress: the congress of that level above the deputy's region. */
  congressRegionCode: regionOf('所属人大区划').nullable().optional(),
  term: mandateFields.term.optional(),
  constituency: mandateFields.constituency,
  constituencyRegionCode: mandateFields.constituencyRegionCode,
  status: enumOf(MANDATE_STATUSES, '代表资格状态').optional(),
  startedOn: mandateFields.startedOn,
  endedOn: mandateFields.endedOn,
});
export type TMandateUpdateRequest = z.infer<typeof ZMandateUpdateRequest>;

const deputyPersonFields = {
  name: requiredText('代表姓名', 32),
  gender: enumOf(GENDERS, '性别'),
  ethnicity: optionalText('民族', 16),
  birthYear: intIn('出生年份', 1900, 2100).nullable().optional(),
  occupation: optionalText('职业', 64),
  sector: optionalText('界别', 32),
  workplace: optionalText('工作单位', 128),
  fromCountyOrgan: z.boolean({ error: '是否市直机关下放应为是或否' }).optional(),
  /** The region that manages the deputy: their town (or the county). */
  regionCode: regionOf('所属区划'),
  residenceRegionCode: regionOf('居住地').nullable().optional(),
  workplaceRegionCode: regionOf('工作地').nullable().optional(),
  unitRegionCode: regionOf('单位所在地').nullable().optional(),
  phone: ZOrgPhone.nullable().optional(),
};

export const ZDeputyCreateRequest = strict({
  ...deputyPersonFields,
  mandates: z
    .array(ZMandateInput, { error: '代表资格应为列表' })
    .min(1, '请至少填写一项代表资格')
    .max(5, '代表资格最多 5 项'),
});
export type TDeputyCreateRequest = z.infer<typeof ZDeputyCreateRequest>;

export const ZDeputyUpdateRequest = strict({
  name: deputyPersonFields.name.optional(),
  gender: deputyPersonFields.gender.optional(),
  ethnicity: deputyPersonFields.ethnicity,
  birthYear: deputyPersonFields.birthYear,
  occupation: deputyPersonFields.occupation,
  sector: deputyPersonFields.sector,
  workplace: deputyPersonFields.workplace,
  fromCountyOrgan: deputyPersonFields.fromCountyOrgan,
  regionCode: deputyPersonFields.regionCode.optional(),
  residenceRegionCode: deputyPersonFields.residenceRegionCode,
  workplaceRegionCode: deputyPersonFields.workplaceRegionCode,
  unitRegionCode: deputyPersonFields.unitRegionCode,
  /** null clears the number. */
  phone: deputyPersonFields.phone,
  version: intIn('版本号', 1, 1_000_000).optional(),
});
export type TDeputyUpdateRequest = z.infer<typeof ZDeputyUpdateRequest>;

export const ZAssignmentCreateRequest = strict({
  stationId: uuidOf('联络站').optional(),
  gridId: uuidOf('网格').optional(),
  /** Omitted: the basis R-ORG-5 proposes for this deputy. */
  basis: ZAssignmentBasis.optional(),
}).refine((v) => v.stationId !== undefined || v.gridId !== undefined, {
  path: ['gridId'],
  message: '请选择联络站或网格',
});
export type TAssignmentCreateRequest = z.infer<typeof ZAssignmentCreateRequest>;

/** Changes a placement: its basis, or the station or grid (null takes one away; one must remain). */
export const ZAssignmentUpdateRequest = strict({
  stationId: uuidOf('联络站').nullable().optional(),
  gridId: uuidOf('网格').nullable().optional(),
  basis: ZAssignmentBasis.optional(),
});
export type TAssignmentUpdateRequest = z.infer<typeof ZAssignmentUpdateRequest>;

/** A deputy's photo: an image uploaded through /api/attachments (checked by content, re-encoded). */
export const ZDeputyPhotoRequest = strict({ attachmentId: uuidOf('照片') });
export type TDeputyPhotoRequest = z.infer<typeof ZDeputyPhotoRequest>;

/** Photos on cards and drawers: an image, at most this size once re-encoded. */
export const DEPUTY_PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const DEPUTY_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export function deputyPhotoProblem(mimeType: string, sizeBytes: number): string | null {
  if (!(DEPUTY_PHOTO_TYPES as readonly string[]).includes(mimeType)) return '代表照片应为 JPG、PNG 或 WebP 图片';
  if (sizeBytes > DEPUTY_PHOTO_MAX_BYTES) return `代表照片不能超过 ${DEPUTY_PHOTO_MAX_BYTES / 1024 / 1024} MB`;
  return null;
}

/** Users who may be given a station or a unit: their role's accounts within one's scope. */
export const ZOrgUserCandidateQuery = strict({ q: queryText('关键词') });
export const ZOrgUserCandidate = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  /** The station or unit the account serves now (another one: choosing it moves the account). */
  currentId: z.string().nullable(),
  currentName: z.string().nullable(),
});
export type TOrgUserCandidate = z.infer<typeof ZOrgUserCandidate>;
export const ZOrgUserCandidateList = z.object({ items: z.array(ZOrgUserCandidate) });

export const DEPUTY_SORTS = ['pinyin', 'name', 'birthYear', 'region', 'createdAt'] as const;
export const ZDeputyListQuery = strict({
  /** Name, pinyin (zhanghuiping), initials (zhp) or an exact phone number. */
  q: queryText('关键词'),
  level: ZDeputyLevelValue.optional(),
  /** Deputies of this region or placed (station or grid) in it. */
  regionCode: queryRegion('所在区划'),
  /** Deputies whose own region is this one or below it. */
  homeRegionCode: queryRegion('所属区划'),
  /** With homeRegionCode: that region exactly (county-level deputies). */
  homeRegionOnly: queryBool('仅本级'),
  stationId: uuidOf('联络站').optional(),
  /** A grid, its micro-grids included. */
  gridId: uuidOf('网格').optional(),
  groupId: uuidOf('代表小组').optional(),
  gender: enumOf(GENDERS, '性别').optional(),
  fromCountyOrgan: queryBool('是否市直机关下放'),
  hasGrid: queryBool('是否已进网格'),
  hasStation: queryBool('是否已进联络站'),
  status: ZActiveFilter,
  sort: enumOf(DEPUTY_SORTS, '排序字段').default('pinyin'),
  order,
  page,
  pageSize,
});
export type TDeputyListQuery = z.infer<typeof ZDeputyListQuery>;

export const ZDeputyAction = z.enum([
  'update',
  'reveal_phone',
  'manage_mandates',
  'manage_assignments',
  'manage_photo',
  'deactivate',
  'activate',
  'delete',
]);
export type TDeputyAction = z.infer<typeof ZDeputyAction>;

const ZPlaceRef = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const ZDeputy = z.object({
  deputyId: z.string(),
  publicId: z.string(),
  publicPath: z.string(),
  name: z.string(),
  namePinyin: z.string(),
  nameInitials: z.string(),
  gender: z.enum(GENDERS).nullable(),
  genderLabel: z.string().nullable(),
  ethnicity: z.string().nullable(),
  birthYear: z.number().int().nullable(),
  occupation: z.string().nullable(),
  sector: z.string().nullable(),
  workplace: z.string().nullable(),
  fromCountyOrgan: z.boolean(),
  regionCode: z.string(),
  regionName: z.string(),
  levels: z.array(ZDeputyLevelValue),
  levelLabels: z.array(z.string()),
  phoneMasked: z.string().nullable(),
  photoPath: z.string().nullable(),
  stations: z.array(ZPlaceRef),
  grids: z.array(ZPlaceRef),
  active: z.boolean(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  actions: z.array(ZDeputyAction),
});
export type TDeputy = z.infer<typeof ZDeputy>;

export const ZMandate = z.object({
  mandateId: z.string(),
  level: ZDeputyLevelValue,
  levelLabel: z.string(),
  congressRegionCode: z.string().nullable(),
  congressRegionName: z.string().nullable(),
  term: z.number().int(),
  constituency: z.string().nullable(),
  constituencyRegionCode: z.string().nullable(),
  status: z.enum(MANDATE_STATUSES),
  startedOn: z.string().nullable(),
  endedOn: z.string().nullable(),
});
export type TMandate = z.infer<typeof ZMandate>;

export const ZAssignment = z.object({
  assignmentId: z.string(),
  basis: ZAssignmentBasis,
  basisLabel: z.string(),
  regionCode: z.string(),
  station: ZPlaceRef.nullable(),
  grid: ZPlaceRef.extend({ kind: z.enum(GRID_KINDS) }).nullable(),
  createdAt: z.string(),
});
export type TAssignment = z.infer<typeof ZAssignment>;

export const ZDeputyDetail = ZDeputy.extend({
  residenceRegionCode: z.string().nullable(),
  workplaceRegionCode: z.string().nullable(),
  unitRegionCode: z.string().nullable(),
  mandates: z.array(ZMandate),
  assignments: z.array(ZAssignment),
  groups: z.array(z.object({ groupId: z.string(), name: z.string(), role: z.string() })),
  links: z.array(z.object({ linkId: z.string(), kind: z.string(), memberName: z.string().nullable(), unitName: z.string().nullable() })),
  /** R-ORG-5: the bases this deputy may be placed by, the first proposed. */
  allowedBases: z.array(ZAssignmentBasis),
});
export type TDeputyDetail = z.infer<typeof ZDeputyDetail>;
export const ZDeputyList = paged(ZDeputy).extend({ canCreate: z.boolean() });

// ─── Deputy groups (R-ORG-7) and committee links (R-ORG-8) ──────────────────────────────────

export const GROUP_MEMBER_ROLES = ['leader', 'member'] as const;

export const ZDeputyGroupCreateRequest = strict({
  regionCode: regionOf('所属区划'),
  name: requiredText('小组名称', 64),
  field: optionalText('领域', 32),
  description: optionalText('简介', 500),
  members: z
    .array(strict({ deputyId: uuidOf('代表'), role: enumOf(GROUP_MEMBER_ROLES, '组内角色').default('member') }), {
      error: '成员应为列表',
    })
    .max(300, '成员最多 300 人')
    .optional(),
});
export type TDeputyGroupCreateRequest = z.infer<typeof ZDeputyGroupCreateRequest>;

export const ZDeputyGroupUpdateRequest = strict({
  name: requiredText('小组名称', 64).optional(),
  field: optionalText('领域', 32),
  description: optionalText('简介', 500),
  version: intIn('版本号', 1, 1_000_000).optional(),
});
export type TDeputyGroupUpdateRequest = z.infer<typeof ZDeputyGroupUpdateRequest>;

export const ZDeputyGroupMembersRequest = strict({
  members: z
    .array(strict({ deputyId: uuidOf('代表'), role: enumOf(GROUP_MEMBER_ROLES, '组内角色').default('member') }), {
      error: '成员应为列表',
    })
    .max(300, '成员最多 300 人'),
});
export type TDeputyGroupMembersRequest = z.infer<typeof ZDeputyGroupMembersRequest>;

export const ZDeputyGroupListQuery = strict({
  q: queryText('关键词'),
  regionCode: queryRegion('所属区划'),
  field: queryText('领域'),
  deputyId: uuidOf('代表').optional(),
  sort: enumOf(['name', 'memberCount', 'createdAt'] as const, '排序字段').default('name'),
  order,
  page,
  pageSize,
});
export type TDeputyGroupListQuery = z.infer<typeof ZDeputyGroupListQuery>;

export const ZDeputyGroup = z.object({
  groupId: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  name: z.string(),
  field: z.string().nullable(),
  description: z.string().nullable(),
  memberCount: z.number().int(),
  levelCounts: z.record(z.string(), z.number().int()),
  mixesLevels: z.boolean(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  version: z.number().int(),
  actions: z.array(z.enum(['update', 'manage_members', 'delete'])),
});
export type TDeputyGroup = z.infer<typeof ZDeputyGroup>;
export const ZDeputyGroupDetail = ZDeputyGroup.extend({
  members: z.array(
    z.object({ deputyId: z.string(), name: z.string(), levels: z.array(ZDeputyLevelValue), role: z.enum(GROUP_MEMBER_ROLES) }),
  ),
});
export type TDeputyGroupDetail = z.infer<typeof ZDeputyGroupDetail>;
export const ZDeputyGroupList = paged(ZDeputyGroup).extend({ canCreate: z.boolean() });

/** 双联系 and Nanjiangkou's four links. */
export const COMMITTEE_LINK_KINDS = ['committee_member_deputy', 'presidium_member_station', 'deputy_unit'] as const;
export type CommitteeLinkKind = (typeof COMMITTEE_LINK_KINDS)[number];
export const COMMITTEE_LINK_KIND_LABELS: Record<CommitteeLinkKind, string> = {
  committee_member_deputy: '常委会组成人员联系代表',
  presidium_member_station: '主席团成员联系联络站',
  deputy_unit: '代表联系政府部门',
};

export const ZCommitteeLinkCreateRequest = strict({
  kind: enumOf(COMMITTEE_LINK_KINDS, '联系类型'),
  regionCode: regionOf('所属区划'),
  memberName: optionalText('组成人员姓名', 32),
  memberDeputyId: uuidOf('组成人员（代表）').nullable().optional(),
  deputyId: uuidOf('代表').nullable().optional(),
  stationId: uuidOf('联络站').nullable().optional(),
  unitId: uuidOf('承办单位').nullable().optional(),
  note: optionalText('备注', 200),
}).superRefine((v, ctx) => {
  const need = (ok: boolean, path: string, message: string) => {
    if (!ok) ctx.addIssue({ code: 'custom', path: [path], message });
  };
  switch (v.kind) {
    case 'committee_member_deputy':
      need(!!v.memberName || !!v.memberDeputyId, 'memberName', '请填写常委会组成人员');
      need(!!v.deputyId, 'deputyId', '请选择联系的代表');
      break;
    case 'presidium_member_station':
      need(!!v.memberName || !!v.memberDeputyId, 'memberName', '请填写主席团成员');
      need(!!v.stationId, 'stationId', '请选择联系的联络站');
      break;
    case 'deputy_unit':
      need(!!v.deputyId, 'deputyId', '请选择代表');
      need(!!v.unitId, 'unitId', '请选择联系的政府部门');
      break;
  }
});
export type TCommitteeLinkCreateRequest = z.infer<typeof ZCommitteeLinkCreateRequest>;

export const ZCommitteeLinkListQuery = strict({
  q: queryText('组成人员姓名'),
  kind: enumOf(COMMITTEE_LINK_KINDS, '联系类型').optional(),
  regionCode: queryRegion('所属区划'),
  deputyId: uuidOf('代表').optional(),
  stationId: uuidOf('联络站').optional(),
  unitId: uuidOf('承办单位').optional(),
  page,
  pageSize,
});
export type TCommitteeLinkListQuery = z.infer<typeof ZCommitteeLinkListQuery>;

export const ZCommitteeLink = z.object({
  linkId: z.string(),
  kind: z.enum(COMMITTEE_LINK_KINDS),
  kindLabel: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  memberName: z.string().nullable(),
  memberDeputy: ZRef.nullable(),
  deputy: ZRef.nullable(),
  station: ZRef.nullable(),
  unit: ZRef.nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  actions: z.array(z.enum(['delete'])),
});
export type TCommitteeLink = z.infer<typeof ZCommitteeLink>;
export const ZCommitteeLinkList = paged(ZCommitteeLink).extend({ canCreate: z.boolean() });

// ─── Handling units (R-ORG-9) and the category routing table ────────────────────────────────

export const UNIT_KINDS = ['department', 'town_office', 'agency', 'enterprise', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  department: '政府部门',
  town_office: '镇（街道）',
  agency: '直属机构',
  enterprise: '企事业单位',
  other: '其他',
};

const unitFields = {
  name: requiredText('单位名称', 64),
  shortName: optionalText('简称', 16),
  kind: enumOf(UNIT_KINDS, '单位类型'),
  contactName: optionalText('联系人', 32),
  contactPhone: ZOrgPhone.nullable().optional(),
  description: optionalText('职责简介', 500),
};

export const ZUnitCode = z
  .string({ error: '单位编码应为文字' })
  .trim()
  .regex(/^[A-Za-z0-9_-]{2,32}$/, '单位编码为2至32位字母、数字、下划线或连字符');

export const ZUnitCreateRequest = strict({
  regionCode: regionOf('所属区划'),
  /** Omitted: U + the next free number in the county. */
  code: ZUnitCode.optional(),
  ...unitFields,
});
export type TUnitCreateRequest = z.infer<typeof ZUnitCreateRequest>;

export const ZUnitUpdateRequest = strict({
  name: unitFields.name.optional(),
  shortName: unitFields.shortName,
  kind: unitFields.kind.optional(),
  contactName: unitFields.contactName,
  contactPhone: unitFields.contactPhone,
  description: unitFields.description,
  version: intIn('版本号', 1, 1_000_000).optional(),
});
export type TUnitUpdateRequest = z.infer<typeof ZUnitUpdateRequest>;

export const ZUnitListQuery = strict({
  q: queryText('关键词'),
  regionCode: queryRegion('所属区划'),
  kind: enumOf(UNIT_KINDS, '单位类型').optional(),
  status: ZActiveFilter,
  sort: enumOf(['code', 'name', 'kind', 'createdAt'] as const, '排序字段').default('code'),
  order,
  page,
  pageSize,
});
export type TUnitListQuery = z.infer<typeof ZUnitListQuery>;

export const ZUnit = z.object({
  unitId: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(UNIT_KINDS),
  kindLabel: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  description: z.string().nullable(),
  handlerCount: z.number().int(),
  routeCount: z.number().int(),
  active: z.boolean(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  actions: z.array(z.enum(['update', 'manage_handlers', 'deactivate', 'activate', 'delete'])),
});
export type TUnit = z.infer<typeof ZUnit>;
export const ZUnitDetail = ZUnit.extend({
  handlers: z.array(z.object({ userId: z.string(), username: z.string(), displayName: z.string(), disabled: z.boolean() })),
  routes: z.array(z.object({ routeId: z.string(), regionCode: z.string(), regionName: z.string(), categoryCode: z.string() })),
});
export type TUnitDetail = z.infer<typeof ZUnitDetail>;
export const ZUnitList = paged(ZUnit).extend({ canCreate: z.boolean() });

export const ZRouteCategoryCode = z
  .string({ error: '请选择问题分类' })
  .regex(/^[a-z][a-z0-9_]{1,39}$/, '问题分类代码不正确');

export const ZCategoryRouteSetRequest = strict({
  regionCode: regionOf('适用区划'),
  categoryCode: ZRouteCategoryCode,
  unitId: uuidOf('默认主办单位'),
});
export type TCategoryRouteSetRequest = z.infer<typeof ZCategoryRouteSetRequest>;

export const ZCategoryRouteListQuery = strict({
  regionCode: queryRegion('适用区划'),
  categoryCode: ZRouteCategoryCode.optional(),
  unitId: uuidOf('承办单位').optional(),
  page,
  pageSize: pageSize.default(100),
});
export type TCategoryRouteListQuery = z.infer<typeof ZCategoryRouteListQuery>;

export const ZCategoryRoute = z.object({
  routeId: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  categoryCode: z.string(),
  unit: z.object({ unitId: z.string(), code: z.string(), name: z.string(), active: z.boolean() }),
  updatedAt: z.string(),
  actions: z.array(z.enum(['update', 'delete'])),
});
export type TCategoryRoute = z.infer<typeof ZCategoryRoute>;
export const ZCategoryRouteList = paged(ZCategoryRoute).extend({ canCreate: z.boolean() });

export const ZCategoryRouteResolveQuery = strict({
  regionCode: regionOf('问题发生地'),
  categoryCode: ZRouteCategoryCode,
});
export const ZCategoryRouteResolution = z.object({ route: ZCategoryRoute.nullable() });

// ─── Coverage (R-ORG-6) ──────────────────────────────────────────────────────────────────────

export const ZCoverageQuery = strict({ regionCode: queryRegion('统计区划') });

const ZCoverageLink = z.object({ path: z.string(), query: z.record(z.string(), z.string()) });

const ZCoverageCounts = z.object({
  grids: z.number().int(),
  gridsWithoutDeputy: z.number().int(),
  deputies: z.number().int(),
  deputiesWithoutGrid: z.number().int(),
  deputiesWithoutStation: z.number().int(),
  villages: z.number().int(),
  villagesWithoutStation: z.number().int(),
  percentages: z.object({
    gridsWithDeputy: z.number(),
    deputiesInGrid: z.number(),
    deputiesAtStation: z.number(),
    villagesWithStation: z.number(),
  }),
  /** Where each count's records are listed: a list endpoint and its filter (absent where a row has no such records). */
  links: z.partialRecord(z.enum(COVERAGE_METRICS), ZCoverageLink),
});

export const ZCoverageReport = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  totals: ZCoverageCounts,
  rows: z.array(
    ZCoverageCounts.extend({
      /** A town, or the county itself for deputies whose region is the county. */
      regionCode: z.string(),
      regionName: z.string(),
    }),
  ),
});
export type TCoverageReport = z.infer<typeof ZCoverageReport>;
