import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concernOwner, isOpenStatus, type Actor, type Role } from '@gridvoice/core';
import { createTestApp, makeCounty, makeUser, type TestApp } from '../../../test/harness.js';
import { makeDeputy, makeUnit } from '../../../test/organisation.factory.js';
import { AppError } from '../../lib/errors.js';
import type { RequestContext } from '../../types.js';
import { stateFromJson } from './concern-state.json.js';
import { createConcernsService, type ConcernsService } from './concerns.service.js';

type Who = 'deputy' | 'clerk' | 'county' | 'unitA' | 'unitB';
type Step = { who: Who; action: Record<string, unknown>; advanceDays?: number };

const steps = (unitA: string, unitB: string): fc.Arbitrary<Step> =>
  fc.oneof(
    fc.constant<Step>({ who: 'deputy', action: { type: 'send_for_dispatch' } }),
    fc.constant<Step>({ who: 'deputy', action: { type: 'resolve_on_spot', result: '现场已处理' } }),
    fc.constantFrom<Step>(
      { who: 'clerk', action: { type: 'dispatch', units: [{ unitId: unitA, role: 'lead' }] } },
      { who: 'clerk', action: { type: 'dispatch', units: [{ unitId: unitB, role: 'lead' }, { unitId: unitA, role: 'assisting' }] } },
    ),
    fc.constantFrom<Who>('unitA', 'unitB').map((who): Step => ({ who, action: { type: 'accept' } })),
    fc.constantFrom<Who>('unitA', 'unitB').map((who): Step => ({ who, action: { type: 'return', reason: '非本单位职责' } })),
    fc.constantFrom<Who>('unitA', 'unitB').map((who): Step => ({ who, action: { type: 'reply', content: '已办理' } })),
    fc.constantFrom<Who>('unitA', 'unitB').map((who): Step => ({ who, action: { type: 'give_opinion', opinion: '同意' } })),
    fc.constantFrom<Who>('unitA', 'unitB').map((who): Step => ({ who, action: { type: 'request_extension', workingDays: 3, reason: '需要协调' } })),
    fc.constant<Step>({ who: 'clerk', action: { type: 'approve_extension', unitId: unitA } }),
    fc.constantFrom('satisfied', 'basically_satisfied', 'dissatisfied').map((rating): Step => ({ who: 'deputy', action: { type: 'rate', rating } })),
    fc.constant<Step>({ who: 'clerk', action: { type: 'close_not_rated' }, advanceDays: 16 }),
    fc.constant<Step>({ who: 'clerk', action: { type: 'escalate', reason: '需县级协调' } }),
    fc.constant<Step>({ who: 'county', action: { type: 'set_key_supervision', on: true } }),
    fc.constant<Step>({ who: 'clerk', action: { type: 'urge' } }),
  );

describe('concerns: invariants under random sequences of actions (through the services)', () => {
  let t: TestApp;
  let svc: ConcernsService;
  let village: string;
  let ctxs: Record<Who, RequestContext>;
  let unitA: string;
  let unitB: string;
  const numbers = new Set<string>();

  beforeAll(async () => {
    t = await createTestApp({ start: '2025-03-03T01:00:00Z' });
    svc = createConcernsService(t.deps);
    const county = await makeCounty(t, 1, 1);
    village = county.villageCodes[0]![0]!;
    const town = county.townCodes[0]!;
    const dep = await makeDeputy(t, village);
    unitA = (await makeUnit(t, county.countyCode)).unitId;
    unitB = (await makeUnit(t, county.countyCode)).unitId;
    const ctxOf = async (role: Role, scope: string, extra: Partial<Actor> = {}): Promise<RequestContext> => {
      const u = await makeUser(t, role, scope, extra as never);
      return { actor: { userId: u.userId, username: u.username, role, scopeRegionCode: scope, ...extra }, requestId: 'prop', ip: '127.0.0.1' };
    };
    ctxs = {
      deputy: await ctxOf('deputy', town, { deputyId: dep.deputyId }),
      clerk: await ctxOf('town_staff', town),
      county: await ctxOf('congress_staff', county.countyCode),
      unitA: await ctxOf('unit_handler', county.countyCode, { unitId: unitA }),
      unitB: await ctxOf('unit_handler', county.countyCode, { unitId: unitB }),
    };
  });
  afterAll(() => t.close());

  async function snapshot(concernId: string) {
    const row = (await t.db.query<{ state: Record<string, unknown>; status: string; version: number; due_at: Date | null; rating: string | null }>(
      'SELECT state, status, version, due_at, rating FROM concerns WHERE concern_id = $1',
      [concernId],
    )).rows[0]!;
    const events = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM concern_events WHERE concern_id = $1', [concernId])).rows[0]!.n;
    const outbox = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE aggregate_id = $1', [concernId])).rows[0]!.n;
    return { row, state: stateFromJson(row.state), events, outbox };
  }

  it('every open concern has an owner (and a deadline once dispatched); closed ones are rated or not rated; the timeline only grows; numbers never repeat', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(steps(unitA, unitB), { minLength: 1, maxLength: 12 }), async (plan) => {
        t.clock.set('2025-03-03T01:00:00Z');
        const created = await svc.create(ctxs.deputy, {
          title: '随机测试', content: '随机动作序列', channel: 'phone', categoryCode: 'other', tier: 'general',
          regionCode: village, collectorKind: 'deputy', deputyId: ctxs.deputy.actor!.deputyId!, attachmentIds: [],
          constituent: { anonymous: false },
        });
        expect(numbers.has(created.caseNumber)).toBe(false);
        numbers.add(created.caseNumber);
        let prev = await snapshot(created.concernId);
        for (const step of plan) {
          if (step.advanceDays) t.clock.advance(step.advanceDays * 86_400_000);
          let ok = true;
          try {
            await svc.act(ctxs[step.who], created.concernId, { ...step.action, version: prev.row.version });
          } catch (err) {
            if (!(err instanceof AppError) || err.statusCode >= 500) throw err;
            ok = false;
          }
          const cur = await snapshot(created.concernId);
          // the timeline only grows, with one outbox row per event; a refusal writes nothing
          expect(cur.events).toBeGreaterThanOrEqual(prev.events);
          expect(cur.outbox).toBe(cur.events);
          if (!ok) expect(cur.row.version).toBe(prev.row.version);
          else expect(cur.events).toBeGreaterThan(prev.events);
          const s = cur.state;
          expect(s.status).toBe(cur.row.status);
          if (isOpenStatus(s.status)) {
            expect(concernOwner(s)).not.toBeNull();
            if (s.status === 'dispatched' || s.status === 'in_progress') expect(cur.row.due_at).not.toBeNull();
          }
          if (s.status === 'closed') expect(cur.row.rating).not.toBeNull();
          prev = cur;
        }
      }),
      { numRuns: 25 },
    );
  });
});
