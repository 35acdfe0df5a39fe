-- One person, one license of a product, refused by the database itself: two purchasers
-- assigning the same person at the same instant on PostgreSQL cannot both succeed, whatever the
-- code checked first. `holding_product_id` is the subscription's product while the
-- subscription holds licenses (active, trial, recurring billing off) and NULL once it has
-- ended, so an expired subscription's old assignments do not count (NULLs never collide).
ALTER TABLE license_assignments ADD COLUMN holding_product_id TEXT REFERENCES products(id);
UPDATE license_assignments SET holding_product_id = (
    SELECT s.product_id FROM subscriptions s
    WHERE s.id = license_assignments.subscription_id AND s.status IN ('active', 'trial', 'recurring_billing_off')
);
CREATE UNIQUE INDEX license_assignments_one_per_product ON license_assignments (user_id, holding_product_id);
