-- The admin's side of self-service purchases: Take control of a subscription, and the admin's
-- list of every purchase in the organization. Same conventions as 0001: one SQL text for
-- SQLite and PostgreSQL, moments as BIGINT unix seconds.

-- The admin who took control of a self-service subscription, and when (both NULL until then).
-- Once set, its purchaser can no longer change it; the organization's admins may move its
-- people to an organization subscription or cancel it.
ALTER TABLE subscriptions ADD COLUMN managed_by TEXT REFERENCES users(id);
ALTER TABLE subscriptions ADD COLUMN managed_at BIGINT;

-- The admin's purchase list: an organization's (self-service) subscriptions, a page at a time,
-- sorted by any of its six columns; thousands of rows are read through this index, never the
-- whole table.
CREATE INDEX subscriptions_by_organization ON subscriptions (organization_id, self_service, term_end_date, id);

-- A subscription's timeline reads its events newest first.
CREATE INDEX audit_events_by_subject_time ON audit_events (organization_id, subject_type, subject_id, created_at, id);

-- A subscription's invoices: the invoices with a line of it.
CREATE INDEX invoice_lines_by_subscription ON invoice_lines (subscription_id, invoice_id);
