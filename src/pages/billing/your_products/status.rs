//! A subscription's status in words, and as the filter's select names it.

use portal_api::subscriptions::SubscriptionStatus;

use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// Every status, in the order the filter offers them.
pub const STATUSES: [SubscriptionStatus; 5] = [
    SubscriptionStatus::Active,
    SubscriptionStatus::Trial,
    SubscriptionStatus::RecurringBillingOff,
    SubscriptionStatus::Expired,
    SubscriptionStatus::Canceled,
];

/// The status in the person's language.
pub fn status_text(i18n: I18n, status: SubscriptionStatus) -> &'static str {
    match status {
        SubscriptionStatus::Active => t_string!(i18n, your_products.status_active),
        SubscriptionStatus::Trial => t_string!(i18n, your_products.status_trial),
        SubscriptionStatus::RecurringBillingOff => t_string!(i18n, your_products.status_recurring_billing_off),
        SubscriptionStatus::Expired => t_string!(i18n, your_products.status_expired),
        SubscriptionStatus::Canceled => t_string!(i18n, your_products.status_canceled),
    }
}

/// The status's value in the filter's select.
pub fn status_key(status: SubscriptionStatus) -> &'static str {
    match status {
        SubscriptionStatus::Active => "active",
        SubscriptionStatus::Trial => "trial",
        SubscriptionStatus::RecurringBillingOff => "recurring_billing_off",
        SubscriptionStatus::Expired => "expired",
        SubscriptionStatus::Canceled => "canceled",
    }
}

/// The status a value of the filter's select names.
pub fn status_from_key(key: &str) -> Option<SubscriptionStatus> {
    STATUSES.into_iter().find(|status| status_key(*status) == key)
}
