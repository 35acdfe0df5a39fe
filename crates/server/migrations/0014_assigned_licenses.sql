-- How many of a subscription's licenses are assigned, kept in the row itself instead of counted
-- from the assignments on every read and every seat check (a count that grew with them: 14,000
-- index entries read three times per assignment). Triggers on license_assignments keep it; they
-- are written in each database's own dialect, so `db::seat_counts` creates them after the
-- migrations (SQLite and PostgreSQL share every migration file).
ALTER TABLE subscriptions ADD COLUMN assigned_licenses BIGINT NOT NULL DEFAULT 0;
UPDATE subscriptions SET assigned_licenses =
    (SELECT COUNT(*) FROM license_assignments a WHERE a.subscription_id = subscriptions.id);
