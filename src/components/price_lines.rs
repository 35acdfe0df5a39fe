//! A price's lines, the same everywhere money is shown before it moves (buying, changing
//! licenses, reactivating): subtotal, tax at its rate, total, in the person's language.

use leptos::prelude::*;
use leptos::text_prop::TextProp;
use portal_api::purchases::PriceLines;

use crate::format;
use crate::i18n::*;

/// Subtotal, tax and total. The labels are the area's own words ("Subtotal" or "5 licenses ×
/// €12.00 for 1 month"; "Total" or "Total charged today"); `tax` gets the rate as the
/// person's language writes it ("21%", "21 %") and returns the tax line's label.
#[component]
pub fn PriceLinesView(
    /// The amounts.
    price: PriceLines,
    /// The subtotal's label.
    #[prop(into)]
    subtotal: TextProp,
    /// The tax line's label, given the rate.
    #[prop(into)]
    tax: Callback<String, String>,
    /// The total's label.
    #[prop(into)]
    total: TextProp,
) -> impl IntoView {
    let i18n = use_i18n();
    let PriceLines { subtotal: subtotal_amount, tax: tax_amount, total: total_amount, tax_rate_bp } = price;
    let money = move |amount: &portal_api::Money| format::money(amount, i18n.get_locale());
    view! {
        <dl class="price-lines">
            <dt>{move || subtotal.get()}</dt>
            <dd>{move || money(&subtotal_amount)}</dd>
            <dt>{move || tax.run(format::percent(tax_rate_bp, i18n.get_locale()))}</dt>
            <dd>{move || money(&tax_amount)}</dd>
            <dt class="total">{move || total.get()}</dt>
            <dd class="total">{move || money(&total_amount)}</dd>
        </dl>
    }
}
