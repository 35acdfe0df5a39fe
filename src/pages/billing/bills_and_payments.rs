//! Billing > Bills & payments, with its tabs: Invoices, Payment methods, Billing profiles.

use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use crate::components::page::{NotAvailableYet, Page};
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

/// Bills & payments > Invoices.
#[component]
pub fn InvoicesTab() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="tab-heading">
            <h2 id="tab-heading">{t!(i18n, bills_and_payments.invoices)}</h2>
            <p class="intro">{t!(i18n, bills_and_payments.invoices_intro)}</p>
            <NotAvailableYet />
        </section>
    }
}

/// Bills & payments > Payment methods.
#[component]
pub fn PaymentMethodsTab() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="tab-heading">
            <h2 id="tab-heading">{t!(i18n, bills_and_payments.payment_methods)}</h2>
            <p class="intro">{t!(i18n, bills_and_payments.payment_methods_intro)}</p>
            <NotAvailableYet />
        </section>
    }
}

/// Bills & payments > Billing profiles.
#[component]
pub fn BillingProfilesTab() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="tab-heading">
            <h2 id="tab-heading">{t!(i18n, bills_and_payments.billing_profiles)}</h2>
            <p class="intro">{t!(i18n, bills_and_payments.billing_profiles_intro)}</p>
            <NotAvailableYet />
        </section>
    }
}
