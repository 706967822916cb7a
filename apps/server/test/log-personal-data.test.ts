import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLogSerializers } from '../src/lib/log-redaction.js';
import { createTestApp, loginAs, makeCounty, type TestApp } from './harness.js';
import { makeDeputy } from './organisation.factory.js';

/**
 * Issue 9, item 7 (logs): with the production logger at its most talkative level, a day's work
 * with personal data — a concern with the constituent's name, phone and address, the audited
 * reveal, a refused request carrying a phone, a search by phone — leaves none of them in the log.
 */
const PHONE = '13987654321';
const NAME = '欧阳秀兰';
const ADDRESS = '沙坪街道幸福路十八号三栋';

describe('the request log holds no personal data (issue 9, item 7)', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    t = await createTestApp({ app: { logger: { level: 'trace', serializers: requestLogSerializers, stream } } });
  });
  afterAll(() => t.close());

  it('after creating, revealing, refusing and searching, no log line carries the phone, name or address', async () => {
    const c = await makeCounty(t, 1, 1);
    const village = c.villageCodes[0]?.[0] as string;
    const deputyId = (await makeDeputy(t, village, '李代表')).deputyId;
    const deputy = (await loginAs(t, 'deputy', c.townCodes[0] as string, { deputyId })).session;
    const staff = (await loginAs(t, 'congress_staff', c.countyCode)).session;
    const body = {
      title: '幸福路路灯不亮',
      content: '幸福路路灯连续一周不亮，夜间出行不便',
      channel: 'station_reception',
      categoryCode: 'infrastructure',
      regionCode: village,
      collectorKind: 'deputy',
      deputyId,
      address: ADDRESS,
      constituent: { name: NAME, phone: PHONE, anonymous: false },
    };
    const created = await deputy.request('POST', '/api/concerns', body);
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json<{ concernId: string }>().concernId;
    const reveal = await staff.request('POST', `/api/concerns/${id}/reveal`, {});
    expect(reveal.statusCode, reveal.body).toBe(200);
    expect(reveal.body).toContain(PHONE); // the reveal answers the phone (audited) …
    const refused = await deputy.request('POST', '/api/concerns', { ...body, regionCode: 'bad' });
    expect(refused.statusCode).toBe(400);
    const search = await staff.request('GET', `/api/concerns?q=${PHONE}`);
    expect(search.statusCode).toBeLessThan(500);
    const broken = await deputy.request('POST', '/api/concerns', `{"constituent":{"phone":"${PHONE}"`, {
      'content-type': 'application/json',
    });
    expect(broken.statusCode).toBe(400);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10); // the logger did write: requests and responses
    expect(log).toContain('/api/concerns');
    for (const secret of [PHONE, NAME, ADDRESS, PHONE.slice(3)])
      {expect(log.includes(secret), `log carries ${secret}`).toBe(false);} // … and the log never does
  });
});
