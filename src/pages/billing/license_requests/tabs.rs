//! The tabs Licenses and Requests share.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::*;
use crate::routes::paths;

/// Licenses | Requests: links, each its own address, the current one `aria-current`.
#[component]
pub fn LicensesTabs() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tabs" aria-label=move || t_string!(i18n, self_service.sections)>
            <A href=paths::LICENSES exact=true>{t!(i18n, self_service.licenses_tab)}</A>
            <A href=paths::LICENSE_REQUESTS exact=true>{t!(i18n, self_service.requests_tab)}</A>
        </nav>
    }
}
