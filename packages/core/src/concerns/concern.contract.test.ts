import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import {
  ACTION_LABELS,
  CHANNEL_LABELS,
  CONCERN_CHANNELS,
  DEFAULT_CONCERN_CATEGORIES,
  EVENT_LABELS,
  RATING_LABELS,
  STATUS_LABELS,
  TIER_LABELS,
  ZCaseNumber,
  ZConcernActionRequest,
  ZConcernCreateRequest,
  ZConcernVersion,
} from './concern.contract.js';
import { CLOSING_RATINGS, CONCERN_ACTION_TYPES, CONCERN_EVENT_TYPES, CONCERN_STATUSES } from './concern.workflow.js';
import { CONCERN_TIERS } from './working-days.js';

const CHINESE = /[\u4e00-\u9fa5]/;

const valid = {
  title: '路口弯道危险',
  content: '村口那个急弯晚上没有路灯，经常有摩托车摔倒。',
  channel: 'grid_visit',
  categoryCode: 'transport',
  regionCode: '440784101201',
  collectorKind: 'deputy',
  deputyId: 'd1',
};

function issues(schema: z.ZodType, input: unknown): { path: string; message: string }[] {
  const r = schema.safeParse(input);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('R-LOOP-1 ZConcernCreateRequest', () => {
  it('accepts a full record and fills defaults', () => {
    const r = ZConcernCreateRequest.parse({
      ...valid,
      constituent: { name: '陈伯', phone: '13812341234', anonymous: true },
      location: { latitude: 22.75, longitude: 112.96 },
      address: '沙坪街道某村村口',
      gridId: 'g1',
      microGridId: 'mg1',
    });
    expect(r.tier).toBe('general');
    expect(r.attachmentIds).toEqual([]);
    expect(r.constituent).toEqual({ name: '陈伯', phone: '13812341234', anonymous: true });
  });

  it('defaults the constituent to not anonymous, with no personal data', () => {
    expect(ZConcernCreateRequest.parse(valid).constituent).toEqual({ anonymous: false });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no title', { title: undefined }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a title too long', { title: '长'.repeat(101) }, 'title'],
    ['no content', { content: '' }, 'content'],
    ['an unknown channel', { channel: 'fax' }, 'channel'],
    ['an unknown tier', { tier: 'urgent' }, 'tier'],
    ['a bad category code', { categoryCode: '交通' }, 'categoryCode'],
    ['a 6-digit region code', { regionCode: '440784' }, 'regionCode'],
    ['a bad phone', { constituent: { phone: '12345' } }, 'constituent.phone'],
    ['a latitude out of range', { location: { latitude: 91, longitude: 0 } }, 'location.latitude'],
    ['a deputy collector without a deputy', { deputyId: undefined }, 'deputyId'],
    ['a micro-grid without a grid', { microGridId: 'mg1' }, 'gridId'],
    ['an unknown field', { secret: 1 }, ''],
    ['too many attachments', { attachmentIds: Array.from({ length: 21 }, (_, i) => `a${i}`) }, 'attachmentIds'],
  ])('R-LOOP-2 refuses %s, naming the field in Chinese', (_name, patch, path) => {
    const found = issues(ZConcernCreateRequest, { ...valid, ...patch });
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((i) => i.path)).toContain(path);
    for (const i of found) expect(i.message).toMatch(CHINESE);
  });

  it.each(['13812341234', '0750-3512345', '07503512345', '020-12345678'])('accepts the phone number %s', (phone) => {
    expect(issues(ZConcernCreateRequest, { ...valid, constituent: { phone } })).toEqual([]);
  });

  it.each(CONCERN_CHANNELS)('R-LOOP-2 accepts the channel %s', (channel) => {
    expect(issues(ZConcernCreateRequest, { ...valid, channel })).toEqual([]);
  });

  it.each(CONCERN_TIERS)('R-LOOP-5 tiers: accepts %s', (tier) => {
    expect(ZConcernCreateRequest.parse({ ...valid, tier }).tier).toBe(tier);
  });
});

describe('labels and categories', () => {
  it.each<[string, readonly string[], Record<string, string>]>([
    ['channels', CONCERN_CHANNELS, CHANNEL_LABELS],
    ['statuses', CONCERN_STATUSES, STATUS_LABELS],
    ['tiers', CONCERN_TIERS, TIER_LABELS],
    ['ratings', CLOSING_RATINGS, RATING_LABELS],
    ['actions', CONCERN_ACTION_TYPES, ACTION_LABELS],
    ['events', CONCERN_EVENT_TYPES, EVENT_LABELS],
  ])('every one of the %s has a Chinese label', (_name, values, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    for (const v of values) expect(labels[v]).toMatch(CHINESE);
  });

  it('"not rated" is a rating of its own, apart from "satisfied"', () => {
    expect(RATING_LABELS.not_rated).toBe('未评价');
    expect(RATING_LABELS.satisfied).toBe('满意');
  });

  it('the default categories have stable, unique codes', () => {
    expect(DEFAULT_CONCERN_CATEGORIES.map((c) => c.label)).toEqual([
      '基础设施',
      '交通出行',
      '生态环境',
      '人居环境',
      '教育',
      '医疗卫生',
      '社会保障',
      '治安消防',
      '农业农村',
      '产业经济',
      '其他',
    ]);
    const codes = DEFAULT_CONCERN_CATEGORIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(issues(ZConcernCreateRequest, { ...valid, categoryCode: code })).toEqual([]);
  });
});

describe('ZConcernActionRequest', () => {
  it('parses a dispatch, turning dates into calendar dates', () => {
    const r = ZConcernActionRequest.parse({
      type: 'dispatch',
      units: [
        { unitId: 'L', role: 'lead' },
        { unitId: 'A1', role: 'assisting', dueOn: '2025-10-20' },
        { unitId: 'A2', role: 'joint', workingDays: 5 },
      ],
      handlingMode: 'joint',
    });
    expect(r.type === 'dispatch' && r.units[1]?.dueOn).toEqual({ year: 2025, month: 10, day: 20 });
  });

  it.each<[string, unknown]>([
    ['an unknown action', { type: 'delete' }],
    ['a dispatch without units', { type: 'dispatch', units: [] }],
    [
      'a dispatch with two leads',
      {
        type: 'dispatch',
        units: [
          { unitId: 'L', role: 'lead' },
          { unitId: 'A', role: 'lead' },
        ],
      },
    ],
    [
      'a dispatch naming one unit twice',
      {
        type: 'dispatch',
        units: [
          { unitId: 'L', role: 'lead' },
          { unitId: 'L', role: 'joint' },
        ],
      },
    ],
    [
      'a unit with days and a date',
      { type: 'dispatch', units: [{ unitId: 'L', role: 'lead', workingDays: 3, dueOn: '2025-10-20' }] },
    ],
    ['a date that does not exist', { type: 'dispatch', units: [{ unitId: 'L', role: 'lead', dueOn: '2025-02-30' }] }],
    ['a malformed date', { type: 'dispatch', units: [{ unitId: 'L', role: 'lead', dueOn: '20/10/2025' }] }],
    ['a return without a reason', { type: 'return', reason: ' ' }],
    ['an extension of 0 days', { type: 'request_extension', workingDays: 0, reason: '需协调' }],
    ['an extension of 2.5 days', { type: 'request_extension', workingDays: 2.5, reason: '需协调' }],
    ['a rating that is not one of the three', { type: 'rate', rating: 'not_rated' }],
    ['a reply without content', { type: 'reply' }],
    ['an escalation without a reason', { type: 'escalate' }],
    ['a relay (system only, not from clients)', { type: 'relay_master_reply', masterId: 'M', content: 'x' }],
    ['an extra field', { type: 'accept', unitId: 'L' }],
  ])('refuses %s with Chinese messages', (_name, input) => {
    const found = issues(ZConcernActionRequest, input);
    expect(found.length).toBeGreaterThan(0);
    for (const i of found) expect(i.message).toMatch(CHINESE);
  });
});

describe('small fields', () => {
  it.each([
    ['440784-2025-000824', true],
    ['440784-2025-824', false],
    ['440700-2025-000824', false],
  ] as const)('ZCaseNumber %s: %s', (s, ok) => {
    expect(ZCaseNumber.safeParse(s).success).toBe(ok);
  });

  it.each([
    ['3', 3],
    [7, 7],
  ] as const)('ZConcernVersion coerces %j', (input, version) => {
    expect(ZConcernVersion.parse(input)).toBe(version);
  });

  it.each(['0', 'abc', '1.5'])('ZConcernVersion refuses %j in Chinese', (input) => {
    const found = issues(ZConcernVersion, input);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]?.message).toMatch(CHINESE);
  });
});
