//! The card form: a new card's number, expiry, security code, name and billing address, used
//! inline at checkout (and by Add a payment method). It produces a `CardInput`; the number and
//! security code live only in memory while the form is open: never logged, never stored.

use leptos::prelude::*;
use leptos_i18n::Locale as _;
use portal_api::ApiError;
use portal_api::cards::{Address, CardInput};
use wasm_bindgen::{JsCast, JsValue};

use crate::components::text_field::TextField;
use crate::errors;
use crate::i18n::*;

/// The countries offered for the billing address (ISO 3166-1 alpha-2), shown by their names in
/// the person's language and sorted by them.
pub const COUNTRIES: [&str; 18] =
    ["AT", "BE", "CH", "DE", "DK", "ES", "FI", "FR", "GB", "IE", "IT", "LU", "NL", "NO", "PL", "PT", "SE", "US"];

/// What the person typed, owned by whoever shows the form, so nothing typed is lost when the
/// server answers with an error, or when the form is hidden and shown again.
#[derive(Clone, Copy)]
pub struct CardFields {
    /// Card number as typed (spaces allowed).
    pub number: RwSignal<String>,
    /// Expiry month, `1`–`12` or `01`–`12`.
    pub expiry_month: RwSignal<String>,
    /// Expiry year, four digits (two are read as 20xx).
    pub expiry_year: RwSignal<String>,
    /// The 3 or 4 digit security code.
    pub security_code: RwSignal<String>,
    /// The name printed on the card.
    pub name_on_card: RwSignal<String>,
    /// Street and number.
    pub line1: RwSignal<String>,
    /// Apartment, floor, c/o.
    pub line2: RwSignal<String>,
    /// City.
    pub city: RwSignal<String>,
    /// Postal code.
    pub postal_code: RwSignal<String>,
    /// Country code, or empty until chosen.
    pub country: RwSignal<String>,
}

impl CardFields {
    /// Empty fields; the country starts as the browser's region when it is one we offer.
    pub fn new() -> Self {
        let empty = || RwSignal::new(String::new());
        Self {
            number: empty(),
            expiry_month: empty(),
            expiry_year: empty(),
            security_code: empty(),
            name_on_card: empty(),
            line1: empty(),
            line2: empty(),
            city: empty(),
            postal_code: empty(),
            country: RwSignal::new(browser_country().unwrap_or_default()),
        }
    }

    /// The card as typed, for `CardInput::validate` and the request.
    pub fn to_input(&self) -> CardInput {
        let get = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let line2 = get(self.line2);
        CardInput {
            number: get(self.number),
            security_code: get(self.security_code),
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

impl Default for CardFields {
    fn default() -> Self {
        Self::new()
    }
}

/// `"7"` or `"07"` → 7; anything else → 0, which the card checks refuse as an expiry.
pub fn parse_month(text: &str) -> u8 {
    text.trim().parse().ok().filter(|m| (1..=12).contains(m)).unwrap_or(0)
}

/// `"2029"` → 2029 and `"29"` → 2029; anything else → 0, which the card checks refuse.
pub fn parse_year(text: &str) -> u16 {
    let text = text.trim();
    match (text.len(), text.parse::<u16>()) {
        (2, Ok(year)) => 2000 + year,
        (4, Ok(year)) => year,
        _ => 0,
    }
}

/// The card fields the server and `CardInput::validate` name in their errors, and their inputs.
const FIELD_INPUTS: [(&str, &str); 9] = [
    ("number", "card-number"),
    ("expiry", "card-expiry-month"),
    ("security_code", "card-security-code"),
    ("name_on_card", "card-name"),
    ("address_line1", "card-address-line1"),
    ("address_line2", "card-address-line2"),
    ("city", "card-city"),
    ("postal_code", "card-postal-code"),
    ("country", "card-country"),
];

/// Whether an error's field is one of the card form's.
pub fn is_card_field(field: Option<&str>) -> bool {
    field.is_some_and(|field| FIELD_INPUTS.iter().any(|(name, _)| *name == field))
}

/// Moves focus to the input an error is about.
pub fn focus_card_field(field: &str) {
    let Some((_, id)) = FIELD_INPUTS.iter().find(|(name, _)| *name == field) else { return };
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// (year, month) today, for the card checks: a card is valid through its expiry month.
pub fn this_month() -> (u16, u8) {
    let now = js_sys::Date::new_0();
    (now.get_utc_full_year() as u16, now.get_utc_month() as u8 + 1)
}

/// The card form. Its inputs have fixed ids, so show one card form per page at a time.
#[component]
pub fn CardForm(
    /// What the person typed.
    fields: CardFields,
    /// The problem with one of the fields (from the server or `CardInput::validate`); editing
    /// that field clears it.
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_for = move |field: &'static str| error_of(i18n, error, field);
    let clear = move |field: &'static str| clear_of(error, field);
    view! {
        <fieldset class="card-form">
            <legend>{t!(i18n, purchase.card_details)}</legend>
            <p class="hint">{t!(i18n, purchase.card_kept)}</p>
            <TextField
                id="card-number"
                label=move || t_string!(i18n, purchase.card_number)
                value=fields.number
                error=error_for("number")
                on_edit=clear("number")
                autocomplete="cc-number"
            />
            <ExpiryFields fields error />
            <TextField
                id="card-security-code"
                label=move || t_string!(i18n, purchase.card_security_code)
                value=fields.security_code
                error=error_for("security_code")
                on_edit=clear("security_code")
                autocomplete="cc-csc"
            />
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
            <CountryField fields error />
        </fieldset>
    }
}

/// The error's sentence when it is about `field`.
fn error_of(
    i18n: leptos_i18n::I18nContext<Locale>,
    error: RwSignal<Option<ApiError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        error.with(|e| e.as_ref().filter(|e| e.field.as_deref() == Some(field)).map(|e| errors::describe(i18n, e)))
    })
}

/// Clears the error when it is about `field` (the person is editing it).
fn clear_of(error: RwSignal<Option<ApiError>>, field: &'static str) -> Callback<()> {
    Callback::new(move |_| {
        if error.with_untracked(|e| e.as_ref().is_some_and(|e| e.field.as_deref() == Some(field))) {
            error.set(None);
        }
    })
}

/// The expiry month and year, with one error for both.
#[component]
fn ExpiryFields(fields: CardFields, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let expiry_error = error_of(i18n, error, "expiry");
    let on_expiry_input = move |value: RwSignal<String>, ev: leptos::ev::Event| {
        value.set(event_target_value(&ev));
        clear_of(error, "expiry").run(());
    };
    view! {
        <fieldset class="expiry" aria-describedby=move || expiry_error.get().map(|_| "card-expiry-error")>
            <legend>{t!(i18n, purchase.card_expiry)}</legend>
            <div class="field">
                <label for="card-expiry-month">{t!(i18n, purchase.card_expiry_month)}</label>
                <input
                    id="card-expiry-month"
                    name="card-expiry-month"
                    type="text"
                    inputmode="numeric"
                    maxlength="2"
                    autocomplete="cc-exp-month"
                    prop:value=fields.expiry_month
                    on:input=move |ev| on_expiry_input(fields.expiry_month, ev)
                    aria-invalid=move || expiry_error.get().map(|_| "true")
                    aria-describedby=move || expiry_error.get().map(|_| "card-expiry-error")
                />
            </div>
            <div class="field">
                <label for="card-expiry-year">{t!(i18n, purchase.card_expiry_year)}</label>
                <input
                    id="card-expiry-year"
                    name="card-expiry-year"
                    type="text"
                    inputmode="numeric"
                    maxlength="4"
                    autocomplete="cc-exp-year"
                    prop:value=fields.expiry_year
                    on:input=move |ev| on_expiry_input(fields.expiry_year, ev)
                    aria-invalid=move || expiry_error.get().map(|_| "true")
                    aria-describedby=move || expiry_error.get().map(|_| "card-expiry-error")
                />
            </div>
            {move || expiry_error.get().map(|text| view! { <p id="card-expiry-error" class="field-error">{text}</p> })}
        </fieldset>
    }
}

/// The billing address's country, named and sorted in the person's language.
#[component]
fn CountryField(fields: CardFields, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let country_error = error_of(i18n, error, "country");
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
                    clear_of(error, "country").run(());
                }
                aria-invalid=move || country_error.get().map(|_| "true")
                aria-describedby=move || country_error.get().map(|_| "card-country-error")
            >
                <option value="" selected=move || fields.country.with(String::is_empty)>
                    {t!(i18n, purchase.card_choose_country)}
                </option>
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

/// The offered countries with their names in `locale` (by `Intl.DisplayNames`), in that
/// language's alphabetical order (by `Intl.Collator`).
pub fn country_options(locale: Locale) -> Vec<(&'static str, String)> {
    let locales = js_sys::Array::of1(&JsValue::from_str(locale.as_str()));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"type".into(), &"region".into());
    let names = js_sys::Intl::DisplayNames::new(&locales, &options);
    let mut list: Vec<(&'static str, String)> = COUNTRIES
        .iter()
        .map(|code| (*code, names.of(code).map(String::from).unwrap_or_else(|| (*code).to_owned())))
        .collect();
    let collator = js_sys::Intl::Collator::new(&locales, &js_sys::Object::new());
    let compare = collator.compare();
    list.sort_by(|(_, a), (_, b)| {
        compare
            .call2(&JsValue::UNDEFINED, &JsValue::from_str(a), &JsValue::from_str(b))
            .ok()
            .and_then(|order| order.as_f64())
            .map_or_else(|| a.cmp(b), |order| order.partial_cmp(&0.0).unwrap_or(std::cmp::Ordering::Equal))
    });
    list
}

/// The region of the browser's first language that has one we offer (`nl-NL` → `NL`).
fn browser_country() -> Option<String> {
    crate::language::browser_languages().iter().find_map(|tag| {
        let region = tag.split(['-', '_']).nth(1)?.to_ascii_uppercase();
        COUNTRIES.contains(&region.as_str()).then_some(region)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_months_and_years_read_the_way_people_type_them() {
        assert_eq!((parse_month("7"), parse_month("07"), parse_month(" 12 ")), (7, 7, 12));
        assert_eq!((parse_month("13"), parse_month("0"), parse_month("ab"), parse_month("")), (0, 0, 0, 0));
        assert_eq!((parse_year("2029"), parse_year("29")), (2029, 2029));
        assert_eq!((parse_year("202"), parse_year("x9"), parse_year("")), (0, 0, 0));
    }

    #[test]
    fn the_form_knows_which_errors_are_its_own() {
        assert!(is_card_field(Some("number")) && is_card_field(Some("expiry")) && is_card_field(Some("country")));
        assert!(!is_card_field(Some("payment")) && !is_card_field(Some("licenses")) && !is_card_field(None));
    }
}
