//! The line above a page's content that says what the last change did ("Saved."), announced
//! as a status.

use leptos::prelude::*;

/// The status line; empty until there is something to say.
#[component]
pub fn StatusLine(
    /// What the last change did.
    #[prop(into)]
    message: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div role="status" class="status-line">
            {move || message.get().map(|text| view! { <p class="success">{text}</p> })}
        </div>
    }
}
