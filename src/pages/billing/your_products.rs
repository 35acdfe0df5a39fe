//! Billing > Your products: the subscriptions the person bought.

use leptos::prelude::*;

use crate::components::page::{NotAvailableYet, Page};
use crate::i18n::*;

/// The Your products page.
#[component]
pub fn YourProducts() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title=move || t_string!(i18n, products.title) in_billing=true>
            <p class="intro">{t!(i18n, products.intro)}</p>
            <NotAvailableYet />
        </Page>
    }
}
