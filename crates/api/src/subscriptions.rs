//! Subscriptions a person bought (Billing > Your products).

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};
use crate::money::Money;
use crate::products::BillingTerm;
use crate::purchases::PriceLines;
use crate::text;

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

impl SubscriptionStatus {
    /// Every status, in the order of its life.
    pub const ALL: [SubscriptionStatus; 5] = [
        SubscriptionStatus::Active,
        SubscriptionStatus::Trial,
        SubscriptionStatus::RecurringBillingOff,
        SubscriptionStatus::Expired,
        SubscriptionStatus::Canceled,
    ];

    /// The wire and database name, e.g. `recurring_billing_off`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::Trial => "trial",
            SubscriptionStatus::RecurringBillingOff => "recurring_billing_off",
            SubscriptionStatus::Expired => "expired",
            SubscriptionStatus::Canceled => "canceled",
        }
    }

    /// The status of a wire or database name; `None` for a name that is none of them.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }

    /// Whether its term is running, so its licenses count: they can be assigned and are held
    /// (active, trial, recurring billing off). Canceled and expired ones hold none, and no
    /// term of theirs is left to end.
    pub const fn holds_licenses(self) -> bool {
        matches!(self, SubscriptionStatus::Active | SubscriptionStatus::Trial | SubscriptionStatus::RecurringBillingOff)
    }
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
    /// The id of the person who bought it (for an admin's read-only Licenses view of theirs).
    pub purchaser_id: String,
    /// Name of the person who bought it.
    pub purchaser_name: String,
    /// An admin has taken control of it (Take control): its purchaser can no longer change it.
    #[serde(default)]
    pub managed_by_admin: bool,
    /// A free trial (not bought yet), whatever its status.
    pub is_trial: bool,
    /// Renews at the end of each term (for a trial: converts to paid when it ends).
    pub recurring_billing: bool,
    /// How it is billed.
    pub billing_term: BillingTerm,
    /// Price of one license for one month.
    pub price_per_license_month: Money,
    /// The most licenses it can have.
    pub max_licenses: i64,
    /// Whether the signed-in person may change it (only its purchaser may; admins only read).
    pub can_change: bool,
    /// For a canceled subscription: the last day it can be reactivated (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reactivate_until: Option<String>,
}

/// `GET /api/subscriptions`: the subscriptions the signed-in person bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubscriptionList {
    /// Newest first.
    pub subscriptions: Vec<Subscription>,
}

/// `PUT /api/subscriptions/{id}/licenses`: Buy licenses / Remove licenses by entering the new total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseChangeRequest {
    /// The new total (100 → 105 adds 5 licenses), 1 to the product's maximum.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub total_licenses: i64,
}

/// `GET /api/subscriptions/{id}/license-change?total_licenses=N`: what a new total costs or
/// credits, shown before Save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseChangeQuote {
    /// Licenses now.
    pub current_total: i64,
    /// Licenses after the change.
    pub new_total: i64,
    /// For the rest of the term: positive is charged today, negative is a credit.
    pub price: PriceLines,
    /// When the amount applies: today for a charge, the next invoice (the term's end) for a credit.
    pub applies_on: String,
}

/// Why a person cancels; kept with the audit event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    /// It costs too much.
    TooExpensive,
    /// The team does not need it any more.
    NoLongerNeeded,
    /// It lacks something the team needs.
    MissingFeatures,
    /// The team moves to another product.
    SwitchingProduct,
    /// It was bought by mistake.
    BoughtByMistake,
    /// Something else (say what in the feedback).
    Other,
}

impl CancelReason {
    /// Every reason, in the order the pane lists them.
    pub const ALL: [CancelReason; 6] = [
        CancelReason::TooExpensive,
        CancelReason::NoLongerNeeded,
        CancelReason::MissingFeatures,
        CancelReason::SwitchingProduct,
        CancelReason::BoughtByMistake,
        CancelReason::Other,
    ];

    /// The wire and database name, e.g. `too_expensive`.
    pub fn as_str(self) -> &'static str {
        match self {
            CancelReason::TooExpensive => "too_expensive",
            CancelReason::NoLongerNeeded => "no_longer_needed",
            CancelReason::MissingFeatures => "missing_features",
            CancelReason::SwitchingProduct => "switching_product",
            CancelReason::BoughtByMistake => "bought_by_mistake",
            CancelReason::Other => "other",
        }
    }
}

/// Cancel now, or let it run to the end of the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CancelMode {
    /// Ends today: licenses are released and the rest of the term is credited.
    Now,
    /// Turns recurring billing off: it stays active until the term ends.
    EndOfTerm,
}

impl CancelMode {
    /// The database name.
    pub fn as_str(self) -> &'static str {
        match self {
            CancelMode::Now => "now",
            CancelMode::EndOfTerm => "end_of_term",
        }
    }
}

/// Most characters of cancellation feedback.
pub const FEEDBACK_MAX_CHARS: usize = 1000;

/// `POST /api/subscriptions/{id}/cancellation`: Cancel subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelRequest {
    /// Why (required).
    pub reason: CancelReason,
    /// Anything else the person wants to tell (optional, up to 1,000 characters).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub feedback: Option<String>,
    /// Now, or at the end of the term.
    pub mode: CancelMode,
}

impl CancelRequest {
    /// The checks the page and the server both make.
    pub fn validate(&self) -> Result<(), ApiError> {
        match self.feedback.as_deref().map(|f| text::clean(f, FEEDBACK_MAX_CHARS)) {
            Some(Err(text::TextError::TooLong)) => {
                Err(ApiError::field(ErrorCode::TooLong, "feedback", "Feedback can be up to 1,000 characters.")
                    .with_count(FEEDBACK_MAX_CHARS as i64))
            }
            Some(Err(text::TextError::NotText)) => Err(text::text_error(text::TextError::NotText, "feedback")),
            // empty feedback is no feedback
            None | Some(Ok(_) | Err(text::TextError::Empty)) => Ok(()),
        }
    }

    /// The feedback, trimmed; `None` when empty (or not text, which `validate` refuses).
    pub fn feedback_text(&self) -> Option<&str> {
        self.feedback.as_deref().and_then(|f| text::clean(f, FEEDBACK_MAX_CHARS).ok())
    }
}

/// `GET /api/subscriptions/{id}/cancellation`: what canceling now means, shown first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancellationQuote {
    /// Credited when canceling now: the unused rest of the term (negative amounts), zero for a trial.
    pub credit: PriceLines,
    /// Licenses released (people losing access) when canceling now.
    pub licenses_released: i64,
    /// The term's last day, when turning off recurring billing ends it.
    pub term_end_date: String,
    /// After canceling now, the last day it can still be reactivated.
    pub reactivate_until: String,
}

/// `GET /api/subscriptions/{id}/reactivation`: what reactivating costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReactivationQuote {
    /// Charged today: a new term for a canceled subscription, nothing for turning recurring billing back on.
    pub price: PriceLines,
    /// The day the (new) term ends.
    pub term_end_date: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_reads_back_from_its_name_and_only_running_ones_hold_licenses() {
        for status in SubscriptionStatus::ALL {
            assert_eq!(SubscriptionStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).ok(), Some(serde_json::Value::from(status.as_str())));
        }
        assert_eq!(SubscriptionStatus::parse("Active"), None);
        assert_eq!(SubscriptionStatus::parse(""), None);
        let holding: Vec<_> = SubscriptionStatus::ALL.into_iter().filter(|s| s.holds_licenses()).collect();
        assert_eq!(
            holding,
            [SubscriptionStatus::Active, SubscriptionStatus::Trial, SubscriptionStatus::RecurringBillingOff]
        );
    }

    #[test]
    fn feedback_up_to_1000_characters_is_fine_and_counted_in_characters() {
        let request = |feedback: String| CancelRequest {
            reason: CancelReason::Other,
            feedback: Some(feedback),
            mode: CancelMode::Now,
        };
        assert_eq!(request("ø".repeat(1000)).validate(), Ok(()));
        let error = request("x".repeat(1001)).validate().expect_err("too long");
        assert_eq!((error.code, error.field.as_deref()), (ErrorCode::TooLong, Some("feedback")));
        assert_eq!(request("  ".into()).feedback_text(), None);
        assert_eq!(request(" Too pricey \n".into()).feedback_text(), Some("Too pricey"));
    }

    #[test]
    fn feedback_of_invisible_characters_is_refused_not_stored() {
        let request = CancelRequest {
            reason: CancelReason::Other,
            feedback: Some("\u{200B}\u{200B}\u{200B}".into()),
            mode: CancelMode::Now,
        };
        let error = request.validate().expect_err("not text");
        assert_eq!((error.code, error.field.as_deref()), (ErrorCode::InvalidText, Some("feedback")));
        assert_eq!(request.feedback_text(), None);
    }
}
