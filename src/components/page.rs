//! The frame of every page: breadcrumbs, the heading, the document title.

use leptos::prelude::*;
use leptos::text_prop::TextProp;

use crate::i18n::*;

/// A page with its breadcrumb trail and heading. Focus moves to the heading when the page
/// opens, so screen reader and keyboard users start at the top of what changed.
#[component]
pub fn Page(
    /// The heading, also the last breadcrumb and the document title.
    #[prop(into)]
    title: TextProp,
    /// Whether the page sits under Billing ("Billing > Your products").
    #[prop(optional)]
    in_billing: bool,
    /// The page's content.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<leptos::html::H1>::new();
    let title_for_document = title.clone();
    Effect::new(move || set_document_title(i18n, &title_for_document.get()));
    Effect::new(move || {
        if let Some(h1) = heading.get() {
            // On the next frame: a page inside <Suspense> joins the document only after this runs.
            request_animation_frame(move || {
                let _ = h1.focus();
            });
        }
    });
    let title_for_crumb = title.clone();
    view! {
        <nav class="breadcrumbs" aria-label=move || t_string!(i18n, shell.breadcrumb)>
            <ol>
                {in_billing.then(|| view! { <li>{t!(i18n, shell.billing)}</li> })}
                <li aria-current="page">{move || title_for_crumb.get()}</li>
            </ol>
        </nav>
        <h1 tabindex="-1" node_ref=heading>{move || title.get()}</h1>
        {children()}
    }
}

/// Sets the browser tab's title to "<page> – <app name>" in the person's language.
pub fn set_document_title(i18n: leptos_i18n::I18nContext<Locale>, page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} – {}", t_string!(i18n, shell.app_name)));
    }
}

/// An honest note for an area a later release fills in.
#[component]
pub fn NotAvailableYet() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="empty-state">{t!(i18n, shell.not_available_yet)}</p> }
}
