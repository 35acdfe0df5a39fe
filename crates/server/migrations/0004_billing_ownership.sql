-- Bills & payments and Billing accounts: who owns a billing account, what a profile's invoices
-- say (sold-to, bill-to, currency, extra recipients), and what an invoice needs for its details
-- page and PDF (credits applied, the card charged, each line's period). Same conventions as
-- 0001: one SQL text for SQLite and PostgreSQL, days as 'YYYY-MM-DD', flags as BIGINT 0/1.

-- The purchaser who pays through the account; they alone change it (admins read it).
-- NULL for an account nobody owns yet: only admins see it.
ALTER TABLE billing_accounts ADD COLUMN owner_id TEXT REFERENCES users(id);
CREATE INDEX billing_accounts_by_owner ON billing_accounts (organization_id, owner_id);

-- The currency the profile's invoices are in.
ALTER TABLE billing_profiles ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR';
CREATE INDEX billing_profiles_by_account ON billing_profiles (billing_account_id);
CREATE INDEX billing_profiles_by_payment_method ON billing_profiles (payment_method_id);
CREATE INDEX subscriptions_by_payment_method ON subscriptions (payment_method_id);
CREATE INDEX subscriptions_by_billing_profile ON subscriptions (billing_profile_id);

-- Sold-to and bill-to of a profile: printed on every invoice.
CREATE TABLE billing_profile_addresses (
    billing_profile_id  TEXT NOT NULL REFERENCES billing_profiles(id),
    kind                TEXT NOT NULL CHECK (kind IN ('sold_to', 'bill_to')),
    name                TEXT NOT NULL,
    line1               TEXT NOT NULL,
    line2               TEXT,
    city                TEXT NOT NULL,
    postal_code         TEXT NOT NULL,
    country             TEXT NOT NULL,
    PRIMARY KEY (billing_profile_id, kind)
);

-- Up to five more addresses that get a profile's invoices (beside `invoice_email`).
CREATE TABLE invoice_recipients (
    billing_profile_id  TEXT NOT NULL REFERENCES billing_profiles(id),
    position            BIGINT NOT NULL CHECK (position BETWEEN 0 AND 4),
    email               TEXT NOT NULL,
    PRIMARY KEY (billing_profile_id, position)
);

-- Credits taken off the total (positive), the tax rate it was issued at, and the card charged
-- (brand and last 4 kept on the invoice, so removing the card later does not change it).
ALTER TABLE invoices ADD COLUMN credit_applied_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN tax_rate_bp BIGINT;
ALTER TABLE invoices ADD COLUMN payment_brand TEXT;
ALTER TABLE invoices ADD COLUMN payment_last4 TEXT;
-- The invoice list: a profile's invoices of a period, newest first, a page at a time.
CREATE INDEX invoices_by_profile ON invoices (billing_profile_id, issued_on, id);
CREATE INDEX invoices_by_organization ON invoices (organization_id, issued_on, id);

-- What each line covers, and whether it is only part of a term.
ALTER TABLE invoice_lines ADD COLUMN period_start TEXT;
ALTER TABLE invoice_lines ADD COLUMN period_end TEXT;
ALTER TABLE invoice_lines ADD COLUMN prorated BIGINT NOT NULL DEFAULT 0 CHECK (prorated IN (0, 1));

-- A database that already has accounts: the owner of the card a profile pays with owns its
-- account; profiles take their organization's currency, and the card's address as sold-to
-- and bill-to.
UPDATE billing_accounts SET owner_id = (
    SELECT pm.owner_id FROM billing_profiles bp JOIN payment_methods pm ON pm.id = bp.payment_method_id
    WHERE bp.billing_account_id = billing_accounts.id ORDER BY bp.id LIMIT 1
);
UPDATE billing_profiles SET currency = (SELECT o.currency FROM organizations o WHERE o.id = billing_profiles.organization_id);
INSERT INTO billing_profile_addresses (billing_profile_id, kind, name, line1, line2, city, postal_code, country)
SELECT bp.id, k.kind, bp.name, pm.address_line1, pm.address_line2, pm.city, pm.postal_code, pm.country
FROM billing_profiles bp
JOIN payment_methods pm ON pm.id = bp.payment_method_id
CROSS JOIN (SELECT 'sold_to' AS kind UNION ALL SELECT 'bill_to') k;
UPDATE invoices SET tax_rate_bp = (SELECT bp.tax_rate_bp FROM billing_profiles bp WHERE bp.id = invoices.billing_profile_id);
