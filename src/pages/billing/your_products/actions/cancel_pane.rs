//! Cancel subscription: a reason, optional feedback, now or at the end of the term, Save.

use leptos::prelude::*;
use portal_api::subscriptions::{
    CancelMode, CancelReason, CancelRequest, CancellationQuote, FEEDBACK_MAX_CHARS, Subscription,
};

use super::super::change::{use_subscription_read, use_subscription_save};
use crate::api;
use crate::components::focus::focus_node;
use crate::components::loading::Loading;
use crate::components::pane::Pane;
use crate::components::submit::{PaneButtons, SubmitButton};
use crate::errors;
use crate::format;
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// Cancel subscription: a reason, optional feedback, now or at the end of the term, Save.
#[component]
pub fn CancelPane(
    subscription: Subscription,
    on_done: Callback<(Subscription, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let quote =
        use_subscription_read(&subscription, |id| async move { api::subscriptions::cancellation_quote(&id).await });
    let reason = RwSignal::new(None::<CancelReason>);
    let feedback = RwSignal::new(String::new());
    let mode = RwSignal::new(CancelMode::Now);
    let reason_missing = RwSignal::new(false);
    let first_reason = NodeRef::<leptos::html::Input>::new();
    let feedback_chars = Memo::new(move |_| feedback.with(|f| f.chars().count()));
    let feedback_too_long = Memo::new(move |_| feedback_chars.get() > FEEDBACK_MAX_CHARS);

    let save = use_subscription_save(
        &subscription,
        |id, key, request: CancelRequest| async move {
            api::subscriptions::cancel(&id, &key, &request).await.map(|changed| (changed, request.mode))
        },
        move |(changed, mode): (Subscription, CancelMode), name| {
            let message = if mode == CancelMode::Now {
                t_string!(i18n, your_products.canceled_message, product = name).to_string()
            } else {
                let date = format::date(&changed.term_end_date, i18n.get_locale());
                t_string!(i18n, your_products.recurring_off_message, product = name, date = date).to_string()
            };
            (changed, message)
        },
        on_done,
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(reason) = reason.get_untracked() else {
            reason_missing.set(true);
            focus_node(first_reason);
            return;
        };
        if !feedback_too_long.get_untracked() {
            save.run(CancelRequest { reason, feedback: Some(feedback.get_untracked()), mode: mode.get_untracked() });
        }
    };
    let recurring = subscription.recurring_billing;
    let is_trial = subscription.is_trial;
    view! {
        <Pane title=move || t_string!(i18n, your_products.cancel_subscription) id="cancel-pane" on_close>
            <form on:submit=on_submit>
                <p><strong>{subscription.product_name.clone()}</strong></p>
                <ReasonChoice reason reason_missing first_reason />
                <div class="field">
                    <label for="cancel-feedback">{t!(i18n, your_products.feedback_label)}</label>
                    <textarea
                        id="cancel-feedback"
                        maxlength=FEEDBACK_MAX_CHARS
                        prop:value=feedback
                        on:input=move |ev| feedback.set(event_target_value(&ev))
                        aria-describedby="cancel-feedback-count"
                        aria-invalid=move || feedback_too_long.get().then_some("true")
                    ></textarea>
                    <p id="cancel-feedback-count" class="hint">
                        {move || t_string!(i18n, your_products.feedback_count, count = feedback_chars.get()).to_string()}
                    </p>
                </div>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match quote.await {
                            Ok(q) => view! { <WhenChoice quote=q mode recurring is_trial /> }.into_any(),
                            Err(failure) => view! { <p class="form-error" role="alert">{errors::describe(i18n, &failure)}</p> }.into_any(),
                        }
                    })}
                </Suspense>
                <PaneButtons error=save.error leave_label=move || t_string!(i18n, shell.close) on_leave=on_close>
                    <SubmitButton label=move || t_string!(i18n, shell.save) working=save.working disabled=feedback_too_long />
                </PaneButtons>
            </form>
        </Pane>
    }
}

/// Why they cancel: one reason, required; `first_reason` is focused when none is chosen.
#[component]
fn ReasonChoice(
    reason: RwSignal<Option<CancelReason>>,
    reason_missing: RwSignal<bool>,
    first_reason: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset
            class="choices"
            aria-describedby=move || reason_missing.get().then_some("reason-error")
            aria-invalid=move || reason_missing.get().then_some("true")
        >
            <legend>{t!(i18n, your_products.cancel_reason_legend)}</legend>
            {CancelReason::ALL
                .into_iter()
                .enumerate()
                .map(|(index, r)| {
                    let input_ref = if index == 0 { first_reason } else { NodeRef::new() };
                    view! {
                        <label>
                            <input
                                type="radio"
                                name="cancel-reason"
                                value=r.as_str()
                                node_ref=input_ref
                                prop:checked=move || reason.get() == Some(r)
                                on:change=move |_| {
                                    reason.set(Some(r));
                                    reason_missing.set(false);
                                }
                            />
                            {move || reason_text(i18n, r)}
                        </label>
                    }
                })
                .collect_view()}
            {move || reason_missing.get().then(|| view! { <p id="reason-error" class="field-error">{t!(i18n, your_products.reason_required)}</p> })}
        </fieldset>
    }
}

/// Cancel now (with its credit and the licenses released) or turn off recurring billing.
#[component]
fn WhenChoice(quote: CancellationQuote, mode: RwSignal<CancelMode>, recurring: bool, is_trial: bool) -> impl IntoView {
    let i18n = use_i18n();
    let CancellationQuote { credit, licenses_released, term_end_date, reactivate_until } = quote;
    let credit_total = portal_api::Money { amount_minor: -credit.total.amount_minor, ..credit.total.clone() };
    let now_detail = move || {
        let locale = i18n.get_locale();
        let amount = format::money(&credit_total, locale);
        let date = format::date(&reactivate_until, locale);
        if is_trial {
            t_string!(i18n, your_products.cancel_trial_detail, count = licenses_released).to_string()
        } else {
            t_string!(i18n, your_products.cancel_now_detail, count = licenses_released, amount = amount, date = date)
                .to_string()
        }
    };
    let end_detail = move || {
        let date = format::date(&term_end_date, i18n.get_locale());
        t_string!(i18n, your_products.end_of_term_detail, date = date).to_string()
    };
    view! {
        <fieldset class="choices">
            <legend>{t!(i18n, your_products.when_legend)}</legend>
            <label>
                <input type="radio" name="cancel-mode" value="now" prop:checked=move || mode.get() == CancelMode::Now on:change=move |_| mode.set(CancelMode::Now) />
                <span>{t!(i18n, your_products.cancel_now)} <span class="choice-detail">{now_detail}</span></span>
            </label>
            {recurring.then(|| view! {
                <label>
                    <input type="radio" name="cancel-mode" value="end_of_term" prop:checked=move || mode.get() == CancelMode::EndOfTerm on:change=move |_| mode.set(CancelMode::EndOfTerm) />
                    <span>{t!(i18n, your_products.end_of_term)} <span class="choice-detail">{end_detail}</span></span>
                </label>
            })}
        </fieldset>
    }
}

/// Why someone canceled, in the person's language (the pane's choices, and the timeline).
pub fn reason_text(i18n: I18n, reason: CancelReason) -> &'static str {
    match reason {
        CancelReason::TooExpensive => t_string!(i18n, your_products.reason_too_expensive),
        CancelReason::NoLongerNeeded => t_string!(i18n, your_products.reason_no_longer_needed),
        CancelReason::MissingFeatures => t_string!(i18n, your_products.reason_missing_features),
        CancelReason::SwitchingProduct => t_string!(i18n, your_products.reason_switching_product),
        CancelReason::BoughtByMistake => t_string!(i18n, your_products.reason_bought_by_mistake),
        CancelReason::Other => t_string!(i18n, your_products.reason_other),
    }
}
