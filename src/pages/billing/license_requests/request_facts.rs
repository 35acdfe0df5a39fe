//! What a request says before it is answered (who asked, when, their message) and, once
//! answered, who answered it, when, each person's status and the answer's message.

use leptos::prelude::*;
use portal_api::license_requests::LicenseRequest;

use super::person_status_text;
use crate::format;
use crate::i18n::*;

/// Who asked, when, and their message.
#[component]
pub fn RequestFacts(request: LicenseRequest) -> impl IntoView {
    let i18n = use_i18n();
    let (name, at) = (request.requester_name.clone(), request.created_at.clone());
    view! {
        <p>{move || t_string!(i18n, self_service.requested_by, name = name.clone(), date = format::date_time(&at, i18n.get_locale())).to_string()}</p>
        {request.message.map(|text| view! {
            <h3>{t!(i18n, self_service.their_message)}</h3>
            <blockquote class="request-message">{text}</blockquote>
        })}
    }
}

/// A request someone answered already: who, when, each person's status, the message.
#[component]
pub fn Answered(request: LicenseRequest, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let by = request.answered_by_name.clone().unwrap_or_default();
    let at = request.answered_at.clone().unwrap_or_default();
    let people = request
        .people
        .iter()
        .map(|p| {
            let (name, status) = (p.display_name.clone(), p.status);
            view! {
                <li>{move || t_string!(i18n, self_service.person_status, name = name.clone(), status = person_status_text(i18n, status)).to_string()}</li>
            }
        })
        .collect_view();
    view! {
        <p class="hint">
            {move || t_string!(i18n, self_service.already_answered_note, name = by.clone(), date = format::date_time(&at, i18n.get_locale())).to_string()}
        </p>
        <ul class="plain">{people}</ul>
        {request.answer_message.map(|text| view! { <blockquote class="request-message">{text}</blockquote> })}
        <div class="pane-actions">
            <button type="button" class="button primary" on:click=move |_| on_close.run(())>{t!(i18n, shell.close)}</button>
        </div>
    }
}
