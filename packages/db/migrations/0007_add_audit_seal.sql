-- Audit integrity: a sealer chains every audit record, in seal order, with a keyed MAC
-- (HMAC-SM3, key outside the database): chain_mac(n) = MAC(chain_mac(n-1) ‖ record n).
-- An edit or deletion made outside the application breaks the chain; `cli audit-verify` finds it.
ALTER TABLE audit_log ADD COLUMN seal_seq bigint UNIQUE;
ALTER TABLE audit_log ADD COLUMN chain_mac text;
CREATE INDEX audit_log_unsealed_idx ON audit_log (audit_id) WHERE seal_seq IS NULL;

-- Where the chain starts again after old records were purged.
CREATE TABLE audit_anchors (
  anchor_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  last_seal_seq bigint NOT NULL,
  chain_mac text NOT NULL,
  purged_before timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);

-- Sealing may set seal_seq and chain_mac once; nothing else changes. Purging removes only sealed
-- records older than 180 days, and only inside the purge function's transaction.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.seal_seq IS NULL AND NEW.seal_seq IS NOT NULL AND NEW.chain_mac IS NOT NULL
     AND (to_jsonb(OLD) - 'seal_seq' - 'chain_mac') = (to_jsonb(NEW) - 'seal_seq' - 'chain_mac') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' AND current_setting('gridvoice.audit_purge', true) = 'on'
     AND OLD.seal_seq IS NOT NULL AND OLD.occurred_at < now() - interval '180 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '审计记录只能追加，不能修改或删除' USING ERRCODE = 'insufficient_privilege';
END
$$;
