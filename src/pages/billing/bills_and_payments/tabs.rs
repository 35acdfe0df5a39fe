//! The Bills & payments page (`/billing/bills`): its tab bar (Invoices, Payment methods,
//! Billing profiles), the open tab below it.

use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use crate::components::page::Page;
use crate::i18n::*;
use crate::routes::paths;

/// The page and its tab bar; the open tab renders below it.
#[component]
pub fn BillsAndPayments() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title=move || t_string!(i18n, bills_and_payments.title) in_billing=true>
            // Links, not ARIA tabs: each tab is its own address, so the current one is aria-current.
            <nav class="tabs" aria-label=move || t_string!(i18n, bills_and_payments.sections)>
                <A href=paths::INVOICES>{t!(i18n, bills_and_payments.invoices)}</A>
                <A href=paths::PAYMENT_METHODS>{t!(i18n, bills_and_payments.payment_methods)}</A>
                <A href=paths::BILLING_PROFILES>{t!(i18n, bills_and_payments.billing_profiles)}</A>
            </nav>
            <Outlet />
        </Page>
    }
}
