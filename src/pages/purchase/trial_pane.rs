//! The Start a free trial pane: the trial's length and licenses, whether a payment method is
//! needed, what happens when the trial ends, then Start trial.

use leptos::prelude::*;
use portal_api::products::{BillingTerm, Product, TrialOffer};
use portal_api::purchases::{PurchaseQuote, TrialRequest};
use portal_api::subscriptions::Subscription;
use wasm_bindgen::JsValue;

use crate::api::{self, ApiFailure};
use crate::components::checkout::payment_choice::{Checkout, PaymentChoice, PaymentPick};
use crate::components::pane::Pane;
use crate::components::submit::{PaneButtons, SubmitButton, use_submit};
use crate::format;
use crate::i18n::*;

/// The day `days` days from today (UTC), `YYYY-MM-DD`: when a trial started today ends.
fn days_from_today(days: i64) -> String {
    let end = js_sys::Date::new(&JsValue::from_f64(js_sys::Date::now() + days as f64 * 86_400_000.0));
    String::from(end.to_iso_string()).chars().take(10).collect()
}

/// Starts a product's free trial. A payment method is asked for when the offer needs one,
/// and offered when it does not; with one, the trial becomes a paid subscription when it ends,
/// which the pane says with the price. It saves with `use_submit` (one Idempotency-Key per
/// opening, reused on retry).
#[component]
pub fn TrialPane(
    /// The product to try.
    product: Product,
    /// Its trial offer.
    offer: TrialOffer,
    /// Runs with the trial's subscription once it has started.
    on_done: Callback<Subscription>,
    /// Closes the pane.
    on_close: Callback<()>,
    /// Runs instead of showing the failure when the organization's policy for the product
    /// refuses the trial (it changed since the page was loaded).
    on_refused: Callback<ApiFailure>,
) -> impl IntoView {
    let i18n = use_i18n();
    let TrialOffer { days, licenses: trial_licenses, requires_card } = offer;
    let checkout = Checkout::new();
    let ends_on = days_from_today(days);
    let product_id = product.id.clone();
    // What the trial's licenses cost when it becomes paid, for the person to see first.
    let after_trial = LocalResource::new(move || {
        let product_id = product_id.clone();
        async move { api::purchases::quote(&product_id, trial_licenses).await }
    });
    let product_id = StoredValue::new(product.id.clone());

    let start = use_submit(
        move |key, request: TrialRequest| async move { api::purchases::start_trial(&key, &request).await },
        move |subscription| on_done.run(subscription),
    )
    .route_failures(move |failure| {
        if api::products::refused_by_policy(&failure) {
            on_refused.run(failure);
            return None;
        }
        checkout.show_failure(failure);
        None
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if start.working.get_untracked() {
            return;
        }
        checkout.problem.set(None);
        let Some(payment) = checkout.payment(requires_card) else { return };
        start.run(TrialRequest { product_id: product_id.get_value(), payment });
    };

    let name = product.name.clone();
    view! {
        <Pane
            title=move || t_string!(i18n, purchase.trial_title, product = name.clone()).to_string()
            id="trial-pane"
            on_close
        >
            <form class="purchase-form" on:submit=on_submit novalidate>
                <p class="trial-summary">
                    <strong>
                        {move || {
                            let locale = i18n.get_locale();
                            t_string!(
                                i18n,
                                purchase.trial_summary,
                                days = format::number(days, locale),
                                licenses = format::number(trial_licenses, locale)
                            )
                                .to_string()
                        }}
                    </strong>
                </p>
                <p>
                    {if requires_card {
                        t!(i18n, purchase.trial_needs_card).into_any()
                    } else {
                        t!(i18n, purchase.trial_no_card).into_any()
                    }}
                </p>
                <PaymentChoice pick=checkout.pick allow_nothing=!requires_card card=checkout.card card_error=checkout.card_error />
                <TrialOutcome product=product.clone() trial_licenses ends_on pick=checkout.pick after_trial />
                <PaneButtons error=checkout.problem_text(i18n) leave_label=move || t_string!(i18n, purchase.cancel) on_leave=on_close>
                    <SubmitButton label=move || t_string!(i18n, purchase.start_trial) working=start.working />
                </PaneButtons>
            </form>
        </Pane>
    }
}

/// What happens when the trial ends: it just ends without a payment method, else it becomes a
/// paid subscription at the price shown (the list price until the quote is in).
#[component]
fn TrialOutcome(
    product: Product,
    trial_licenses: i64,
    ends_on: String,
    pick: RwSignal<Option<PaymentPick>>,
    after_trial: LocalResource<Result<PurchaseQuote, ApiFailure>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let price_per_month = product.price_per_license_month.clone();
    let billing_term = product.billing_term;
    let what_happens = move || {
        let locale = i18n.get_locale();
        let date = format::date(&ends_on, locale);
        let licenses = format::number(trial_licenses, locale);
        if pick.with(|p| matches!(p, None | Some(PaymentPick::Nothing))) {
            return t_string!(i18n, purchase.trial_ends, date = date).to_string();
        }
        match after_trial.get() {
            Some(Ok(quote)) => {
                let total = format::money(&quote.price.total, locale);
                match billing_term {
                    BillingTerm::Monthly => t_string!(
                        i18n,
                        purchase.trial_converts_monthly,
                        date = date,
                        licenses = licenses,
                        total = total
                    )
                    .to_string(),
                    BillingTerm::Annual => {
                        t_string!(i18n, purchase.trial_converts_annual, date = date, licenses = licenses, total = total)
                            .to_string()
                    }
                }
            }
            _ => {
                let price = format::money(&price_per_month, locale);
                t_string!(i18n, purchase.trial_converts_unpriced, date = date, licenses = licenses, price = price)
                    .to_string()
            }
        }
    };
    view! { <p class="trial-outcome" aria-live="polite">{what_happens}</p> }
}
