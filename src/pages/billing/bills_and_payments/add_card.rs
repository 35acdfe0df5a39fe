//! The Add a payment method pane: card number, expiry, security code, name and address (the
//! checkout's card form and checks), then Add. The card issuer checks the card first; a
//! declined card saves nothing and says so, and what was typed stays.

use leptos::prelude::*;
use portal_api::ApiError;
use portal_api::cards::CardInput;
use portal_api::payment_methods::PaymentMethodDetails;

use crate::api::{self, ApiFailure};
use crate::components::card_form::{CardFields, CardForm, focus_card_field, is_card_field, this_month};
use crate::components::pane::Pane;
use crate::components::submit::{SubmitButton, use_submit};
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
    let show = move |e: ApiError| {
        let field = e.field.clone().unwrap_or_default();
        error.set(Some(e));
        request_animation_frame(move || focus_card_field(&field));
    };
    let add = use_submit(
        move |key, card: CardInput| async move { api::payment_methods::add(&key, &card).await },
        move |saved| on_added.run(saved),
    )
    .route_failures(move |failure| match failure {
        ApiFailure::Api { error: e, .. } if is_card_field(e.field.as_deref()) => {
            show(e);
            None
        }
        other => Some(other),
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let card = fields.to_input();
        match card.validate(this_month()) {
            Ok(()) => add.run(card),
            Err(e) => show(e),
        }
    };
    view! {
        <Pane title=move || t_string!(i18n, bills_and_payments.add_payment_method) id="add-card-pane" on_close>
            <form class="purchase-form" on:submit=on_submit novalidate>
                <p class="hint">{t!(i18n, bills_and_payments.add_card_hint)}</p>
                <CardForm fields error />
                {move || add.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                <div class="pane-actions">
                    <SubmitButton label=move || t_string!(i18n, bills_and_payments.add) working=add.working />
                    <button type="button" class="button" on:click=move |_| on_close.run(())>
                        {t!(i18n, bills_and_payments.cancel)}
                    </button>
                </div>
            </form>
        </Pane>
    }
}
