import { describe, expect, it } from 'vitest';
import { attachmentProblem, MAX_ATTACHMENT_BYTES, safeAttachmentName, sniffAttachmentType } from './attachment.rules.js';

const bytes = (...b: number[]) => new Uint8Array(b);
const ascii = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

describe('attachments: type by content, size cap, safe names', () => {
  it.each([
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0), 'image/jpeg'],
    ['png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'image/png'],
    ['webp', bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50), 'image/webp'],
    ['pdf', ascii('%PDF-1.7\n'), 'application/pdf'],
    ['html named .jpg', ascii('<html><script>'), null],
    ['gif', ascii('GIF89a'), null],
    ['riff but not webp', bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x41, 0x56, 0x49, 0x20), null],
    ['empty', bytes(), null],
  ])('%s → %s', (_name, content, expected) => {
    expect(sniffAttachmentType(content)).toBe(expected);
  });

  it.each([
    [0, '文件为空'],
    [MAX_ATTACHMENT_BYTES + 1, '文件不能超过 10 MB'],
  ])('refuses %i bytes', (size, message) => {
    const b = new Uint8Array(size);
    if (size > 0) b.set([0xff, 0xd8, 0xff]);
    expect(attachmentProblem(b)).toBe(message);
  });

  it('accepts exactly the cap and refuses a wrong type in Chinese', () => {
    const b = new Uint8Array(MAX_ATTACHMENT_BYTES);
    b.set([0xff, 0xd8, 0xff]);
    expect(attachmentProblem(b)).toBeNull();
    expect(attachmentProblem(ascii('MZ'))).toBe('只能上传 JPG、PNG、WebP 图片或 PDF 文件');
  });

  it.each([
    ['../../etc/passwd', 'application/pdf', 'passwd.pdf'],
    ['C:\\Users\\李四\\现场照片.JPG', 'image/jpeg', '现场照片.jpg'],
    ['evil".html', 'image/png', 'evil.png'],
    ['', 'image/png', '附件.png'],
    ['report.exe', 'application/pdf', 'report.pdf'],
  ] as const)('%s → %s', (name, mime, expected) => {
    expect(safeAttachmentName(name, mime)).toBe(expected);
  });
});
