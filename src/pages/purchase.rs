//! Purchase services: buy a product for the team, or start a trial.

use leptos::prelude::*;

use crate::components::page::{NotAvailableYet, Page};
use crate::i18n::*;

/// The Purchase services page.
#[component]
pub fn PurchaseServices() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title=move || t_string!(i18n, purchase.title)>
            <p class="intro">{t!(i18n, purchase.intro)}</p>
            <NotAvailableYet />
        </Page>
    }
}
