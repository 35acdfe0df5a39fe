//! The Buy pane: how many licenses, how to pay, the price with tax, then Buy. Also buys a
//! trial (turns it into a paid subscription) from Your products.

use leptos::html::Input;
use leptos::prelude::*;
use portal_api::ApiError;
use portal_api::products::BillingTerm;
use portal_api::purchases::{BuyTrialRequest, Payment, PurchaseRequest};
use portal_api::subscriptions::Subscription;

use super::payment_choice::{Checkout, FormProblem, PaymentChoice};
use super::quote::{PriceSummary, QuoteState, parse_licenses, use_quote};
use crate::api::{self, ApiFailure};
use crate::components::focus::focus_node;
use crate::components::pane::Pane;
use crate::components::submit::{PaneButtons, SubmitButton, use_submit};
use crate::errors;
use crate::format;
use crate::i18n::*;

/// Buys licenses of a product, or buys a trial when `trial_subscription_id` is given.
///
/// It saves with `use_submit`, so it follows the one Idempotency-Key policy: a double click,
/// or a retry after a network failure or timeout, charges at most once. Render it inside
/// `<Show>`; it closes with `on_close` and reports the subscription bought with `on_done`.
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
    /// Runs instead of showing the failure when the organization's policy for the product
    /// refuses the purchase (it changed since the page was loaded).
    #[prop(optional)]
    on_refused: Option<Callback<ApiFailure>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let licenses_text = RwSignal::new(initial_licenses.unwrap_or(1).to_string());
    let licenses = Memo::new(move |_| parse_licenses(&licenses_text.get(), max_licenses).ok());
    let licenses_error = RwSignal::new(None::<ApiError>);
    let licenses_input = NodeRef::<Input>::new();
    let checkout = Checkout::new();
    let problem = checkout.problem;
    let quote = use_quote(product_id.clone(), licenses.into());
    let buying_trial = trial_subscription_id.is_some();
    let product_id = StoredValue::new(product_id);
    let trial_subscription_id = StoredValue::new(trial_subscription_id);

    // The quote is refused by policy too: the page learns of the change as soon as the pane asks.
    if let Some(on_refused) = on_refused {
        Effect::new(move || {
            if let QuoteState::Failed(failure) = quote.state.get()
                && api::products::refused_by_policy(&failure)
            {
                on_refused.run(failure);
            }
        });
    }
    let focus_licenses = move || focus_node(licenses_input);
    let buy = use_submit(
        move |key, (licenses, payment): (i64, Payment)| {
            let (product_id, trial) = (product_id.get_value(), trial_subscription_id.get_value());
            async move {
                match trial {
                    Some(id) => api::subscriptions::buy_trial(&id, &key, &BuyTrialRequest { licenses, payment }).await,
                    None => api::purchases::purchase(&key, &PurchaseRequest { product_id, licenses, payment }).await,
                }
            }
        },
        move |subscription| on_done.run(subscription),
    )
    .route_failures(move |failure| {
        if let Some(on_refused) = on_refused
            && api::products::refused_by_policy(&failure)
        {
            on_refused.run(failure);
            return None;
        }
        match failure {
            // out of range, or (buying a trial) fewer than are assigned
            ApiFailure::Api { error, .. } if matches!(error.field.as_deref(), Some("licenses" | "total_licenses")) => {
                licenses_error.try_set(Some(error));
                focus_licenses();
            }
            failure => checkout.show_failure(failure),
        }
        None
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if buy.working.get_untracked() {
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
        let Some(Some(payment)) = checkout.payment(true) else { return };
        // The person confirms a price they have seen: never one for another number of licenses.
        if !quote.state.with_untracked(|state| state.is_for(licenses)) {
            problem.set(Some(FormProblem::CheckPrice));
            quote.refresh.run(());
            return;
        }
        buy.run((licenses, payment));
    };

    view! {
        <Pane
            title=move || t_string!(i18n, purchase.buy_title, product = product_name.clone()).to_string()
            id="buy-pane"
            on_close
        >
            <form class="purchase-form" on:submit=on_submit novalidate>
                {buying_trial.then(|| view! { <p class="hint">{t!(i18n, purchase.buy_trial_note)}</p> })}
                <LicensesField text=licenses_text error=licenses_error problem input=licenses_input max=max_licenses />
                <PaymentChoice pick=checkout.pick allow_nothing=false card=checkout.card card_error=checkout.card_error />
                <PriceSummary quote billing_term />
                <PaneButtons error=checkout.problem_text(i18n) leave_label=move || t_string!(i18n, purchase.cancel) on_leave=on_close>
                    <SubmitButton label=move || t_string!(i18n, purchase.buy) working=buy.working />
                </PaneButtons>
            </form>
        </Pane>
    }
}

/// How many licenses: the number field, its hint and, when there is one, its error. Typing
/// clears the error and a stale "check the price".
#[component]
fn LicensesField(
    text: RwSignal<String>,
    error: RwSignal<Option<ApiError>>,
    problem: RwSignal<Option<FormProblem>>,
    input: NodeRef<Input>,
    max: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || error.with(|e| e.as_ref().map(|e| errors::describe(i18n, e)));
    let described_by =
        move || if error.with(Option::is_some) { "buy-licenses-hint buy-licenses-error" } else { "buy-licenses-hint" };
    view! {
        <div class="field licenses">
            <label for="buy-licenses">{t!(i18n, purchase.licenses_label)}</label>
            <input
                id="buy-licenses"
                name="licenses"
                type="number"
                inputmode="numeric"
                min="1"
                max=max
                step="1"
                node_ref=input
                prop:value=text
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    error.set(None);
                    if problem.with_untracked(|p| *p == Some(FormProblem::CheckPrice)) {
                        problem.set(None);
                    }
                }
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
            />
            <p id="buy-licenses-hint" class="hint">
                {t!(i18n, purchase.licenses_hint, max = move || format::number(max, i18n.get_locale()))}
            </p>
            {move || message().map(|text| view! { <p id="buy-licenses-error" class="field-error">{text}</p> })}
        </div>
    }
}
