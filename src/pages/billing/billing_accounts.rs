//! Billing > Billing accounts: accounts, their billing profiles and payment methods.

use leptos::prelude::*;

use crate::components::page::{NotAvailableYet, Page};
use crate::i18n::*;

/// The Billing accounts page.
#[component]
pub fn BillingAccounts() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title=move || t_string!(i18n, billing_accounts.title) in_billing=true>
            <p class="intro">{t!(i18n, billing_accounts.intro)}</p>
            <NotAvailableYet />
        </Page>
    }
}
