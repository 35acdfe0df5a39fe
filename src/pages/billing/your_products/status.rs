//! A subscription's status in words (the filter's select uses its wire name, `SubscriptionStatus::as_str`).

use portal_api::subscriptions::SubscriptionStatus;

use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

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
