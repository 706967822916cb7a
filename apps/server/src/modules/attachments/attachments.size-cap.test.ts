/**
 * Uploads over the size cap (docs/SECURITY.md item 6; ASVS V12.1.1): refused with a Chinese 413
 * before anything is stored — no attachment row, no bytes, no audit record of an upload, no
 * public upload token. The cap itself is inclusive: a file of exactly the cap is taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '@gridvoice/core';
import { createTestApp, loginAs, makeCounty, type Session, type TestApp } from '../../../test/harness.js';
import { PUBLIC_PHOTO_MAX_BYTES } from '../public/public.service.js';

/** A PDF of exactly `size` bytes (the content sniffing takes it by its %PDF- signature). */
function pdfOf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(size - head.length - tail.length, 0x20), tail]);
}

/** Bytes that start like a JPEG: the size is checked before the content is decoded. */
function jpegLike(size: number): Buffer {
  const b = Buffer.alloc(size, 0);
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return b;
}

function multipart(filename: string, bytes: Buffer) {
  const boundary = '----gridvoice' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('attachments: the size cap', () => {
  let t: TestApp;
  let deputy: Session;
  beforeAll(async () => {
    t = await createTestApp();
    const county = await makeCounty(t, 1, 1);
    deputy = (await loginAs(t, 'deputy', county.townCodes[0]!)).session;
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer) => {
    const m = multipart('材料.pdf', bytes);
    return t.app.inject({
      method: 'POST',
      url: '/api/attachments',
      payload: m.payload,
      headers: { ...m.headers, 'x-csrf-token': deputy.csrfToken },
      cookies: { gv_session: deputy.cookie },
    });
  };
  const counts = async () =>
    (
      await t.db.query<{ attachments: number; blobs: number; audits: number; public_uploads: number }>(
        `SELECT (SELECT count(*)::int FROM attachments) AS attachments, (SELECT count(*)::int FROM attachment_blobs) AS blobs,
           (SELECT count(*)::int FROM audit_log WHERE action LIKE 'attachment.%' OR action LIKE 'public.%') AS audits,
           (SELECT count(*)::int FROM public_uploads) AS public_uploads`,
      )
    ).rows[0]!;

  it(`console: a file of exactly ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB is taken; one byte more is a Chinese 413 and nothing is written`, async () => {
    const atCap = await upload(pdfOf(MAX_ATTACHMENT_BYTES));
    expect(atCap.statusCode, atCap.body).toBe(200);
    expect(atCap.json<{ sizeBytes: number }>().sizeBytes).toBe(MAX_ATTACHMENT_BYTES);

    const before = await counts();
    const over = await upload(pdfOf(MAX_ATTACHMENT_BYTES + 1));
    expect(over.statusCode, over.body).toBe(413);
    expect(over.json()).toEqual({ error: { code: 'too_large', message: '文件不能超过 10 MB' } });
    expect(await counts()).toEqual(before);
  });

  it('console: a request body far over the cap is cut off at the door with a Chinese 413, nothing written', async () => {
    const before = await counts();
    const huge = await upload(pdfOf(MAX_ATTACHMENT_BYTES + 512 * 1024));
    expect(huge.statusCode, huge.body).toBe(413);
    expect(huge.json<{ error: { message: string } }>().error.message).toMatch(/过大|不能超过/);
    expect(await counts()).toEqual(before);
  });

  it(`public: a photo over ${PUBLIC_PHOTO_MAX_BYTES / 1024 / 1024} MB is a Chinese 413; no attachment, no upload token`, async () => {
    const before = await counts();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/public/uploads',
      remoteAddress: '10.3.0.1',
      headers: { 'content-type': 'image/jpeg' },
      payload: jpegLike(PUBLIC_PHOTO_MAX_BYTES + 1),
    });
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await counts()).toEqual(before);
  });
});
