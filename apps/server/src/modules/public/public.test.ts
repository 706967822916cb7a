import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVACY_NOTICE_VERSION } from '@gridvoice/core';
import { createTestApp, loginAs, makeCounty, type TestApp } from '../../../test/harness.js';
import { makeUnit } from '../../../test/organisation.factory.js';
import { makePublicPlace } from '../../../test/public.factory.js';
import { listConsoleSms } from '../notifications/notifications.repository.js';
import { titleOf } from './public.service.js';
import { PUBLIC_JOBS } from './public.jobs.js';

const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '../../../../web/dist');

type Place = Awaited<ReturnType<typeof makePublicPlace>>;

let ipSeq = 0;
/** Each scenario speaks from its own address, so the per-address limits stay out of its way. */
const nextIp = () => `10.1.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

describe('public: the citizens’ pages', () => {
  let t: TestApp;
  let place: Place;
  let village: string;
  let town: string;
  let countyCode: string;
  let phoneSeq = 0;
  const nextPhone = () => `1580000${String(1000 + ++phoneSeq).slice(-4)}`;

  beforeAll(async () => {
    // Monday 3 March 2025, 09:00 in Beijing
    t = await createTestApp({ start: '2025-03-03T01:00:00Z', config: { loginRateLimitPerMinute: 10_000 } });
    const county = await makeCounty(t, 1, 2);
    village = county.villageCodes[0]![0]!;
    town = county.townCodes[0]!;
    countyCode = county.countyCode;
    place = await makePublicPlace(t, village, { rotaWeekday: 4 });
  });
  afterAll(() => t.close());

  const inject = (method: 'GET' | 'POST', url: string, payload?: unknown, ip = '10.9.9.9', headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, remoteAddress: ip, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  async function latestCode(phone: string): Promise<string> {
    const [sms] = await listConsoleSms(t.db, t.deps.cipher.blindIndex('phone', phone), 1);
    const m = /(\d{6})/.exec(sms?.body ?? '');
    if (!m) throw new Error('no SMS code');
    return m[1]!;
  }

  async function codeFor(phone: string, ip = nextIp()): Promise<string> {
    const res = await inject('POST', '/api/public/verification-codes', { phone }, ip);
    expect(res.statusCode, res.body).toBe(200);
    return latestCode(phone);
  }

  const form = (phone: string, code: string, extra: Record<string, unknown> = {}) => ({
    stationCode: place.stationCode,
    categoryCode: 'infrastructure',
    content: '村口到小学的路灯坏了三个月，晚上孩子放学很不安全',
    name: '张阿婆',
    phone,
    code,
    anonymous: true,
    privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
    ...extra,
  });

  async function count(table: string, where = 'true', params: unknown[] = []) {
    const r = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
    return r.rows[0]?.n ?? 0;
  }

  it('station page: kind, address, hours, next duty days and who, deputies with masked phones only', async () => {
    const res = await inject('GET', `/api/public/stations/${place.stationCode}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ code: place.stationCode, kindLabel: '村（社区）联络站', address: '幸福村文化楼一楼' });
    expect(s.openingHours).toContain('9:00');
    expect(s.deputies.map((d: { name: string }) => d.name).sort()).toEqual(['李秀英', '王建国']);
    const li = s.deputies.find((d: { name: string }) => d.name === '李秀英');
    expect(li.phoneMasked).toBe('137****2222');
    expect(li.levels).toEqual(['县（市、区）人大代表', '乡镇人大代表']);
    expect(res.body).not.toContain('13711112222');
    // every Thursday 09:00–11:30, Beijing: the next is Thursday 6 March
    expect(s.duty.available).toBe(true);
    expect(s.duty.days[0]).toMatchObject({ date: '2025-03-06', start: '09:00', end: '11:30', deputies: ['李秀英'] });
    expect(s.duty.days[0].label).toContain('周四');
    expect((await inject('GET', '/api/public/stations/440100V999')).statusCode).toBe(404);
  });

  it('grid and deputy pages: service cards, grid worker, covering station; no plain phone anywhere', async () => {
    const g = await inject('GET', `/api/public/grids/${place.gridCode}`);
    expect(g.statusCode, g.body).toBe(200);
    expect(g.json().workers).toEqual([{ name: '陈网格', phoneMasked: '139****1111' }]);
    expect(g.json().stations.map((s: { code: string }) => s.code)).toEqual([place.stationCode]);
    expect(g.json().deputies).toHaveLength(2);
    const dep = place.deputies[0]!;
    const d = await inject('GET', `/api/public/deputies/${dep.publicId}`);
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({ name: '李秀英', phoneMasked: '137****2222', stations: [{ code: place.stationCode }], grids: [{ code: place.gridCode }] });
    for (const body of [g.body, d.body]) {
      expect(body).not.toMatch(/1[3-9]\d{9}/);
    }
    expect((await inject('GET', '/api/public/categories')).json()).toContainEqual({ code: 'infrastructure', label: '基础设施' });
  });

  it('verification codes: one a minute per phone (429 + Retry-After), ten a day, 5 minutes, void after 5 wrong tries', async () => {
    const phone = nextPhone();
    const ip = nextIp();
    const first = await inject('POST', '/api/public/verification-codes', { phone }, ip);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ resendAfterSeconds: 60, expiresInSeconds: 300 });
    t.clock.advance(30_000);
    const again = await inject('POST', '/api/public/verification-codes', { phone }, nextIp());
    expect(again.statusCode).toBe(429);
    expect(again.headers['retry-after']).toBe('30');
    expect(again.json().error.message).toContain('30 秒');
    // the code is stored only as a keyed hash; the SMS went through the console channel
    const code = await latestCode(phone);
    const stored = await t.db.query<{ code_hash: string }>('SELECT code_hash FROM public_verification_codes WHERE phone_index = $1', [
      t.deps.cipher.blindIndex('phone', phone),
    ]);
    expect(stored.rows[0]!.code_hash).not.toContain(code);

    // five wrong tries void it; the right code then no longer works
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 4; i >= 0; i--) {
      const res = await inject('POST', '/api/public/concerns', form(phone, wrong), nextIp());
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toBe(i > 0 ? `验证码不正确，还可以再试 ${i} 次` : '验证码错误次数过多已失效，请重新获取');
    }
    const voided = await inject('POST', '/api/public/concerns', form(phone, code), nextIp());
    expect(voided.statusCode).toBe(400);
    expect(voided.json().error.details[0].field).toBe('code');

    // a new code a minute later; expired after five minutes
    t.clock.advance(30_000);
    const code2 = await codeFor(phone);
    t.clock.advance(5 * 60_000);
    const expired = await inject('POST', '/api/public/concerns', form(phone, code2), nextIp());
    expect(expired.json().error.message).toBe('验证码已过期，请重新获取');

    // the daily cap: ten codes in 24 hours
    const capped = nextPhone();
    for (let i = 0; i < 10; i++) {
      expect((await inject('POST', '/api/public/verification-codes', { phone: capped }, nextIp())).statusCode).toBe(200);
      t.clock.advance(61_000);
    }
    const eleventh = await inject('POST', '/api/public/verification-codes', { phone: capped }, nextIp());
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json().error.message).toContain('上限');
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(3600);
    // malformed number: 400 naming the field
    const bad = await inject('POST', '/api/public/verification-codes', { phone: '12345' }, nextIp());
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('phone');
  });

  it('submission: a concern of the loop (online channel, constituent), phone encrypted, photo linked, tracking by token only', async () => {
    const phone = nextPhone();
    const ip = nextIp();
    const photo = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#aa3366' } }).jpeg().withExif({ IFD0: { Make: 'Phone' } }).toBuffer();
    const up = await t.app.inject({ method: 'POST', url: '/api/public/uploads', remoteAddress: ip, headers: { 'content-type': 'image/jpeg' }, payload: photo });
    expect(up.statusCode, up.body).toBe(200);
    const { attachmentId, uploadToken } = up.json();
    // not an image → 400; the console upload still needs a session
    const notImage = await t.app.inject({ method: 'POST', url: '/api/public/uploads', remoteAddress: ip, headers: { 'content-type': 'image/png' }, payload: Buffer.from('<html>') });
    expect(notImage.statusCode).toBe(400);

    const code = await codeFor(phone, ip);
    const res = await inject('POST', '/api/public/concerns', form(phone, code, { photos: [{ attachmentId, uploadToken }] }), ip);
    expect(res.statusCode, res.body).toBe(200);
    const { caseNumber, trackingUrl } = res.json();
    expect(caseNumber).toMatch(/^\d{6}-2025-\d{6}$/);
    expect(trackingUrl).toMatch(/^\/t\/[\w-]{43}$/);

    const c = await t.db.query<Record<string, unknown>>(
      `SELECT c.concern_id, c.channel, c.collector_kind, c.status, c.station_id, c.region_code, c.created_by, c.attachment_ids,
         k.phone_enc, k.phone_index, k.phone_masked, k.name_enc, k.anonymous, k.privacy_notice_version
       FROM concerns c JOIN concern_constituents k USING (concern_id) WHERE c.case_number = $1`,
      [caseNumber],
    );
    const row = c.rows[0]!;
    expect(row).toMatchObject({
      channel: 'online', collector_kind: 'online', status: 'registered', station_id: place.stationId, region_code: village,
      created_by: null, anonymous: true, privacy_notice_version: PRIVACY_NOTICE_VERSION, phone_masked: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
    });
    expect(row.phone_enc).not.toContain(phone);
    expect(t.deps.cipher.decrypt(row.phone_enc as string)).toBe(phone);
    expect(row.phone_index).toBe(t.deps.cipher.blindIndex('phone', phone));
    expect(t.deps.cipher.decrypt(row.name_enc as string)).toBe('张阿婆');
    expect(row.attachment_ids).toEqual([attachmentId]);
    const events = await t.db.query<{ type: string; actor_role: string }>('SELECT type, actor_role FROM concern_events WHERE concern_id = $1', [row.concern_id]);
    expect(events.rows).toEqual([{ type: 'registered', actor_role: 'constituent' }]);
    const att = await t.db.query<{ owner_type: string; owner_id: string }>('SELECT owner_type, owner_id FROM attachments WHERE attachment_id = $1', [attachmentId]);
    expect(att.rows[0]).toEqual({ owner_type: 'concern', owner_id: row.concern_id });
    // the audit record and the outbox carry no plain phone number
    const audit = await t.db.query<{ after: unknown }>(`SELECT after FROM audit_log WHERE object_id = $1`, [row.concern_id]);
    expect(JSON.stringify(audit.rows)).not.toContain(phone);
    expect(await count('outbox', 'aggregate_id = $1', [row.concern_id])).toBe(1);
    // the token is stored only as a hash
    expect(await count('public_tracking_tokens', 'token_hash = $1', [trackingUrl.slice(3)])).toBe(0);

    // the same code does not work twice, nor does the same photo
    const reused = await inject('POST', '/api/public/concerns', form(phone, code), ip);
    expect(reused.statusCode).toBe(400);

    // tracking: by the token; the case number alone finds nothing
    const token = trackingUrl.slice(3);
    const tr = await inject('GET', `/api/public/track/${token}`);
    expect(tr.statusCode, tr.body).toBe(200);
    expect(tr.json()).toMatchObject({ caseNumber, statusLabel: '已受理', canRate: false, reply: null });
    expect(tr.json().timeline.map((e: { label: string }) => e.label)).toEqual(['您的意见已登记受理']);
    expect(tr.body).not.toContain(phone);
    expect((await inject('GET', `/api/public/track/${caseNumber}`)).statusCode).toBe(400);
    expect((await inject('GET', `/api/public/track/${'x'.repeat(43)}`)).statusCode).toBe(404);
  });

  it('rating: a clerk’s reply, then 不满意 reopens it, then 满意 closes it — timeline without staff details', async () => {
    const phone = nextPhone();
    const ip = nextIp();
    const res = await inject('POST', '/api/public/concerns', form(phone, await codeFor(phone, ip), { anonymous: false }), ip);
    expect(res.statusCode, res.body).toBe(200);
    const token = (res.json().trackingUrl as string).slice(3);
    const id = (await t.db.query<{ concern_id: string }>('SELECT concern_id FROM concerns WHERE case_number = $1', [res.json().caseNumber])).rows[0]!.concern_id;

    const clerk = await loginAs(t, 'town_staff', town, { displayName: '镇人大刘干事' });
    const unit = await makeUnit(t, countyCode, '镇住建办');
    const handler = await loginAs(t, 'unit_handler', countyCode, { unitId: unit.unitId, displayName: '住建办赵科长' });
    let version = 1;
    const act = async (s: typeof clerk.session, action: Record<string, unknown>) => {
      const r = await s.request('POST', `/api/concerns/${id}/actions`, { ...action, version });
      expect(r.statusCode, `${String(action.type)}: ${r.body}`).toBe(200);
      version = r.json().version;
    };
    // rating before any reply is refused
    const early = await inject('POST', `/api/public/track/${token}/rating`, { rating: 'satisfied' }, ip);
    expect(early.statusCode).toBe(409);

    await act(clerk.session, { type: 'send_for_dispatch' });
    await act(clerk.session, { type: 'dispatch', units: [{ unitId: unit.unitId, role: 'lead', workingDays: 5 }] });
    await act(handler.session, { type: 'accept' });
    await act(handler.session, { type: 'reply', content: '已安排电工更换路灯' });

    let tr = (await inject('GET', `/api/public/track/${token}`)).json();
    expect(tr).toMatchObject({ status: 'replied', canRate: true, reply: { content: '已安排电工更换路灯' } });
    expect(tr.dueAt).toBe('2025-03-10T16:00:00.000Z');

    const no = await inject('POST', `/api/public/track/${token}/rating`, { rating: 'dissatisfied', comment: '只修了一盏' }, ip);
    expect(no.statusCode, no.body).toBe(200);
    expect(no.json()).toMatchObject({ status: 'in_progress', reopenCount: 1, canRate: false });
    version += 1;
    const reopenedEvent = await t.db.query<{ actor_role: string }>(`SELECT actor_role FROM concern_events WHERE concern_id = $1 AND type = 'rated'`, [id]);
    expect(reopenedEvent.rows).toEqual([{ actor_role: 'constituent' }]);

    await act(handler.session, { type: 'reply', content: '三盏路灯已全部更换' });
    const yes = await inject('POST', `/api/public/track/${token}/rating`, { rating: 'satisfied' }, ip);
    expect(yes.statusCode, yes.body).toBe(200);
    tr = yes.json();
    expect(tr).toMatchObject({ status: 'closed', rating: 'satisfied', statusLabel: '已办结', canRate: false });
    expect(tr.timeline.map((e: { label: string }) => e.label)).toEqual([
      '您的意见已登记受理', '已提交人大转交办理', '已交承办单位办理', '承办单位已签收，正在办理', '承办单位已答复',
      '您已评价', '您表示问题没有解决，已重新办理', '承办单位已答复', '您已评价', '已办结',
    ]);
    // no staff names, units or people in what the citizen sees
    for (const secret of ['刘干事', '赵科长', '镇住建办', unit.unitId, clerk.userId]) expect(JSON.stringify(tr)).not.toContain(secret);
    // the clerk's console sees the rating by the constituent
    const seen = await clerk.session.request('GET', `/api/concerns/${id}`);
    expect(seen.json().status).toBe('closed');
  });

  it('abuse: flooding submit from one address is throttled (429 + Retry-After) while a second address gets through', async () => {
    const flooder = '203.0.113.7';
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 21; i++) {
      last = await inject('POST', '/api/public/concerns', form(nextPhone(), '123456'), flooder);
      statuses.push(last.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);

    const phone = nextPhone();
    const neighbour = '198.51.100.9';
    const ok = await inject('POST', '/api/public/concerns', form(phone, await codeFor(phone, neighbour)), neighbour);
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('abuse: the honeypot is refused silently (looks accepted, nothing stored, code not used); bodies are capped', async () => {
    const phone = nextPhone();
    const ip = nextIp();
    const code = await codeFor(phone, ip);
    const before = await count('concerns');
    const bot = await inject('POST', '/api/public/concerns', form(phone, code, { website: 'http://spam.example' }), ip);
    expect(bot.statusCode).toBe(200);
    expect(bot.json()).toEqual({ caseNumber: '', trackingUrl: '' });
    expect(await count('concerns')).toBe(before);
    // the person's own submission still works with the same code
    expect((await inject('POST', '/api/public/concerns', form(phone, code), ip)).statusCode).toBe(200);
    // 16 KB cap on JSON
    const huge = await inject('POST', '/api/public/concerns', form(phone, code, { content: '很长'.repeat(10_000) }), ip);
    expect(huge.statusCode).toBe(413);
  });

  it('idempotency: the same key and body give the same answer once; another body with that key → 422', async () => {
    const phone = nextPhone();
    const ip = nextIp();
    const body = form(phone, await codeFor(phone, ip));
    const headers = { 'idempotency-key': 'public-retry-0001' };
    const first = await inject('POST', '/api/public/concerns', body, ip, headers);
    expect(first.statusCode, first.body).toBe(200);
    const again = await inject('POST', '/api/public/concerns', body, ip, headers);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await count('concerns', 'case_number = $1', [first.json().caseNumber])).toBe(1);
    const other = await inject('POST', '/api/public/concerns', { ...body, content: '另一个问题：垃圾没人清运' }, ip, headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_key_reused');
    // the stored answer (with its tracking link) is encrypted
    const stored = await t.db.query<{ response_enc: string }>('SELECT response_enc FROM public_idempotency_keys WHERE key = $1', ['public-retry-0001']);
    expect(stored.rows[0]!.response_enc).not.toContain(first.json().trackingUrl.slice(3));
  });

  it('Open311 GeoReport v2: services, a form-encoded request with a code, its status by tracking token; in the OpenAPI', async () => {
    const services = await inject('GET', '/open311/v2/services.json');
    expect(services.statusCode).toBe(200);
    expect(services.json()).toContainEqual(expect.objectContaining({ service_code: 'transport', service_name: '交通出行', type: 'realtime' }));

    const phone = nextPhone();
    const ip = nextIp();
    const code = await codeFor(phone, ip);
    const params = new URLSearchParams({
      service_code: 'transport',
      description: '公交站的候车亭被台风吹坏了',
      phone,
      'attribute[grid_code]': place.gridCode,
      'attribute[verification_code]': code,
    });
    const created = await t.app.inject({
      method: 'POST', url: '/open311/v2/requests.json', remoteAddress: ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: params.toString(),
    });
    expect(created.statusCode, created.body).toBe(200);
    const [{ service_request_id: id, service_notice }] = created.json();
    expect(id).toMatch(/^[\w-]{43}$/);
    expect(service_notice).toMatch(/已受理，编号 \d{6}-2025-\d{6}/);
    const status = await inject('GET', `/open311/v2/requests/${id}.json`);
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json()[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'transport', service_name: '交通出行' });
    const caseNumber = /编号 (\S+)/.exec(service_notice)![1];
    expect((await inject('GET', `/open311/v2/requests/${caseNumber}.json`)).statusCode).toBe(404);
    const grid = await t.db.query<{ grid_id: string }>('SELECT grid_id FROM concerns WHERE case_number = $1', [caseNumber]);
    expect(grid.rows[0]!.grid_id).toBe(place.gridId);

    const spec = (await inject('GET', '/api/openapi.json')).json();
    for (const path of ['/api/public/concerns', '/api/public/stations/{code}', '/open311/v2/services.json', '/open311/v2/requests.json', '/open311/v2/requests/{file}']) {
      const ops = spec.paths[path] as Record<string, { tags: string[]; security: unknown[] }>;
      expect(ops, path).toBeTruthy();
      for (const op of Object.values(ops)) {
        expect(op.tags).toEqual(['public']);
        expect(op.security).toEqual([]);
      }
    }
  });

  it('a deputy page submission goes to that deputy (collector) and they see it in the console', async () => {
    const phone = nextPhone();
    const ip = nextIp();
    const dep = place.deputies[1]!;
    const res = await inject('POST', '/api/public/concerns', form(phone, await codeFor(phone, ip), { stationCode: undefined, deputyPublicId: dep.publicId }), ip);
    expect(res.statusCode, res.body).toBe(200);
    const deputy = await loginAs(t, 'deputy', town, { deputyId: dep.deputyId });
    const list = await deputy.session.request('GET', '/api/concerns?status=all');
    expect(list.json().items.map((i: { caseNumber: string }) => i.caseNumber)).toContain(res.json().caseNumber);
    // two places at once are refused
    const both = await inject('POST', '/api/public/concerns', form(phone, '123456', { gridCode: place.gridCode }), ip);
    expect(both.statusCode).toBe(400);
  });

  it.runIf(existsSync(join(WEB_DIST, 'public.html')))('QR and tracking links serve the public entry; the console keeps its own', async () => {
    for (const url of [`/s/${place.stationCode}`, `/g/${place.gridCode}/report`, '/d/ABCDEFGH', `/t/${'x'.repeat(43)}`]) {
      const res = await inject('GET', url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('/assets/public-');
      expect(res.body, url).not.toContain('antd');
    }
    const console = await inject('GET', '/login');
    expect(console.body).not.toContain('/assets/public-');
  });

  it.each([
    ['村口到小学的路灯坏了三个月，晚上孩子放学很不安全', '村口到小学的路灯坏了三个月'],
    ['路灯坏了', '路灯坏了'],
    ['灯坏', '灯坏'],
    ['一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二', '一二三四五六七八九十一二三四五六七八九十…'],
  ])('a title from the text: %s', (content, title) => {
    expect(titleOf(content)).toBe(title);
  });

  it('housekeeping: an unattached public photo goes when its token expires; attached ones and fresh codes stay', async () => {
    const ip = nextIp();
    const photo = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#123456' } }).png().toBuffer();
    const up = await t.app.inject({ method: 'POST', url: '/api/public/uploads', remoteAddress: ip, headers: { 'content-type': 'image/png' }, payload: photo });
    const { attachmentId } = up.json();
    const phone = nextPhone();
    await codeFor(phone, ip);
    const linked = await count('attachments', 'owner_id IS NOT NULL');
    await PUBLIC_JOBS[0]!.run(t.deps, t.clock.now());
    expect(await count('attachments', 'attachment_id = $1', [attachmentId])).toBe(1);
    await PUBLIC_JOBS[0]!.run(t.deps, new Date(t.clock.now().getTime() + 3 * 3_600_000));
    expect(await count('attachments', 'attachment_id = $1', [attachmentId])).toBe(0);
    expect(await count('attachment_blobs b JOIN attachments a USING (storage_key)', 'a.attachment_id = $1', [attachmentId])).toBe(0);
    expect(await count('attachments', 'owner_id IS NOT NULL')).toBe(linked);
    expect(await count('public_verification_codes', 'phone_index = $1', [t.deps.cipher.blindIndex('phone', phone)])).toBe(1);
  });
});
