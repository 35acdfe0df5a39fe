-- The portal's whole domain. One file for SQLite and PostgreSQL: the same
-- SQL text runs on both backends through sqlx's Any driver:
-- * ids are TEXT made by the server ("usr_…", "sub_…"), never database sequences;
-- * moments are BIGINT unix seconds (UTC); calendar days are TEXT 'YYYY-MM-DD';
-- * money is BIGINT minor units (cents) beside a TEXT ISO 4217 currency;
-- * yes/no flags are BIGINT 0/1 (portable through Any, unlike BOOLEAN);
-- * card numbers and security codes have no column anywhere: only the gateway's token,
--   brand, last 4 digits and expiry are kept.

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    currency    TEXT NOT NULL,
    country     TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id),
    display_name     TEXT NOT NULL,
    email            TEXT NOT NULL UNIQUE,
    -- display name and email folded to lower-case ASCII ("Søren" -> "soren") for directory search
    search_text      TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('user', 'admin')),
    -- NULL: this person is in the directory but cannot sign in to the portal
    password_hash    TEXT,
    created_at       BIGINT NOT NULL
);
CREATE INDEX users_by_organization ON users (organization_id, display_name);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's token: a leaked table cannot be replayed as cookies
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE failed_sign_ins (
    email         TEXT NOT NULL,
    attempted_at  BIGINT NOT NULL
);
CREATE INDEX failed_sign_ins_by_email ON failed_sign_ins (email, attempted_at);

CREATE TABLE products (
    id                        TEXT PRIMARY KEY,
    name                      TEXT NOT NULL,
    description               TEXT NOT NULL,
    price_per_license_minor   BIGINT NOT NULL CHECK (price_per_license_minor >= 0),
    currency                  TEXT NOT NULL,
    billing_term              TEXT NOT NULL CHECK (billing_term IN ('monthly', 'annual')),
    max_licenses              BIGINT NOT NULL CHECK (max_licenses >= 1),
    -- trial offer: all three NULL when the product has none
    trial_days                BIGINT,
    trial_licenses            BIGINT,
    trial_requires_card       BIGINT CHECK (trial_requires_card IN (0, 1))
);

-- Which products each organization offers, and whether users may buy them themselves.
CREATE TABLE organization_products (
    organization_id        TEXT NOT NULL REFERENCES organizations(id),
    product_id             TEXT NOT NULL REFERENCES products(id),
    self_service_allowed   BIGINT NOT NULL CHECK (self_service_allowed IN (0, 1)),
    PRIMARY KEY (organization_id, product_id)
);

CREATE TABLE billing_accounts (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id),
    name             TEXT NOT NULL,
    account_type     TEXT NOT NULL
);

CREATE TABLE payment_methods (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id),
    owner_id         TEXT NOT NULL REFERENCES users(id),
    gateway_token    TEXT NOT NULL,
    brand            TEXT NOT NULL,
    last4            TEXT NOT NULL CHECK (length(last4) = 4),
    expiry_month     BIGINT NOT NULL CHECK (expiry_month BETWEEN 1 AND 12),
    expiry_year      BIGINT NOT NULL,
    name_on_card     TEXT NOT NULL,
    address_line1    TEXT NOT NULL,
    address_line2    TEXT,
    city             TEXT NOT NULL,
    postal_code      TEXT NOT NULL,
    country          TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX payment_methods_by_owner ON payment_methods (organization_id, owner_id);

CREATE TABLE billing_profiles (
    id                  TEXT PRIMARY KEY,
    billing_account_id  TEXT NOT NULL REFERENCES billing_accounts(id),
    organization_id     TEXT NOT NULL REFERENCES organizations(id),
    name                TEXT NOT NULL,
    country             TEXT NOT NULL,
    -- tax rate in basis points: 2500 is 25 %
    tax_rate_bp         BIGINT NOT NULL CHECK (tax_rate_bp >= 0),
    invoice_email       TEXT NOT NULL,
    payment_method_id   TEXT REFERENCES payment_methods(id)
);

CREATE TABLE subscriptions (
    id                        TEXT PRIMARY KEY,
    organization_id           TEXT NOT NULL REFERENCES organizations(id),
    product_id                TEXT NOT NULL REFERENCES products(id),
    purchaser_id              TEXT NOT NULL REFERENCES users(id),
    billing_profile_id        TEXT NOT NULL REFERENCES billing_profiles(id),
    payment_method_id         TEXT REFERENCES payment_methods(id),
    self_service              BIGINT NOT NULL CHECK (self_service IN (0, 1)),
    is_trial                  BIGINT NOT NULL CHECK (is_trial IN (0, 1)),
    status                    TEXT NOT NULL CHECK (status IN ('active', 'trial', 'recurring_billing_off', 'expired', 'canceled')),
    recurring_billing         BIGINT NOT NULL CHECK (recurring_billing IN (0, 1)),
    total_licenses            BIGINT NOT NULL CHECK (total_licenses >= 1),
    price_per_license_minor   BIGINT NOT NULL CHECK (price_per_license_minor >= 0),
    currency                  TEXT NOT NULL,
    started_on                TEXT NOT NULL,
    term_end_date             TEXT NOT NULL,
    canceled_at               BIGINT,
    created_at                BIGINT NOT NULL,
    updated_at                BIGINT NOT NULL
);
CREATE INDEX subscriptions_by_purchaser ON subscriptions (organization_id, purchaser_id);

CREATE TABLE license_assignments (
    subscription_id  TEXT NOT NULL REFERENCES subscriptions(id),
    user_id          TEXT NOT NULL REFERENCES users(id),
    organization_id  TEXT NOT NULL REFERENCES organizations(id),
    assigned_by      TEXT NOT NULL REFERENCES users(id),
    assigned_at      BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, user_id)
);
CREATE INDEX license_assignments_by_user ON license_assignments (user_id);

CREATE TABLE invoices (
    id                  TEXT PRIMARY KEY,
    organization_id     TEXT NOT NULL REFERENCES organizations(id),
    billing_profile_id  TEXT NOT NULL REFERENCES billing_profiles(id),
    purchaser_id        TEXT NOT NULL REFERENCES users(id),
    number              TEXT NOT NULL UNIQUE,
    issued_on           TEXT NOT NULL,
    due_on              TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('paid', 'due', 'past_due')),
    subtotal_minor      BIGINT NOT NULL,
    tax_minor           BIGINT NOT NULL,
    total_minor         BIGINT NOT NULL,
    currency            TEXT NOT NULL
);
CREATE INDEX invoices_by_purchaser ON invoices (organization_id, purchaser_id, issued_on);

CREATE TABLE invoice_lines (
    id                TEXT PRIMARY KEY,
    invoice_id        TEXT NOT NULL REFERENCES invoices(id),
    subscription_id   TEXT REFERENCES subscriptions(id),
    description       TEXT NOT NULL,
    quantity          BIGINT NOT NULL,
    unit_price_minor  BIGINT NOT NULL,
    amount_minor      BIGINT NOT NULL
);
CREATE INDEX invoice_lines_by_invoice ON invoice_lines (invoice_id);

CREATE TABLE cancellations (
    id               TEXT PRIMARY KEY,
    subscription_id  TEXT NOT NULL REFERENCES subscriptions(id),
    organization_id  TEXT NOT NULL REFERENCES organizations(id),
    canceled_by      TEXT NOT NULL REFERENCES users(id),
    reason           TEXT NOT NULL CHECK (reason IN ('too_expensive', 'no_longer_needed', 'missing_features', 'switching_product', 'bought_by_mistake', 'other')),
    feedback         TEXT CHECK (feedback IS NULL OR length(feedback) <= 1000),
    -- 'now': licenses released today; 'end_of_term': recurring billing turned off
    mode             TEXT NOT NULL CHECK (mode IN ('now', 'end_of_term')),
    credit_minor     BIGINT NOT NULL,
    created_at       BIGINT NOT NULL
);

-- Who changed what, when, with the state before and after as JSON text.
CREATE TABLE audit_events (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id),
    actor_id         TEXT NOT NULL REFERENCES users(id),
    action           TEXT NOT NULL,
    subject_type     TEXT NOT NULL,
    subject_id       TEXT NOT NULL,
    before_json      TEXT,
    after_json       TEXT,
    created_at       BIGINT NOT NULL
);
CREATE INDEX audit_events_by_subject ON audit_events (organization_id, subject_type, subject_id);

-- Requests that move money carry an Idempotency-Key; the first response is kept and replayed.
CREATE TABLE idempotency_keys (
    user_id          TEXT NOT NULL REFERENCES users(id),
    idempotency_key  TEXT NOT NULL,
    request_hash     TEXT NOT NULL,
    response_status  BIGINT,
    response_body    TEXT,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
