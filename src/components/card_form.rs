//! The card form: a new card's number, expiry, security code, name and billing address, used
//! inline at checkout (and by Add a payment method and Replace), and a saved card's Edit
//! fields. It produces a `CardInput` (or a `PaymentMethodUpdate`); the number and security code
//! live only in memory while the form is open: never logged, never stored.

use leptos::prelude::*;
use leptos_i18n::Locale as _;
use portal_api::ApiError;
use portal_api::cards::{Address, CardInput};
use portal_api::payment_methods::{PaymentMethodDetails, PaymentMethodUpdate};
use wasm_bindgen::JsValue;

use crate::api::ApiFailure;
use crate::components::focus::focus_id;
use crate::i18n::*;

mod fields;
pub use fields::{CardForm, SavedCardFields};

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

    /// A saved card as it is, for Edit: no number, and an empty security code (none is kept).
    pub fn of_saved(card: &PaymentMethodDetails) -> Self {
        let text = |s: &str| RwSignal::new(s.to_owned());
        Self {
            number: text(""),
            expiry_month: text(&format!("{:02}", card.expiry_month)),
            expiry_year: text(&card.expiry_year.to_string()),
            security_code: text(""),
            name_on_card: text(&card.name_on_card),
            line1: text(&card.address.line1),
            line2: text(card.address.line2.as_deref().unwrap_or_default()),
            city: text(&card.address.city),
            postal_code: text(&card.address.postal_code),
            country: text(&card.address.country),
        }
    }

    /// The card as typed, for `CardInput::validate` and the request.
    pub fn to_input(&self) -> CardInput {
        CardInput {
            number: typed(self.number),
            security_code: typed(self.security_code),
            expiry_month: parse_month(&typed(self.expiry_month)),
            expiry_year: parse_year(&typed(self.expiry_year)),
            name_on_card: typed(self.name_on_card),
            address: self.address(),
        }
    }

    /// A saved card's changes as typed (a security code only when one is typed), for
    /// `PaymentMethodUpdate::validate` and the request.
    pub fn to_update(&self) -> PaymentMethodUpdate {
        let code = typed(self.security_code);
        PaymentMethodUpdate {
            security_code: (!code.is_empty()).then_some(code),
            expiry_month: parse_month(&typed(self.expiry_month)),
            expiry_year: parse_year(&typed(self.expiry_year)),
            name_on_card: typed(self.name_on_card),
            address: self.address(),
        }
    }

    fn address(&self) -> Address {
        let line2 = typed(self.line2);
        Address {
            line1: typed(self.line1),
            line2: (!line2.is_empty()).then_some(line2),
            city: typed(self.city),
            postal_code: typed(self.postal_code),
            country: typed(self.country),
        }
    }
}

/// A field's text as sent: trimmed.
fn typed(field: RwSignal<String>) -> String {
    field.get_untracked().trim().to_owned()
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
    if let Some((_, id)) = FIELD_INPUTS.iter().find(|(name, _)| *name == field) {
        focus_id(id);
    }
}

/// Shows a card field's problem at its field, then moves focus there (once its text is drawn).
pub fn show_card_error(card_error: RwSignal<Option<ApiError>>, error: ApiError) {
    let field = error.field.clone().unwrap_or_default();
    card_error.set(Some(error));
    request_animation_frame(move || focus_card_field(&field));
}

/// For `use_submit`'s `route_failures`: a refusal about a card field goes to that field; any
/// other failure is the pane's to show.
pub fn route_card_failure(card_error: RwSignal<Option<ApiError>>, failure: ApiFailure) -> Option<ApiFailure> {
    match failure {
        ApiFailure::Api { error, .. } if is_card_field(error.field.as_deref()) => {
            show_card_error(card_error, error);
            None
        }
        other => Some(other),
    }
}

/// (year, month) today, for the card checks: a card is valid through its expiry month.
pub fn this_month() -> (u16, u8) {
    let now = js_sys::Date::new_0();
    (now.get_utc_full_year() as u16, now.get_utc_month() as u8 + 1)
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
