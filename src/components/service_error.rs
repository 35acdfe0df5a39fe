//! The message shown when the service is down, slow or failing, with a way to try again.

use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::errors;
use crate::i18n::*;

/// Says what failed in the person's language and offers Retry. Never a blank page.
#[component]
pub fn ServiceError(
    /// What went wrong.
    failure: ApiFailure,
    /// Runs when the person chooses Retry.
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let retry = NodeRef::<leptos::html::Button>::new();
    // Put focus on Retry so keyboard users land on the way out. Inside <Suspense> the button
    // is attached to the document only after this effect runs, hence the next frame.
    Effect::new(move || {
        if let Some(button) = retry.get() {
            request_animation_frame(move || {
                let _ = button.focus();
            });
        }
    });
    view! {
        <section class="service-error" role="alert" aria-labelledby="service-error-title">
            <h2 id="service-error-title">{t!(i18n, shell.service_unavailable_title)}</h2>
            <p>{move || errors::describe(i18n, &failure)}</p>
            <p>{t!(i18n, shell.service_unavailable_body)}</p>
            <button type="button" class="button primary" node_ref=retry on:click=move |_| on_retry.run(())>
                {t!(i18n, shell.retry)}
            </button>
        </section>
    }
}
