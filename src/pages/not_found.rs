//! The page for an address the portal does not have.

use leptos::prelude::*;

use crate::i18n::*;
use crate::routes::paths;

/// Says the page does not exist and offers the way back.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move || {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!(
                "{} – {}",
                t_string!(i18n, shell.not_found_title),
                t_string!(i18n, shell.app_name)
            ));
        }
    });
    view! {
        <main id="main" class="standalone">
            <h1>{t!(i18n, shell.not_found_title)}</h1>
            <p>{t!(i18n, shell.not_found_body)}</p>
            <p><a class="button primary" href=paths::YOUR_PRODUCTS>{t!(i18n, shell.go_to_your_products)}</a></p>
        </main>
    }
}
