//! An invoice's page (`/billing/bills/invoices/:id`): its lines, subtotal, tax with its rate,
//! total, credits applied, the card that paid, and Download PDF.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::invoices::{InvoiceDetails, InvoiceLineItem};

use super::{card_name, status_text};
use crate::api;
use crate::components::data_table::DataTable;
use crate::components::loaded::{Loaded, missing_page, use_param_resource};
use crate::components::page::Page;
use crate::format;
use crate::i18n::*;
use crate::routes::paths;
use leptos_i18n::Locale as _;

/// The invoice details page.
#[component]
pub fn InvoiceDetailsPage() -> impl IntoView {
    let i18n = use_i18n();
    let invoice = use_param_resource("id", |id| async move { api::invoices::get(&id).await });
    let not_found = missing_page(
        move || t_string!(i18n, bills_and_payments.invoices),
        paths::INVOICES,
        move || t_string!(i18n, bills_and_payments.back_to_invoices),
    );
    view! {
        <Loaded resource=invoice not_found let:invoice>
            <Details invoice />
        </Loaded>
    }
}

#[component]
fn Details(invoice: InvoiceDetails) -> impl IntoView {
    let i18n = use_i18n();
    let summary = invoice.summary.clone();
    let number = summary.number.clone();
    let title = move || t_string!(i18n, bills_and_payments.invoice_title, number = number.clone()).to_string();
    let id = StoredValue::new(summary.id.clone());
    let number = StoredValue::new(summary.number.clone());
    let pdf = move || api::invoices::pdf_url(&id.get_value(), i18n.get_locale().as_str());
    let (issued, due, status) = (summary.issued_on.clone(), summary.due_on.clone(), summary.status);
    let money = move |m: portal_api::Money| move || format::money(&m, i18n.get_locale());
    let rate = invoice.tax_rate_bp;
    let payment = invoice.payment.clone();
    let has_credits = invoice.credits_applied.amount_minor != 0;
    let lines = invoice.lines.into_iter().map(|line| view! { <LineRow line /> }).collect_view();
    let line_head = move || {
        view! {
            <th scope="col">{t!(i18n, bills_and_payments.line_product)}</th>
            <th scope="col" class="number">{t!(i18n, bills_and_payments.line_quantity)}</th>
            <th scope="col" class="number">{t!(i18n, bills_and_payments.line_unit_price)}</th>
            <th scope="col">{t!(i18n, bills_and_payments.line_period)}</th>
            <th scope="col" class="number">{t!(i18n, bills_and_payments.line_amount)}</th>
        }
    };
    view! {
        <Page title=title in_billing=true>
            <p><A href=paths::INVOICES>{t!(i18n, bills_and_payments.back_to_invoices)}</A></p>
            <div class="actions-bar">
                <a
                    class="button primary"
                    href=pdf
                    download=move || format!("{}.pdf", number.get_value())
                >
                    {t!(i18n, bills_and_payments.download_pdf)}
                </a>
            </div>
            <dl class="details">
                <dt>{t!(i18n, bills_and_payments.column_date)}</dt>
                <dd>{move || format::date(&issued, i18n.get_locale())}</dd>
                <dt>{t!(i18n, bills_and_payments.due_date)}</dt>
                <dd>{move || format::date(&due, i18n.get_locale())}</dd>
                <dt>{t!(i18n, bills_and_payments.column_profile)}</dt>
                <dd>{summary.billing_profile_name.clone()}</dd>
                <dt>{t!(i18n, bills_and_payments.column_status)}</dt>
                <dd>{move || status_text(i18n, status)}</dd>
                <dt>{t!(i18n, bills_and_payments.payment)}</dt>
                <dd>
                    {move || match &payment {
                        Some(p) => card_name(i18n, p.brand, &p.last4),
                        None => t_string!(i18n, bills_and_payments.no_payment).to_owned(),
                    }}
                </dd>
            </dl>
            <h2>{t!(i18n, bills_and_payments.lines)}</h2>
            <DataTable caption=move || t_string!(i18n, bills_and_payments.lines) head=line_head>
                {lines}
            </DataTable>
            <dl class="price-lines invoice-totals">
                <dt>{t!(i18n, bills_and_payments.subtotal)}</dt>
                <dd>{money(invoice.subtotal)}</dd>
                <dt>
                    {move || {
                        t_string!(i18n, bills_and_payments.tax, rate = format::percent(rate, i18n.get_locale())).to_string()
                    }}
                </dt>
                <dd>{money(invoice.tax)}</dd>
                <dt>{t!(i18n, bills_and_payments.total)}</dt>
                <dd>{money(invoice.total)}</dd>
                {has_credits.then(|| {
                    let credits = portal_api::Money {
                        amount_minor: -invoice.credits_applied.amount_minor,
                        currency: invoice.credits_applied.currency.clone(),
                    };
                    view! {
                        <dt>{t!(i18n, bills_and_payments.credits_applied)}</dt>
                        <dd>{money(credits)}</dd>
                        <dt>{t!(i18n, bills_and_payments.total_after_credits)}</dt>
                        <dd>{money(summary.amount.clone())}</dd>
                    }
                })}
            </dl>
        </Page>
    }
}

#[component]
fn LineRow(line: InvoiceLineItem) -> impl IntoView {
    let i18n = use_i18n();
    let (unit, amount) = (line.unit_price, line.amount);
    let (start, end) = (line.period_start, line.period_end);
    let period = move || match (&start, &end) {
        (Some(start), Some(end)) => {
            let locale = i18n.get_locale();
            format!("{} – {}", format::date(start, locale), format::date(end, locale))
        }
        _ => String::new(),
    };
    view! {
        <tr>
            <th scope="row">
                {line.product}
                {line.prorated.then(|| view! { <span class="tag">{t!(i18n, bills_and_payments.prorated)}</span> })}
            </th>
            <td class="number">{move || format::number(line.quantity, i18n.get_locale())}</td>
            <td class="number">{move || format::money(&unit, i18n.get_locale())}</td>
            <td>{period}</td>
            <td class="number">{move || format::money(&amount, i18n.get_locale())}</td>
        </tr>
    }
}
