//! What shows while something loads.

use leptos::prelude::*;

use crate::i18n::*;

/// A polite, announced "Loading…".
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {t!(i18n, shell.loading)}
        </p>
    }
}
