//! Subscriptions a person bought (Billing > Your products).

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// Where a subscription is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    /// Paid and renewing.
    Active,
    /// A free trial that has not ended.
    Trial,
    /// Paid, but recurring billing is off: it ends at the end of the term.
    RecurringBillingOff,
    /// Ended without renewal.
    Expired,
    /// Canceled by its purchaser.
    Canceled,
}

/// One subscription, as its purchaser (or an admin) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subscription {
    /// Stable id.
    pub id: String,
    /// The product's id.
    pub product_id: String,
    /// The product's name, e.g. "Power BI Pro".
    pub product_name: String,
    /// Bought by a user through self-service (not by an admin).
    pub self_service: bool,
    /// Where it is in its life.
    pub status: SubscriptionStatus,
    /// Licenses bought.
    pub total_licenses: i64,
    /// Licenses assigned to people.
    pub assigned_licenses: i64,
    /// The day it renews or, if it will not renew, ends (`YYYY-MM-DD`).
    pub term_end_date: String,
    /// Price per term for all its licenses (zero for a trial).
    pub price: Money,
    /// Name of the person who bought it.
    pub purchaser_name: String,
}

/// `GET /api/subscriptions`: the subscriptions the signed-in person bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubscriptionList {
    /// Newest first.
    pub subscriptions: Vec<Subscription>,
}
