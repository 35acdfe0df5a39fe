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
use wasm_bindgen::{JsCast, JsValue};
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

fn mounted(view: impl FnOnce() -> leptos::prelude::AnyView + 'static) -> (web_sys::HtmlElement, impl Drop) {
    let parent: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&parent).unwrap();
    let handle = leptos::mount::mount_to(parent.clone(), view);
    (parent, handle)
}

async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    leptos::task::tick().await;
}

fn active_id() -> String {
    document().active_element().map(|e| e.id()).unwrap_or_default()
}

fn key(target: &web_sys::Element, key: &str) {
    let make = js_sys::Function::new_with_args("k", "return new KeyboardEvent('keydown', { key: k, bubbles: true })");
    let event: web_sys::Event = make.call1(&JsValue::UNDEFINED, &JsValue::from_str(key)).unwrap().unchecked_into();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn the_add_a_payment_method_drop_down_opens_on_its_item_closes_on_escape_and_runs_the_item() {
    use portal::pages::billing::bills_and_payments::AddMenu;
    let chosen = RwSignal::new(0);
    let (parent, _handle) = mounted(move || {
        view! {
            <I18nContextProvider>
                <AddMenu on_add=Callback::new(move |_| chosen.update(|n| *n += 1)) />
            </I18nContextProvider>
        }
        .into_any()
    });
    leptos::task::tick().await;
    let button = parent.query_selector("button[aria-haspopup=menu]").unwrap().unwrap();
    assert_eq!(button.id(), "add-payment-method-menu-button");
    assert_eq!(button.get_attribute("aria-label").as_deref(), Some("Add a payment method"));
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(parent.query_selector("[role=menu]").unwrap().is_none());

    button.unchecked_ref::<web_sys::HtmlElement>().click();
    next_frame().await;
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("true"));
    let item = parent.query_selector("[role=menuitem]").unwrap().unwrap();
    assert_eq!(document().active_element(), Some(item.clone()), "focus is on the menu's item");
    assert_eq!(item.text_content().unwrap(), "Add a payment method");

    key(&item, "Escape");
    leptos::task::tick().await;
    assert!(parent.query_selector("[role=menu]").unwrap().is_none());
    assert_eq!(active_id(), "add-payment-method-menu-button", "Escape returns to the button");
    assert_eq!(chosen.get_untracked(), 0);

    key(&button, "ArrowDown");
    next_frame().await;
    let item = parent.query_selector("[role=menuitem]").unwrap().unwrap();
    item.unchecked_ref::<web_sys::HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(chosen.get_untracked(), 1);
    assert!(parent.query_selector("[role=menu]").unwrap().is_none());
    assert_eq!(active_id(), "add-payment-method-menu-button", "the pane the item opens returns focus here");
    parent.remove();
}

#[wasm_bindgen_test]
async fn an_expired_or_soon_expiring_card_is_marked_in_the_persons_language() {
    use portal::pages::billing::bills_and_payments::ExpiryTag;
    use portal_api::cards::{CardBrand, CardInput};
    use portal_api::payment_methods::{ExpiryStatus, PaymentMethodDetails};
    let card = |expiry_status| PaymentMethodDetails {
        id: "pm_1".into(),
        brand: CardBrand::Visa,
        last4: "4242".into(),
        expiry_month: 1,
        expiry_year: 2026,
        name_on_card: "Lee Gu".into(),
        address: CardInput::sample("4242 4242 4242 4242").address,
        expiry_status,
        used_by: Vec::new(),
        can_change: true,
    };
    for (status, locale, expected) in [
        (ExpiryStatus::Expired, Locale::en, "Expired"),
        (ExpiryStatus::Expired, Locale::da, "Udløbet"),
        (ExpiryStatus::ExpiringSoon, Locale::de, "Läuft bald ab"),
        (ExpiryStatus::Valid, Locale::sv, ""),
    ] {
        let shown = card(status);
        let (parent, _handle) = mounted(move || {
            view! {
                <I18nContextProvider>
                    {
                        // after leptos_i18n's own first guess, which it settles in an effect
                        let i18n = use_i18n();
                        Effect::new(move |_| i18n.set_locale(locale));
                        view! { <ExpiryTag card=shown /> }
                    }
                </I18nContextProvider>
            }
            .into_any()
        });
        leptos::task::tick().await;
        leptos::task::tick().await;
        assert_eq!(parent.text_content().unwrap(), expected, "{status:?} in {locale:?}");
        parent.remove();
    }
}

#[wasm_bindgen_test]
async fn a_data_table_names_itself_to_screen_readers_scrolls_in_its_box_and_says_when_it_is_busy() {
    use portal::components::data_table::DataTable;
    let busy = RwSignal::new(false);
    let (parent, _handle) = mounted(move || {
        view! {
            <DataTable caption="Invoices" head=|| view! { <th scope="col">"Number"</th> } class="invoices" busy>
                <tr>
                    <th scope="row">"INV-1"</th>
                </tr>
            </DataTable>
        }
        .into_any()
    });
    leptos::task::tick().await;
    let table = parent.query_selector(".table-scroll > table").unwrap().expect("the table is in its scroll box");
    assert_eq!(table.get_attribute("class").as_deref(), Some("data-table invoices"));
    assert_eq!(table.get_attribute("tabindex"), None);
    let caption = table.query_selector("caption.visually-hidden").unwrap().expect("a caption only screen readers show");
    assert_eq!(caption.text_content().unwrap(), "Invoices");
    assert_eq!(table.query_selector("thead tr th[scope=col]").unwrap().unwrap().text_content().unwrap(), "Number");
    assert_eq!(table.query_selector("tbody tr th[scope=row]").unwrap().unwrap().text_content().unwrap(), "INV-1");
    assert_eq!(table.get_attribute("aria-busy").as_deref(), Some("false"));
    busy.set(true);
    leptos::task::tick().await;
    assert_eq!(table.get_attribute("aria-busy").as_deref(), Some("true"));
    parent.remove();

    let (parent, _handle) = mounted(move || {
        view! {
            <DataTable caption="People" head=|| view! { <th scope="col">"Name"</th> } focusable=true scroll_box=false>
                <tr>
                    <th scope="row">"Lee Gu"</th>
                </tr>
            </DataTable>
        }
        .into_any()
    });
    leptos::task::tick().await;
    let table = parent.first_element_child().unwrap();
    assert_eq!(table.tag_name(), "TABLE", "no scroll box when the table asks for none");
    assert_eq!(table.get_attribute("class").as_deref(), Some("data-table"));
    assert_eq!(table.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(table.get_attribute("aria-busy"), None, "a table that does not reload in place is never busy");
    parent.remove();
}
