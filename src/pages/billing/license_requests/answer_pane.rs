//! Answering a license request (admins): its people with checkboxes (all preselected), the free
//! licenses of the product, a message for the requester; Approve selected or Decline all.
//! Approving more people than there are free licenses approves nobody: the pane says how many
//! are missing (and so does the server, 409 `not_enough_licenses` with the free count).

use std::collections::BTreeSet;

use leptos::prelude::*;
use portal_api::license_requests::{
    LicenseRequest, LicenseRequestDetails, RequestAnswer, RequestStatus, RequestedPerson, RequestedPersonStatus,
};
use portal_api::{ApiError, ErrorCode};

use super::request_facts::{Answered, RequestFacts};
use crate::api::{self, ApiFailure};
use crate::components::loaded::Loaded;
use crate::components::message_field::MessageField;
use crate::components::pane::{Pane, PaneDone};
use crate::components::submit::{SubmitButton, use_submit};
use crate::format;
use crate::i18n::*;

/// How many more free licenses approving `selected` people needs (0: enough).
pub fn missing(selected: usize, free: i64) -> i64 {
    (selected as i64 - free.max(0)).max(0)
}

/// The answer for the people chosen, in the request's order; none chosen declines it all.
pub fn answer_for(request: &LicenseRequest, chosen: &BTreeSet<String>, message: &str) -> RequestAnswer {
    let message = message.trim();
    RequestAnswer {
        approve_user_ids: request
            .people
            .iter()
            .filter(|p| chosen.contains(&p.user_id))
            .map(|p| p.user_id.clone())
            .collect(),
        message: (!message.is_empty()).then(|| message.to_owned()),
    }
}

/// The pane. `on_answered` gets the answered request and a sentence saying what happened.
#[component]
pub fn AnswerPane(
    request_id: String,
    on_answered: Callback<(LicenseRequest, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(request_id);
    let details = LocalResource::new(move || async move { api::license_requests::details(&id.get_value()).await });
    let title = RwSignal::new(String::new());
    view! {
        <Pane
            title=move || {
                let product = title.get();
                if product.is_empty() {
                    t_string!(i18n, self_service.requests_title).to_string()
                } else {
                    t_string!(i18n, self_service.answer_title, product = product).to_string()
                }
            }
            id="answer-pane"
            on_close
        >
            <Loaded resource=details let:details>
                {
                    title.set(details.request.product_name.clone());
                    view! { <AnswerForm details on_answered on_close /> }
                }
            </Loaded>
        </Pane>
    }
}

/// Which button sent the answer (the other one stays as it is while it is on its way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Approve,
    Decline,
}

#[component]
fn AnswerForm(
    details: LicenseRequestDetails,
    on_answered: Callback<(LicenseRequest, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let LicenseRequestDetails { request, free_licenses } = details;
    let free = RwSignal::new(free_licenses);
    let chosen = RwSignal::new(
        request
            .people
            .iter()
            .filter(|p| p.status == RequestedPersonStatus::Pending)
            .map(|p| p.user_id.clone())
            .collect::<BTreeSet<_>>(),
    );
    let message = RwSignal::new(String::new());
    let message_error = RwSignal::new(None::<ApiError>);
    let choice = RwSignal::new(Choice::Approve);
    let done = RwSignal::new(None::<String>);
    let request = StoredValue::new(request);
    let selected = Memo::new(move |_| chosen.with(BTreeSet::len));
    let missing_now = Memo::new(move |_| missing(selected.get(), free.get()));

    let answer = use_submit(
        move |key, answer: RequestAnswer| {
            let id = request.with_value(|r| r.id.clone());
            async move { api::license_requests::answer(&id, &key, &answer).await }
        },
        move |answered: LicenseRequest| {
            let approved = answered.people.iter().filter(|p| p.status == RequestedPersonStatus::Approved).count();
            let declined = answered.people.len() - approved;
            let text =
                t_string!(i18n, self_service.answered_done, approved = approved, declined = declined).to_string();
            done.set(Some(text.clone()));
            on_answered.run((answered, text));
        },
    )
    .route_failures(move |failure| match failure {
        // Free licenses went meanwhile: the pane shows how many are missing now.
        ApiFailure::Api { error, status } if error.code == ErrorCode::NotEnoughLicenses => {
            free.try_set(error.count.unwrap_or(0));
            Some(ApiFailure::Api { error, status })
        }
        ApiFailure::Api { error, .. } if error.field.as_deref() == Some("message") => {
            message_error.try_set(Some(error));
            None
        }
        failure => Some(failure),
    });
    let send = move |pick: Choice| {
        if answer.working.get_untracked() {
            return;
        }
        let empty = BTreeSet::new();
        let answer_now = chosen.with_untracked(|chosen| {
            let people = if pick == Choice::Approve { chosen } else { &empty };
            request.with_value(|r| answer_for(r, people, &message.get_untracked()))
        });
        if let Err(problem) = answer_now.validate() {
            message_error.set(Some(problem));
            return;
        }
        choice.set(pick);
        answer.run(answer_now);
    };

    let pending = request.with_value(|r| r.status == RequestStatus::Pending);
    let requester = request.with_value(|r| r.requester_name.clone());
    view! {
        <RequestFacts request=request.get_value() />
        {move || done.get().map(|text| view! { <PaneDone text on_close /> })}
        {(!pending).then(|| view! { <Answered request=request.get_value() on_close /> })}
        <form class="answer-form" hidden=move || !pending || done.with(Option::is_some) on:submit=move |ev| {
            ev.prevent_default();
            send(Choice::Approve);
        }>
            <p class="free-licenses">
                <strong>{move || t_string!(i18n, self_service.free_licenses, count = format::number(free.get(), i18n.get_locale())).to_string()}</strong>
            </p>
            <PeopleChoice
                people=request.with_value(|r| r.people.clone())
                chosen
                on_change=Callback::new(move |()| answer.clear_error())
            />
            <p class="hint" role="status">
                {move || t_string!(i18n, self_service.selected_count, selected = selected.get(), total = request.with_value(|r| r.people.len())).to_string()}
            </p>
            <MissingLicenses selected free missing=missing_now />
            <MessageField
                id="answer-message"
                message
                error=message_error
                label=Signal::derive(move || t_string!(i18n, self_service.answer_message_label, name = requester.clone()).to_string())
            />
            {move || answer.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
            <AnswerButtons
                working=answer.working
                choice
                can_approve=Signal::derive(move || selected.get() > 0 && missing_now.get() == 0)
                on_decline=Callback::new(move |()| send(Choice::Decline))
                on_close
            />
        </form>
    }
}

/// Approve selected (the form's submit button), Decline all and Cancel; the one pressed says
/// Working… while the answer is on its way.
#[component]
fn AnswerButtons(
    /// `Submit::working`.
    working: Signal<bool>,
    /// Which button sent the answer.
    choice: RwSignal<Choice>,
    /// Whether someone is selected and the free licenses are enough for them.
    can_approve: Signal<bool>,
    on_decline: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="pane-actions">
            <SubmitButton
                label=move || t_string!(i18n, self_service.approve_selected)
                working=Signal::derive(move || working.get() && choice.get() == Choice::Approve)
                disabled=Signal::derive(move || !can_approve.get())
            />
            <button
                type="button"
                class="button"
                aria-disabled=move || working.get().then_some("true")
                on:click=move |_| on_decline.run(())
            >
                {move || if working.get() && choice.get() == Choice::Decline {
                    t_string!(i18n, shell.working)
                } else {
                    t_string!(i18n, self_service.decline_all)
                }}
            </button>
            <button type="button" class="button" on:click=move |_| on_close.run(())>
                {t!(i18n, self_service.cancel)}
            </button>
        </div>
    }
}

/// The requested people, each with a checkbox saying whether approving approves them.
#[component]
fn PeopleChoice(
    people: Vec<RequestedPerson>,
    /// The people approving approves, by user id.
    chosen: RwSignal<BTreeSet<String>>,
    /// Runs when a checkbox changes.
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let boxes = people
        .into_iter()
        .map(|person| {
            let id = person.user_id.clone();
            let check_id = format!("approve-{}", person.user_id);
            let input_id = check_id.clone();
            let checked = {
                let id = id.clone();
                move || chosen.with(|c| c.contains(&id))
            };
            view! {
                <div class="check">
                    <input
                        type="checkbox"
                        id=input_id
                        prop:checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| {
                                if on {
                                    c.insert(id.clone());
                                } else {
                                    c.remove(&id);
                                }
                            });
                            on_change.run(());
                        }
                    />
                    <label for=check_id>
                        <span class="person-name">{person.display_name}</span>
                        " "
                        <span class="person-email">{person.email}</span>
                    </label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="people-choice">
            <legend>{t!(i18n, self_service.choose_approved)}</legend>
            {boxes}
        </fieldset>
    }
}

/// "3 selected, 2 free licenses: 1 missing", while approving the selected needs more than are free.
#[component]
fn MissingLicenses(selected: Memo<usize>, free: RwSignal<i64>, missing: Memo<i64>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        (missing.get() > 0).then(|| {
            let locale = i18n.get_locale();
            view! {
                <p class="warning" role="alert">
                    {t_string!(
                        i18n,
                        self_service.missing_licenses,
                        selected = format::number(selected.get() as i64, locale),
                        free = format::number(free.get(), locale),
                        missing = format::number(missing.get(), locale)
                    ).to_string()}
                </p>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(ids: &[&str]) -> LicenseRequest {
        LicenseRequest {
            id: "lr_1".into(),
            product_id: "prd_x".into(),
            product_name: "X".into(),
            requester_id: "u_me".into(),
            requester_name: "Me".into(),
            people: ids
                .iter()
                .map(|id| RequestedPerson {
                    user_id: (*id).into(),
                    display_name: (*id).into(),
                    email: format!("{id}@contoso.example"),
                    status: RequestedPersonStatus::Pending,
                })
                .collect(),
            message: None,
            status: RequestStatus::Pending,
            created_at: "2026-12-01T10:00:00Z".into(),
            answered_at: None,
            answered_by_name: None,
            answer_message: None,
        }
    }

    #[test]
    fn approving_more_people_than_free_licenses_says_how_many_are_missing() {
        assert_eq!(missing(3, 5), 0);
        assert_eq!(missing(5, 5), 0);
        assert_eq!(missing(5, 3), 2);
        assert_eq!(missing(2, 0), 2);
        assert_eq!(missing(0, 0), 0);
    }

    #[test]
    fn the_answer_names_the_chosen_people_in_the_requests_order() {
        let r = request(&["c", "a", "b"]);
        let chosen: BTreeSet<String> = ["b", "c"].into_iter().map(str::to_owned).collect();
        let answer = answer_for(&r, &chosen, "  Approved for Q1 ");
        assert_eq!(answer.approve_user_ids, vec!["c".to_owned(), "b".to_owned()]);
        assert_eq!(answer.message.as_deref(), Some("Approved for Q1"));
        let declined = answer_for(&r, &BTreeSet::new(), " ");
        assert!(declined.approve_user_ids.is_empty());
        assert_eq!(declined.message, None);
    }
}
