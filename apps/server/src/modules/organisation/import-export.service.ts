import { randomBytes, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import {
  allowedAssignmentBases,
  congressRegionFor,
  congressRegionProblem,
  DEPUTY_LEVEL_LABELS,
  DEPUTY_LEVELS,
  formatPublicId,
  GENDER_LABELS,
  GRID_KIND_LABELS,
  isPublicId,
  isValidPhone,
  parseGridCode,
  parseStationCode,
  regionPrefix,
  STATION_KIND_LABELS,
  STATION_KINDS,
  stationRegionProblem,
  type Actor,
  type DeputyLevel,
  type Permission,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { badRequest, unauthorized } from '../../lib/errors.js';
import { requireAccess } from '../../lib/access.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as bulk from './bulk.repository.js';
import * as repo from './import-export.repository.js';
import { orgActions, translateConstraint } from './organisation.access.js';
import { nameSearchKeys } from './pinyin.js';

/**
 * Spreadsheet import and export of grids, stations and deputies (issue 3 item 7).
 *
 * An import reads the whole sheet, checks every row against the file and the database, and writes
 * nothing unless every row is right; then it writes everything in one transaction with one audit
 * record carrying the counts. Rows are matched on natural keys, so importing the same file again
 * changes nothing:
 *  - grids by grid code (网格编码), stations by station code (联络站编码);
 *  - deputies, within the county, by mobile phone (its blind index) when the row has one, else by
 *    name + birth year (出生年份), which the row must then carry.
 * Mandates are added when the deputy lacks that level, congress and term; assignments when the
 * deputy lacks that station and grid. Nothing is deleted by an import.
 */
export const IMPORT_KINDS = ['deputies', 'stations', 'grids'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = { deputies: '代表', stations: '联络站', grids: '网格' };

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

export interface ImportResult {
  ok: boolean;
  kind: ImportKind;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  problems: ImportProblem[];
}

interface Column {
  key: string;
  header: string;
  required?: boolean;
  width?: number;
  note?: string;
}

export const COLUMNS: Record<ImportKind, Column[]> = {
  grids: [
    { key: 'code', header: '网格编码', required: true, width: 22, note: '村（社区）12位代码+3位序号；微网格再加2–3位' },
    { key: 'name', header: '网格名称', required: true, width: 24 },
    { key: 'kind', header: '类型', width: 10, note: '由编码判断，导出时填写' },
    { key: 'village', header: '所属村（社区）', width: 24, note: '导出时填写，导入时不读取' },
  ],
  stations: [
    { key: 'code', header: '联络站编码', required: true, width: 16, note: '县6位代码+类型字母+3位序号' },
    { key: 'name', header: '联络站名称', required: true, width: 28 },
    { key: 'kind', header: '类型', required: true, width: 18 },
    { key: 'region', header: '所在区划代码', required: true, width: 16 },
    { key: 'address', header: '地址', width: 30 },
    { key: 'hours', header: '开放时间', width: 20 },
    { key: 'contactName', header: '联系人', width: 12 },
    { key: 'contactPhone', header: '联系电话', width: 16 },
  ],
  deputies: [
    { key: 'name', header: '姓名', required: true, width: 12 },
    { key: 'gender', header: '性别', width: 8 },
    { key: 'ethnicity', header: '民族', width: 10 },
    { key: 'birthYear', header: '出生年份', width: 10 },
    { key: 'phone', header: '手机号码', width: 16 },
    { key: 'region', header: '所属区划代码', required: true, width: 16 },
    { key: 'occupation', header: '职业', width: 16 },
    { key: 'workplace', header: '工作单位', width: 24 },
    { key: 'levels', header: '代表层级', required: true, width: 18, note: '全国、省、市、县、乡镇，多个用顿号分隔' },
    { key: 'term', header: '届次', required: true, width: 8 },
    { key: 'constituency', header: '选区', width: 16 },
    { key: 'station', header: '联络站编码', width: 16 },
    { key: 'grid', header: '网格编码', width: 22 },
  ],
};

/** The same limits as the forms' contracts (column key, header, most characters). */
const STATION_TEXT_LIMITS: [string, string, number][] = [
  ['name', '联络站名称', 64],
  ['address', '地址', 128],
  ['hours', '开放时间', 128],
  ['contactName', '联系人', 32],
];
const DEPUTY_TEXT_LIMITS: [string, string, number][] = [
  ['ethnicity', '民族', 16],
  ['occupation', '职业', 64],
  ['workplace', '工作单位', 128],
  ['constituency', '选区', 64],
];

const PERMISSION: Record<ImportKind, Permission> = {
  grids: 'grid.manage',
  stations: 'station.manage',
  deputies: 'deputy.manage',
};

const LEVEL_WORDS: Record<string, DeputyLevel> = {
  全国: 'national',
  省: 'provincial',
  市: 'prefectural',
  县: 'county',
  区: 'county',
  乡镇: 'township',
  乡: 'township',
  镇: 'township',
  街道: 'township',
};

function parseLevels(text: string): DeputyLevel[] | null {
  const parts = text.split(/[、,，;；/\s]+/).filter(Boolean);
  if (parts.length === 0) return null;
  const out: DeputyLevel[] = [];
  for (const p of parts) {
    const word = p.replace(/(人大代表|人大|代表|级)$/g, '').replace(/(人大代表|人大|代表|级)$/g, '');
    const level = LEVEL_WORDS[word] ?? (DEPUTY_LEVELS as readonly string[]).find((l) => l === p);
    if (!level) return null;
    if (!out.includes(level as DeputyLevel)) out.push(level as DeputyLevel);
  }
  return out;
}

const LEVEL_SHORT: Record<DeputyLevel, string> = {
  national: '全国',
  provincial: '省',
  prefectural: '市',
  county: '县',
  township: '乡镇',
};

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return cellText(v.result);
  }
  return '';
}

const emptyToNull = (s: string): string | null => (s === '' ? null : s);

/** The sheet as records keyed by column key; `row` is the spreadsheet row number (header = 1). */
async function readSheet(
  kind: ImportKind,
  file: Buffer,
): Promise<{ rows: { row: number; v: Record<string, string> }[]; problems: ImportProblem[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { rows: [], problems: [{ row: 0, column: '', message: '无法读取文件，请上传 .xlsx 格式的表格' }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], problems: [{ row: 0, column: '', message: '表格中没有工作表' }] };
  const header = ws.getRow(1);
  const index = new Map<string, number>();
  header.eachCell((cell, colNumber) => index.set(cellText(cell.value).replace(/\s|\*/g, ''), colNumber));
  const cols = COLUMNS[kind];
  const missing = cols.filter((c) => c.required && !index.has(c.header));
  if (missing.length) {
    return {
      rows: [],
      problems: missing.map((c) => ({ row: 1, column: c.header, message: `缺少“${c.header}”列，请使用模板` })),
    };
  }
  const rows: { row: number; v: Record<string, string> }[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const v: Record<string, string> = {};
    let any = false;
    for (const c of cols) {
      const i = index.get(c.header);
      const text = i ? cellText(r.getCell(i).value) : '';
      if (text) any = true;
      v[c.key] = text;
    }
    if (any) rows.push({ row: rowNumber, v });
  });
  if (rows.length === 0) return { rows, problems: [{ row: 0, column: '', message: '表格中没有数据行' }] };
  return { rows, problems: [] };
}

async function toXlsx(kind: ImportKind, records: Record<string, string | number | null>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '民声通';
  const ws = wb.addWorksheet(IMPORT_KIND_LABELS[kind]);
  const cols = COLUMNS[kind];
  ws.columns = cols.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 14 }));
  ws.getRow(1).font = { bold: true };
  cols.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    if (c.note) cell.note = c.note;
  });
  for (const r of records) ws.addRow(r);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const TEMPLATE_EXAMPLES: Record<ImportKind, Record<string, string>> = {
  grids: { code: '440784101201001', name: '示例网格' },
  stations: {
    code: '440784C001',
    name: '示例镇中心联络站',
    kind: '中心联络站',
    region: '440784101000',
    address: '示例镇人民路1号',
    hours: '每周四 9:00-12:00',
  },
  deputies: {
    name: '张三',
    gender: '男',
    ethnicity: '汉族',
    birthYear: '1975',
    phone: '13800138000',
    region: '440784101000',
    occupation: '教师',
    levels: '县、乡镇',
    term: '18',
    station: '440784C001',
  },
};

export function createImportExportService(deps: AppDeps) {
  const { db, clock, cipher } = deps;

  async function requireImporter(ctx: RequestContext, kind: ImportKind): Promise<Actor> {
    if (!ctx.actor) throw unauthorized();
    return requireAccess(deps, ctx, PERMISSION[kind], { regionCode: ctx.actor.scopeRegionCode }, { type: `import.${kind}` });
  }

  const inScope = (actor: Actor, kind: ImportKind, regionCode: string) =>
    orgActions(actor, [PERMISSION[kind]], { regionCodes: [regionCode] }).length > 0;

  // ─── Grids ───────────────────────────────────────────────────────────────────────────────

  async function planGrids(actor: Actor, rows: { row: number; v: Record<string, string> }[], problems: ImportProblem[]) {
    const parsed = rows.map((r) => ({ ...r, p: parseGridCode(r.v.code ?? '') }));
    const codes = parsed.map((r) => r.v.code ?? '');
    const existing = new Map((await repo.gridsByCodes(db, codes)).map((g) => [g.code, g]));
    const villages = new Map(
      (await repo.regionsByCodes(db, parsed.flatMap((r) => (r.p ? [r.p.villageCode] : [])))).map((v) => [v.region_code, v]),
    );
    const inFile = new Map<string, number>();
    const ids = new Map<string, string>();
    const inserts: bulk.BulkGrid[] = [];
    const updates: { grid_id: string; name: string }[] = [];
    let unchanged = 0;
    for (const r of parsed) {
      const code = r.v.code ?? '';
      const name = r.v.name ?? '';
      const before = problems.length;
      if (!code) problems.push({ row: r.row, column: '网格编码', message: '网格编码不能为空' });
      else if (!r.p) problems.push({ row: r.row, column: '网格编码', message: '网格编码格式不正确（村代码12位+序号3位，微网格再加2–3位）' });
      else if (inFile.has(code)) problems.push({ row: r.row, column: '网格编码', message: `与第${inFile.get(code)}行的网格编码重复` });
      if (!name) problems.push({ row: r.row, column: '网格名称', message: '网格名称不能为空' });
      else if (name.length > 64) problems.push({ row: r.row, column: '网格名称', message: '网格名称不能超过64个字' });
      // 类型 is optional; when filled it must agree with the code
      if (r.p && r.v.kind && r.v.kind !== GRID_KIND_LABELS[r.p.kind] && r.v.kind !== r.p.kind) {
        problems.push({ row: r.row, column: '类型', message: `类型与网格编码不符（该编码是${GRID_KIND_LABELS[r.p.kind]}）` });
      }
      if (r.p) {
        const village = villages.get(r.p.villageCode);
        if (!village || village.level !== 'village') {
          problems.push({ row: r.row, column: '网格编码', message: '编码中的村（社区）代码不存在' });
        } else if (!inScope(actor, 'grids', r.p.villageCode)) {
          problems.push({ row: r.row, column: '网格编码', message: '该网格所在村（社区）超出您的管辖范围' });
        }
        if (r.p.kind === 'micro_grid' && !existing.has(r.p.gridCode) && !inFile.has(r.p.gridCode)) {
          problems.push({ row: r.row, column: '网格编码', message: `上级网格 ${r.p.gridCode} 不存在，请先导入上级网格` });
        }
      }
      if (code) inFile.set(code, r.row);
      if (problems.length > before || !r.p) continue;
      const found = existing.get(code);
      if (found) {
        ids.set(code, found.grid_id);
        if (found.name === name) unchanged += 1;
        else updates.push({ grid_id: found.grid_id, name });
        continue;
      }
      const id = randomUUID();
      ids.set(code, id);
      inserts.push({
        grid_id: id,
        county_code: r.p.villageCode.slice(0, 6),
        village_code: r.p.villageCode,
        parent_grid_id: r.p.kind === 'micro_grid' ? (existing.get(r.p.gridCode)?.grid_id ?? ids.get(r.p.gridCode) ?? null) : null,
        kind: r.p.kind,
        sequence: r.p.sequence,
        code,
        name,
        boundary: null,
        bbox_min_lat: null,
        bbox_min_lng: null,
        bbox_max_lat: null,
        bbox_max_lng: null,
        centre_lat: null,
        centre_lng: null,
        is_demo: false,
      });
    }
    return {
      counts: { created: inserts.length, updated: updates.length, unchanged },
      write: async (tx: Parameters<typeof bulk.bulkInsertGrids>[0], now: Date) => {
        await bulk.bulkInsertGrids(tx, inserts);
        await repo.updateGridNames(tx, updates, now);
      },
    };
  }

  // ─── Stations ────────────────────────────────────────────────────────────────────────────

  async function planStations(actor: Actor, rows: { row: number; v: Record<string, string> }[], problems: ImportProblem[]) {
    const existing = new Map((await repo.stationsByCodes(db, rows.map((r) => r.v.code ?? ''))).map((s) => [s.code, s]));
    const regions = new Map((await repo.regionsByCodes(db, rows.map((r) => r.v.region ?? ''))).map((g) => [g.region_code, g]));
    const kindByLabel = new Map<string, string>(STATION_KINDS.map((k) => [STATION_KIND_LABELS[k], k]));
    const inFile = new Map<string, number>();
    const inserts: bulk.BulkStation[] = [];
    const updates: repo.StationUpdate[] = [];
    let unchanged = 0;
    for (const r of rows) {
      const v = r.v;
      const code = v.code ?? '';
      const before = problems.length;
      const parsed = parseStationCode(code);
      if (!code) problems.push({ row: r.row, column: '联络站编码', message: '联络站编码不能为空' });
      else if (!parsed) problems.push({ row: r.row, column: '联络站编码', message: '联络站编码格式不正确（县代码6位+类型字母+序号3位）' });
      else if (inFile.has(code)) problems.push({ row: r.row, column: '联络站编码', message: `与第${inFile.get(code)}行的联络站编码重复` });
      if (code) inFile.set(code, r.row);
      if (!v.name) problems.push({ row: r.row, column: '联络站名称', message: '联络站名称不能为空' });
      for (const [key, column, max] of STATION_TEXT_LIMITS) {
        if ((v[key] ?? '').length > max) problems.push({ row: r.row, column, message: `${column}不能超过${max}个字` });
      }
      const contactPhone = (v.contactPhone ?? '').replace(/\s/g, '');
      if (contactPhone && !isValidPhone(contactPhone)) {
        problems.push({ row: r.row, column: '联系电话', message: '联系电话格式不正确（手机号11位，或带区号的固定电话）' });
      }
      const kind = kindByLabel.get(v.kind ?? '') ?? (STATION_KINDS as readonly string[]).find((k) => k === v.kind);
      if (!v.kind) problems.push({ row: r.row, column: '类型', message: '类型不能为空' });
      else if (!kind) problems.push({ row: r.row, column: '类型', message: `类型应为：${Object.values(STATION_KIND_LABELS).join('、')}` });
      else if (parsed && parsed.kind !== kind) problems.push({ row: r.row, column: '类型', message: '类型与联络站编码中的类型字母不符' });
      const region = regions.get(v.region ?? '');
      if (!v.region) problems.push({ row: r.row, column: '所在区划代码', message: '所在区划代码不能为空' });
      else if (!region) problems.push({ row: r.row, column: '所在区划代码', message: '所在区划不存在' });
      else {
        if (kind) {
          const p = stationRegionProblem(kind as (typeof STATION_KINDS)[number], region.region_code);
          if (p) problems.push({ row: r.row, column: '所在区划代码', message: p });
        }
        if (parsed && region.region_code.slice(0, 6) !== parsed.countyCode) {
          problems.push({ row: r.row, column: '所在区划代码', message: '所在区划与联络站编码中的县代码不符' });
        }
        if (!inScope(actor, 'stations', region.region_code)) {
          problems.push({ row: r.row, column: '所在区划代码', message: '所在区划超出您的管辖范围' });
        }
      }
      const found = existing.get(code);
      if (found && !inScope(actor, 'stations', found.region_code)) {
        problems.push({ row: r.row, column: '联络站编码', message: '该联络站已属其他辖区，您无权修改' });
      }
      if (problems.length > before || !parsed || !region || !kind) continue;
      const next = {
        name: v.name ?? '',
        region_code: region.region_code,
        address: emptyToNull(v.address ?? ''),
        opening_hours: emptyToNull(v.hours ?? ''),
        contact_name: emptyToNull(v.contactName ?? ''),
        contact_phone: emptyToNull(contactPhone),
      };
      if (found) {
        const same = (Object.keys(next) as (keyof typeof next)[]).every((k) => (found[k] ?? null) === next[k]);
        if (same) unchanged += 1;
        else updates.push({ station_id: found.station_id, ...next });
        continue;
      }
      inserts.push({
        station_id: randomUUID(),
        county_code: region.region_code.slice(0, 6),
        kind,
        code,
        parent_station_id: null,
        lat: null,
        lng: null,
        is_demo: false,
        ...next,
      });
    }
    return {
      counts: { created: inserts.length, updated: updates.length, unchanged },
      write: async (tx: Parameters<typeof bulk.bulkInsertStations>[0], now: Date) => {
        await bulk.bulkInsertStations(tx, inserts);
        await repo.updateStations(tx, updates, now);
      },
    };
  }

  // ─── Deputies ────────────────────────────────────────────────────────────────────────────

  async function planDeputies(actor: Actor, rows: { row: number; v: Record<string, string> }[], problems: ImportProblem[]) {
    const countyCode = actor.scopeRegionCode.slice(0, 6);
    const regionCodes = rows.map((r) => r.v.region ?? '');
    const [regionList, existingList, mandateKeys, assignmentKeys, stationList, gridList] = await Promise.all([
      repo.regionsByCodes(db, regionCodes),
      repo.deputiesOfCounty(db, countyCode),
      repo.mandateKeysOfCounty(db, countyCode),
      repo.assignmentKeysOfCounty(db, countyCode),
      repo.stationsByCodes(db, rows.map((r) => r.v.station ?? '').filter(Boolean)),
      repo.gridsByCodes(db, rows.map((r) => r.v.grid ?? '').filter(Boolean)),
    ]);
    const regions = new Map(regionList.map((g) => [g.region_code, g]));
    const stations = new Map(stationList.map((s) => [s.code, s]));
    const grids = new Map(gridList.map((g) => [g.code, g]));
    const byPhone = new Map<string, repo.ImportDeputy>();
    const byNameYear = new Map<string, repo.ImportDeputy>();
    for (const d of existingList) {
      if (d.phone_index) byPhone.set(d.phone_index, d);
      if (d.birth_year) byNameYear.set(`${d.name}|${d.birth_year}`, d);
    }
    const mandateSet = new Set(mandateKeys.map((m) => `${m.deputy_id}|${m.level}|${m.congress_region_code ?? ''}|${m.term}`));
    const assignmentSet = new Set(assignmentKeys.map((a) => `${a.deputy_id}|${a.station_id ?? ''}|${a.grid_id ?? ''}`));
    const genders = new Map(Object.entries(GENDER_LABELS).map(([k, label]) => [label, k]));
    const thisYear = clock.now().getUTCFullYear();

    const inFile = new Map<string, number>();
    const inserts: bulk.BulkDeputy[] = [];
    const updates: repo.DeputyUpdate[] = [];
    const mandates: bulk.BulkMandate[] = [];
    const assignments: bulk.BulkAssignment[] = [];
    const publicIds = new Set<string>();
    let unchanged = 0;

    for (const r of rows) {
      const v = r.v;
      const before = problems.length;
      const push = (column: string, message: string) => problems.push({ row: r.row, column, message });
      const name = v.name ?? '';
      if (!name) push('姓名', '姓名不能为空');
      else if (name.length > 32) push('姓名', '姓名不能超过32个字');
      for (const [key, column, max] of DEPUTY_TEXT_LIMITS) {
        if ((v[key] ?? '').length > max) push(column, `${column}不能超过${max}个字`);
      }
      const gender = v.gender ? genders.get(v.gender) : null;
      if (v.gender && !gender) push('性别', '性别应为“男”或“女”');
      const birthYear = v.birthYear ? Number(v.birthYear) : null;
      if (v.birthYear && (!Number.isInteger(birthYear) || (birthYear as number) < 1900 || (birthYear as number) > thisYear - 18)) {
        push('出生年份', '出生年份应为四位数字的年份，且代表应年满18周岁');
      }
      // an exported file carries masked phones (138****8000): those keep the stored number
      const phoneText = (v.phone ?? '').replace(/[\s-]/g, '');
      const phone = phoneText.includes('*') ? '' : phoneText;
      if (phone && !isValidPhone(phone)) push('手机号码', '手机号码格式不正确');
      if (!phone && !birthYear && name) push('出生年份', '没有手机号码时须填写出生年份，用于识别同一代表');
      const region = regions.get(v.region ?? '');
      if (!v.region) push('所属区划代码', '所属区划代码不能为空');
      else if (!region) push('所属区划代码', '所属区划不存在');
      else if (!['county', 'town', 'village'].includes(region.level)) push('所属区划代码', '代表所属区划应为县（市、区）、镇（街道）或村（社区）');
      else if (!inScope(actor, 'deputies', region.region_code)) push('所属区划代码', '所属区划超出您的管辖范围');
      const levels = v.levels ? parseLevels(v.levels) : null;
      if (!v.levels) push('代表层级', '代表层级不能为空');
      else if (!levels) push('代表层级', '代表层级应为：全国、省、市、县、乡镇（多个用顿号分隔）');
      else if (region) {
        for (const level of levels) {
          const p = congressRegionProblem(level, congressRegionFor(level, region.region_code));
          if (p) push('代表层级', `${DEPUTY_LEVEL_LABELS[level]}：${p}`);
        }
      }
      const term = Number(v.term);
      if (!v.term) push('届次', '届次不能为空');
      else if (!Number.isInteger(term) || term < 1 || term > 99) push('届次', '届次应为1–99的整数');
      const station = v.station ? stations.get(v.station) : null;
      if (v.station && !station) push('联络站编码', '联络站不存在');
      else if (station && !station.is_active) push('联络站编码', '该联络站已停用');
      else if (station && !inScope(actor, 'deputies', station.region_code)) push('联络站编码', '该联络站超出您的管辖范围');
      const grid = v.grid ? grids.get(v.grid) : null;
      if (v.grid && !grid) push('网格编码', '网格不存在');
      else if (grid && !grid.is_active) push('网格编码', '该网格已停用');
      else if (grid && !inScope(actor, 'deputies', grid.village_code)) push('网格编码', '该网格超出您的管辖范围');
      if (station && grid && !grid.village_code.startsWith(regionPrefix(station.region_code))) {
        push('网格编码', '网格不在该联络站所在区域内');
      }
      const matchKey = phone ? cipher.blindIndex('phone', phone) : `${name}|${birthYear ?? ''}`;
      if (inFile.has(matchKey)) push(phone ? '手机号码' : '姓名', `与第${inFile.get(matchKey)}行是同一位代表`);
      inFile.set(matchKey, r.row);
      const found = phone ? (byPhone.get(matchKey) ?? (birthYear ? byNameYear.get(`${name}|${birthYear}`) : undefined)) : byNameYear.get(matchKey);
      if (found && !inScope(actor, 'deputies', found.region_code)) push('姓名', '该代表属于其他辖区，您无权修改');
      if (problems.length > before || !region || !levels) continue;

      const next = {
        name,
        gender: gender ?? null,
        ethnicity: emptyToNull(v.ethnicity ?? ''),
        birth_year: birthYear,
        occupation: emptyToNull(v.occupation ?? ''),
        workplace: emptyToNull(v.workplace ?? ''),
        region_code: region.region_code,
      };
      let deputyId: string;
      let changed = false;
      if (found) {
        deputyId = found.deputy_id;
        const phoneIndex = phone ? matchKey : null;
        const same =
          (Object.keys(next) as (keyof typeof next)[]).every((k) => (found[k] ?? null) === next[k]) &&
          (!phoneIndex || phoneIndex === found.phone_index);
        if (!same) {
          const keys = nameSearchKeys(name);
          updates.push({
            deputy_id: found.deputy_id,
            ...next,
            name_pinyin: keys.pinyin,
            name_initials: keys.initials,
            phone_encrypted: phoneIndex && phoneIndex !== found.phone_index ? cipher.encrypt(phone) : null,
            phone_index: phoneIndex && phoneIndex !== found.phone_index ? phoneIndex : null,
          });
          changed = true;
        }
      } else {
        deputyId = randomUUID();
        const keys = nameSearchKeys(name);
        let publicId = formatPublicId(randomBytes(8));
        while (publicIds.has(publicId) || !isPublicId(publicId)) publicId = formatPublicId(randomBytes(8));
        publicIds.add(publicId);
        inserts.push({
          deputy_id: deputyId,
          county_code: region.region_code.slice(0, 6),
          public_id: publicId,
          name_pinyin: keys.pinyin,
          name_initials: keys.initials,
          sector: null as unknown as string,
          from_county_organ: false,
          residence_region_code: null,
          workplace_region_code: null,
          unit_region_code: null,
          phone_encrypted: phone ? cipher.encrypt(phone) : null,
          phone_index: phone ? matchKey : null,
          is_demo: false,
          ...next,
          gender: next.gender as string,
          ethnicity: next.ethnicity as string,
          birth_year: next.birth_year as number,
          occupation: next.occupation as string,
        });
      }
      for (const level of levels) {
        const congress = congressRegionFor(level, region.region_code);
        const key = `${deputyId}|${level}|${congress ?? ''}|${term}`;
        if (mandateSet.has(key)) continue;
        mandateSet.add(key);
        changed = true;
        mandates.push({
          deputy_id: deputyId,
          county_code: region.region_code.slice(0, 6),
          level,
          congress_region_code: congress,
          term,
          constituency: emptyToNull(v.constituency ?? ''),
          constituency_region_code: null,
          started_on: null,
        });
      }
      if (station || grid) {
        const key = `${deputyId}|${station?.station_id ?? ''}|${grid?.grid_id ?? ''}`;
        if (!assignmentSet.has(key)) {
          assignmentSet.add(key);
          changed = true;
          assignments.push({
            deputy_id: deputyId,
            county_code: region.region_code.slice(0, 6),
            station_id: station?.station_id ?? null,
            grid_id: grid?.grid_id ?? null,
            basis: allowedAssignmentBases({ levels, fromCountyOrgan: false })[0] ?? 'residence',
            region_code: grid?.village_code ?? (station as repo.ImportStation).region_code,
          });
        }
      }
      if (found && !changed) unchanged += 1;
    }
    const updatedIds = new Set(updates.map((u) => u.deputy_id));
    const insertedIds = new Set(inserts.map((d) => d.deputy_id));
    const touched = new Set([...mandates.map((m) => m.deputy_id), ...assignments.map((a) => a.deputy_id)]);
    const updated = new Set([...updatedIds, ...[...touched].filter((id) => !insertedIds.has(id))]).size;
    return {
      counts: { created: inserts.length, updated, unchanged },
      write: async (tx: Parameters<typeof bulk.bulkInsertDeputies>[0], now: Date) => {
        await bulk.bulkInsertDeputies(tx, inserts);
        await repo.updateDeputies(tx, updates, now);
        await bulk.bulkInsertMandates(tx, mandates);
        await bulk.bulkInsertAssignments(tx, assignments);
      },
    };
  }

  return {
    async template(ctx: RequestContext, kind: ImportKind): Promise<Buffer> {
      await requireImporter(ctx, kind);
      return toXlsx(kind, [TEMPLATE_EXAMPLES[kind]]);
    },

    /** Checks every row; writes all of them in one transaction, or none. */
    async import(ctx: RequestContext, kind: ImportKind, file: Buffer): Promise<ImportResult> {
      const actor = await requireImporter(ctx, kind);
      const sheet = await readSheet(kind, file);
      const problems = [...sheet.problems];
      const result = (counts: { created: number; updated: number; unchanged: number }): ImportResult => ({
        ok: problems.length === 0,
        kind,
        rows: sheet.rows.length,
        ...counts,
        problems: problems.sort((a, b) => a.row - b.row),
      });
      if (problems.length) return result({ created: 0, updated: 0, unchanged: 0 });
      const plan =
        kind === 'grids'
          ? await planGrids(actor, sheet.rows, problems)
          : kind === 'stations'
            ? await planStations(actor, sheet.rows, problems)
            : await planDeputies(actor, sheet.rows, problems);
      if (problems.length) return result({ created: 0, updated: 0, unchanged: 0 });
      const now = clock.now();
      await translateConstraint(
        db.transaction(async (tx) => {
          await plan.write(tx, now);
          await insertAudit(tx, ctx, now, {
            action: `organisation.import_${kind}`,
            objectType: 'import',
            objectId: null,
            regionCode: actor.scopeRegionCode,
            after: { kind, rows: sheet.rows.length, ...plan.counts },
          });
        }),
        { unique: '导入的数据与现有记录冲突（编码或公开编号重复），请检查后重试' },
      );
      return result(plan.counts);
    },

    /** The current list in the actor's scope, in the template's columns; phones masked. */
    async export(ctx: RequestContext, kind: ImportKind): Promise<Buffer> {
      if (!ctx.actor) throw unauthorized();
      const actor = await requireAccess(deps, ctx, kind === 'deputies' ? 'deputy.read' : 'organisation.read', { regionCode: ctx.actor.scopeRegionCode }, { type: `export.${kind}` });
      const like = `${regionPrefix(actor.scopeRegionCode)}%`;
      if (kind === 'grids') {
        const rows = await repo.exportGrids(db, like);
        return toXlsx(kind, rows.map((g) => ({ code: g.code, name: g.name, kind: GRID_KIND_LABELS[g.kind as 'grid'], village: g.village_name })));
      }
      if (kind === 'stations') {
        const rows = await repo.exportStations(db, like);
        return toXlsx(
          kind,
          rows.map((s) => ({
            code: s.code,
            name: s.name,
            kind: STATION_KIND_LABELS[s.kind as 'central'] ?? s.kind,
            region: s.region_code,
            address: s.address,
            hours: s.opening_hours,
            contactName: s.contact_name,
            contactPhone: s.contact_phone,
          })),
        );
      }
      const rows = await repo.exportDeputies(db, like);
      return toXlsx(
        kind,
        rows.map((d) => ({
          name: d.name,
          gender: d.gender ? (GENDER_LABELS[d.gender as 'male'] ?? d.gender) : null,
          ethnicity: d.ethnicity,
          birthYear: d.birth_year,
          phone: d.phone_encrypted ? cipher.mask('phone', cipher.decrypt(d.phone_encrypted)) : null,
          region: d.region_code,
          occupation: d.occupation,
          workplace: d.workplace,
          levels: (d.mandates ?? []).map((m) => LEVEL_SHORT[m.level as DeputyLevel]).join('、'),
          term: d.mandates?.[0]?.term ?? null,
          constituency: d.mandates?.[0]?.constituency ?? null,
          station: d.station_code,
          grid: d.grid_code,
        })),
      );
    },
  };
}

export function parseImportKind(kind: string): ImportKind {
  if ((IMPORT_KINDS as readonly string[]).includes(kind)) return kind as ImportKind;
  throw badRequest('导入类型应为 deputies、stations 或 grids');
}
