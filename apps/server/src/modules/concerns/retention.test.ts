/**
 * Retention (docs/SECURITY.md item 9; 个人信息保护法 §19, §47): closed concerns past their retention
 * months lose the constituent's identity; every statistic stays the same; open and recently
 * closed concerns are untouched; the job is idempotent; the setting is validated in Chinese.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVACY_NOTICE_VERSION, REDACTION_MARK } from '@gridvoice/core';
import { createTestApp, login, makeCounty, makeUser, type TestApp } from '../../../test/harness.js';
import { makeUnit } from '../../../test/organisation.factory.js';
import { makePublicPlace } from '../../../test/public.factory.js';
import { listConsoleSms } from '../notifications/notifications.repository.js';
import { fanOutOutbox } from '../notifications/notification-dispatcher.js';
import { createStatsService } from '../stats/stats.service.js';
import { rawCounted } from '../stats/stats-recount.repository.js';
import { CONCERN_JOBS } from './concerns.jobs.js';
import { createRetentionService, retentionMonthsOf } from './retention.service.js';

const NAME = '张阿婆';
const PHONE = '15800001234';
const STAFF_PHONE = '13912345678';
const STAFF_NAME = '李大伯';
const ADDRESS = '幸福村东街8号';

describe('retention: closed concerns anonymised after N months, statistics unchanged', () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof makeCounty>>;
  let village: string;
  let town: string;
  let place: Awaited<ReturnType<typeof makePublicPlace>>;
  let unitId: string;
  const users: Record<'clerk' | 'station' | 'handler' | 'county' | 'admin', string> = { clerk: '', station: '', handler: '', county: '', admin: '' };
  // sessions expire over the years this test spans: sign in afresh for each step
  const as = async (who: keyof typeof users) => login(t.app, users[who]);
  const ids = { publicOld: '', staffOld: '', open: '', recent: '' };
  let token = '';
  let photoId = '';

  const inject = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, remoteAddress: '10.7.0.1', ...(payload === undefined ? {} : { payload: payload as object }) });

  async function act(who: keyof typeof users, id: string, action: Record<string, unknown>) {
    const s = await as(who);
    const cur = (await s.request('GET', `/api/concerns/${id}`)).json<{ version: number }>();
    const r = await s.request('POST', `/api/concerns/${id}/actions`, { ...action, version: cur.version });
    expect(r.statusCode, `${String(action.type)}: ${r.body}`).toBe(200);
  }

  async function staffConcern(content: string, who: 'clerk' | 'station' = 'clerk'): Promise<string> {
    const s = await as(who);
    const r = await s.request('POST', '/api/concerns', {
      title: `${STAFF_NAME}反映路面破损`,
      content,
      channel: 'station_reception',
      categoryCode: 'infrastructure',
      regionCode: village,
      collectorKind: 'staff',
      address: ADDRESS,
      ...(who === 'station' ? { stationId: place.stationId } : {}),
      location: { latitude: 22.76, longitude: 112.96 },
      constituent: { name: STAFF_NAME, phone: STAFF_PHONE, anonymous: false },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ concernId: string }>().concernId;
  }

  async function dispatchAndReply(id: string, reply: string) {
    await act('clerk', id, { type: 'send_for_dispatch' });
    await act('clerk', id, { type: 'dispatch', units: [{ unitId, role: 'lead', workingDays: 5 }] });
    await act('handler', id, { type: 'accept' });
    await act('handler', id, { type: 'reply', content: reply });
  }

  const stats = createStatsService;
  async function statsSnapshot() {
    const s = await as('county');
    const q = `regionCode=${county.countyCode}&from=2023-01-01&to=2026-12-31`;
    const views: unknown[] = [];
    views.push((await s.request('GET', `/api/stats/overview?${q}`)).json());
    for (const dim of ['child', 'category', 'channel', 'station', 'unit', 'grid'] as const) {
      const r = await s.request('GET', `/api/stats/cut?${q}&dim=${dim}`);
      expect(r.statusCode, r.body).toBe(200);
      views.push(r.json());
    }
    const raw = (await rawCounted(t.db)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const rollups = (await t.db.query('SELECT * FROM stats_rollups ORDER BY scope, dim, grain, period, metric, key')).rows;
    const facts = (await t.db.query('SELECT * FROM stats_concern_facts ORDER BY concern_id, fact')).rows;
    const deltas = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stats_deltas')).rows[0]?.n;
    return { views, raw, rollups, facts, deltas };
  }

  beforeAll(async () => {
    // Friday 3 March 2023, 09:00 in Beijing
    t = await createTestApp({ start: '2023-03-03T01:00:00Z', config: { loginRateLimitPerMinute: 100_000 } });
    county = await makeCounty(t, 1, 1);
    village = county.villageCodes[0]![0]!;
    town = county.townCodes[0]!;
    place = await makePublicPlace(t, village);
    unitId = (await makeUnit(t, county.countyCode, '镇住建办')).unitId;
    users.clerk = (await makeUser(t, 'town_staff', town)).username;
    users.station = (await makeUser(t, 'station_manager', town, { stationId: place.stationId })).username;
    users.handler = (await makeUser(t, 'unit_handler', county.countyCode, { unitId })).username;
    users.county = (await makeUser(t, 'congress_staff', county.countyCode)).username;
    users.admin = (await makeUser(t, 'admin', '440000000000')).username;

    // 1. a citizen's submission with a photo, rated through the tracking link: closed March 2023
    const photo = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#884422' } }).jpeg().toBuffer();
    const up = await t.app.inject({ method: 'POST', url: '/api/public/uploads', remoteAddress: '10.7.0.1', headers: { 'content-type': 'image/jpeg' }, payload: photo });
    expect(up.statusCode, up.body).toBe(200);
    const { attachmentId, uploadToken } = up.json<{ attachmentId: string; uploadToken: string }>();
    photoId = attachmentId;
    expect((await inject('POST', '/api/public/verification-codes', { phone: PHONE })).statusCode).toBe(200);
    const [sms] = await listConsoleSms(t.db, t.deps.cipher.blindIndex('phone', PHONE), 1);
    const code = /(\d{6})/.exec(sms!.body)![1]!;
    const sub = await inject('POST', '/api/public/concerns', {
      stationCode: place.stationCode,
      categoryCode: 'infrastructure',
      content: `我是${NAME}，电话${PHONE}，村口路灯坏了三个月`,
      name: NAME,
      phone: PHONE,
      code,
      anonymous: false,
      privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
      photos: [{ attachmentId, uploadToken }],
    });
    expect(sub.statusCode, sub.body).toBe(200);
    token = sub.json<{ trackingUrl: string }>().trackingUrl.slice(3);
    ids.publicOld = (await t.db.query<{ concern_id: string }>('SELECT concern_id FROM concerns WHERE case_number = $1', [sub.json<{ caseNumber: string }>().caseNumber])).rows[0]!.concern_id;
    await dispatchAndReply(ids.publicOld, `${NAME}您好，路灯已更换，如有问题请拨打0750-8881234`);
    const rated = await inject('POST', `/api/public/track/${token}/rating`, { rating: 'satisfied', comment: `谢谢，我${NAME}很满意` });
    expect(rated.statusCode, rated.body).toBe(200);

    // 2. a concern registered by staff with name, phone, address and a map position: resolved on the spot,
    //    closed as not rated by the hourly sweep 15 days later
    ids.staffOld = await staffConcern(`${STAFF_NAME}（身份证44078419800101123X）家门前${ADDRESS}路面破损`, 'station');
    await act('station', ids.staffOld, { type: 'resolve_on_spot', result: `已联系${STAFF_NAME}，与网格员一起修补` });
    t.clock.advance(16 * 86_400_000);
    await CONCERN_JOBS.find((j) => j.name === 'concerns.close_not_rated')!.run(t.deps, t.clock.now());

    // 3. an open concern of the same time
    ids.open = await staffConcern('路面破损，尚未处理');
    await act('clerk', ids.open, { type: 'send_for_dispatch' });
    await fanOutOutbox(t.deps, t.clock.now());

    // 4. a concern closed recently (March 2026)
    t.clock.set('2026-03-02T01:00:00Z');
    ids.recent = await staffConcern(`${STAFF_NAME}再次反映路面破损`);
    await dispatchAndReply(ids.recent, `${STAFF_NAME}您好，已修补`);
    await act('clerk', ids.recent, { type: 'rate', rating: 'satisfied' });
    await fanOutOutbox(t.deps, t.clock.now());
    await stats(t.deps).fold(t.clock.now());
  });
  afterAll(() => t.close());

  const concernRow = async (id: string) =>
    (
      await t.db.query<Record<string, unknown>>(
        `SELECT c.status, c.title, c.content, c.state, c.search_tokens, c.latitude, c.longitude, c.attachment_ids, c.anonymised_at,
           c.region_code, c.station_id, c.grid_id, c.lead_unit_id, c.category_code, c.channel, c.rating, c.closed_at,
           k.name_enc, k.name_masked, k.phone_enc, k.phone_masked, k.phone_index, k.address_enc, k.address_masked
         FROM concerns c LEFT JOIN concern_constituents k USING (concern_id) WHERE c.concern_id = $1`,
        [id],
      )
    ).rows[0]!;

  it('the setting: 36 months by default, the nearest region that sets it applies, Chinese errors, audited', async () => {
    const admin = await as('admin');
    expect((await admin.request('GET', `/api/concerns/settings/${village}`)).json()).toMatchObject({ retentionMonths: 36 });
    for (const [value, message] of [
      [3, '保存期限至少 6 个月'],
      [121, '保存期限不能超过 120 个月'],
      [12.5, '保存期限应为整数（月）'],
      ['36', '保存期限应为整数（月）'],
    ] as const) {
      const r = await admin.request('PUT', `/api/concerns/settings/${county.countyCode}`, { retentionMonths: value });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json<{ error: { message: string; details: { field: string }[] } }>().error.details[0]!.field).toBe('retentionMonths');
      expect(r.body).toContain(message);
    }
    const put = await admin.request('PUT', `/api/concerns/settings/${county.countyCode}`, { retentionMonths: 120 });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ retentionMonths: 120 });
    // the village inherits the county's, a town-level row without retention does not hide it
    const clerkCounty = await as('county');
    expect((await clerkCounty.request('PUT', `/api/concerns/settings/${town}`, { notRatedAfterDays: 10 })).statusCode).toBe(200);
    expect((await clerkCounty.request('GET', `/api/concerns/settings/${village}`)).json()).toMatchObject({ retentionMonths: 120, notRatedAfterDays: 10 });
    const audit = await t.db.query<{ after: { retentionMonths: number } }>(
      `SELECT after FROM audit_log WHERE action = 'concern.settings' AND object_id = $1 ORDER BY audit_id DESC LIMIT 1`,
      [county.countyCode],
    );
    expect(audit.rows[0]?.after.retentionMonths).toBe(120);
    expect(retentionMonthsOf(village, new Map([[county.countyCode, 120], ['440000000000', 24]]))).toBe(120);
    expect(retentionMonthsOf(village, new Map([['440000000000', 24]]))).toBe(24);
    expect(retentionMonthsOf(village, new Map())).toBe(36);
  });

  it('with 120 months nothing is due yet; at 36 months the two old closed concerns are anonymised, statistics identical', async () => {
    t.clock.set('2026-04-10T01:00:00Z');
    const service = createRetentionService(t.deps, { batchSize: 1, scanSize: 1 });
    expect(await service.anonymiseDue(t.clock.now())).toEqual({ anonymised: 0, batches: 0 });

    await stats(t.deps).fold(t.clock.now());
    const before = await statsSnapshot();
    const untouchedBefore = [await concernRow(ids.open), await concernRow(ids.recent)];
    const oldBefore = await concernRow(ids.publicOld);
    expect(oldBefore.attachment_ids).toEqual([photoId]);
    expect((await inject('GET', `/api/public/track/${token}`)).statusCode).toBe(200);

    const admin = await as('admin');
    expect((await admin.request('PUT', `/api/concerns/settings/${county.countyCode}`, { retentionMonths: null })).statusCode).toBe(200);
    // through the scheduled job's definition, as the runner calls it
    await CONCERN_JOBS.find((j) => j.name === 'concerns.anonymise_closed')!.run(t.deps, t.clock.now());

    // statistics: the same figures through the API, the same raw recount, the same rollups and facts, no new deltas
    await stats(t.deps).fold(t.clock.now());
    expect(await statsSnapshot()).toEqual(before);

    // personal fields gone
    for (const id of [ids.publicOld, ids.staffOld]) {
      const row = await concernRow(id);
      expect(row).toMatchObject({
        status: 'closed', name_enc: null, name_masked: null, phone_enc: null, phone_masked: null, phone_index: null,
        address_enc: null, address_masked: null, latitude: null, longitude: null, attachment_ids: [],
      });
      expect(row.anonymised_at).toEqual(t.clock.now());
      const everything = JSON.stringify(row);
      const timeline = JSON.stringify((await t.db.query('SELECT data FROM concern_events WHERE concern_id = $1', [id])).rows);
      const outbox = JSON.stringify((await t.db.query(`SELECT payload FROM outbox WHERE aggregate_id = $1`, [id])).rows);
      const notices = JSON.stringify((await t.db.query(`SELECT body FROM notifications WHERE aggregate_id = $1`, [id])).rows);
      const deliveries = JSON.stringify(
        (await t.db.query(`SELECT d.* FROM notification_deliveries d JOIN outbox o ON d.dedupe_key LIKE 'o' || o.outbox_id || ':%' WHERE o.aggregate_id = $1`, [id])).rows,
      );
      for (const text of [everything, timeline, outbox, notices, deliveries]) {
        for (const secret of [NAME, PHONE, STAFF_NAME, STAFF_PHONE, ADDRESS, '44078419800101123X', '0750-8881234']) {
          expect(text).not.toContain(secret);
        }
      }
      expect(deliveries).not.toContain('sm4:');
      // the substance stays readable
      expect(row.content).toContain(REDACTION_MARK);
    }
    const pub = await concernRow(ids.publicOld);
    expect(pub.content).toBe(`我是${REDACTION_MARK}，电话${REDACTION_MARK}，村口路灯坏了三个月`);
    expect((await t.db.query<{ data: { content: string } }>(`SELECT data FROM concern_events WHERE concern_id = $1 AND type = 'replied'`, [ids.publicOld])).rows[0]!.data.content)
      .toBe(`${REDACTION_MARK}您好，路灯已更换，如有问题请拨打${REDACTION_MARK}`);
    expect((pub.state as { ratingComment: string }).ratingComment).toBe(`谢谢，我${REDACTION_MARK}很满意`);
    // the photo and its bytes are gone, the tracking link answers 404
    expect((await t.db.query('SELECT 1 FROM attachments WHERE attachment_id = $1', [photoId])).rows).toEqual([]);
    expect((await t.db.query(`SELECT 1 FROM attachment_blobs b WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.storage_key = b.storage_key)`)).rows).toEqual([]);
    expect((await inject('GET', `/api/public/track/${token}`)).statusCode).toBe(404);
    expect((await t.db.query('SELECT 1 FROM public_tracking_tokens WHERE concern_id = $1', [ids.publicOld])).rows).toEqual([]);
    // staff still read the concern, without a constituent to reveal
    const clerk = await as('county');
    const detail = await clerk.request('GET', `/api/concerns/${ids.staffOld}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const revealed = await clerk.request('POST', `/api/concerns/${ids.staffOld}/reveal`);
    expect(revealed.json()).toMatchObject({ name: null, phone: null, address: null });

    // the open and the recently closed concern are untouched
    expect([await concernRow(ids.open), await concernRow(ids.recent)]).toEqual(untouchedBefore);

    // audited in the same transaction: one record per batch (and county), naming the count
    const audit = await t.db.query<{ after: { count: number; concernIds: string[] }; region_code: string; outcome: string }>(
      `SELECT after, region_code, outcome FROM audit_log WHERE action = 'concern.anonymise' ORDER BY audit_id`,
    );
    expect(audit.rows.map((r) => r.after.count)).toEqual([2]);
    expect(audit.rows.flatMap((r) => r.after.concernIds).sort()).toEqual([ids.publicOld, ids.staffOld].sort());
    expect(audit.rows.every((r) => r.region_code === county.countyCode && r.outcome === 'success')).toBe(true);
  });

  it('is idempotent: a second run (and a later one) changes nothing and audits nothing', async () => {
    const snapshot = async () => ({
      concerns: (await t.db.query('SELECT * FROM concerns ORDER BY concern_id')).rows,
      events: (await t.db.query('SELECT * FROM concern_events ORDER BY event_id')).rows,
      audits: (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'concern.anonymise'`)).rows[0]?.n,
    });
    const before = await snapshot();
    expect(await createRetentionService(t.deps).anonymiseDue(t.clock.now())).toEqual({ anonymised: 0, batches: 0 });
    expect(await createRetentionService(t.deps).anonymiseDue(new Date('2026-05-01T00:00:00Z'))).toEqual({ anonymised: 0, batches: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('the timeline stays append-only outside the retention job', async () => {
    await expect(t.db.query(`UPDATE concern_events SET data = '{}' WHERE concern_id = $1`, [ids.open])).rejects.toThrow(/只能追加/);
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('gridvoice.anonymising', 'on', true)`);
        await tx.query(`UPDATE concern_events SET type = 'x' WHERE concern_id = $1`, [ids.open]);
      }),
    ).rejects.toThrow(/只能追加/);
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('gridvoice.anonymising', 'on', true)`);
        await tx.query(`DELETE FROM concern_events WHERE concern_id = $1`, [ids.open]);
      }),
    ).rejects.toThrow(/只能追加/);
  });
});
