import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, makeCounty, type Session, type TestApp } from '../../../test/harness.js';
import { registerAttachmentOwner } from './attachments.service.js';
import { linkAttachments } from './attachments.repository.js';

function multipart(filename: string, bytes: Buffer, contentType = 'application/octet-stream') {
  const boundary = '----gridvoice' + Math.random().toString(16).slice(2);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(t: TestApp, s: Session, filename: string, bytes: Buffer) {
  const m = multipart(filename, bytes);
  return t.app.inject({
    method: 'POST',
    url: '/api/attachments',
    payload: m.payload,
    headers: { ...m.headers, 'x-csrf-token': s.csrfToken },
    cookies: { gv_session: s.cookie },
  });
}

describe('attachments: uploads are checked by content, cleaned, and served safely', () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof makeCounty>>;
  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t, 2, 1);
  });
  afterAll(() => t.close());

  it('re-encodes a photo without its EXIF (GPS, device) and serves it as a download with nosniff', async () => {
    const deputy = await loginAs(t, 'deputy', county.townCodes[0]!);
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366aa' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneMaker', Copyright: '张三' } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeTruthy();
    const res = await upload(t, deputy.session, '现场照片.JPG', photo);
    expect(res.statusCode).toBe(200);
    const a = res.json<{ attachmentId: string; name: string; mimeType: string; url: string }>();
    expect(a).toMatchObject({ name: '现场照片.jpg', mimeType: 'image/jpeg' });

    const got = await deputy.session.request('GET', a.url);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-disposition']).toContain('attachment;');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(got.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.width).toBe(40);
    const stored = await t.db.query<{ storage_key: string }>('SELECT storage_key FROM attachments WHERE attachment_id = $1', [a.attachmentId]);
    expect(stored.rows[0]?.storage_key).not.toContain('现场照片');
  });

  it('refuses a file that is not what it claims, with a Chinese reason, and stores nothing', async () => {
    const deputy = await loginAs(t, 'deputy', county.townCodes[0]!);
    const before = (await t.db.query<{ n: number }>('SELECT count(*) AS n FROM attachments')).rows[0]?.n;
    const res = await upload(t, deputy.session, 'photo.jpg', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toBe('只能上传 JPG、PNG、WebP 图片或 PDF 文件');
    const broken = await upload(t, deputy.session, 'x.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    expect(broken.statusCode).toBe(400);
    const after = (await t.db.query<{ n: number }>('SELECT count(*) AS n FROM attachments')).rows[0]?.n;
    expect(after).toBe(before);
  });

  it('another user cannot read a file unless the owning record lets them; refusals are audited', async () => {
    const deputy = await loginAs(t, 'deputy', county.townCodes[0]!);
    const stranger = await loginAs(t, 'deputy', county.townCodes[1]!);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
    const a = (await upload(t, deputy.session, '材料.pdf', pdf)).json<{ attachmentId: string; url: string }>();
    expect((await stranger.session.request('GET', a.url)).statusCode).toBe(404);
    const ownerId = '11111111-1111-4111-8111-111111111111';
    registerAttachmentOwner('test_record', async (_deps, ctx) => ctx.actor?.userId === stranger.userId);
    expect(await linkAttachments(t.db, [a.attachmentId], { type: 'test_record', id: ownerId }, deputy.userId)).toEqual([a.attachmentId]);
    // linking twice (or by someone else) takes nothing
    expect(await linkAttachments(t.db, [a.attachmentId], { type: 'test_record', id: ownerId }, stranger.userId)).toEqual([]);
    expect((await stranger.session.request('GET', a.url)).statusCode).toBe(200);
    const denied = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'attachment.read' AND outcome = 'denied' AND object_id = $1`, [a.attachmentId]);
    expect(denied.rows).toHaveLength(1);
  });
});
