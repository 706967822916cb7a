-- Retention of closed concerns (issue 9 item 9; 个人信息保护法 §19, §47): after the configured
-- number of months a closed concern is anonymised by the job concerns.anonymise_closed — the
-- constituent's name, phone and address (ciphertext, masks, blind index) cleared, the free text
-- redacted of their identifiers, photos deleted, location dropped, tracking links voided.
-- What statistics count (region, station, grid, deputy, unit, category, channel, campaign, the
-- timeline's types and instants) is never touched, so every figure stays the same.

-- When the concern was anonymised (null: not yet).
ALTER TABLE concerns ADD COLUMN anonymised_at timestamptz;
CREATE INDEX concerns_retention_idx ON concerns (closed_at) WHERE status = 'closed' AND anonymised_at IS NULL;

-- Months a closed concern keeps its constituent's identity; the nearest region up the tree that
-- sets it applies (the deployment's root region sets it for all), else 36.
ALTER TABLE concern_settings ADD COLUMN retention_months integer CHECK (retention_months BETWEEN 6 AND 120);

-- The timeline stays append-only, with one exception: in a transaction that has declared itself
-- the retention job (set_config('gridvoice.anonymising', 'on', true)), an event's `data` — and
-- nothing else — may be rewritten (the constituent's identifiers redacted). Deleting is never allowed.
CREATE OR REPLACE FUNCTION concern_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('gridvoice.anonymising', true) = 'on'
     AND (NEW.event_id, NEW.concern_id, NEW.county_code, NEW.version, NEW.type, NEW.occurred_at, NEW.actor_role,
          NEW.actor_user_id, NEW.from_status, NEW.to_status, NEW.unit_id, NEW.notify)
         IS NOT DISTINCT FROM
         (OLD.event_id, OLD.concern_id, OLD.county_code, OLD.version, OLD.type, OLD.occurred_at, OLD.actor_role,
          OLD.actor_user_id, OLD.from_status, OLD.to_status, OLD.unit_id, OLD.notify) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '办理记录只能追加，不能修改或删除' USING ERRCODE = 'insufficient_privilege';
END
$$;
