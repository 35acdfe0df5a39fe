//! The card form's fields: a new card's ([`CardForm`]) and a saved card's that can change
//! ([`SavedCardFields`]), each field showing its own problem and clearing it when edited.

use leptos::prelude::*;
use portal_api::ApiError;

use super::{CardFields, country_options};
use crate::components::text_field::{TextField, clear_field_error, field_error};
use crate::i18n::*;

/// The card form for a new card. Its inputs have fixed ids, so show one card form per page at
/// a time.
#[component]
pub fn CardForm(
    /// What the person typed.
    fields: CardFields,
    /// The problem with one of the fields (from the server or `CardInput::validate`); editing
    /// that field clears it.
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="card-form">
            <legend>{t!(i18n, purchase.card_details)}</legend>
            <p class="hint">{t!(i18n, purchase.card_kept)}</p>
            <TextField
                id="card-number"
                label=move || t_string!(i18n, purchase.card_number)
                value=fields.number
                error=field_error(i18n, error, "number")
                on_edit=clear_field_error(error, "number")
                autocomplete="cc-number"
            />
            <ExpiryFields fields error new_card=true />
            <SecurityCodeField fields error new_card=true />
            <HolderFields fields error new_card=true />
        </fieldset>
    }
}

/// What can change on a saved card (Edit): a new security code (optional, checked and never
/// kept), the expiry, the name on the card and the billing address. Same ids as [`CardForm`].
#[component]
pub fn SavedCardFields(
    /// The card as it is, then as typed (its `number` is not shown).
    fields: CardFields,
    /// The problem with one of the fields; editing that field clears it.
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    view! {
        <SecurityCodeField fields error new_card=false />
        <ExpiryFields fields error new_card=false />
        <HolderFields fields error new_card=false />
    }
}

/// The security code: required for a new card, optional when editing a saved one.
#[component]
fn SecurityCodeField(fields: CardFields, error: RwSignal<Option<ApiError>>, new_card: bool) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || {
        if new_card {
            t_string!(i18n, purchase.card_security_code)
        } else {
            t_string!(i18n, bills_and_payments.security_code_optional)
        }
    };
    view! {
        <TextField
            id="card-security-code"
            label
            value=fields.security_code
            error=field_error(i18n, error, "security_code")
            on_edit=clear_field_error(error, "security_code")
            autocomplete="cc-csc"
        />
    }
}

/// The expiry month and year, with one error for both; the browser fills them in only for a
/// new card.
#[component]
fn ExpiryFields(fields: CardFields, error: RwSignal<Option<ApiError>>, new_card: bool) -> impl IntoView {
    let i18n = use_i18n();
    let expiry_error = field_error(i18n, error, "expiry");
    let input = move |id: &'static str, max: &'static str, value: RwSignal<String>, autocomplete: &'static str| {
        view! {
            <input
                id=id
                name=id
                type="text"
                inputmode="numeric"
                maxlength=max
                autocomplete=new_card.then_some(autocomplete)
                prop:value=value
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    clear_field_error(error, "expiry").run(());
                }
                aria-invalid=move || expiry_error.get().map(|_| "true")
                aria-describedby=move || expiry_error.get().map(|_| "card-expiry-error")
            />
        }
    };
    view! {
        <fieldset class="expiry" aria-describedby=move || (new_card && expiry_error.get().is_some()).then_some("card-expiry-error")>
            <legend>{t!(i18n, purchase.card_expiry)}</legend>
            <div class="field">
                <label for="card-expiry-month">{t!(i18n, purchase.card_expiry_month)}</label>
                {input("card-expiry-month", "2", fields.expiry_month, "cc-exp-month")}
            </div>
            <div class="field">
                <label for="card-expiry-year">{t!(i18n, purchase.card_expiry_year)}</label>
                {input("card-expiry-year", "4", fields.expiry_year, "cc-exp-year")}
            </div>
            {move || expiry_error.get().map(|text| view! { <p id="card-expiry-error" class="field-error">{text}</p> })}
        </fieldset>
    }
}

/// The name on the card and its billing address.
#[component]
fn HolderFields(fields: CardFields, error: RwSignal<Option<ApiError>>, new_card: bool) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |id: &'static str, name: &'static str, value, label: fn(Locale) -> &'static str, autocomplete| {
        view! {
            <TextField
                id
                label=move || label(i18n.get_locale())
                value
                error=field_error(i18n, error, name)
                on_edit=clear_field_error(error, name)
                autocomplete
            />
        }
    };
    view! {
        {field("card-name", "name_on_card", fields.name_on_card, |l| td_string!(l, purchase.card_name), "cc-name")}
        {field("card-address-line1", "address_line1", fields.line1, |l| td_string!(l, purchase.card_address_line1), "billing address-line1")}
        {field("card-address-line2", "address_line2", fields.line2, |l| td_string!(l, purchase.card_address_line2), "billing address-line2")}
        {field("card-city", "city", fields.city, |l| td_string!(l, purchase.card_city), "billing address-level2")}
        {field("card-postal-code", "postal_code", fields.postal_code, |l| td_string!(l, purchase.card_postal_code), "billing postal-code")}
        <CountryField fields error new_card />
    }
}

/// The billing address's country, named and sorted in the person's language; a new card's
/// starts with "Choose a country" when the browser's region is not one we offer.
#[component]
fn CountryField(fields: CardFields, error: RwSignal<Option<ApiError>>, new_card: bool) -> impl IntoView {
    let i18n = use_i18n();
    let country_error = field_error(i18n, error, "country");
    let countries = Memo::new(move |_| country_options(i18n.get_locale()));
    view! {
        <div class="field">
            <label for="card-country">{t!(i18n, purchase.card_country)}</label>
            <select
                id="card-country"
                name="card-country"
                autocomplete="billing country"
                on:change=move |ev| {
                    fields.country.set(event_target_value(&ev));
                    clear_field_error(error, "country").run(());
                }
                aria-invalid=move || country_error.get().map(|_| "true")
                aria-describedby=move || country_error.get().map(|_| "card-country-error")
            >
                {new_card.then(|| view! {
                    <option value="" selected=move || fields.country.with(String::is_empty)>
                        {t!(i18n, purchase.card_choose_country)}
                    </option>
                })}
                {move || {
                    countries
                        .get()
                        .into_iter()
                        .map(|(code, name)| {
                            view! {
                                <option value=code selected=move || fields.country.with(|c| c == code)>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            {move || country_error.get().map(|text| view! { <p id="card-country-error" class="field-error">{text}</p> })}
        </div>
    }
}
