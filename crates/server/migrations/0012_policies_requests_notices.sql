-- The admin's side of self-service: the policy per product (and a default for products added
-- later), license requests, and notices. Same conventions as 0001: one SQL text for SQLite and
-- PostgreSQL, ids made by the server, moments as BIGINT unix seconds.

-- What people may do with a product themselves: the admin center's three values. It replaces
-- `self_service_allowed` (1 -> 'allow', 0 -> 'do_not_allow'), which is still written to match
-- (1 only for 'allow') and is read nowhere any more.
ALTER TABLE organization_products ADD COLUMN policy TEXT NOT NULL DEFAULT 'allow'
    CHECK (policy IN ('allow', 'trials_only', 'do_not_allow'));
-- Who set it last, and when (NULL: it came with the organization).
ALTER TABLE organization_products ADD COLUMN policy_changed_by TEXT REFERENCES users(id);
ALTER TABLE organization_products ADD COLUMN policy_changed_at BIGINT;
UPDATE organization_products SET policy = CASE WHEN self_service_allowed = 1 THEN 'allow' ELSE 'do_not_allow' END;

-- An organization's catalog is every product priced in its currency. A product it has no
-- `organization_products` row for (one added to the catalog later) follows this default.
ALTER TABLE organizations ADD COLUMN default_policy TEXT NOT NULL DEFAULT 'allow'
    CHECK (default_policy IN ('allow', 'trials_only', 'do_not_allow'));
ALTER TABLE organizations ADD COLUMN default_policy_changed_by TEXT REFERENCES users(id);
ALTER TABLE organizations ADD COLUMN default_policy_changed_at BIGINT;

-- Request licenses: a person asks the organization's admins for licenses of a product, for
-- themselves and colleagues. Removed 12 months after they were sent (the ten-minute purge).
CREATE TABLE license_requests (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id),
    product_id       TEXT NOT NULL REFERENCES products(id),
    requester_id     TEXT NOT NULL REFERENCES users(id),
    message          TEXT,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'partly_approved', 'declined')),
    created_at       BIGINT NOT NULL,
    answered_at      BIGINT,
    answered_by      TEXT REFERENCES users(id),
    answer_message   TEXT
);
CREATE INDEX license_requests_by_organization ON license_requests (organization_id, created_at);
CREATE INDEX license_requests_by_requester ON license_requests (requester_id, created_at);
CREATE INDEX license_requests_by_age ON license_requests (created_at);

-- The people a request names, in the order asked, and the answer for each.
CREATE TABLE license_request_people (
    request_id  TEXT NOT NULL REFERENCES license_requests(id),
    user_id     TEXT NOT NULL REFERENCES users(id),
    position    BIGINT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
    PRIMARY KEY (request_id, position)
);

-- What a person should know about (`db::notices::notify`): a purchase, a trial, a request for
-- admins; a take-over, a move, an answer for the person concerned. `subject_id` is the
-- subscription or the request (see `portal_api::notices::NoticeKind`).
CREATE TABLE notices (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id),
    recipient_id     TEXT NOT NULL REFERENCES users(id),
    kind             TEXT NOT NULL CHECK (kind IN ('purchase', 'trial', 'license_request', 'taken_over', 'users_moved', 'request_answered')),
    subject_id       TEXT NOT NULL,
    product_id       TEXT NOT NULL REFERENCES products(id),
    actor_id         TEXT NOT NULL REFERENCES users(id),
    created_at       BIGINT NOT NULL,
    -- NULL: unread
    read_at          BIGINT
);
CREATE INDEX notices_by_recipient ON notices (recipient_id, created_at);
CREATE INDEX notices_unread ON notices (recipient_id, read_at);
CREATE INDEX notices_by_subject ON notices (subject_id);
