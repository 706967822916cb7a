-- The citizens' pages (issue 7): phone verification codes, private tracking links, photos
-- uploaded without an account, and idempotent submission. Phone numbers appear only as the
-- keyed blind index of 0003 (never in plain); tokens only as their SHA-256.

-- SMS codes: one per minute per phone, a daily cap, 5 minutes, void after 5 wrong tries
-- (decideCodeRequest / decideCodeCheck in packages/core/src/public).
CREATE TABLE public_verification_codes (
  code_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone_index text NOT NULL,
  -- keyed MAC of (phone index, code): the code itself is never stored
  code_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  consumed_at timestamptz,
  ip text,
  created_at timestamptz NOT NULL
);
CREATE INDEX public_verification_codes_phone_idx ON public_verification_codes (phone_index, created_at DESC);

-- The private tracking link /t/<token>: a long random token (only its hash kept) → the concern.
CREATE TABLE public_tracking_tokens (
  token_hash text PRIMARY KEY,
  concern_id uuid NOT NULL REFERENCES concerns (concern_id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL
);
CREATE INDEX public_tracking_tokens_concern_idx ON public_tracking_tokens (concern_id);

-- Photos uploaded from the public form (attachments with uploaded_by NULL): only the holder of
-- the short-lived upload token may attach them, once, to their own submission.
CREATE TABLE public_uploads (
  attachment_id uuid PRIMARY KEY REFERENCES attachments (attachment_id) ON DELETE CASCADE,
  token_hash text NOT NULL,
  ip text,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX public_uploads_ip_idx ON public_uploads (ip, created_at DESC);

-- Idempotency-Key of the public submission, per phone: same key and body → the same answer
-- (kept encrypted, since it holds the tracking link); another body → 422.
CREATE TABLE public_idempotency_keys (
  phone_index text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  response_enc text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (phone_index, key)
);
CREATE INDEX public_idempotency_keys_created_idx ON public_idempotency_keys (created_at);
