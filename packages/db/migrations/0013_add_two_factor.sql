-- Two-factor login (TOTP, RFC 6238) for administrators and staff (issue 9).
-- The shared secret is SM4-encrypted like personal data; recovery codes are stored as hashes.
CREATE TABLE user_totp (
  user_id uuid PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
  secret_enc text NOT NULL,
  confirmed_at timestamptz,
  -- the RFC 6238 step of the last code accepted: that code and older ones are refused (replay)
  last_used_step bigint,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE user_recovery_codes (
  user_id uuid NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- Between the password and the code: a short-lived, single-use ticket (only its hash is kept).
CREATE TABLE login_challenges (
  challenge_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('verify', 'enrol')),
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX login_challenges_user_idx ON login_challenges (user_id);
