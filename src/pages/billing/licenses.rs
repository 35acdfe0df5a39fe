//! Billing > Licenses: who has a license for each product.

use leptos::prelude::*;

use crate::components::page::{NotAvailableYet, Page};
use crate::i18n::*;

/// The Licenses page.
#[component]
pub fn Licenses() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title=move || t_string!(i18n, licenses.title) in_billing=true>
            <p class="intro">{t!(i18n, licenses.intro)}</p>
            <NotAvailableYet />
        </Page>
    }
}
