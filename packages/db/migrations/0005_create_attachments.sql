-- Uploaded files (photos, PDFs). Bytes live in the database so several server instances and
-- backups see the same files; names are random; the original name is kept only for download.
CREATE TABLE attachments (
  attachment_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  storage_key text NOT NULL UNIQUE,
  original_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  uploaded_by uuid REFERENCES users (user_id),
  region_code text,
  county_code text,
  -- set when a record (concern, activity, project …) takes the file
  owner_type text,
  owner_id uuid,
  created_at timestamptz NOT NULL
);
CREATE INDEX attachments_owner_idx ON attachments (owner_type, owner_id);
CREATE INDEX attachments_uploader_idx ON attachments (uploaded_by, created_at DESC);

CREATE TABLE attachment_blobs (
  storage_key text PRIMARY KEY REFERENCES attachments (storage_key) ON DELETE CASCADE,
  bytes bytea NOT NULL
);
