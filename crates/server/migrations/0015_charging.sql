-- A change that charges a card does so outside every transaction: first it marks the
-- subscription with the charge it is making (the gateway's idempotency key, since when, and the
-- license total the change will set) and commits; then the gateway answers, holding no lock;
-- then the change locks the subscription again, finds its own mark, writes and clears it.
-- Other changes to the subscription wait while a mark is there (taken over once it is older
-- than PORTAL_IDEMPOTENCY_TAKEOVER_SECS: its server stopped); assignments go on, within the
-- smaller of the total now and the total being charged for.
ALTER TABLE subscriptions ADD COLUMN charging_key TEXT;
ALTER TABLE subscriptions ADD COLUMN charging_since BIGINT;
ALTER TABLE subscriptions ADD COLUMN charging_total_licenses BIGINT;
