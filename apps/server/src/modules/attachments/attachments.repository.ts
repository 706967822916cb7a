import type { Queryable } from '@gridvoice/db';

export interface AttachmentRow {
  attachment_id: string;
  storage_key: string;
  original_name: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  region_code: string | null;
  owner_type: string | null;
  owner_id: string | null;
  created_at: Date;
}

export async function insertAttachment(
  q: Queryable,
  a: Omit<AttachmentRow, 'attachment_id' | 'owner_type' | 'owner_id'> & { county_code: string | null; bytes: Buffer },
): Promise<string> {
  const r = await q.query<{ attachment_id: string }>(
    `INSERT INTO attachments (storage_key, original_name, mime_type, size_bytes, sha256, uploaded_by, region_code,
       county_code, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING attachment_id`,
    [a.storage_key, a.original_name, a.mime_type, a.size_bytes, a.sha256, a.uploaded_by, a.region_code, a.county_code, a.created_at],
  );
  await q.query('INSERT INTO attachment_blobs (storage_key, bytes) VALUES ($1, $2)', [a.storage_key, a.bytes]);
  return (r.rows[0] as { attachment_id: string }).attachment_id;
}

export async function findAttachment(q: Queryable, id: string): Promise<AttachmentRow | null> {
  const r = await q.query<AttachmentRow>(
    `SELECT attachment_id, storage_key, original_name, mime_type, size_bytes, sha256, uploaded_by, region_code,
       owner_type, owner_id, created_at FROM attachments WHERE attachment_id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function readAttachmentBytes(q: Queryable, storageKey: string): Promise<Buffer | null> {
  const r = await q.query<{ bytes: Uint8Array }>('SELECT bytes FROM attachment_blobs WHERE storage_key = $1', [storageKey]);
  const b = r.rows[0]?.bytes;
  return b ? Buffer.from(b) : null;
}

/**
 * Gives unlinked files uploaded by `uploadedBy` to a record, inside the caller's transaction.
 * Returns the ids actually linked (others were not this uploader's, or already taken).
 */
export async function linkAttachments(
  q: Queryable,
  ids: readonly string[],
  owner: { type: string; id: string },
  uploadedBy: string | null,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const r = await q.query<{ attachment_id: string }>(
    `UPDATE attachments SET owner_type = $2, owner_id = $3
     WHERE attachment_id = ANY($1::uuid[]) AND owner_id IS NULL AND uploaded_by IS NOT DISTINCT FROM $4
     RETURNING attachment_id`,
    [ids, owner.type, owner.id, uploadedBy],
  );
  return r.rows.map((x) => x.attachment_id);
}

export async function listAttachmentsOf(q: Queryable, ownerType: string, ownerId: string): Promise<AttachmentRow[]> {
  const r = await q.query<AttachmentRow>(
    `SELECT attachment_id, storage_key, original_name, mime_type, size_bytes, sha256, uploaded_by, region_code,
       owner_type, owner_id, created_at FROM attachments WHERE owner_type = $1 AND owner_id = $2 ORDER BY created_at`,
    [ownerType, ownerId],
  );
  return r.rows;
}
