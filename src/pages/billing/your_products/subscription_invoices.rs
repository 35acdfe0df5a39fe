//! The invoices with a line of one subscription (its details page, for an admin), each linking
//! to the invoice's page.

use leptos::prelude::*;

use crate::api;
use crate::components::loaded::Loaded;
use crate::i18n::*;
use crate::pages::billing::bills_and_payments::InvoiceTable;

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
                    view! {
                        <InvoiceTable
                            invoices=list.invoices
                            caption=move || t_string!(i18n, admin.invoices_heading)
                            with_profile=false
                        />
                    }
                    .into_any()
                }}
            </Loaded>
        </section>
    }
}
