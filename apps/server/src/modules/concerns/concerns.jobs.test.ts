import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, loginAs, makeCounty, type TestApp } from '../../../test/harness.js';
import { makeDeputy, makeUnit } from '../../../test/organisation.factory.js';
import { fanOutOutbox } from '../notifications/notification-dispatcher.js';
import { CONCERN_JOBS } from './concerns.jobs.js';

const body = (village: string, deputyId: string, extra: Record<string, unknown> = {}) => ({
  title: '排水沟堵塞',
  content: '下雨时排水沟堵塞，污水倒灌进屋',
  channel: 'grid_visit',
  categoryCode: 'infrastructure',
  regionCode: village,
  collectorKind: 'deputy',
  deputyId,
  constituent: { anonymous: false },
  ...extra,
});

describe('concerns: reminders, the not-rated sweep and photos', () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof makeCounty>>;
  beforeAll(async () => {
    t = await createTestApp({ start: '2025-03-03T01:00:00Z' });
    county = await makeCounty(t, 1, 1);
  });
  afterAll(() => t.close());

  const job = (name: string) => CONCERN_JOBS.find((j) => j.name === name)!;

  it('R-LOOP-6: a concern near its deadline reminds its unit, and once overdue reminds unit and dispatcher', async () => {
    const village = county.villageCodes[0]![0]!;
    const town = county.townCodes[0]!;
    const dep = await makeDeputy(t, village);
    const deputy = await loginAs(t, 'deputy', town, { deputyId: dep.deputyId });
    const clerk = await loginAs(t, 'town_staff', town);
    const unit = await makeUnit(t, county.countyCode);
    const handler = await loginAs(t, 'unit_handler', county.countyCode, { unitId: unit.unitId });
    const { concernId } = (await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId))).json<{ concernId: string }>();
    let v = (await deputy.session.request('POST', `/api/concerns/${concernId}/actions`, { type: 'send_for_dispatch', version: 1 })).json<{ version: number }>().version;
    v = (await clerk.session.request('POST', `/api/concerns/${concernId}/actions`, { type: 'dispatch', version: v, units: [{ unitId: unit.unitId, role: 'lead', workingDays: 5 }] })).json<{ version: number }>().version;
    expect(v).toBeGreaterThan(1);
    await fanOutOutbox(t.deps, t.clock.now());

    const reminders = () => t.db.query<{ topic: string }>(`SELECT topic FROM outbox WHERE aggregate_id = $1 AND topic IN ('concern.due_soon', 'concern.overdue') ORDER BY outbox_id`, [concernId]);
    await job('concerns.deadline_reminders').run(t.deps, t.clock.now());
    expect((await reminders()).rows).toEqual([]); // green: nothing to say
    t.clock.set('2025-03-09T12:00:00Z'); // past 80% of Mon 3 → Mon 10 March
    await job('concerns.deadline_reminders').run(t.deps, t.clock.now());
    t.clock.set('2025-03-11T01:00:00Z');
    await job('concerns.deadline_reminders').run(t.deps, t.clock.now());
    expect((await reminders()).rows.map((r) => r.topic)).toEqual(['concern.due_soon', 'concern.overdue']);

    await fanOutOutbox(t.deps, t.clock.now());
    // days have passed: sign in again
    const handlerNow = await login(t.app, handler.username);
    const clerkNow = await login(t.app, clerk.username);
    const unitNotes = (await handlerNow.request('GET', '/api/notifications')).json<{ items: { body: string }[] }>().items.map((i) => i.body);
    expect(unitNotes.some((b) => b.includes('即将到期'))).toBe(true);
    expect(unitNotes.some((b) => b.includes('已超期'))).toBe(true);
    const clerkNotes = (await clerkNow.request('GET', '/api/notifications')).json<{ items: { body: string }[] }>().items.map((i) => i.body);
    expect(clerkNotes.some((b) => b.includes('已超期'))).toBe(true);
  });

  it('the hourly sweep closes as not rated what waited past the rating period (15 days), and only that', async () => {
    t.clock.set('2025-04-01T01:00:00Z');
    const village = county.villageCodes[0]![0]!;
    const dep = await makeDeputy(t, village);
    const deputy = await loginAs(t, 'deputy', county.townCodes[0]!, { deputyId: dep.deputyId });
    const make = async () => {
      const session = await login(t.app, deputy.username);
      const { concernId } = (await session.request('POST', '/api/concerns', body(village, dep.deputyId))).json<{ concernId: string }>();
      const r = await session.request('POST', `/api/concerns/${concernId}/actions`, { type: 'resolve_on_spot', result: '与网格员一起清理了排水沟', version: 1 });
      expect(r.statusCode, r.body).toBe(200);
      return concernId;
    };
    const early = await make();
    t.clock.advance(10 * 86_400_000);
    const late = await make();
    t.clock.advance(6 * 86_400_000); // early: 16 days after its result; late: 6 days
    await job('concerns.close_not_rated').run(t.deps, t.clock.now());
    const rows = await t.db.query<{ concern_id: string; status: string; rating: string | null }>(
      'SELECT concern_id, status, rating FROM concerns WHERE concern_id = ANY($1::uuid[])',
      [[early, late]],
    );
    const byId = new Map(rows.rows.map((r) => [r.concern_id, r]));
    expect(byId.get(early)).toMatchObject({ status: 'closed', rating: 'not_rated' });
    expect(byId.get(late)).toMatchObject({ status: 'resolved_on_spot', rating: null });
  });

  it('a concern takes the photos its deputy uploaded; others cannot be attached; readers of the concern can open them', async () => {
    const village = county.villageCodes[0]![0]!;
    const town = county.townCodes[0]!;
    const dep = await makeDeputy(t, village);
    const deputy = await loginAs(t, 'deputy', town, { deputyId: dep.deputyId });
    const other = await loginAs(t, 'deputy', town);
    const clerk = await loginAs(t, 'town_staff', town);
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888888' } }).jpeg().toBuffer();
    const upload = async (s: typeof deputy.session) => {
      const boundary = 'b' + Math.random().toString(16).slice(2);
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
        jpeg,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await t.app.inject({ method: 'POST', url: '/api/attachments', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': s.csrfToken }, cookies: { gv_session: s.cookie } });
      return res.json<{ attachmentId: string; url: string }>();
    };
    const mine = await upload(deputy.session);
    const theirs = await upload(other.session);
    const refused = await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId, { attachmentIds: [theirs.attachmentId] }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('附件');
    const ok = await deputy.session.request('POST', '/api/concerns', body(village, dep.deputyId, { attachmentIds: [mine.attachmentId] }));
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await clerk.session.request('GET', mine.url)).statusCode).toBe(200);
    expect((await other.session.request('GET', mine.url)).statusCode).toBe(404);
  });
});
