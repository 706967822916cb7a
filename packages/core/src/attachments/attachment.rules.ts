/** What may be uploaded: photos and PDFs, recognised by their content, never by their name. */
export const ATTACHMENT_TYPES = {
  'image/jpeg': { ext: 'jpg', image: true },
  'image/png': { ext: 'png', image: true },
  'image/webp': { ext: 'webp', image: true },
  'application/pdf': { ext: 'pdf', image: false },
} as const;
export type AttachmentMimeType = keyof typeof ATTACHMENT_TYPES;

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_RECORD = 9;

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

/** The type by magic bytes, or null when the content is not an allowed type. */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentMimeType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}

/** Checks an upload; returns the Chinese reason it is refused, or null. */
export function attachmentProblem(bytes: Uint8Array, maxBytes = MAX_ATTACHMENT_BYTES): string | null {
  if (bytes.length === 0) return '文件为空';
  if (bytes.length > maxBytes) return `文件不能超过 ${Math.floor(maxBytes / 1024 / 1024)} MB`;
  if (!sniffAttachmentType(bytes)) return '只能上传 JPG、PNG、WebP 图片或 PDF 文件';
  return null;
}

/** A safe display name: no path, no control characters, at most 100 characters, right extension. */
export function safeAttachmentName(name: string, mime: AttachmentMimeType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const stem = [...(base || '附件')].slice(0, 90).join('');
  return `${stem}.${ATTACHMENT_TYPES[mime].ext}`;
}
