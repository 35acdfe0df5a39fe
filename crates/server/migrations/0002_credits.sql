-- Credits owed to a billing profile: the unused rest of a term when licenses are removed or a
-- subscription is canceled now. They are taken off the profile's next invoice (`applies_on`).
CREATE TABLE credits (
    id                  TEXT PRIMARY KEY,
    organization_id     TEXT NOT NULL REFERENCES organizations(id),
    billing_profile_id  TEXT NOT NULL REFERENCES billing_profiles(id),
    subscription_id     TEXT NOT NULL REFERENCES subscriptions(id),
    reason              TEXT NOT NULL CHECK (reason IN ('licenses_removed', 'canceled')),
    -- positive: owed to the customer; tax included, as `subtotal_minor` + `tax_minor`
    subtotal_minor      BIGINT NOT NULL CHECK (subtotal_minor >= 0),
    tax_minor           BIGINT NOT NULL CHECK (tax_minor >= 0),
    currency            TEXT NOT NULL,
    applies_on          TEXT NOT NULL,
    created_at          BIGINT NOT NULL
);
CREATE INDEX credits_by_profile ON credits (organization_id, billing_profile_id, applies_on);
