//! What a person can do to a subscription they bought, each in its own pane: Buy licenses and
//! Remove licenses (enter the new total), Cancel subscription (a reason, optional feedback,
//! now or at the end of the term) and Reactivate. Every pane shows what the change costs or
//! credits before Save, sends one Idempotency-Key per pane (reused when Save is retried), and
//! keeps what the person typed when something goes wrong.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::ErrorCode;
use portal_api::purchases::{PriceLines, validate_licenses};
use portal_api::subscriptions::{
    CancelMode, CancelReason, CancelRequest, CancellationQuote, FEEDBACK_MAX_CHARS, LicenseChangeQuote,
    ReactivationQuote, Subscription, SubscriptionStatus,
};

use crate::api::{self, ApiFailure};
use crate::components::loading::Loading;
use crate::components::more_actions::{MenuAction, MoreActions};
use crate::components::pane::Pane;
use crate::components::submit::{SubmitButton, use_submit};
use crate::errors;
use crate::format;
use crate::i18n::*;
use crate::pages::purchase::BuyPane;
use crate::routes::paths;

type I18n = leptos_i18n::I18nContext<Locale>;

/// An action on a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Buy licenses: a higher total.
    BuyLicenses,
    /// Remove licenses: a lower total.
    RemoveLicenses,
    /// Buy a trial.
    BuySubscription,
    /// Cancel subscription.
    Cancel,
    /// Reactivate (canceled in its grace period) or turn recurring billing back on.
    Reactivate,
}

/// The actions a subscription offers the person, in menu order (none if they may not change it).
pub fn actions_for(s: &Subscription) -> Vec<Action> {
    if !s.can_change {
        return Vec::new();
    }
    let mut actions = Vec::new();
    match (s.status, s.is_trial) {
        (SubscriptionStatus::Active | SubscriptionStatus::RecurringBillingOff, false) => {
            actions.extend([Action::BuyLicenses, Action::RemoveLicenses]);
        }
        (SubscriptionStatus::Trial | SubscriptionStatus::Expired, true) => actions.push(Action::BuySubscription),
        _ => {}
    }
    let can_turn_back_on = !s.recurring_billing
        && (s.status == SubscriptionStatus::RecurringBillingOff
            || (s.status == SubscriptionStatus::Canceled && s.reactivate_until.is_some() && !s.is_trial));
    if can_turn_back_on {
        actions.push(Action::Reactivate);
    }
    if matches!(
        s.status,
        SubscriptionStatus::Active | SubscriptionStatus::Trial | SubscriptionStatus::RecurringBillingOff
    ) {
        actions.push(Action::Cancel);
    }
    actions
}

/// The action's label, in the person's language.
pub fn action_label(i18n: I18n, action: Action) -> &'static str {
    match action {
        Action::BuyLicenses => t_string!(i18n, your_products.buy_licenses),
        Action::RemoveLicenses => t_string!(i18n, your_products.remove_licenses),
        Action::BuySubscription => t_string!(i18n, your_products.buy_subscription),
        Action::Cancel => t_string!(i18n, your_products.cancel_subscription),
        Action::Reactivate => t_string!(i18n, your_products.reactivate),
    }
}

/// A subscription's More actions (three dots) menu; choosing an action sets `open`.
#[component]
pub fn SubscriptionMenu(subscription: Subscription, open: RwSignal<Option<(Action, Subscription)>>) -> impl IntoView {
    let i18n = use_i18n();
    let actions = actions_for(&subscription);
    let name = subscription.product_name.clone();
    let id = format!("actions-{}", subscription.id);
    let items = actions
        .into_iter()
        .map(|action| {
            let s = subscription.clone();
            MenuAction {
                label: Signal::derive(move || action_label(i18n, action)),
                run: Callback::new(move |_| open.set(Some((action, s.clone())))),
            }
        })
        .collect::<Vec<_>>();
    (!items.is_empty()).then(|| {
        view! {
            <MoreActions
                label=Signal::derive(move || t_string!(i18n, your_products.more_actions_for, product = name.clone()).to_string())
                id
                actions=items
            />
        }
    })
}

/// Buttons for the actions, for the details page (where there is room for them).
#[component]
pub fn ActionButtons(subscription: Subscription, open: RwSignal<Option<(Action, Subscription)>>) -> impl IntoView {
    let i18n = use_i18n();
    actions_for(&subscription)
        .into_iter()
        .map(|action| {
            let s = subscription.clone();
            view! {
                <button
                    type="button"
                    class="button"
                    id=format!("action-{action:?}").to_lowercase()
                    on:click=move |_| open.set(Some((action, s.clone())))
                >
                    {move || action_label(i18n, action)}
                </button>
            }
        })
        .collect_view()
}

/// The pane of the chosen action, if any. `on_done` gets the changed subscription and a
/// sentence saying what happened.
#[component]
pub fn ActionPane(
    open: RwSignal<Option<(Action, Subscription)>>,
    on_done: Callback<(Subscription, String)>,
) -> impl IntoView {
    let close = Callback::new(move |_| open.set(None));
    let done = Callback::new(move |result: (Subscription, String)| {
        open.set(None);
        on_done.run(result);
    });
    move || {
        open.get().map(|(action, s)| match action {
            Action::BuyLicenses | Action::RemoveLicenses => {
                view! { <LicensesPane subscription=s action on_done=done on_close=close /> }.into_any()
            }
            Action::Cancel => view! { <CancelPane subscription=s on_done=done on_close=close /> }.into_any(),
            Action::Reactivate => view! { <ReactivatePane subscription=s on_done=done on_close=close /> }.into_any(),
            Action::BuySubscription => view! { <BuyTrial subscription=s on_done=done on_close=close /> }.into_any(),
        })
    }
}

/// Subtotal, tax and total.
#[component]
fn PriceLinesView(price: PriceLines) -> impl IntoView {
    let i18n = use_i18n();
    let rate_bp = price.tax_rate_bp;
    let PriceLines { subtotal, tax, total, .. } = price;
    view! {
        <dl class="price-lines">
            <dt>{t!(i18n, your_products.subtotal)}</dt>
            <dd>{move || format::money(&subtotal, i18n.get_locale())}</dd>
            <dt>{move || t_string!(i18n, your_products.tax, rate = format::percent(rate_bp, i18n.get_locale())).to_string()}</dt>
            <dd>{move || format::money(&tax, i18n.get_locale())}</dd>
            <dt class="total">{t!(i18n, your_products.total)}</dt>
            <dd class="total">{move || format::money(&total, i18n.get_locale())}</dd>
        </dl>
    }
}

/// Buy licenses / Remove licenses: the new total, what it costs or credits, Save.
#[component]
fn LicensesPane(
    subscription: Subscription,
    action: Action,
    on_done: Callback<(Subscription, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = StoredValue::new(subscription.clone());
    let current = subscription.total_licenses;
    let total_text = RwSignal::new(current.to_string());
    // what the total field holds, when it is a whole number
    let total = Memo::new(move |_| total_text.with(|t| t.trim().parse::<i64>().ok()));
    let quote = RwSignal::new(None::<Result<LicenseChangeQuote, ApiFailure>>);
    // The field's own problem, checked here first (the server checks the same rule).
    let field_error = Memo::new(move |_| match total.get() {
        None if total_text.with(|t| t.trim().is_empty()) => None,
        None => Some(t_string!(i18n, errors.out_of_range, max = s.with_value(|s| s.max_licenses)).to_string()),
        Some(n) => validate_licenses(n, s.with_value(|s| s.max_licenses), "total_licenses")
            .err()
            .map(|e| errors::describe(i18n, &e)),
    });
    // Ask the server what the new total means, a moment after typing stops.
    let generation = StoredValue::new(0u32);
    Effect::new(move || {
        let wanted = total.get();
        let ok = field_error.with(Option::is_none);
        quote.set(None);
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        let Some(wanted) = wanted.filter(|n| ok && *n != current) else { return };
        set_timeout(
            move || {
                if generation.get_value() != this {
                    return;
                }
                let id = s.with_value(|s| s.id.clone());
                leptos::task::spawn_local(async move {
                    let answer = api::subscriptions::license_change_quote(&id, wanted).await;
                    if generation.get_value() == this {
                        quote.set(Some(answer));
                    }
                });
            },
            std::time::Duration::from_millis(250),
        );
    });
    let can_save = Memo::new(move |_| matches!(quote.get(), Some(Ok(_))));
    let save = use_submit(
        move |key, wanted| {
            let id = s.with_value(|s| s.id.clone());
            async move { api::subscriptions::change_licenses(&id, &key, wanted).await }
        },
        move |changed: Subscription| {
            let name = s.with_value(|s| s.product_name.clone());
            let message = t_string!(i18n, your_products.saved_licenses, product = name, total = changed.total_licenses)
                .to_string();
            on_done.run((changed, message));
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(wanted) = total.get_untracked().filter(|_| can_save.get_untracked()) {
            save.run(wanted);
        }
    };
    let title = move || action_label(i18n, action);
    let (assigned, name) = (subscription.assigned_licenses, subscription.product_name.clone());
    let product_id = subscription.product_id.clone();
    view! {
        <Pane title=title id="licenses-pane" on_close>
            <form on:submit=on_submit>
                <p>
                    <strong>{name}</strong>
                    " · "
                    {t!(i18n, your_products.licenses_summary, assigned = assigned, total = current)}
                </p>
                <div class="field">
                    <label for="total-licenses">{t!(i18n, your_products.total_licenses)}</label>
                    <p class="hint" id="total-licenses-hint">
                        {move || if action == Action::BuyLicenses {
                            t_string!(i18n, your_products.total_hint_buy)
                        } else {
                            t_string!(i18n, your_products.total_hint_remove)
                        }}
                    </p>
                    <input
                        id="total-licenses"
                        type="number"
                        inputmode="numeric"
                        min="1"
                        max=subscription.max_licenses
                        step="1"
                        prop:value=total_text
                        on:input=move |ev| {
                            total_text.set(event_target_value(&ev));
                            save.clear_error();
                        }
                        aria-invalid=move || field_error.with(Option::is_some).then_some("true")
                        aria-describedby=move || if field_error.with(Option::is_some) { "total-licenses-hint total-licenses-error" } else { "total-licenses-hint" }
                    />
                    {move || field_error.get().map(|text| view! { <p id="total-licenses-error" class="field-error">{text}</p> })}
                </div>
                <div aria-live="polite">
                    {move || match quote.get() {
                        None if total.get() == Some(current) => Some(view! { <p class="hint">{t!(i18n, your_products.change_none)}</p> }.into_any()),
                        None => None,
                        Some(Ok(q)) => Some(view! { <ChangeSummary quote=q /> }.into_any()),
                        Some(Err(ApiFailure::Api { error, .. })) if error.code == ErrorCode::BelowAssigned => {
                            let text = errors::describe(i18n, &error);
                            let _ = &product_id;
                            Some(view! {
                                <p class="form-error" role="alert">
                                    {text} " " <A href=paths::LICENSES>{t!(i18n, your_products.see_assigned)}</A>
                                </p>
                            }.into_any())
                        }
                        Some(Err(failure)) => {
                            Some(view! { <p class="form-error" role="alert">{errors::describe(i18n, &failure)}</p> }.into_any())
                        }
                    }}
                </div>
                {move || save.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                <div class="pane-actions">
                    <SubmitButton label=move || t_string!(i18n, shell.save) working=save.working disabled=move || !can_save.get() />
                    <button type="button" class="button" on:click=move |_| on_close.run(())>{t!(i18n, shell.close)}</button>
                </div>
            </form>
        </Pane>
    }
}

/// "5 licenses added, charged today: …" or "5 licenses removed, credited on …: …".
#[component]
fn ChangeSummary(quote: LicenseChangeQuote) -> impl IntoView {
    let i18n = use_i18n();
    let change = quote.new_total - quote.current_total;
    let date = quote.applies_on.clone();
    view! {
        <p>
            {move || {
                let date = format::date(&date, i18n.get_locale());
                if change > 0 {
                    t_string!(i18n, your_products.charge_today, count = change, date = date).to_string()
                } else {
                    t_string!(i18n, your_products.credit_later, count = -change, date = date).to_string()
                }
            }}
        </p>
        <PriceLinesView price=quote.price />
    }
}

/// Cancel subscription: a reason, optional feedback, now or at the end of the term, Save.
#[component]
fn CancelPane(
    subscription: Subscription,
    on_done: Callback<(Subscription, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = StoredValue::new(subscription.clone());
    let id = subscription.id.clone();
    let quote = LocalResource::new(move || {
        let id = id.clone();
        async move { api::subscriptions::cancellation_quote(&id).await }
    });
    let reason = RwSignal::new(None::<CancelReason>);
    let feedback = RwSignal::new(String::new());
    let mode = RwSignal::new(CancelMode::Now);
    let reason_missing = RwSignal::new(false);
    let first_reason = NodeRef::<leptos::html::Input>::new();
    let feedback_chars = Memo::new(move |_| feedback.with(|f| f.chars().count()));
    let feedback_too_long = Memo::new(move |_| feedback_chars.get() > FEEDBACK_MAX_CHARS);

    let save = use_submit(
        move |key, request: CancelRequest| {
            let id = s.with_value(|s| s.id.clone());
            async move { api::subscriptions::cancel(&id, &key, &request).await.map(|changed| (changed, request.mode)) }
        },
        move |(changed, mode): (Subscription, CancelMode)| {
            let name = s.with_value(|s| s.product_name.clone());
            let message = if mode == CancelMode::Now {
                t_string!(i18n, your_products.canceled_message, product = name).to_string()
            } else {
                let date = format::date(&changed.term_end_date, i18n.get_locale());
                t_string!(i18n, your_products.recurring_off_message, product = name, date = date).to_string()
            };
            on_done.run((changed, message));
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(reason) = reason.get_untracked() else {
            reason_missing.set(true);
            if let Some(input) = first_reason.get_untracked() {
                let _ = input.focus();
            }
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
                {move || save.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                <div class="pane-actions">
                    <SubmitButton label=move || t_string!(i18n, shell.save) working=save.working disabled=feedback_too_long />
                    <button type="button" class="button" on:click=move |_| on_close.run(())>{t!(i18n, shell.close)}</button>
                </div>
            </form>
        </Pane>
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

fn reason_text(i18n: I18n, reason: CancelReason) -> &'static str {
    match reason {
        CancelReason::TooExpensive => t_string!(i18n, your_products.reason_too_expensive),
        CancelReason::NoLongerNeeded => t_string!(i18n, your_products.reason_no_longer_needed),
        CancelReason::MissingFeatures => t_string!(i18n, your_products.reason_missing_features),
        CancelReason::SwitchingProduct => t_string!(i18n, your_products.reason_switching_product),
        CancelReason::BoughtByMistake => t_string!(i18n, your_products.reason_bought_by_mistake),
        CancelReason::Other => t_string!(i18n, your_products.reason_other),
    }
}

/// Reactivate: what it charges (or that it charges nothing), then Reactivate.
#[component]
fn ReactivatePane(
    subscription: Subscription,
    on_done: Callback<(Subscription, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = StoredValue::new(subscription.clone());
    let id = subscription.id.clone();
    let quote = LocalResource::new(move || {
        let id = id.clone();
        async move { api::subscriptions::reactivation_quote(&id).await }
    });
    let save = use_submit(
        move |key, ()| {
            let id = s.with_value(|s| s.id.clone());
            async move { api::subscriptions::reactivate(&id, &key).await }
        },
        move |changed: Subscription| {
            let name = s.with_value(|s| s.product_name.clone());
            let message = t_string!(i18n, your_products.reactivated_message, product = name).to_string();
            on_done.run((changed, message));
        },
    );
    view! {
        <Pane title=move || t_string!(i18n, your_products.reactivate) id="reactivate-pane" on_close>
            <p><strong>{subscription.product_name.clone()}</strong></p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match quote.await {
                        Ok(ReactivationQuote { price, term_end_date }) => {
                            let charged = price.total.amount_minor > 0;
                            let date = move || format::date(&term_end_date, i18n.get_locale());
                            view! {
                                <p>
                                    {move || if charged {
                                        t_string!(i18n, your_products.reactivate_detail, date = date()).to_string()
                                    } else {
                                        t_string!(i18n, your_products.recurring_on_detail, date = date()).to_string()
                                    }}
                                </p>
                                {charged.then(|| view! { <PriceLinesView price=price.clone() /> })}
                                {move || save.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                                <div class="pane-actions">
                                    <SubmitButton
                                        label=move || t_string!(i18n, your_products.reactivate)
                                        working=save.working
                                        on_click=Callback::new(move |()| save.run(()))
                                    />
                                    <button type="button" class="button" on:click=move |_| on_close.run(())>{t!(i18n, shell.close)}</button>
                                </div>
                            }.into_any()
                        }
                        Err(failure) => view! { <p class="form-error" role="alert">{errors::describe(i18n, &failure)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </Pane>
    }
}

/// Buy subscription (a trial): the Purchase page's buy pane, buying this trial.
#[component]
fn BuyTrial(
    subscription: Subscription,
    on_done: Callback<(Subscription, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = subscription.product_name.clone();
    let bought = Callback::new(move |s: Subscription| {
        let message = t_string!(i18n, your_products.bought_message, product = name.clone()).to_string();
        on_done.run((s, message));
    });
    view! {
        <BuyPane
            product_id=subscription.product_id.clone()
            product_name=subscription.product_name.clone()
            max_licenses=subscription.max_licenses
            trial_subscription_id=Some(subscription.id.clone())
            initial_licenses=subscription.total_licenses
            billing_term=subscription.billing_term
            on_done=bought
            on_close
        />
    }
}
