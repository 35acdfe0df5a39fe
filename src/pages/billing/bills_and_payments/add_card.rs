//! The Add a payment method pane: card number, expiry, security code, name and address (the
//! checkout's card form and checks), then Add. The card issuer checks the card first; a
//! declined card saves nothing and says so, and what was typed stays.

use leptos::prelude::*;
use portal_api::ApiError;
use portal_api::cards::CardInput;
use portal_api::payment_methods::PaymentMethodDetails;

use crate::api;
use crate::components::card_form::{CardFields, CardForm, route_card_failure, show_card_error, this_month};
use crate::components::pane::Pane;
use crate::components::submit::{PaneButtons, SubmitButton, use_submit};
use crate::i18n::*;

/// The pane. Render it only while it is open.
#[component]
pub fn AddCardPane(
    /// Runs with the card once it is saved.
    on_added: Callback<PaymentMethodDetails>,
    /// Closes the pane.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fields = CardFields::new();
    let error = RwSignal::new(None::<ApiError>);
    let add = use_submit(
        move |key, card: CardInput| async move { api::payment_methods::add(&key, &card).await },
        move |saved| on_added.run(saved),
    )
    .route_failures(move |failure| route_card_failure(error, failure));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let card = fields.to_input();
        match card.validate(this_month()) {
            Ok(()) => add.run(card),
            Err(e) => show_card_error(error, e),
        }
    };
    view! {
        <Pane title=move || t_string!(i18n, bills_and_payments.add_payment_method) id="add-card-pane" on_close>
            <form class="purchase-form" on:submit=on_submit novalidate>
                <p class="hint">{t!(i18n, bills_and_payments.add_card_hint)}</p>
                <CardForm fields error />
                <PaneButtons error=add.error leave_label=move || t_string!(i18n, bills_and_payments.cancel) on_leave=on_close>
                    <SubmitButton label=move || t_string!(i18n, bills_and_payments.add) working=add.working />
                </PaneButtons>
            </form>
        </Pane>
    }
}
