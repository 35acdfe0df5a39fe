//! A billing profile's invoice email recipients: up to 5 addresses beside the profile's own,
//! each checked (form, duplicates) on the page and by the server; each Add or Remove saves the
//! whole list as one change with its own Idempotency-Key.

use leptos::prelude::*;
use portal_api::billing_accounts::{BillingProfileDetails, InvoiceRecipients, MAX_INVOICE_RECIPIENTS};
use portal_api::{ApiError, ErrorCode};
use wasm_bindgen::JsCast;

use crate::api::{self, ApiFailure};
use crate::components::status_line::StatusLine;
use crate::components::submit::{SubmitButton, use_submit};
use crate::errors;
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The list with one more address added, or why it can't be (checked as the server checks).
pub fn with_added(list: &[String], typed: &str) -> Result<Vec<String>, ApiError> {
    let mut next = list.to_vec();
    next.push(typed.trim().to_owned());
    let request = InvoiceRecipients { recipients: next };
    match request.validate() {
        // the new address is the last one: any field error is about it
        Err(error) if error.field.as_deref().is_some_and(|f| f.starts_with("recipients[")) => {
            Err(ApiError { field: Some("recipient".into()), ..error })
        }
        Err(error) => Err(error),
        Ok(()) if typed.trim().is_empty() => {
            Err(ApiError::field(ErrorCode::Required, "recipient", "Enter an email address."))
        }
        Ok(()) => Ok(request.normalized()),
    }
}

fn message(i18n: I18n, error: &ApiError) -> String {
    match error.code {
        ErrorCode::TooManyRecipients => t_string!(i18n, billing_accounts.recipients_full).to_owned(),
        ErrorCode::DuplicateRecipient => t_string!(i18n, billing_accounts.recipient_duplicate).to_owned(),
        ErrorCode::Required => t_string!(i18n, errors.email_required).to_owned(),
        _ => errors::describe(i18n, error),
    }
}

fn focus_email() {
    request_animation_frame(|| {
        if let Some(input) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("recipient-email"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = input.focus();
        }
    });
}

/// The recipients: the profile's own address, the extra ones, and (for whoever may change the
/// profile) Remove on each and a field to add one. Each Add or Remove saves the list.
#[component]
pub fn Recipients(
    /// The billing profile.
    profile: BillingProfileDetails,
    /// Runs with the profile as saved.
    on_saved: Callback<BillingProfileDetails>,
) -> impl IntoView {
    let i18n = use_i18n();
    let profile_id = profile.summary.id.clone();
    let can_change = profile.summary.can_change;
    let invoice_email = profile.invoice_email.clone();
    let list = RwSignal::new(profile.invoice_recipients.clone());
    let note = RwSignal::new(None::<String>);
    // Each saved change is done: the next one starts a new editor with a new Idempotency-Key.
    let change = RwSignal::new(0_u32);
    let saved = Callback::new(move |profile: BillingProfileDetails| {
        list.set(profile.invoice_recipients.clone());
        note.set(Some(t_string!(i18n, billing_accounts.recipients_saved).to_owned()));
        on_saved.run(profile);
        change.update(|n| *n += 1);
        focus_email();
    });
    view! {
        <h3 id="recipients-heading">{t!(i18n, billing_accounts.recipients)}</h3>
        <p class="hint">
            {move || t_string!(i18n, billing_accounts.recipients_hint, email = invoice_email.clone()).to_string()}
        </p>
        {move || {
            change.track();
            let profile_id = profile_id.clone();
            view! { <Editor profile_id list=list.get_untracked() can_change on_saved=saved /> }
        }}
        <StatusLine message=note />
    }
}

/// The list and the add field for one change.
#[component]
fn Editor(
    profile_id: String,
    list: Vec<String>,
    can_change: bool,
    on_saved: Callback<BillingProfileDetails>,
) -> impl IntoView {
    let i18n = use_i18n();
    let profile_id = StoredValue::new(profile_id);
    let current = StoredValue::new(list.clone());
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let save =
        use_submit(
            move |key, recipients: Vec<String>| {
                let id = profile_id.get_value();
                async move {
                    api::billing_accounts::set_invoice_recipients(&id, &key, &InvoiceRecipients { recipients }).await
                }
            },
            move |profile| on_saved.run(profile),
        )
        .route_failures(move |failure| match failure {
            ApiFailure::Api { error: e, .. } if e.field.as_deref().is_some_and(|f| f.starts_with("recipients")) => {
                error.set(Some(ApiError { field: Some("recipient".into()), ..e }));
                None
            }
            other => Some(other),
        });
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match with_added(&current.get_value(), &typed.get_untracked()) {
            Ok(next) => save.run(next),
            Err(e) => error.set(Some(e)),
        }
    };
    let full = list.len() >= MAX_INVOICE_RECIPIENTS;
    let error_text = move || error.with(|e| e.as_ref().map(|e| message(i18n, e)));
    let rows = list
        .into_iter()
        .map(|email| {
            let remove_label = t_string!(i18n, billing_accounts.remove_recipient, email = email.clone()).to_string();
            let gone = email.clone();
            view! {
                <li>
                    <span>{email}</span>
                    {can_change.then(|| view! {
                        <button
                            type="button"
                            class="button small"
                            aria-label=remove_label
                            on:click=move |_| save.run(current.with_value(|l| l.iter().filter(|r| **r != gone).cloned().collect()))
                        >
                            {t!(i18n, bills_and_payments.remove)}
                        </button>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="recipients" aria-labelledby="recipients-heading">{rows}</ul>
        {move || save.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
        {can_change.then(|| view! {
            <form class="inline-form" on:submit=on_add novalidate>
                <div class="field">
                    <label for="recipient-email">{t!(i18n, billing_accounts.recipient_email)}</label>
                    <input
                        id="recipient-email"
                        type="email"
                        autocomplete="email"
                        disabled=full
                        prop:value=typed
                        on:input=move |ev| {
                            typed.set(event_target_value(&ev));
                            error.set(None);
                        }
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby=move || if error.with(Option::is_some) { "recipient-email-error" } else { "recipient-email-hint" }
                    />
                    <p id="recipient-email-hint" class="hint">{move || full.then(|| t_string!(i18n, billing_accounts.recipients_full))}</p>
                    {move || error_text().map(|text| view! { <p id="recipient-email-error" class="field-error">{text}</p> })}
                </div>
                <SubmitButton label=move || t_string!(i18n, billing_accounts.add_recipient) working=save.working disabled=full />
            </form>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn an_address_is_added_once_and_up_to_five() {
        assert_eq!(with_added(&list(&["a@x.example"]), " B@x.example "), Ok(list(&["a@x.example", "b@x.example"])));
        let twice = with_added(&list(&["a@x.example"]), "A@x.example").expect_err("twice");
        assert_eq!((twice.code, twice.field.as_deref()), (ErrorCode::DuplicateRecipient, Some("recipient")));
        let bad = with_added(&list(&[]), "not-an-address").expect_err("bad");
        assert_eq!(bad.code, ErrorCode::InvalidEmail);
        let five = list(&["a@x.example", "b@x.example", "c@x.example", "d@x.example", "e@x.example"]);
        assert_eq!(with_added(&five, "f@x.example").expect_err("six").code, ErrorCode::TooManyRecipients);
        assert_eq!(with_added(&list(&[]), "  ").expect_err("empty").code, ErrorCode::Required);
    }
}
