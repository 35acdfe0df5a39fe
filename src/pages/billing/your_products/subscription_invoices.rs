//! The invoices with a line of one subscription (its details page, for an admin), each linking
//! to the invoice's page.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::invoices::InvoiceSummary;

use crate::api;
use crate::components::loaded::Loaded;
use crate::format;
use crate::i18n::*;
use crate::pages::billing::bills_and_payments::status_text;
use crate::routes::paths;

/// The "Its invoices" section.
#[component]
pub fn SubscriptionInvoices(subscription_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let invoices = LocalResource::new(move || {
        let id = subscription_id.clone();
        async move { api::subscriptions::invoices(&id).await }
    });
    view! {
        <section aria-labelledby="invoices-heading">
            <h2 id="invoices-heading">{t!(i18n, admin.invoices_heading)}</h2>
            <Loaded resource=invoices let:list>
                {if list.invoices.is_empty() {
                    view! { <p class="empty-state">{t!(i18n, admin.invoices_empty)}</p> }.into_any()
                } else {
                    view! { <InvoiceRows invoices=list.invoices /> }.into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn InvoiceRows(invoices: Vec<InvoiceSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = invoices
        .into_iter()
        .map(|invoice| {
            let (issued, amount, status) = (invoice.issued_on, invoice.amount, invoice.status);
            view! {
                <tr>
                    <th scope="row"><A href=paths::invoice(&invoice.id)>{invoice.number}</A></th>
                    <td>{move || format::date(&issued, i18n.get_locale())}</td>
                    <td class="number">{move || format::money(&amount, i18n.get_locale())}</td>
                    <td>{move || status_text(i18n, status)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data-table">
                <caption class="visually-hidden">{t!(i18n, admin.invoices_heading)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, bills_and_payments.column_number)}</th>
                        <th scope="col">{t!(i18n, bills_and_payments.column_date)}</th>
                        <th scope="col" class="number">{t!(i18n, bills_and_payments.column_amount)}</th>
                        <th scope="col">{t!(i18n, bills_and_payments.column_status)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
