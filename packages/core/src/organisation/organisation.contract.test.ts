import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ZAssignmentCreateRequest,
  ZCommitteeLinkCreateRequest,
  ZDeputyCreateRequest,
  ZDeputyListQuery,
  ZGridCreateRequest,
  ZStationCreateRequest,
  ZUnitCreateRequest,
} from './organisation.contract.js';

/** Every problem as `field: message`, so each case can say which field and in which words. */
function issues(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const deputy = { name: '张惠萍', gender: 'female', regionCode: '440784001000', mandates: [{ level: 'county', term: 17 }] };
const grid = { villageCode: '440784001006', name: '第一网格' };

describe('organisation contract: messages name the field in Chinese', () => {
  it.each<[string, z.ZodType, unknown, string]>([
    ['deputy without a name', ZDeputyCreateRequest, { ...deputy, name: '  ' }, 'name: 请输入代表姓名'],
    ['deputy name missing', ZDeputyCreateRequest, { ...deputy, name: undefined }, 'name: 代表姓名应为文字'],
    ['deputy gender', ZDeputyCreateRequest, { ...deputy, gender: '男' }, 'gender: 性别不正确'],
    ['deputy phone', ZDeputyCreateRequest, { ...deputy, phone: '1391234' }, 'phone: 电话号码格式不正确（手机号11位，或带区号的固定电话）'],
    ['deputy without mandates', ZDeputyCreateRequest, { ...deputy, mandates: [] }, 'mandates: 请至少填写一项代表资格'],
    ['mandate level', ZDeputyCreateRequest, { ...deputy, mandates: [{ level: 'city', term: 17 }] }, 'mandates.0.level: 代表层级不正确'],
    ['mandate term', ZDeputyCreateRequest, { ...deputy, mandates: [{ level: 'county', term: 100 }] }, 'mandates.0.term: 届次不能大于 99'],
    ['mandate date', ZDeputyCreateRequest, { ...deputy, mandates: [{ level: 'county', term: 17, startedOn: '2021/10/01' }] }, 'mandates.0.startedOn: 任期开始日期格式应为 YYYY-MM-DD'],
    ['unknown field', ZDeputyCreateRequest, { ...deputy, isDemo: true }, ': 不支持的字段：isDemo'],
    ['grid region', ZGridCreateRequest, { ...grid, villageCode: '4407840010' }, 'villageCode: 所属村（社区）应为12位区划代码'],
    ['grid and micro-grid at once', ZGridCreateRequest, { ...grid, parentGridId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' }, 'villageCode: 网格须选择所属村（社区）；微网格须选择所属网格（二者选一）'],
    ['grid sequence', ZGridCreateRequest, { ...grid, sequence: 1000 }, 'sequence: 序号不能大于 999'],
    ['grid half a centre', ZGridCreateRequest, { ...grid, centreLng: 112.9 }, 'centreLat: 中心点须同时填写经度和纬度'],
    ['station kind', ZStationCreateRequest, { kind: 'hall', regionCode: '440784001000', name: '站' }, 'kind: 联络站类型不正确'],
    ['station code', ZStationCreateRequest, { kind: 'central', regionCode: '440784001000', name: '站', code: 'C001' }, 'code: 联络站编码格式应为“县级代码+类型字母+三位序号”，如 440784C001'],
    ['unit code', ZUnitCreateRequest, { regionCode: '440784000000', name: '局', kind: 'department', code: '住建' }, 'code: 单位编码为2至32位字母、数字、下划线或连字符'],
    ['assignment without a place', ZAssignmentCreateRequest, {}, 'gridId: 请选择联络站或网格'],
    ['assignment basis', ZAssignmentCreateRequest, { gridId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', basis: 'home' }, 'basis: 进站入网格依据不正确'],
    ['link shape', ZCommitteeLinkCreateRequest, { kind: 'committee_member_deputy', regionCode: '440784000000' }, 'memberName: 请填写常委会组成人员'],
    ['list page size', ZDeputyListQuery, { pageSize: '500' }, 'pageSize: 每页条数最多 200'],
    ['list sort', ZDeputyListQuery, { sort: 'phone' }, 'sort: 排序字段不正确'],
  ])('%s', (_what, schema, value, expected) => {
    expect(issues(schema, value)).toContain(expected);
  });

  it('valid requests pass, with defaults filled in', () => {
    const d = ZDeputyCreateRequest.parse({ ...deputy, phone: ' 139 1234 5678 ', occupation: '' });
    expect(d.phone).toBe('13912345678');
    expect(d.occupation).toBeNull();
    expect(d.mandates[0]?.status).toBe('active');
    expect(ZDeputyListQuery.parse({})).toMatchObject({ page: 1, pageSize: 20, sort: 'pinyin', order: 'asc', status: 'active' });
    expect(issues(ZGridCreateRequest, { parentGridId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', name: '一号楼' })).toEqual([]);
  });
});
