//! A subscription as a change reads it under its lock, and as every answer is made from:
//! [`Locked`], decoded from its row into the shared types.

use portal_api::Money;
use portal_api::products::BillingTerm;
use portal_api::subscriptions::{Subscription, SubscriptionStatus};
use sqlx::FromRow;
use time::Date;

use crate::billing::{GRACE_DAYS, parse_day};
use crate::db::charging::Charging;

/// A subscription with its product's terms and its purchaser's name, decoded: what a change
/// reads under the subscription's lock (see [`super::lock`]), and what every answer is made from.
#[derive(Debug, Clone)]
pub struct Locked {
    pub id: String,
    pub organization_id: String,
    pub product_id: String,
    pub product_name: String,
    pub purchaser_id: String,
    pub purchaser_name: String,
    pub billing_profile_id: String,
    pub payment_method_id: Option<String>,
    /// Bought by a user through self-service (not by an admin).
    pub self_service: bool,
    /// A free trial (not bought yet), whatever its status.
    pub is_trial: bool,
    pub status: SubscriptionStatus,
    pub recurring_billing: bool,
    pub total_licenses: i64,
    pub assigned_licenses: i64,
    pub price_per_license_minor: i64,
    pub currency: String,
    /// The day it renews or, if it will not renew, ends.
    pub term_end_date: Date,
    pub canceled_at: Option<i64>,
    pub max_licenses: i64,
    pub billing_term: BillingTerm,
    /// The admin who took control of it (Take control), if one has: its purchaser can no
    /// longer change it.
    pub managed_by: Option<String>,
    /// A change's charge at the payment gateway right now, if one is in flight.
    pub charging: Option<Charging>,
}

impl Locked {
    /// The billing term's months (1 or 12).
    pub fn term_months(&self) -> i64 {
        self.billing_term.months()
    }

    /// Whether an admin has taken control of it.
    pub fn managed_by_admin(&self) -> bool {
        self.managed_by.is_some()
    }

    /// How many of its licenses may be held: its total, or while a change's charge is in
    /// flight, the smaller of the total now and the total that change sets, so no more are
    /// assigned than bought whether the charge goes through or not.
    pub fn seats(&self) -> i64 {
        match &self.charging {
            Some(charging) => self.total_licenses.min(charging.total_licenses),
            None => self.total_licenses,
        }
    }

    /// The subscription as `viewer_id` sees it: only its purchaser may change it, and only
    /// until an admin takes control of it.
    pub fn seen_by(self, viewer_id: &str) -> Subscription {
        let money = |amount_minor| Money { amount_minor, currency: self.currency.clone() };
        let reactivate_until = match (self.status, self.canceled_at) {
            (SubscriptionStatus::Canceled, Some(at)) => {
                time::OffsetDateTime::from_unix_timestamp(at + GRACE_DAYS * 86_400)
                    .ok()
                    .map(|end| end.date().to_string())
            }
            _ => None,
        };
        Subscription {
            can_change: self.purchaser_id == viewer_id && self.managed_by.is_none(),
            managed_by_admin: self.managed_by.is_some(),
            // A trial costs nothing until it is bought.
            price: money(if self.is_trial {
                0
            } else {
                self.price_per_license_minor * self.total_licenses * self.term_months()
            }),
            price_per_license_month: money(self.price_per_license_minor),
            status: self.status,
            billing_term: self.billing_term,
            id: self.id,
            product_id: self.product_id,
            product_name: self.product_name,
            self_service: self.self_service,
            is_trial: self.is_trial,
            recurring_billing: self.recurring_billing,
            total_licenses: self.total_licenses,
            assigned_licenses: self.assigned_licenses,
            max_licenses: self.max_licenses,
            term_end_date: self.term_end_date.to_string(),
            purchaser_id: self.purchaser_id,
            purchaser_name: self.purchaser_name,
            reactivate_until,
        }
    }
}

/// [`Locked`] as the database keeps it.
#[derive(FromRow)]
pub(in crate::db) struct Row {
    id: String,
    organization_id: String,
    product_id: String,
    product_name: String,
    purchaser_id: String,
    purchaser_name: String,
    billing_profile_id: String,
    payment_method_id: Option<String>,
    self_service: i64,
    is_trial: i64,
    status: String,
    recurring_billing: i64,
    total_licenses: i64,
    assigned_licenses: i64,
    price_per_license_minor: i64,
    currency: String,
    term_end_date: String,
    canceled_at: Option<i64>,
    max_licenses: i64,
    billing_term: String,
    managed_by: Option<String>,
    charging_key: Option<String>,
    charging_since: Option<i64>,
    charging_total_licenses: Option<i64>,
}

/// A status as the database keeps it; an unknown one is a decoding error.
fn status_of(text: &str) -> sqlx::Result<SubscriptionStatus> {
    SubscriptionStatus::parse(text)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown subscription status {text:?}").into()))
}

impl TryFrom<Row> for Locked {
    type Error = sqlx::Error;

    fn try_from(row: Row) -> sqlx::Result<Self> {
        let term_end_date = parse_day(&row.term_end_date).ok_or_else(|| {
            sqlx::Error::Decode(format!("subscription {} has a bad term end {:?}", row.id, row.term_end_date).into())
        })?;
        Ok(Self {
            status: status_of(&row.status)?,
            term_end_date,
            self_service: row.self_service == 1,
            is_trial: row.is_trial == 1,
            recurring_billing: row.recurring_billing == 1,
            billing_term: if row.billing_term == "annual" { BillingTerm::Annual } else { BillingTerm::Monthly },
            id: row.id,
            organization_id: row.organization_id,
            product_id: row.product_id,
            product_name: row.product_name,
            purchaser_id: row.purchaser_id,
            purchaser_name: row.purchaser_name,
            billing_profile_id: row.billing_profile_id,
            payment_method_id: row.payment_method_id,
            total_licenses: row.total_licenses,
            assigned_licenses: row.assigned_licenses,
            price_per_license_minor: row.price_per_license_minor,
            currency: row.currency,
            canceled_at: row.canceled_at,
            max_licenses: row.max_licenses,
            managed_by: row.managed_by,
            charging: Charging::of(row.charging_key, row.charging_since, row.charging_total_licenses),
        })
    }
}

/// Reads [`Row`]s: add a `WHERE` on `s` (the subscription), `p` (its product), `u` (its purchaser).
pub(in crate::db) const SELECT: &str = "
    SELECT s.id, s.organization_id, s.product_id, p.name AS product_name, s.purchaser_id,
           u.display_name AS purchaser_name, s.billing_profile_id, s.payment_method_id, s.self_service, s.is_trial,
           s.status, s.recurring_billing, s.total_licenses,
           s.assigned_licenses,
           s.price_per_license_minor, s.currency, s.term_end_date, s.canceled_at, p.max_licenses, p.billing_term,
           s.managed_by, s.charging_key, s.charging_since, s.charging_total_licenses
    FROM subscriptions s
    JOIN products p ON p.id = s.product_id
    JOIN users u ON u.id = s.purchaser_id";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_status_is_an_error_not_active() {
        assert_eq!(status_of("recurring_billing_off").ok(), Some(SubscriptionStatus::RecurringBillingOff));
        assert!(status_of("suspended").is_err());
        assert!(status_of("").is_err());
    }
}
