//! The page for an address the portal does not have.

use leptos::prelude::*;

use crate::components::page::set_document_title;
use crate::i18n::*;
use crate::routes::paths;

/// Says the page does not exist and offers the way back.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move || set_document_title(i18n, t_string!(i18n, shell.not_found_title)));
    view! {
        <main id="main" class="standalone">
            <h1>{t!(i18n, shell.not_found_title)}</h1>
            <p>{t!(i18n, shell.not_found_body)}</p>
            <p><a class="button primary" href=paths::YOUR_PRODUCTS>{t!(i18n, shell.go_to_your_products)}</a></p>
        </main>
    }
}
