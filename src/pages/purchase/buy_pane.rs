//! The Buy pane: how many licenses, how to pay, the price with tax, then Buy. Also buys a
//! trial (turns it into a paid subscription) from Your products.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_api::ApiError;
use portal_api::products::BillingTerm;
use portal_api::purchases::{BuyTrialRequest, PurchaseRequest};
use portal_api::subscriptions::Subscription;

use super::payment_choice::{
    FormProblem, PaymentChoice, PaymentPick, payment_for, problem_text, show_failure, show_payment_error,
};
use super::price::{PriceSummary, parse_licenses, use_quote};
use crate::api;
use crate::components::card_form::CardFields;
use crate::components::pane::Pane;
use crate::errors;
use crate::format;
use crate::i18n::*;

/// Buys licenses of a product, or buys a trial when `trial_subscription_id` is given.
///
/// One Idempotency-Key is made when the pane opens and sent with every attempt, so a double
/// click, or a retry after a network failure or timeout, charges at most once (after a refusal
/// such as a declined card the server has released the key, so the corrected attempt reuses
/// it). Render it inside `<Show>`; it closes with `on_close` and reports the subscription
/// bought with `on_done`.
#[component]
pub fn BuyPane(
    /// The product to buy.
    product_id: String,
    /// Its name, for the heading.
    product_name: String,
    /// The most licenses one subscription of it can have.
    max_licenses: i64,
    /// The trial to buy instead of a new subscription (`POST /subscriptions/{id}/purchase`).
    trial_subscription_id: Option<String>,
    /// Runs with the subscription once it is bought.
    on_done: Callback<Subscription>,
    /// Closes the pane (Cancel, Close, Escape).
    on_close: Callback<()>,
    /// The number of licenses filled in at first (1 if not given), e.g. the trial's.
    #[prop(optional)]
    initial_licenses: Option<i64>,
    /// How the product is billed, so the subtotal says what it covers (1 or 12 months).
    #[prop(optional)]
    billing_term: Option<BillingTerm>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = StoredValue::new(api::new_idempotency_key());
    let licenses_text = RwSignal::new(initial_licenses.unwrap_or(1).to_string());
    let licenses = Memo::new(move |_| parse_licenses(&licenses_text.get(), max_licenses).ok());
    let licenses_error = RwSignal::new(None::<ApiError>);
    let licenses_input = NodeRef::<Input>::new();
    let pick = RwSignal::new(None::<PaymentPick>);
    let card = CardFields::new();
    let card_error = RwSignal::new(None::<ApiError>);
    let problem = RwSignal::new(None::<FormProblem>);
    let pending = RwSignal::new(false);
    let quote = use_quote(product_id.clone(), licenses.into());
    let buying_trial = trial_subscription_id.is_some();
    let product_id = StoredValue::new(product_id);
    let trial_subscription_id = StoredValue::new(trial_subscription_id);

    let focus_licenses = move || {
        if let Some(input) = licenses_input.get_untracked() {
            let _ = input.focus();
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return; // a double click: the first click's request is on its way
        }
        problem.set(None);
        let licenses = match parse_licenses(&licenses_text.get_untracked(), max_licenses) {
            Ok(licenses) => licenses,
            Err(error) => {
                licenses_error.set(Some(error));
                focus_licenses();
                return;
            }
        };
        let payment = match payment_for(pick.get_untracked(), &card) {
            Ok(Some(payment)) => payment,
            Ok(None) => {
                problem.set(Some(FormProblem::ChoosePayment));
                return;
            }
            Err(error) => {
                show_payment_error(error, card_error, problem);
                return;
            }
        };
        // The person confirms a price they have seen: never one for another number of licenses.
        if !quote.state.with_untracked(|state| state.is_for(licenses)) {
            problem.set(Some(FormProblem::CheckPrice));
            quote.refresh.run(());
            return;
        }
        pending.set(true);
        let new_card = pick.get_untracked() == Some(PaymentPick::NewCard);
        let key = key.get_value();
        let product_id = product_id.get_value();
        let trial = trial_subscription_id.get_value();
        spawn_local(async move {
            let result = match trial {
                Some(id) => api::subscriptions::buy_trial(&id, &key, &BuyTrialRequest { licenses, payment }).await,
                None => api::purchases::purchase(&key, &PurchaseRequest { product_id, licenses, payment }).await,
            };
            match result {
                // Stays "working" until the pane closes, so nothing can be sent twice.
                Ok(subscription) => on_done.run(subscription),
                Err(failure) => {
                    pending.try_set(false);
                    match failure {
                        // out of range, or (buying a trial) fewer than are assigned
                        api::ApiFailure::Api { error, .. }
                            if matches!(error.field.as_deref(), Some("licenses" | "total_licenses")) =>
                        {
                            licenses_error.try_set(Some(error));
                            focus_licenses();
                        }
                        failure => show_failure(failure, new_card, card_error, problem),
                    }
                }
            }
        });
    };

    let licenses_message = move || licenses_error.with(|e| e.as_ref().map(|e| errors::describe(i18n, e)));
    let described_by = move || {
        if licenses_error.with(Option::is_some) { "buy-licenses-hint buy-licenses-error" } else { "buy-licenses-hint" }
    };
    view! {
        <Pane
            title=move || t_string!(i18n, purchase.buy_title, product = product_name.clone()).to_string()
            id="buy-pane"
            on_close
        >
            <form class="purchase-form" on:submit=on_submit novalidate>
                {buying_trial.then(|| view! { <p class="hint">{t!(i18n, purchase.buy_trial_note)}</p> })}
                <div class="field licenses">
                    <label for="buy-licenses">{t!(i18n, purchase.licenses_label)}</label>
                    <input
                        id="buy-licenses"
                        name="licenses"
                        type="number"
                        inputmode="numeric"
                        min="1"
                        max=max_licenses
                        step="1"
                        node_ref=licenses_input
                        prop:value=licenses_text
                        on:input=move |ev| {
                            licenses_text.set(event_target_value(&ev));
                            licenses_error.set(None);
                            if problem.with_untracked(|p| *p == Some(FormProblem::CheckPrice)) {
                                problem.set(None);
                            }
                        }
                        aria-invalid=move || licenses_error.with(Option::is_some).then_some("true")
                        aria-describedby=described_by
                    />
                    <p id="buy-licenses-hint" class="hint">
                        {t!(i18n, purchase.licenses_hint, max = move || format::number(max_licenses, i18n.get_locale()))}
                    </p>
                    {move || licenses_message().map(|text| view! { <p id="buy-licenses-error" class="field-error">{text}</p> })}
                </div>
                <PaymentChoice pick allow_nothing=false card card_error />
                <PriceSummary quote billing_term />
                {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{move || problem_text(i18n, &p)}</p> })}
                <div class="pane-actions">
                    <button type="submit" class="button primary" aria-disabled=move || pending.get().then_some("true")>
                        {move || if pending.get() { t_string!(i18n, shell.working) } else { t_string!(i18n, purchase.buy) }}
                    </button>
                    <button type="button" class="button" on:click=move |_| on_close.run(())>
                        {t!(i18n, purchase.cancel)}
                    </button>
                </div>
            </form>
        </Pane>
    }
}
