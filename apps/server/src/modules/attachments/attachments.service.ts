import { createHash, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import {
  attachmentProblem,
  ATTACHMENT_TYPES,
  countyCodeOf,
  safeAttachmentName,
  sniffAttachmentType,
  type AttachmentMimeType,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as repo from './attachments.repository.js';

/**
 * Who may read a file once a record owns it: each owning module registers a check
 * (e.g. 'concern' → "may this actor read that concern?").
 */
export type AttachmentOwnerCheck = (deps: AppDeps, ctx: RequestContext, ownerId: string) => Promise<boolean>;
const ownerChecks = new Map<string, AttachmentOwnerCheck>();

export function registerAttachmentOwner(ownerType: string, check: AttachmentOwnerCheck): void {
  ownerChecks.set(ownerType, check);
}

/** Images are decoded and re-encoded: EXIF (GPS, device), XMP and comments do not survive. */
export async function cleanAttachment(bytes: Buffer, mime: AttachmentMimeType): Promise<Buffer> {
  if (!ATTACHMENT_TYPES[mime].image) return bytes;
  const image = sharp(bytes, { failOn: 'error' }).rotate();
  switch (mime) {
    case 'image/jpeg':
      return image.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
    case 'image/png':
      return image.png().toBuffer();
    case 'image/webp':
      return image.webp({ quality: 85 }).toBuffer();
    case 'application/pdf':
      return bytes;
  }
}

export function presentAttachment(a: repo.AttachmentRow) {
  return {
    attachmentId: a.attachment_id,
    name: a.original_name,
    mimeType: a.mime_type,
    sizeBytes: a.size_bytes,
    url: `/api/attachments/${a.attachment_id}`,
  };
}

export function createAttachmentsService(deps: AppDeps) {
  const { db, clock } = deps;
  return {
    async upload(ctx: RequestContext, file: { filename: string; bytes: Buffer }) {
      const actor = await requireAccess(deps, ctx, 'attachment.upload', {}, { type: 'attachment' });
      const problem = attachmentProblem(file.bytes);
      if (problem) throw badRequest(problem, [{ field: 'file', message: problem }]);
      const mime = sniffAttachmentType(file.bytes) as AttachmentMimeType;
      let clean: Buffer;
      try {
        clean = await cleanAttachment(file.bytes, mime);
      } catch {
        throw badRequest('图片文件已损坏，无法读取', [{ field: 'file', message: '图片文件已损坏，无法读取' }]);
      }
      const now = clock.now();
      const row = {
        storage_key: randomBytes(18).toString('base64url'),
        original_name: safeAttachmentName(file.filename, mime),
        mime_type: mime,
        size_bytes: clean.length,
        sha256: createHash('sha256').update(clean).digest('hex'),
        uploaded_by: actor.userId,
        region_code: actor.scopeRegionCode,
        county_code: countyCodeOf(actor.scopeRegionCode),
        created_at: now,
        bytes: clean,
      };
      const id = await db.transaction(async (tx) => {
        const attachmentId = await repo.insertAttachment(tx, row);
        await insertAudit(tx, ctx, now, {
          action: 'attachment.upload',
          objectType: 'attachment',
          objectId: attachmentId,
          regionCode: actor.scopeRegionCode,
          after: { name: row.original_name, mime, size: row.size_bytes },
        });
        return attachmentId;
      });
      return presentAttachment({ ...row, attachment_id: id, owner_type: null, owner_id: null });
    },

    /** The file, if the actor uploaded it or may read the record that owns it; else 404. */
    async download(ctx: RequestContext, id: string) {
      const actor = await requireAccess(deps, ctx, 'attachment.read', {}, { type: 'attachment', id });
      const a = await repo.findAttachment(db, id);
      let allowed = !!a && a.uploaded_by === actor.userId;
      if (a && !allowed && a.owner_type && a.owner_id) {
        const check = ownerChecks.get(a.owner_type);
        allowed = check ? await check(deps, ctx, a.owner_id) : false;
      }
      if (!a || !allowed) {
        await insertAudit(db, ctx, clock.now(), { action: 'attachment.read', objectType: 'attachment', objectId: id, outcome: 'denied' });
        throw notFound('未找到该附件');
      }
      const bytes = await repo.readAttachmentBytes(db, a.storage_key);
      if (!bytes) throw notFound('未找到该附件');
      return { attachment: a, bytes };
    },
  };
}
