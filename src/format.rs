//! Money, dates and numbers in the person's language, by the browser's `Intl` (no formatting
//! data is shipped in the app).

use js_sys::{Array, Function, Intl, Object, Reflect};
use portal_api::Money;
use wasm_bindgen::JsValue;

use crate::i18n::Locale;
use leptos_i18n::Locale as _;

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

fn locales(locale: Locale) -> Array {
    Array::of1(&JsValue::from_str(locale.as_str()))
}

fn call(format: Function, value: &JsValue) -> Option<String> {
    format.call1(&JsValue::UNDEFINED, value).ok()?.as_string()
}

/// An ISO 4217 code Intl accepts without throwing: three ASCII letters.
fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic())
}

/// "1.234,56 €" in German, "€1,234.56" in English.
pub fn money(amount: &Money, locale: Locale) -> String {
    if !is_currency_code(&amount.currency) {
        return format!("{} {}", number_with_decimals(amount, locale), amount.currency);
    }
    let format =
        Intl::NumberFormat::new(&locales(locale), &options(&[("style", "currency"), ("currency", &amount.currency)]));
    call(format.format(), &JsValue::from_f64(amount.major_units()))
        .unwrap_or_else(|| format!("{} {}", hundredths(amount.amount_minor), amount.currency))
}

/// A whole number with the language's grouping: "2.000" in Danish, "2,000" in English.
pub fn number(value: i64, locale: Locale) -> String {
    let format = Intl::NumberFormat::new(&locales(locale), &Object::new());
    call(format.format(), &JsValue::from_f64(value as f64)).unwrap_or_else(|| value.to_string())
}

fn number_with_decimals(amount: &Money, locale: Locale) -> String {
    let format = Intl::NumberFormat::new(&locales(locale), &options(&[("minimumFractionDigits", "2")]));
    call(format.format(), &JsValue::from_f64(amount.major_units())).unwrap_or_else(|| hundredths(amount.amount_minor))
}

/// "1234.56" from 123456 hundredths, for when `Intl` cannot format: written with integers, so
/// the app carries no floating-point formatting code (`f64`'s Display was 9.5 KB of the main module).
fn hundredths(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let value = value.unsigned_abs();
    format!("{sign}{}.{:02}", value / 100, value % 100)
}

/// A calendar day (`YYYY-MM-DD`) written out: "21 Nov 2026", "21. Nov. 2026". Read as UTC so
/// the day never shifts with the browser's time zone.
pub fn date(iso_day: &str, locale: Locale) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(&format!("{iso_day}T00:00:00Z")));
    if date.get_time().is_nan() {
        return iso_day.to_owned();
    }
    let format = Intl::DateTimeFormat::new(
        &locales(locale),
        &options(&[("year", "numeric"), ("month", "short"), ("day", "numeric"), ("timeZone", "UTC")]),
    );
    call(format.format(), &date).unwrap_or_else(|| iso_day.to_owned())
}

/// A moment (RFC 3339) as a date and time in the person's language and the browser's time zone:
/// "1 Dec 2026, 14:05", "1. Dez. 2026, 14:05".
pub fn date_time(rfc3339: &str, locale: Locale) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let format =
        Intl::DateTimeFormat::new(&locales(locale), &options(&[("dateStyle", "medium"), ("timeStyle", "short")]));
    call(format.format(), &date).unwrap_or_else(|| rfc3339.to_owned())
}

/// A tax rate in basis points as a percentage in the person's language: "21%", "21 %".
pub fn percent(rate_bp: i64, locale: Locale) -> String {
    let format =
        Intl::NumberFormat::new(&locales(locale), &options(&[("style", "percent"), ("maximumFractionDigits", "2")]));
    call(format.format(), &JsValue::from_f64(rate_bp as f64 / 10_000.0))
        .unwrap_or_else(|| format!("{} %", hundredths(rate_bp)))
}

#[cfg(test)]
mod tests {
    use super::hundredths;

    #[test]
    fn hundredths_are_written_with_two_decimals_and_a_sign() {
        assert_eq!(hundredths(123_456), "1234.56");
        assert_eq!(hundredths(5), "0.05");
        assert_eq!(hundredths(0), "0.00");
        assert_eq!(hundredths(-1_250), "-12.50");
        assert_eq!(hundredths(i64::MIN), "-92233720368547758.08");
    }
}
