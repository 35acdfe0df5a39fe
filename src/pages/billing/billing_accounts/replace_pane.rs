//! Replace a billing profile's payment method: one of the person's other saved cards, or a
//! new card (checked like checkout's). The profile and its renewing subscriptions pay with it
//! from now on.

use leptos::prelude::*;
use portal_api::billing_accounts::{BillingProfileDetails, ReplacePaymentMethod};
use portal_api::purchases::Payment;
use portal_api::{ApiError, ErrorCode};

use crate::api::{self, ApiFailure};
use crate::components::card_form::{CardFields, is_card_field, route_card_failure, show_card_error};
use crate::components::checkout::payment_choice::{PaymentChoice, PaymentPick, payment_for};
use crate::components::pane::Pane;
use crate::components::submit::{PaneButtons, SubmitButton, use_submit};
use crate::i18n::*;

/// The Replace pane. Render it only while it is open.
#[component]
pub fn ReplacePane(
    /// The billing profile.
    profile_id: String,
    /// Runs with the profile as it is after Replace.
    on_replaced: Callback<BillingProfileDetails>,
    /// Closes the pane.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pick = RwSignal::new(None::<PaymentPick>);
    let card = CardFields::new();
    let card_error = RwSignal::new(None::<ApiError>);
    let same_card = RwSignal::new(false);
    let profile_id = StoredValue::new(profile_id);
    let replace =
        use_submit(
            move |key, payment: Payment| {
                let id = profile_id.get_value();
                async move {
                    api::billing_accounts::replace_payment_method(&id, &key, &ReplacePaymentMethod { payment }).await
                }
            },
            move |profile| on_replaced.run(profile),
        )
        .route_failures(move |failure| match failure {
            ApiFailure::Api { error, .. } if error.code == ErrorCode::NoChange => {
                same_card.set(true);
                None
            }
            other => route_card_failure(card_error, other),
        });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        same_card.set(false);
        match payment_for(pick.get_untracked(), &card) {
            Ok(Some(payment)) => replace.run(payment),
            Ok(None) => {}
            Err(e) if is_card_field(e.field.as_deref()) => show_card_error(card_error, e),
            Err(e) => replace.failure.set(Some(ApiFailure::Api { status: 422, error: e })),
        }
    };
    view! {
        <Pane title=move || t_string!(i18n, billing_accounts.replace_title) id="replace-pane" on_close>
            <form class="purchase-form" on:submit=on_submit novalidate>
                <p class="hint">{t!(i18n, billing_accounts.replace_hint)}</p>
                <PaymentChoice pick allow_nothing=false card card_error />
                {move || {
                    same_card.get().then(|| view! { <p class="form-error" role="alert">{t!(i18n, billing_accounts.choose_other_card)}</p> })
                }}
                <PaneButtons error=replace.error leave_label=move || t_string!(i18n, bills_and_payments.cancel) on_leave=on_close>
                    <SubmitButton label=move || t_string!(i18n, billing_accounts.replace_submit) working=replace.working />
                </PaneButtons>
            </form>
        </Pane>
    }
}
