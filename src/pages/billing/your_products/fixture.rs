//! The subscription the area's unit tests start from: Power BI Pro, bought by Megan, active,
//! 5 licenses with 3 assigned; each test changes what it is about.

use portal_api::Money;
use portal_api::products::BillingTerm;
use portal_api::subscriptions::{Subscription, SubscriptionStatus};

pub fn power_bi_pro() -> Subscription {
    Subscription {
        id: "sub_1".into(),
        product_id: "p".into(),
        product_name: "Power BI Pro".into(),
        self_service: true,
        status: SubscriptionStatus::Active,
        total_licenses: 5,
        assigned_licenses: 3,
        term_end_date: "2026-12-31".into(),
        price: Money { amount_minor: 7000, currency: "EUR".into() },
        purchaser_id: "usr_megan".into(),
        purchaser_name: "Megan Bowen".into(),
        managed_by_admin: false,
        is_trial: false,
        recurring_billing: true,
        billing_term: BillingTerm::Monthly,
        price_per_license_month: Money { amount_minor: 1400, currency: "EUR".into() },
        max_licenses: 300,
        can_change: true,
        reactivate_until: None,
    }
}
