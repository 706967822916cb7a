import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, makeCounty, type Session, type TestApp } from './harness.js';
import { makeDutyDeputy, makeStation } from './duty.factory.js';
import { makeUnit } from './organisation.factory.js';
import { makePublicPlace, submitPublicConcern } from './public.factory.js';

/**
 * Issue 9, item 2 (docs/SECURITY.md): ids in URLs cannot be walked, inside one county — the scope
 * matrix (access-scope-matrix.test.ts) swaps in another county's ids; here people of the same
 * county swap in each other's: a deputy another deputy's concern, a unit another unit's, a station
 * manager another station's reception entry, a clerk the other town's; attachment ids, suggestion
 * ids, reception entry ids and citizens' tracking tokens. Each attempt must be refused (403/404),
 * name nothing of the object, and — for a signed-in user — leave an audit record `denied`.
 * Each walk is checked against its owner first, so no refusal passes because the object is missing.
 */

type Who = { userId: string; username: string; session: Session };

describe('id walking: nobody reaches another person’s object by changing an id (issue 9, item 2)', () => {
  let t: TestApp;
  const p: Record<string, Who> = {};
  const o = { concern: '', caseNumber: '', attachment: '', loose: '', suggestion: '', entry: '' };
  let tokens: { caseNumber: string; token: string }[] = [];
  let otherConcernId = '';

  async function act(s: Session, id: string, action: Record<string, unknown>) {
    const cur = await s.request('GET', `/api/concerns/${id}`);
    expect(cur.statusCode, cur.body).toBe(200);
    const r = await s.request('POST', `/api/concerns/${id}/actions`, { ...action, version: cur.json<{ version: number }>().version });
    expect(r.statusCode, `${String(action.type)}: ${r.body}`).toBe(200);
  }

  async function upload(s: Session, name: string) {
    const bytes = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#226644' } }).jpeg().toBuffer();
    const boundary = `----walk${Math.random().toString(16).slice(2)}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/attachments',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': s.csrfToken },
      cookies: { gv_session: s.cookie },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ attachmentId: string }>().attachmentId;
  }

  beforeAll(async () => {
    t = await createTestApp({ start: '2025-09-01T02:00:00Z', config: { loginRateLimitPerMinute: 100_000 } });
    const c = await makeCounty(t, 2, 1);
    const other = await makeCounty(t, 1, 1);
    const [town1, town2] = c.townCodes as [string, string];
    const village1 = c.villageCodes[0]![0]!;
    const s1 = await makeStation(t, town1, '一镇联络站');
    const s2 = await makeStation(t, town2, '二镇联络站');
    const d1 = await makeDutyDeputy(t, town1, ['township'], [{ stationId: s1.stationId, regionCode: town1 }], '甲代表');
    const d2 = await makeDutyDeputy(t, town1, ['township'], [{ stationId: s1.stationId, regionCode: town1 }], '乙代表');
    const d3 = await makeDutyDeputy(t, town2, ['township'], [{ stationId: s2.stationId, regionCode: town2 }], '丙代表');
    const u1 = await makeUnit(t, c.countyCode, '一号承办单位');
    const u2 = await makeUnit(t, c.countyCode, '二号承办单位');
    p.owner = await loginAs(t, 'deputy', town1, { deputyId: d1.deputyId });
    p.deputySameTown = await loginAs(t, 'deputy', town1, { deputyId: d2.deputyId });
    p.deputyOtherTown = await loginAs(t, 'deputy', town2, { deputyId: d3.deputyId });
    p.clerk = await loginAs(t, 'town_staff', town1);
    p.clerkOtherTown = await loginAs(t, 'town_staff', town2);
    p.manager = await loginAs(t, 'station_manager', town1, { stationId: s1.stationId });
    p.managerOtherStation = await loginAs(t, 'station_manager', town2, { stationId: s2.stationId });
    p.handler = await loginAs(t, 'unit_handler', c.countyCode, { unitId: u1.unitId });
    p.handlerOtherUnit = await loginAs(t, 'unit_handler', c.countyCode, { unitId: u2.unitId });
    p.staffOtherCounty = await loginAs(t, 'congress_staff', other.countyCode);
    p.viewerOtherCounty = await loginAs(t, 'viewer', other.countyCode);

    // a concern the owner collected, with a photo, dispatched to unit 1
    o.attachment = await upload(p.owner.session, '现场.jpg');
    o.loose = await upload(p.owner.session, '未关联.jpg');
    const created = await p.owner.session.request('POST', '/api/concerns', {
      title: '甲村排水沟堵塞秘密标题',
      content: '下雨时排水沟堵塞，污水倒灌进屋',
      channel: 'grid_visit',
      categoryCode: 'infrastructure',
      regionCode: village1,
      collectorKind: 'deputy',
      deputyId: d1.deputyId,
      attachmentIds: [o.attachment],
      constituent: { name: '王秘密', phone: '13812345678', anonymous: false },
    });
    expect(created.statusCode, created.body).toBe(200);
    ({ concernId: o.concern, caseNumber: o.caseNumber } = created.json<{ concernId: string; caseNumber: string }>());
    await act(p.owner.session, o.concern, { type: 'send_for_dispatch' });
    await act(p.clerk.session, o.concern, { type: 'dispatch', units: [{ unitId: u1.unitId, role: 'lead', workingDays: 10 }] });

    // the owner's suggestion (draft) and the station's reception entry with a visitor
    const sug = await p.owner.session.request('POST', '/api/suggestions', {
      title: '关于甲村排水改造的秘密建议',
      content: '甲村雨天污水倒灌，建议推动农村生活污水工程改造。',
      category: 'urban_environment',
      period: 'between_sessions',
      term: 17,
      session: 5,
      leadDeputyId: d1.deputyId,
    });
    expect(sug.statusCode, sug.body).toBe(200);
    o.suggestion = sug.json<{ suggestionId: string }>().suggestionId;
    const entry = await p.manager.session.request('POST', '/api/duty/reception-entries', {
      stationId: s1.stationId,
      receivedAt: '2025-09-01T01:30:00Z',
      dutyDeputyIds: [d1.deputyId],
      visitor: { name: '赵来访', phone: '13912345678', address: '一村幸福路1号' },
      visitorCount: 1,
      requests: [{ content: '咨询医保缴费的秘密事项。' }],
      route: 'explained',
    });
    expect(entry.statusCode, entry.body).toBe(200);
    o.entry = entry.json<{ entryId: string }>().entryId;

    // two citizens' submissions with their private tracking links
    const place = await makePublicPlace(t, c.villageCodes[1]![0]!);
    tokens = [
      await submitPublicConcern(t, place, { content: '第一位群众反映路灯坏了' }),
      await submitPublicConcern(t, place, { content: '第二位群众反映井盖丢失' }),
    ];
    otherConcernId = (await t.db.query<{ concern_id: string }>('SELECT concern_id FROM concerns WHERE case_number = $1', [tokens[1]!.caseNumber])).rows[0]!.concern_id;
  }, 300_000);
  afterAll(() => t.close());

  const denied = async (userId: string) =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE actor_user_id = $1 AND outcome = 'denied'`, [userId])).rows[0]!.n;
  const secrets = () => ['甲村排水沟堵塞秘密标题', o.caseNumber, '王秘密', '13812345678', '秘密建议', '赵来访', '13912345678', '秘密事项'];

  type Walk = { who: string[]; method: 'GET' | 'POST'; url: () => string; body?: () => unknown; owner: string };
  const walks: Walk[] = [
    // the concern: another deputy (same town, other town), the other unit, the other station, the other town's clerk, another county
    {
      who: ['deputySameTown', 'deputyOtherTown', 'handlerOtherUnit', 'managerOtherStation', 'clerkOtherTown', 'staffOtherCounty', 'viewerOtherCounty'],
      method: 'GET', url: () => `/api/concerns/${o.concern}`, owner: 'owner',
    },
    { who: ['deputySameTown', 'handlerOtherUnit', 'managerOtherStation', 'clerkOtherTown', 'staffOtherCounty'], method: 'POST', url: () => `/api/concerns/${o.concern}/reveal`, owner: 'clerk' },
    { who: ['deputySameTown', 'handlerOtherUnit', 'clerkOtherTown', 'staffOtherCounty'], method: 'GET', url: () => `/api/concerns/${o.concern}/similar`, owner: 'owner' },
    {
      who: ['deputySameTown', 'deputyOtherTown', 'handlerOtherUnit', 'managerOtherStation', 'clerkOtherTown', 'staffOtherCounty'],
      method: 'POST', url: () => `/api/concerns/${o.concern}/actions`, body: () => ({ type: 'urge', version: 99 }), owner: '',
    },
    // its photo, and a photo not yet attached to anything (only its uploader)
    { who: ['deputySameTown', 'deputyOtherTown', 'handlerOtherUnit', 'managerOtherStation', 'clerkOtherTown', 'staffOtherCounty'], method: 'GET', url: () => `/api/attachments/${o.attachment}`, owner: 'handler' },
    { who: ['deputySameTown', 'clerk', 'handler', 'manager', 'staffOtherCounty'], method: 'GET', url: () => `/api/attachments/${o.loose}`, owner: 'owner' },
    // the suggestion in draft: only its lead deputy (and the office) until it is filed
    { who: ['deputySameTown', 'deputyOtherTown', 'handler', 'handlerOtherUnit', 'clerkOtherTown', 'staffOtherCounty'], method: 'GET', url: () => `/api/suggestions/${o.suggestion}`, owner: 'owner' },
    {
      who: ['deputySameTown', 'deputyOtherTown', 'handlerOtherUnit', 'staffOtherCounty'],
      method: 'POST', url: () => `/api/suggestions/${o.suggestion}/actions`, body: () => ({ type: 'file', version: 1 }), owner: '',
    },
    // the reception entry: another station, another town, a unit, another county
    { who: ['managerOtherStation', 'deputyOtherTown', 'clerkOtherTown', 'handlerOtherUnit', 'staffOtherCounty'], method: 'GET', url: () => `/api/duty/reception-entries/${o.entry}`, owner: 'manager' },
    { who: ['managerOtherStation', 'deputyOtherTown', 'clerkOtherTown', 'staffOtherCounty'], method: 'GET', url: () => `/api/duty/reception-entries/${o.entry}/print`, owner: 'manager' },
    { who: ['managerOtherStation', 'deputyOtherTown', 'clerkOtherTown', 'handlerOtherUnit', 'staffOtherCounty'], method: 'POST', url: () => `/api/duty/reception-entries/${o.entry}/reveal`, owner: 'manager' },
    {
      who: ['managerOtherStation', 'deputyOtherTown', 'clerkOtherTown', 'staffOtherCounty'],
      method: 'POST', url: () => `/api/duty/reception-entries/${o.entry}/feedback`, body: () => ({ feedback: '已答复' }), owner: '',
    },
  ];

  it.each(walks.map((w) => [`${w.method} ${w.url().replace(/[0-9a-f-]{36}/, '{id}') || 'url'}`, w] as const))(
    '%s: refused to each walker, names nothing, refusal audited',
    async (_name, w) => {
      const url = w.url();
      if (w.owner) {
        const own = await p[w.owner]!.session.request(w.method, url, w.body?.());
        expect(own.statusCode, `${w.owner} ${url}: ${own.body}`).toBe(200);
      }
      const problems: string[] = [];
      for (const who of w.who) {
        const person = p[who]!;
        const before = await denied(person.userId);
        const res = await person.session.request(w.method, url, w.body?.());
        if (res.statusCode !== 403 && res.statusCode !== 404) problems.push(`${who}: ${res.statusCode} ${res.body.slice(0, 160)}`);
        const named = secrets().filter((s) => res.body.includes(s));
        if (named.length) problems.push(`${who}: the refusal names ${named.join('、')}`);
        if ((await denied(person.userId)) <= before) problems.push(`${who}: ${res.statusCode} without an audit record (outcome denied)`);
      }
      expect(problems).toEqual([]);
    },
  );

  it('tracking tokens: each opens its own concern only; a changed token, a case number or a concern id opens nothing', async () => {
    const [a, b] = tokens as [{ caseNumber: string; token: string }, { caseNumber: string; token: string }];
    const get = (token: string) => t.app.inject({ method: 'GET', url: `/api/public/track/${token}`, remoteAddress: '10.251.0.1' });
    const mine = await get(a.token);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ caseNumber: a.caseNumber });
    expect(mine.body).not.toContain(b.caseNumber);
    // one character changed at each end and in the middle
    for (const i of [0, 21, 42]) {
      const flipped = `${b.token.slice(0, i)}${b.token[i] === 'A' ? 'B' : 'A'}${b.token.slice(i + 1)}`;
      const r = await get(flipped);
      expect(r.statusCode, flipped).toBe(404);
      expect(r.body).not.toContain(b.caseNumber);
      const rate = await t.app.inject({ method: 'POST', url: `/api/public/track/${flipped}/rating`, remoteAddress: '10.251.0.2', payload: { rating: 'satisfied' } });
      expect(rate.statusCode).toBe(404);
      const open311 = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${flipped}.json`, remoteAddress: '10.251.0.3' });
      expect([400, 404]).toContain(open311.statusCode);
      expect(open311.body).not.toContain(b.caseNumber);
    }
    // neither the case number nor the concern id is a token
    for (const guess of [b.caseNumber, otherConcernId, otherConcernId.replaceAll('-', '').padEnd(43, 'x')]) {
      const r = await get(guess);
      expect([400, 404], guess).toContain(r.statusCode);
      expect(r.body).not.toContain(b.caseNumber);
    }
    // the citizens' page itself is a shell: the data comes only from the API with the token
    const page = await t.app.inject({ method: 'GET', url: `/t/${b.token.slice(0, 42)}A`, remoteAddress: '10.251.0.4' });
    expect(page.body).not.toContain(b.caseNumber);
    // and b's own token still works: nothing above spoiled it
    expect((await get(b.token)).json()).toMatchObject({ caseNumber: b.caseNumber });
  });

  it('a signed-in user walking ids by guesswork gets 404s, each audited, and never a 5xx', async () => {
    const who = p.deputySameTown!;
    const guesses = [
      `/api/concerns/${o.concern.slice(0, -1)}${o.concern.endsWith('0') ? '1' : '0'}`,
      `/api/attachments/${o.attachment.slice(0, -1)}${o.attachment.endsWith('0') ? '1' : '0'}`,
      `/api/suggestions/${o.suggestion.slice(0, -1)}${o.suggestion.endsWith('0') ? '1' : '0'}`,
      `/api/duty/reception-entries/${o.entry.slice(0, -1)}${o.entry.endsWith('0') ? '1' : '0'}`,
    ];
    for (const url of guesses) {
      const before = await denied(who.userId);
      const r = await who.session.request('GET', url);
      expect([403, 404], `${url}: ${r.body}`).toContain(r.statusCode);
      expect(await denied(who.userId), `${url} audited`).toBeGreaterThan(before);
    }
  });
});
