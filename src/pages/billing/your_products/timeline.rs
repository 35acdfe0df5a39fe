//! A subscription's timeline, the same for its purchaser and the organization's admins: what
//! happened (with its numbers), who did it, when (in the person's language and time zone) and
//! from where (Portal, Admin, Renewal), newest first, a page at a time (Show more).

use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_api::activity::{ActivityEvent, ActivityKind, ActivityPage, ActivitySource};
use portal_api::subscriptions::CancelReason;

use super::actions::reason_text;
use crate::api::{self, ApiFailure};
use crate::components::debounce::Latest;
use crate::components::focus::focus_element;
use crate::components::loaded::Failed;
use crate::components::loading::Loading;
use crate::format;
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// Events asked for at a time.
const PAGE_SIZE: i64 = 20;

/// Which sentence tells an event, chosen from its kind and what it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sentence {
    Purchased,
    PurchasedOne,
    PurchasedPlain,
    TrialStarted,
    TrialStartedOne,
    TrialStartedPlain,
    LicensesChanged,
    LicensesChangedPlain,
    Assigned,
    AssignedOne,
    AssignedPlain,
    Unassigned,
    UnassignedOne,
    UnassignedPlain,
    Canceled,
    CanceledFeedback,
    CanceledPlain,
    RecurringOff,
    RecurringOffFeedback,
    RecurringOffPlain,
    Reactivated,
    Renewed,
    TrialBought,
    TrialBoughtOne,
    TrialBoughtPlain,
    TrialConverted,
    TrialExpired,
    Expired,
    TakenOver,
    UsersMoved,
    UsersMovedOne,
    UsersMovedPlain,
}

/// The sentence for an event: "…one" for a count of 1, "…plain" when a number or reason it
/// should carry is missing (never "0 licenses" made up), "…feedback" when feedback was given.
pub fn sentence(event: &ActivityEvent) -> Sentence {
    use Sentence::*;
    let counted = |many: Sentence, one: Sentence, plain: Sentence| match event.count {
        Some(1) => one,
        Some(_) => many,
        None => plain,
    };
    let feedback = event.feedback.as_deref().is_some_and(|f| !f.trim().is_empty());
    let reasoned = |with_feedback: Sentence, with_reason: Sentence, plain: Sentence| match (event.reason, feedback) {
        (Some(_), true) => with_feedback,
        (Some(_), false) => with_reason,
        (None, _) => plain,
    };
    match event.kind {
        ActivityKind::Purchased => counted(Purchased, PurchasedOne, PurchasedPlain),
        ActivityKind::TrialStarted => counted(TrialStarted, TrialStartedOne, TrialStartedPlain),
        ActivityKind::LicensesChanged if event.count.is_some() && event.previous_total.is_some() => LicensesChanged,
        ActivityKind::LicensesChanged => LicensesChangedPlain,
        ActivityKind::LicensesAssigned => counted(Assigned, AssignedOne, AssignedPlain),
        ActivityKind::LicensesUnassigned => counted(Unassigned, UnassignedOne, UnassignedPlain),
        ActivityKind::Canceled => reasoned(CanceledFeedback, Canceled, CanceledPlain),
        ActivityKind::RecurringBillingTurnedOff => reasoned(RecurringOffFeedback, RecurringOff, RecurringOffPlain),
        ActivityKind::Reactivated => Reactivated,
        ActivityKind::Renewed => Renewed,
        ActivityKind::TrialBought => counted(TrialBought, TrialBoughtOne, TrialBoughtPlain),
        ActivityKind::TrialConverted => TrialConverted,
        ActivityKind::TrialExpired => TrialExpired,
        ActivityKind::Expired => Expired,
        ActivityKind::TakenOver => TakenOver,
        ActivityKind::UsersMoved => counted(UsersMoved, UsersMovedOne, UsersMovedPlain),
    }
}

/// What happened, in the person's language: "Assigned 3 licenses", "Licenses changed from 100
/// to 105", "Canceled: It's too expensive — “…”".
pub fn event_text(i18n: I18n, event: &ActivityEvent) -> String {
    use Sentence::*;
    let locale = i18n.get_locale();
    let count = format::number(event.count.unwrap_or_default(), locale);
    let from = format::number(event.previous_total.unwrap_or_default(), locale);
    let reason = event.reason.map_or("", |r: CancelReason| reason_text(i18n, r));
    let feedback = event.feedback.clone().unwrap_or_default().trim().to_owned();
    match sentence(event) {
        Purchased => t_string!(i18n, admin.event_purchased, count = count).to_string(),
        PurchasedOne => t_string!(i18n, admin.event_purchased_one).to_owned(),
        PurchasedPlain => t_string!(i18n, admin.event_purchased_plain).to_owned(),
        TrialStarted => t_string!(i18n, admin.event_trial_started, count = count).to_string(),
        TrialStartedOne => t_string!(i18n, admin.event_trial_started_one).to_owned(),
        TrialStartedPlain => t_string!(i18n, admin.event_trial_started_plain).to_owned(),
        LicensesChanged => t_string!(i18n, admin.event_licenses_changed, from = from, to = count).to_string(),
        LicensesChangedPlain => t_string!(i18n, admin.event_licenses_changed_plain).to_owned(),
        Assigned => t_string!(i18n, admin.event_licenses_assigned, count = count).to_string(),
        AssignedOne => t_string!(i18n, admin.event_licenses_assigned_one).to_owned(),
        AssignedPlain => t_string!(i18n, admin.event_licenses_assigned_plain).to_owned(),
        Unassigned => t_string!(i18n, admin.event_licenses_unassigned, count = count).to_string(),
        UnassignedOne => t_string!(i18n, admin.event_licenses_unassigned_one).to_owned(),
        UnassignedPlain => t_string!(i18n, admin.event_licenses_unassigned_plain).to_owned(),
        Canceled => t_string!(i18n, admin.event_canceled, reason = reason).to_string(),
        CanceledFeedback => {
            t_string!(i18n, admin.event_canceled_feedback, reason = reason, feedback = feedback).to_string()
        }
        CanceledPlain => t_string!(i18n, admin.event_canceled_plain).to_owned(),
        RecurringOff => t_string!(i18n, admin.event_recurring_off, reason = reason).to_string(),
        RecurringOffFeedback => {
            t_string!(i18n, admin.event_recurring_off_feedback, reason = reason, feedback = feedback).to_string()
        }
        RecurringOffPlain => t_string!(i18n, admin.event_recurring_off_plain).to_owned(),
        Reactivated => t_string!(i18n, admin.event_reactivated).to_owned(),
        Renewed => t_string!(i18n, admin.event_renewed).to_owned(),
        TrialBought => t_string!(i18n, admin.event_trial_bought, count = count).to_string(),
        TrialBoughtOne => t_string!(i18n, admin.event_trial_bought_one).to_owned(),
        TrialBoughtPlain => t_string!(i18n, admin.event_trial_bought_plain).to_owned(),
        TrialConverted => t_string!(i18n, admin.event_trial_converted).to_owned(),
        TrialExpired => t_string!(i18n, admin.event_trial_expired).to_owned(),
        Expired => t_string!(i18n, admin.event_expired).to_owned(),
        TakenOver => t_string!(i18n, admin.event_taken_over).to_owned(),
        UsersMoved => t_string!(i18n, admin.event_users_moved, count = count).to_string(),
        UsersMovedOne => t_string!(i18n, admin.event_users_moved_one).to_owned(),
        UsersMovedPlain => t_string!(i18n, admin.event_users_moved_plain).to_owned(),
    }
}

fn source_text(i18n: I18n, source: ActivitySource) -> &'static str {
    match source {
        ActivitySource::Portal => t_string!(i18n, admin.source_portal),
        ActivitySource::Admin => t_string!(i18n, admin.source_admin),
        ActivitySource::Renewal => t_string!(i18n, admin.source_renewal),
    }
}

/// The Activity section: the first page, then Show more until every event is there. `version`
/// changing (the page changed the subscription) loads it again from the newest.
#[component]
pub fn Timeline(subscription_id: String, version: Signal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(subscription_id);
    let events = RwSignal::new(Vec::<ActivityEvent>::new());
    let total = RwSignal::new(0_i64);
    let state = RwSignal::new(None::<Result<(), ApiFailure>>);
    let loading_more = RwSignal::new(false);
    let latest = Latest::new();
    let load = move |offset: i64| {
        let ticket = latest.next();
        let id = id.get_value();
        spawn_local(async move {
            let answer = api::subscriptions::activity(&id, offset, PAGE_SIZE).await;
            if !latest.is_current(ticket) {
                return;
            }
            loading_more.set(false);
            match answer {
                Ok(ActivityPage { events: page, total: all, .. }) => {
                    let first_new = page.first().map(|e| e.id.clone());
                    if offset == 0 {
                        events.set(page);
                    } else {
                        events.update(|list| list.extend(page));
                        // Show more: focus the first event it brought
                        if let Some(first) = first_new {
                            request_animation_frame(move || {
                                let item = document().get_element_by_id(&format!("event-{first}"));
                                focus_element(item);
                            });
                        }
                    }
                    total.set(all);
                    state.set(Some(Ok(())));
                }
                Err(failure) => state.set(Some(Err(failure))),
            }
        });
    };
    Effect::new(move || {
        version.track();
        load(0);
    });
    let more = move |_| {
        loading_more.set(true);
        load(events.with_untracked(Vec::len) as i64);
    };
    let has_more = move || events.with(Vec::len) < total.get() as usize;
    view! {
        <section class="timeline" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t!(i18n, admin.timeline_heading)}</h2>
            {move || match state.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => {
                    let retry = Callback::new(move |()| load(events.with_untracked(Vec::len) as i64));
                    view! { <Failed failure on_retry=retry /> }.into_any()
                }
                Some(Ok(())) if events.with(Vec::is_empty) => {
                    view! { <p class="empty-state">{t!(i18n, admin.timeline_empty)}</p> }.into_any()
                }
                Some(Ok(())) => ().into_any(),
            }}
            <Show when=move || !events.with(Vec::is_empty)>
                <ol class="timeline-events">
                    <For each=move || events.get() key=|e| e.id.clone() let:event>
                        <TimelineEvent event />
                    </For>
                </ol>
            </Show>
            <Show when=has_more>
                <button type="button" class="button" id="timeline-more" on:click=more aria-disabled=move || loading_more.get().then_some("true")>
                    {move || if loading_more.get() { t_string!(i18n, shell.working) } else { t_string!(i18n, admin.show_more) }}
                </button>
            </Show>
        </section>
    }
}

/// One event: what happened as its heading, then who, when and from where.
#[component]
fn TimelineEvent(event: ActivityEvent) -> impl IntoView {
    let i18n = use_i18n();
    let what = {
        let event = event.clone();
        move || event_text(i18n, &event)
    };
    let who = {
        let name = event.actor_name.clone();
        move || match &name {
            Some(name) => t_string!(i18n, admin.by, name = name.clone()).to_string(),
            None => t_string!(i18n, admin.by_server).to_owned(),
        }
    };
    let at = event.at.clone();
    let when = {
        let at = at.clone();
        move || format::date_time(&at, i18n.get_locale())
    };
    let source = event.source;
    view! {
        <li id=format!("event-{}", event.id) tabindex="-1">
            <h3>{what}</h3>
            <p class="event-meta">
                <span>{who}</span>
                " · "
                <time datetime=at>{when}</time>
                " · "
                <span>{move || t_string!(i18n, admin.source, source = source_text(i18n, source)).to_string()}</span>
            </p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: ActivityKind) -> ActivityEvent {
        ActivityEvent {
            id: "ev".into(),
            kind,
            at: "2026-12-01T10:00:00Z".into(),
            source: ActivitySource::Portal,
            actor_name: Some("Megan Bowen".into()),
            count: None,
            previous_total: None,
            reason: None,
            feedback: None,
        }
    }

    #[test]
    fn counts_choose_the_singular_and_a_missing_count_the_plain_sentence() {
        let with = |count| ActivityEvent { count, ..event(ActivityKind::LicensesAssigned) };
        assert_eq!(sentence(&with(Some(3))), Sentence::Assigned);
        assert_eq!(sentence(&with(Some(1))), Sentence::AssignedOne);
        assert_eq!(sentence(&with(None)), Sentence::AssignedPlain);
        let moved = ActivityEvent { count: Some(1), ..event(ActivityKind::UsersMoved) };
        assert_eq!(sentence(&moved), Sentence::UsersMovedOne);
    }

    #[test]
    fn a_license_change_needs_both_totals_to_say_from_and_to() {
        let change =
            ActivityEvent { count: Some(105), previous_total: Some(100), ..event(ActivityKind::LicensesChanged) };
        assert_eq!(sentence(&change), Sentence::LicensesChanged);
        let half = ActivityEvent { previous_total: None, ..change };
        assert_eq!(sentence(&half), Sentence::LicensesChangedPlain);
    }

    #[test]
    fn a_cancellation_says_its_reason_and_feedback_when_given() {
        let canceled = ActivityEvent { reason: Some(CancelReason::TooExpensive), ..event(ActivityKind::Canceled) };
        assert_eq!(sentence(&canceled), Sentence::Canceled);
        let blank = ActivityEvent { feedback: Some("  ".into()), ..canceled.clone() };
        assert_eq!(sentence(&blank), Sentence::Canceled);
        let said = ActivityEvent { feedback: Some("Budget cut".into()), ..canceled };
        assert_eq!(sentence(&said), Sentence::CanceledFeedback);
        let off = ActivityEvent { kind: ActivityKind::RecurringBillingTurnedOff, ..said };
        assert_eq!(sentence(&off), Sentence::RecurringOffFeedback);
        assert_eq!(sentence(&event(ActivityKind::Canceled)), Sentence::CanceledPlain);
    }

    #[test]
    fn every_kind_has_its_own_sentence() {
        let kinds = [
            ActivityKind::Purchased,
            ActivityKind::TrialStarted,
            ActivityKind::LicensesChanged,
            ActivityKind::LicensesAssigned,
            ActivityKind::LicensesUnassigned,
            ActivityKind::Canceled,
            ActivityKind::RecurringBillingTurnedOff,
            ActivityKind::Reactivated,
            ActivityKind::Renewed,
            ActivityKind::TrialBought,
            ActivityKind::TrialConverted,
            ActivityKind::TrialExpired,
            ActivityKind::Expired,
            ActivityKind::TakenOver,
            ActivityKind::UsersMoved,
        ];
        let sentences: std::collections::BTreeSet<String> =
            kinds.iter().map(|k| format!("{:?}", sentence(&event(*k)))).collect();
        assert_eq!(sentences.len(), kinds.len());
    }
}
