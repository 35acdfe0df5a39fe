//! Edit a saved card: security code, expiry date, name on card and address (the four things
//! the seed lists), then Save. A new security code is checked with the card issuer and never
//! kept; a field's problem is said at the field, and nothing typed is lost.

use leptos::prelude::*;
use portal_api::ApiError;
use portal_api::cards::Address;
use portal_api::payment_methods::{PaymentMethodDetails, PaymentMethodUpdate};

use super::card_name;
use crate::api::{self, ApiFailure};
use crate::components::card_form::{
    country_options, focus_card_field, is_card_field, parse_month, parse_year, this_month,
};
use crate::components::pane::Pane;
use crate::components::submit::{SubmitButton, use_submit};
use crate::components::text_field::TextField;
use crate::errors;
use crate::i18n::*;

/// What the person typed into the Edit form, starting from the card as it is.
#[derive(Clone, Copy)]
struct EditFields {
    security_code: RwSignal<String>,
    expiry_month: RwSignal<String>,
    expiry_year: RwSignal<String>,
    name_on_card: RwSignal<String>,
    line1: RwSignal<String>,
    line2: RwSignal<String>,
    city: RwSignal<String>,
    postal_code: RwSignal<String>,
    country: RwSignal<String>,
}

impl EditFields {
    fn of(card: &PaymentMethodDetails) -> Self {
        let text = |s: &str| RwSignal::new(s.to_owned());
        Self {
            security_code: text(""),
            expiry_month: text(&format!("{:02}", card.expiry_month)),
            expiry_year: text(&card.expiry_year.to_string()),
            name_on_card: text(&card.name_on_card),
            line1: text(&card.address.line1),
            line2: text(card.address.line2.as_deref().unwrap_or_default()),
            city: text(&card.address.city),
            postal_code: text(&card.address.postal_code),
            country: text(&card.address.country),
        }
    }

    fn to_update(self) -> PaymentMethodUpdate {
        let get = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let (code, line2) = (get(self.security_code), get(self.line2));
        PaymentMethodUpdate {
            security_code: (!code.is_empty()).then_some(code),
            expiry_month: parse_month(&get(self.expiry_month)),
            expiry_year: parse_year(&get(self.expiry_year)),
            name_on_card: get(self.name_on_card),
            address: Address {
                line1: get(self.line1),
                line2: (!line2.is_empty()).then_some(line2),
                city: get(self.city),
                postal_code: get(self.postal_code),
                country: get(self.country),
            },
        }
    }
}

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
    let fields = EditFields::of(&card);
    let brand = card.brand;
    let id = StoredValue::new(card.id.clone());
    let error = RwSignal::new(None::<ApiError>);
    // A field's problem goes to its field (focused); anything else is said above the buttons.
    let show = move |e: ApiError| {
        let field = e.field.clone().unwrap_or_default();
        error.set(Some(e));
        request_animation_frame(move || focus_card_field(&field));
    };
    let save = use_submit(
        move |key, update: PaymentMethodUpdate| {
            let id = id.get_value();
            async move { api::payment_methods::update(&id, &key, &update).await }
        },
        move |saved| on_saved.run(saved),
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
        let update = fields.to_update();
        match update.validate(brand, this_month()) {
            Ok(()) => save.run(update),
            Err(e) => show(e),
        }
    };

    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            error.with(|e| e.as_ref().filter(|e| e.field.as_deref() == Some(field)).map(|e| errors::describe(i18n, e)))
        })
    };
    let clear = move |field: &'static str| {
        Callback::new(move |_| {
            if error.with_untracked(|e| e.as_ref().is_some_and(|e| e.field.as_deref() == Some(field))) {
                error.set(None);
            }
        })
    };
    let expiry_error = error_for("expiry");
    let expiry_input =
        move |id: &'static str, max: &'static str, value: RwSignal<String>, label: Signal<&'static str>| {
            view! {
                <div class="field">
                    <label for=id>{label}</label>
                    <input
                        id=id
                        name=id
                        type="text"
                        inputmode="numeric"
                        maxlength=max
                        prop:value=value
                        on:input=move |ev| {
                            value.set(event_target_value(&ev));
                            clear("expiry").run(());
                        }
                        aria-invalid=move || expiry_error.get().map(|_| "true")
                        aria-describedby=move || expiry_error.get().map(|_| "card-expiry-error")
                    />
                </div>
            }
        };
    let countries = Memo::new(move |_| country_options(i18n.get_locale()));
    let country_error = error_for("country");
    view! {
        <form class="purchase-form" on:submit=on_submit novalidate>
            <p class="hint">{t!(i18n, bills_and_payments.edit_hint)}</p>
            <TextField
                id="card-security-code"
                label=move || t_string!(i18n, bills_and_payments.security_code_optional)
                value=fields.security_code
                error=error_for("security_code")
                on_edit=clear("security_code")
                autocomplete="cc-csc"
            />
            <fieldset class="expiry">
                <legend>{t!(i18n, purchase.card_expiry)}</legend>
                {expiry_input("card-expiry-month", "2", fields.expiry_month, Signal::derive(move || t_string!(i18n, purchase.card_expiry_month)))}
                {expiry_input("card-expiry-year", "4", fields.expiry_year, Signal::derive(move || t_string!(i18n, purchase.card_expiry_year)))}
                {move || expiry_error.get().map(|text| view! { <p id="card-expiry-error" class="field-error">{text}</p> })}
            </fieldset>
            <TextField
                id="card-name"
                label=move || t_string!(i18n, purchase.card_name)
                value=fields.name_on_card
                error=error_for("name_on_card")
                on_edit=clear("name_on_card")
                autocomplete="cc-name"
            />
            <TextField
                id="card-address-line1"
                label=move || t_string!(i18n, purchase.card_address_line1)
                value=fields.line1
                error=error_for("address_line1")
                on_edit=clear("address_line1")
                autocomplete="billing address-line1"
            />
            <TextField
                id="card-address-line2"
                label=move || t_string!(i18n, purchase.card_address_line2)
                value=fields.line2
                error=error_for("address_line2")
                on_edit=clear("address_line2")
                autocomplete="billing address-line2"
            />
            <TextField
                id="card-city"
                label=move || t_string!(i18n, purchase.card_city)
                value=fields.city
                error=error_for("city")
                on_edit=clear("city")
                autocomplete="billing address-level2"
            />
            <TextField
                id="card-postal-code"
                label=move || t_string!(i18n, purchase.card_postal_code)
                value=fields.postal_code
                error=error_for("postal_code")
                on_edit=clear("postal_code")
                autocomplete="billing postal-code"
            />
            <div class="field">
                <label for="card-country">{t!(i18n, purchase.card_country)}</label>
                <select
                    id="card-country"
                    name="card-country"
                    autocomplete="billing country"
                    on:change=move |ev| {
                        fields.country.set(event_target_value(&ev));
                        clear("country").run(());
                    }
                    aria-invalid=move || country_error.get().map(|_| "true")
                    aria-describedby=move || country_error.get().map(|_| "card-country-error")
                >
                    {move || {
                        countries
                            .get()
                            .into_iter()
                            .map(|(code, name)| {
                                view! { <option value=code selected=move || fields.country.with(|c| c == code)>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                {move || country_error.get().map(|text| view! { <p id="card-country-error" class="field-error">{text}</p> })}
            </div>
            {move || save.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
            <div class="pane-actions">
                <SubmitButton label=move || t_string!(i18n, bills_and_payments.save) working=save.working />
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                    {t!(i18n, bills_and_payments.cancel)}
                </button>
            </div>
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
