//! A moment (RFC 3339) shown in the person's language and time zone, as a `<time>` element.

use leptos::prelude::*;

use crate::format;
use crate::i18n::*;

/// "1 Dec 2026, 14:05", with the machine-readable moment in `datetime`.
#[component]
pub fn When(
    /// The moment, RFC 3339.
    at: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = {
        let at = at.clone();
        move || format::date_time(&at, i18n.get_locale())
    };
    view! { <time datetime=at>{text}</time> }
}
