//! Browser tests (wasm-bindgen-test in headless Chromium): the language choice and the
//! formatting of money, numbers and dates by the browser's Intl in each language.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use leptos::prelude::*;
use portal::components::language_picker::LanguagePicker;
use portal::format;
use portal::i18n::*;
use portal::language::{self, STORAGE_KEY};
use portal_api::Money;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Intl separates with no-break spaces; compare what a person reads.
fn plain(text: String) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
}

fn eur(amount_minor: i64) -> Money {
    Money { amount_minor, currency: "EUR".into() }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
fn money_is_written_the_way_each_language_writes_it() {
    let cases = [
        (Locale::en, "€1,234.56"),
        (Locale::da, "1.234,56 €"),
        (Locale::de, "1.234,56 €"),
        (Locale::nl, "€ 1.234,56"),
        (Locale::sv, "1 234,56 €"),
    ];
    for (locale, expected) in cases {
        assert_eq!(plain(format::money(&eur(123_456), locale)), expected, "{locale:?}");
    }
    let sek = Money { amount_minor: 1_590_000, currency: "SEK".into() };
    assert_eq!(plain(format::money(&sek, Locale::sv)), "15 900,00 kr");
}

#[wasm_bindgen_test]
fn a_malformed_currency_code_is_shown_not_thrown() {
    let odd = Money { amount_minor: 1_000, currency: "EURO".into() };
    assert_eq!(plain(format::money(&odd, Locale::en)), "10.00 EURO");
}

#[wasm_bindgen_test]
fn numbers_are_grouped_the_way_each_language_groups_them() {
    let cases = [
        (Locale::en, "2,000"),
        (Locale::da, "2.000"),
        (Locale::de, "2.000"),
        (Locale::nl, "2.000"),
        (Locale::sv, "2 000"),
    ];
    for (locale, expected) in cases {
        assert_eq!(plain(format::number(2_000, locale)), expected, "{locale:?}");
    }
}

#[wasm_bindgen_test]
fn dates_are_written_the_way_each_language_writes_them_whatever_the_time_zone() {
    let cases = [
        (Locale::en, "Nov 21, 2026"),
        (Locale::da, "21. nov. 2026"),
        (Locale::de, "21. Nov. 2026"),
        (Locale::nl, "21 nov 2026"),
        (Locale::sv, "21 nov. 2026"),
    ];
    for (locale, expected) in cases {
        assert_eq!(plain(format::date("2026-11-21", locale)), expected, "{locale:?}");
    }
    assert_eq!(format::date("not a date", Locale::en), "not a date");
}

#[wasm_bindgen_test]
fn the_remembered_language_wins_over_the_browsers() {
    storage().remove_item(STORAGE_KEY).unwrap();
    // This browser runs with --lang=en-US.
    assert!(language::browser_languages().iter().any(|l| l.starts_with("en")));
    assert_eq!(language::choose(language::remembered().as_deref(), &language::browser_languages()), Locale::en);
    language::remember(Locale::nl);
    assert_eq!(language::choose(language::remembered().as_deref(), &language::browser_languages()), Locale::nl);
    storage().remove_item(STORAGE_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn picking_a_language_relabels_the_page_sets_html_lang_and_is_remembered() {
    storage().remove_item(STORAGE_KEY).unwrap();
    let parent: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&parent).unwrap();
    let _mounted = leptos::mount::mount_to(parent.clone(), || {
        view! {
            <I18nContextProvider>
                <LanguagePicker />
            </I18nContextProvider>
        }
    });
    leptos::task::tick().await;
    assert!(parent.text_content().unwrap().contains("Language"));

    for (tag, label) in [("de", "Sprache"), ("da", "Sprog"), ("nl", "Taal"), ("sv", "Språk"), ("en", "Language")] {
        let select: web_sys::HtmlSelectElement = parent.query_selector("select").unwrap().unwrap().unchecked_into();
        select.set_value(tag);
        select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
        leptos::task::tick().await;
        assert!(parent.text_content().unwrap().contains(label), "label in {tag}");
        assert_eq!(document().document_element().unwrap().get_attribute("lang").as_deref(), Some(tag));
        assert_eq!(storage().get_item(STORAGE_KEY).unwrap().as_deref(), Some(tag));
    }
    storage().remove_item(STORAGE_KEY).unwrap();
}
