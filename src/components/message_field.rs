//! A message field for a request or an answer: a textarea with its count of characters.

use leptos::prelude::*;
use portal_api::ApiError;
use portal_api::license_requests::MESSAGE_MAX_CHARS;

use crate::errors;
use crate::i18n::*;

/// An optional message (a license request's, an admin's answer), with its character count (up
/// to 500); what is typed past the limit stays, and the field says it is too long.
#[component]
pub fn MessageField(
    /// What the person typed.
    message: RwSignal<String>,
    /// The problem with it, if any.
    error: RwSignal<Option<ApiError>>,
    /// The label, e.g. "Message for your admin (optional)".
    label: Signal<String>,
    /// The textarea's id; its count's and error's ids derive from it.
    id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = move || message.with(|m| m.chars().count());
    let (count_id, error_id) = (format!("{id}-count"), format!("{id}-error"));
    let described_by = format!("{count_id} {error_id}");
    let count_class = move || if count() > MESSAGE_MAX_CHARS { "hint over" } else { "hint" };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea
                id=id
                rows="4"
                prop:value=message
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                on:input=move |ev| {
                    message.set(event_target_value(&ev));
                    if error.with_untracked(Option::is_some) {
                        error.set(None);
                    }
                }
            ></textarea>
            <p id=count_id class=count_class>
                {move || t_string!(i18n, self_service.message_count, count = count(), max = MESSAGE_MAX_CHARS).to_string()}
            </p>
            <p id=error_id class="field-error">{move || error.get().map(|e| errors::describe(i18n, &e))}</p>
        </div>
    }
}
