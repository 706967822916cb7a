-- Notifications fed from the outbox: the in-app centre, per-user preferences, and deliveries to
-- external channels (SMS, email, webhook) retried with backoff and claimed so each goes out once.
CREATE TABLE notifications (
  notification_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  topic text NOT NULL,
  body text NOT NULL,
  link text,
  aggregate_type text,
  aggregate_id text,
  outbox_id bigint,
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  UNIQUE (outbox_id, user_id)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE notification_preferences (
  user_id uuid PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
  sms boolean NOT NULL DEFAULT false,
  email boolean NOT NULL DEFAULT false,
  webhook boolean NOT NULL DEFAULT false,
  daily_digest boolean NOT NULL DEFAULT false,
  phone_enc text,
  phone_masked text,
  email_enc text,
  email_masked text,
  updated_at timestamptz NOT NULL
);

CREATE TABLE notification_deliveries (
  delivery_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- one delivery per (source, channel, recipient): a retried fan-out adds nothing
  dedupe_key text NOT NULL UNIQUE,
  channel text NOT NULL CHECK (channel IN ('sms', 'email', 'webhook')),
  recipient_enc text,
  recipient_masked text,
  subject text,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending';

-- What the development SMS provider "sent" (masked number, full text), so a developer can read codes.
CREATE TABLE console_sms_messages (
  message_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone_index text NOT NULL,
  phone_masked text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX console_sms_messages_phone_idx ON console_sms_messages (phone_index, message_id DESC);
