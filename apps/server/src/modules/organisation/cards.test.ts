import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, makeCounty, type TestApp } from '../../../test/harness.js';

type County = Awaited<ReturnType<typeof makeCounty>>;
type Session = Awaited<ReturnType<typeof loginAs>>['session'];

async function post(s: Session, url: string, body: unknown) {
  const res = await s.request('POST', url, body);
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

describe('organisation: QR codes and service cards (issue 3 item 8, R-DUTY-7)', () => {
  let t: TestApp;
  let county: County;
  let clerkA: Session;
  let clerkB: Session;
  let station: { stationId: string; code: string };
  let grid: { gridId: string; code: string };
  let deputy: { deputyId: string; publicId: string };

  beforeAll(async () => {
    t = await createTestApp({ config: { publicBaseUrl: 'https://mst.example.cn' } });
    county = await makeCounty(t, 2, 2);
    clerkA = (await loginAs(t, 'town_staff', county.townCodes[0]!)).session;
    clerkB = (await loginAs(t, 'town_staff', county.townCodes[1]!)).session;
    const [v1] = county.villageCodes[0] as [string];
    station = await post(clerkA, '/api/organisation/stations', { kind: 'village', regionCode: v1, name: '一村联络站' });
    grid = await post(clerkA, '/api/organisation/grids', { villageCode: v1, name: '一村第一网格' });
    deputy = await post(clerkA, '/api/organisation/deputies', {
      name: '张惠萍',
      gender: 'female',
      regionCode: v1,
      phone: '13800138000',
      residenceRegionCode: v1,
      mandates: [{ level: 'township', term: 18, constituencyRegionCode: v1 }],
    });
    await post(clerkA, `/api/organisation/deputies/${deputy.deputyId}/assignments`, { stationId: station.stationId, gridId: grid.gridId });
  });
  afterAll(() => t.close());

  it('draws a coarse QR code of the short public URL for a station, a grid and a deputy', async () => {
    for (const [kind, id, path] of [
      ['station', station.stationId, `/s/${station.code}`],
      ['grid', grid.code, `/g/${grid.code}`],
      ['deputy', deputy.deputyId, `/d/${deputy.publicId}`],
    ] as const) {
      const res = await clerkA.request('GET', `/api/organisation/qr?kind=${kind}&id=${id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('image/svg+xml');
      expect(res.headers['x-public-url']).toBe(`https://mst.example.cn${path}`);
      expect(res.body).toContain('<svg');
    }
    const png = await clerkA.request('GET', `/api/organisation/qr?kind=station&id=${station.code}&format=png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await clerkA.request('GET', '/api/organisation/qr?kind=grid&id=nope')).statusCode).toBe(404);
  });

  it('gives the service card of a deputy with masked phone and QR, and the sheet of a town', async () => {
    const res = await clerkA.request('GET', `/api/organisation/deputies/${deputy.deputyId}/service-card`);
    expect(res.statusCode, res.body).toBe(200);
    const card = res.json();
    expect(card).toMatchObject({
      name: '张惠萍',
      levelLabels: ['乡镇人大代表'],
      phoneMasked: '138****8000',
      stations: [{ code: station.code, name: '一村联络站' }],
      grids: [{ code: grid.code, name: '一村第一网格' }],
      publicUrl: `https://mst.example.cn/d/${deputy.publicId}`,
    });
    expect(card.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(JSON.stringify(card)).not.toContain('13800138000');

    const sheet = await clerkA.request('GET', `/api/organisation/service-cards?townCode=${county.townCodes[0]}`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.json()).toMatchObject({ townName: '测试镇1', cards: [{ name: '张惠萍' }] });
  });

  it('keeps another town out', async () => {
    expect((await clerkB.request('GET', `/api/organisation/deputies/${deputy.deputyId}/service-card`)).statusCode).toBe(403);
    expect((await clerkB.request('GET', `/api/organisation/service-cards?townCode=${county.townCodes[0]}`)).statusCode).toBe(403);
    expect((await clerkB.request('GET', `/api/organisation/qr?kind=station&id=${station.code}`)).statusCode).toBe(403);
  });
});
