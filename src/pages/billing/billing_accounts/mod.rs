//! Billing > Billing accounts: the Overview tab with the accounts; an account's page with its
//! Billing profile tab; and a billing profile's details page (which Bills & payments >
//! Billing profiles opens too).

mod account;
mod accounts;
mod profile;
mod recipients;
mod replace_pane;

pub use account::BillingAccountPage;
pub use accounts::BillingAccounts;
pub use profile::BillingProfilePage;

use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The agreement an account is under, in the person's language where we know its name.
pub fn account_type_text(i18n: I18n, account_type: &str) -> String {
    match account_type {
        "customer_agreement" => t_string!(i18n, billing_accounts.type_customer_agreement).to_owned(),
        other => other.to_owned(),
    }
}
