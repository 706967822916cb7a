import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, makeCounty, makeUser, type TestApp } from '../../../test/harness.js';
import { createDeliveryChannels, signWebhook, type DeliveryChannels } from './channels.js';
import { fanOutOutbox, sendDeliveries } from './notification-dispatcher.js';
import { listConsoleSms } from './notifications.repository.js';

/** A concern row and one outbox event, written as the concerns module writes them. */
async function seedConcernEvent(t: TestApp, o: { regionCode: string; collectorUserId: string; eventType: string; targets: string[]; phone?: string }) {
  const id = randomUUID();
  const now = t.clock.now();
  await t.db.query(
    `INSERT INTO concerns (concern_id, case_number, county_code, region_code, title, content, category_code, channel, tier,
       status, level, collector_kind, collector_user_id, state, created_at, updated_at)
     VALUES ($1, $2, $3, $4, '路灯不亮', '村口路灯坏了三天', 'infrastructure', 'grid_visit', 'general', 'replied', 'town',
       'staff', $5, '{}', $6, $6)`,
    [id, `${o.regionCode.slice(0, 6)}-2025-${String(Math.floor(Math.random() * 999999)).padStart(6, '0')}`, o.regionCode.slice(0, 6), o.regionCode, o.collectorUserId, now],
  );
  if (o.phone) {
    await t.db.query(
      `INSERT INTO concern_constituents (concern_id, county_code, phone_enc, phone_masked, phone_index, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, o.regionCode.slice(0, 6), t.deps.cipher.encrypt(o.phone), '138****0000', t.deps.cipher.blindIndex('phone', o.phone), now],
    );
  }
  await t.db.query(
    `INSERT INTO outbox (topic, aggregate_type, aggregate_id, county_code, targets, payload, created_at, available_at)
     VALUES ($1, 'concern', $2, $3, $4, $5, $6, $6)`,
    [`concern.${o.eventType}`, id, o.regionCode.slice(0, 6), JSON.stringify(o.targets), JSON.stringify({ eventType: o.eventType }), now],
  );
  return id;
}

describe('R-LOOP-6 notifications from the outbox', () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof makeCounty>>;
  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t, 2, 1);
  });
  afterAll(() => t.close());

  it('puts an in-app notification in the collector\'s and the town dispatchers\' centres, once, and an SMS to the constituent', async () => {
    const village = county.villageCodes[0]![0]!;
    const collector = await loginAs(t, 'deputy', county.townCodes[0]!);
    const dispatcher = await loginAs(t, 'town_staff', county.townCodes[0]!);
    const otherTown = await loginAs(t, 'town_staff', county.townCodes[1]!);
    await seedConcernEvent(t, { regionCode: village, collectorUserId: collector.userId, eventType: 'replied', targets: ['collector', 'dispatcher', 'constituent'], phone: '13800000000' });
    expect(await fanOutOutbox(t.deps, t.clock.now())).toBe(1);
    expect(await fanOutOutbox(t.deps, t.clock.now())).toBe(0);

    for (const who of [collector, dispatcher]) {
      const list = (await who.session.request('GET', '/api/notifications')).json<{ unread: number; items: { body: string; link: string }[] }>();
      expect(list.unread).toBe(1);
      expect(list.items[0]?.body).toContain('已答复，待群众评价');
    }
    expect((await otherTown.session.request('GET', '/api/notifications')).json<{ unread: number }>().unread).toBe(0);

    const sent = await sendDeliveries(t.deps, t.clock.now());
    expect(sent).toEqual({ sent: 1, failed: 0 });
    const sms = await listConsoleSms(t.db, t.deps.cipher.blindIndex('phone', '13800000000'));
    expect(sms.map((m) => m.body)).toEqual([expect.stringContaining('已有答复')]);
    expect((await sendDeliveries(t.deps, t.clock.now())).sent).toBe(0);
    const plain = await t.db.query(`SELECT 1 FROM notification_deliveries WHERE recipient_enc LIKE '%13800000000%' OR recipient_masked = '13800000000'`);
    expect(plain.rows).toHaveLength(0);
  });

  it('marks read one or all', async () => {
    const deputy = await loginAs(t, 'deputy', county.townCodes[0]!);
    for (let i = 0; i < 3; i++) {
      await seedConcernEvent(t, { regionCode: county.villageCodes[0]![0]!, collectorUserId: deputy.userId, eventType: 'urged', targets: ['collector'] });
    }
    await fanOutOutbox(t.deps, t.clock.now());
    const list = (await deputy.session.request('GET', '/api/notifications')).json<{ unread: number; items: { notificationId: string }[] }>();
    expect(list.unread).toBe(3);
    await deputy.session.request('POST', '/api/notifications/read', { ids: [list.items[0]!.notificationId] });
    expect((await deputy.session.request('GET', '/api/notifications?unread=1')).json<{ total: number }>().total).toBe(2);
    await deputy.session.request('POST', '/api/notifications/read', { all: true });
    expect((await deputy.session.request('GET', '/api/notifications')).json<{ unread: number }>().unread).toBe(0);
  });

  it('retries a failing channel with backoff and never loses the delivery; a staff SMS goes only to those who asked', async () => {
    const deputy = await loginAs(t, 'deputy', county.townCodes[1]!);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/notifications/preferences', cookies: { gv_session: deputy.session.cookie }, headers: { 'x-csrf-token': deputy.session.csrfToken }, payload: { sms: true, email: false, webhook: false, dailyDigest: false, phoneNumber: '' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe('phoneNumber');
    const ok = await deputy.session.request('PUT', '/api/notifications/preferences', { sms: true, email: false, webhook: false, dailyDigest: false, phoneNumber: '13900000001' });
    expect(ok.json()).toMatchObject({ sms: true, phoneMasked: '139****0001' });

    await seedConcernEvent(t, { regionCode: county.villageCodes[1]![0]!, collectorUserId: deputy.userId, eventType: 'urged', targets: ['collector'] });
    await fanOutOutbox(t.deps, t.clock.now());
    let calls = 0;
    const failing: DeliveryChannels = { sms: async () => { calls += 1; throw new Error('gateway down'); }, email: async () => undefined, webhook: async () => undefined };
    expect(await sendDeliveries(t.deps, t.clock.now(), failing)).toEqual({ sent: 0, failed: 1 });
    expect(await sendDeliveries(t.deps, t.clock.now(), failing)).toEqual({ sent: 0, failed: 0 });
    t.clock.advance(61_000);
    const got: string[] = [];
    const working: DeliveryChannels = { sms: async (phone, text) => void got.push(`${phone}:${text}`), email: async () => undefined, webhook: async () => undefined };
    expect(await sendDeliveries(t.deps, t.clock.now(), working)).toEqual({ sent: 1, failed: 0 });
    expect(calls).toBe(1);
    expect(got).toEqual([expect.stringMatching(/^13900000001:催办/)]);
  });

  it('signs webhook deliveries so the receiver can check them', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const channels = createDeliveryChannels({ ...t.deps, config: { notifications: { ...t.deps.config.notifications, webhookUrl: url, webhookSecret: 's3cret' } } });
    await channels.webhook('user-1', { text: '催办' });
    server.close();
    const [hit] = received;
    expect(hit).toBeDefined();
    const ts = String(hit!.headers['x-gridvoice-timestamp']);
    expect(hit!.headers['x-gridvoice-signature']).toBe(`sha256=${signWebhook('s3cret', ts, hit!.body)}`);
    expect(JSON.parse(hit!.body)).toEqual({ recipient: 'user-1', text: '催办' });
  });

  it('a disabled user receives nothing', async () => {
    const u = await makeUser(t, 'town_staff', county.townCodes[1]!);
    await t.db.query('UPDATE users SET disabled_at = now() WHERE user_id = $1', [u.userId]);
    const deputy = await makeUser(t, 'deputy', county.townCodes[1]!);
    await seedConcernEvent(t, { regionCode: county.villageCodes[1]![0]!, collectorUserId: deputy.userId, eventType: 'returned', targets: ['dispatcher'] });
    await fanOutOutbox(t.deps, t.clock.now());
    const r = await t.db.query('SELECT 1 FROM notifications WHERE user_id = $1', [u.userId]);
    expect(r.rows).toHaveLength(0);
  });
});
