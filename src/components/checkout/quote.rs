//! The price shown before anything is charged: the number of licenses as typed, the quote
//! fetched for it (debounced while the person types), and its lines.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_api::ApiError;
use portal_api::products::BillingTerm;
use portal_api::purchases::{PurchaseQuote, validate_licenses};

use crate::api::{self, ApiFailure};
use crate::components::debounce::use_debounce;
use crate::components::price_lines::PriceLinesView;
use crate::errors;
use crate::format;
use crate::i18n::*;

/// How long the number of licenses must stay unchanged before it is priced.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// The number of licenses as typed: a whole number from 1 to `max`, or the error to show.
pub fn parse_licenses(text: &str, max: i64) -> Result<i64, ApiError> {
    // Anything that is not a whole number is out of range ("1.5", "", "ten").
    let licenses = text.trim().parse().unwrap_or(0);
    validate_licenses(licenses, max, "licenses").map(|()| licenses)
}

/// Where the price for the licenses typed is.
#[derive(Debug, Clone, PartialEq)]
pub enum QuoteState {
    /// The number typed is not a valid number of licenses.
    NeedsLicenses,
    /// Being fetched.
    Loading,
    /// The price for `quote.licenses` licenses.
    Ready(PurchaseQuote),
    /// It could not be fetched.
    Failed(ApiFailure),
}

impl QuoteState {
    /// Whether this is the price of exactly `licenses` licenses, ready to be shown.
    pub fn is_for(&self, licenses: i64) -> bool {
        matches!(self, QuoteState::Ready(quote) if quote.licenses == licenses)
    }
}

/// A product's price for a number of licenses that changes as the person types.
#[derive(Clone, Copy)]
pub struct Quote {
    /// The price, or why there is none.
    pub state: RwSignal<QuoteState>,
    /// Fetches the price for the current number again, at once.
    pub refresh: Callback<()>,
}

/// Prices `licenses` of a product: at once when it opens, then 300 ms after the number stops
/// changing. An answer for a number that has since changed is dropped.
pub fn use_quote(product_id: String, licenses: Signal<Option<i64>>) -> Quote {
    let state = RwSignal::new(QuoteState::NeedsLicenses);
    let product_id = StoredValue::new(product_id);
    let debounce = use_debounce(DEBOUNCE);
    let fetch = move |licenses: i64| {
        move |ticket: u64| {
            let Some(id) = product_id.try_get_value() else { return };
            spawn_local(async move {
                let result = api::purchases::quote(&id, licenses).await;
                if debounce.is_current(ticket) {
                    state.try_set(match result {
                        Ok(quote) => QuoteState::Ready(quote),
                        Err(failure) => QuoteState::Failed(failure),
                    });
                }
            });
        }
    };
    let schedule = move |licenses: Option<i64>, at_once: bool| {
        let Some(licenses) = licenses else {
            debounce.cancel();
            state.set(QuoteState::NeedsLicenses);
            return;
        };
        state.set(QuoteState::Loading);
        if at_once { debounce.now(fetch(licenses)) } else { debounce.call(fetch(licenses)) }
    };
    Effect::new(move |ran: Option<()>| schedule(licenses.get(), ran.is_none()));
    Quote { state, refresh: Callback::new(move |()| schedule(licenses.get_untracked(), true)) }
}

/// The price lines (subtotal, tax at its rate, total), the renewal date and the billing
/// profile, or why they are not there yet. Changes are announced politely.
#[component]
pub fn PriceSummary(
    /// The price to show.
    quote: Quote,
    /// How the product is billed, to say what the subtotal covers; without it the renewal date
    /// says so.
    billing_term: Option<BillingTerm>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lines = move |q: PurchaseQuote| {
        let locale = i18n.get_locale();
        let licenses = format::number(q.licenses, locale);
        let per_license = format::money(&q.price_per_license_term, locale);
        let subtotal_label = match billing_term {
            Some(BillingTerm::Monthly) => {
                t_string!(i18n, purchase.subtotal_monthly, licenses = licenses, price = per_license).to_string()
            }
            Some(BillingTerm::Annual) => {
                t_string!(i18n, purchase.subtotal_annual, licenses = licenses, price = per_license).to_string()
            }
            None => t_string!(i18n, purchase.subtotal, licenses = licenses, price = per_license).to_string(),
        };
        view! {
            <PriceLinesView
                price=q.price
                subtotal=subtotal_label
                tax=move |rate: String| t_string!(i18n, purchase.tax, rate = rate).to_string()
                total=move || t_string!(i18n, purchase.total)
            />
            <p class="price-terms">
                {t_string!(i18n, purchase.renews_on, date = format::date(&q.term_end_date, locale)).to_string()}
                " "
                {t_string!(i18n, purchase.billed_to, profile = q.billing_profile_name.clone()).to_string()}
            </p>
        }
    };
    view! {
        <section class="price-summary" aria-labelledby="price-heading">
            <h3 id="price-heading">{t!(i18n, purchase.price_heading)}</h3>
            <div aria-live="polite" aria-busy=move || quote.state.with(|s| *s == QuoteState::Loading).to_string()>
                {move || match quote.state.get() {
                    QuoteState::NeedsLicenses => {
                        view! { <p class="hint">{t!(i18n, purchase.price_needs_licenses)}</p> }.into_any()
                    }
                    QuoteState::Loading => {
                        view! {
                            <p class="loading">
                                <span class="spinner" aria-hidden="true"></span>
                                {t!(i18n, purchase.price_loading)}
                            </p>
                        }
                            .into_any()
                    }
                    QuoteState::Ready(q) => lines(q).into_any(),
                    QuoteState::Failed(failure) => {
                        view! {
                            <p class="field-error">{move || errors::describe(i18n, &failure)}</p>
                            <button type="button" class="button" on:click=move |_| quote.refresh.run(())>
                                {t!(i18n, shell.retry)}
                            </button>
                        }
                            .into_any()
                    }
                }}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_api::ErrorCode;

    #[test]
    fn licenses_are_a_whole_number_from_one_to_the_products_maximum() {
        assert_eq!(parse_licenses(" 25 ", 500), Ok(25));
        assert_eq!(parse_licenses("500", 500), Ok(500));
        for wrong in ["0", "501", "-3", "1.5", "", "ten"] {
            let error = parse_licenses(wrong, 500).expect_err(wrong);
            assert_eq!(
                (error.code, error.field.as_deref(), error.count),
                (ErrorCode::OutOfRange, Some("licenses"), Some(500))
            );
        }
    }
}
