//! Edit a saved card: security code, expiry date, name on card and address (the four things
//! the seed lists), then Save. A new security code is checked with the card issuer and never
//! kept; a field's problem is said at the field, and nothing typed is lost.

use leptos::prelude::*;
use portal_api::ApiError;
use portal_api::payment_methods::{PaymentMethodDetails, PaymentMethodUpdate};

use super::card_name;
use crate::api;
use crate::components::card_form::{CardFields, SavedCardFields, route_card_failure, show_card_error, this_month};
use crate::components::pane::Pane;
use crate::components::submit::{PaneButtons, SubmitButton, use_submit};
use crate::i18n::*;

/// The Edit form for one card; `on_saved` gets the card as saved, `on_cancel` leaves it.
#[component]
pub fn EditCardForm(
    /// The card as it is now.
    card: PaymentMethodDetails,
    /// Runs with the saved card.
    on_saved: Callback<PaymentMethodDetails>,
    /// Cancel.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fields = CardFields::of_saved(&card);
    let brand = card.brand;
    let id = StoredValue::new(card.id.clone());
    let error = RwSignal::new(None::<ApiError>);
    let save = use_submit(
        move |key, update: PaymentMethodUpdate| {
            let id = id.get_value();
            async move { api::payment_methods::update(&id, &key, &update).await }
        },
        move |saved| on_saved.run(saved),
    )
    .route_failures(move |failure| route_card_failure(error, failure));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let update = fields.to_update();
        match update.validate(brand, this_month()) {
            Ok(()) => save.run(update),
            // A field's problem goes to its field (focused).
            Err(e) => show_card_error(error, e),
        }
    };
    view! {
        <form class="purchase-form" on:submit=on_submit novalidate>
            <p class="hint">{t!(i18n, bills_and_payments.edit_hint)}</p>
            <SavedCardFields fields error />
            <PaneButtons error=save.error leave_label=move || t_string!(i18n, bills_and_payments.cancel) on_leave=on_cancel>
                <SubmitButton label=move || t_string!(i18n, bills_and_payments.save) working=save.working />
            </PaneButtons>
        </form>
    }
}

/// The card's Edit pane on its own, as a billing profile's Payment method > Edit opens it.
#[component]
pub fn EditCardPane(
    /// The card.
    card: PaymentMethodDetails,
    /// Runs with the saved card (the pane then closes).
    on_saved: Callback<PaymentMethodDetails>,
    /// Closes the pane.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = card_name(i18n, card.brand, &card.last4);
    view! {
        <Pane
            title=move || t_string!(i18n, bills_and_payments.edit_title, card = name.clone()).to_string()
            id="edit-card-pane"
            on_close
        >
            <EditCardForm card on_saved on_cancel=on_close />
        </Pane>
    }
}
