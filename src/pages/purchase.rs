//! Purchase services: the catalog of products the person may buy for their team.

use leptos::prelude::*;
use portal_api::products::{BillingTerm, Product};

use crate::api;
use crate::components::loading::Loading;
use crate::components::page::Page;
use crate::components::service_error::ServiceError;
use crate::format;
use crate::i18n::*;
use crate::session::Session;

/// The Purchase services page.
#[component]
pub fn PurchaseServices() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let catalog = LocalResource::new(api::products::list);
    view! {
        <Page title=move || t_string!(i18n, purchase.title)>
            <p class="intro">{t!(i18n, purchase.intro)}</p>
            <p class="notice">{t!(i18n, purchase.buying_later)}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match catalog.await {
                        Ok(list) if list.products.is_empty() => {
                            view! { <p class="empty-state">{t!(i18n, purchase.empty)}</p> }.into_any()
                        }
                        Ok(list) => view! { <Catalog products=list.products /> }.into_any(),
                        Err(failure) if failure.is_unauthenticated() => {
                            session.me.set(None);
                            ().into_any()
                        }
                        Err(failure) => {
                            view! { <ServiceError failure on_retry=Callback::new(move |_| catalog.refetch()) /> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </Page>
    }
}

/// One card per product: price per license per month in the organization's currency, how it is
/// billed, how many licenses it allows, and its trial offer. (The catalog's descriptions are
/// English only, so the page leaves them out until the catalog is translated.)
#[component]
fn Catalog(products: Vec<Product>) -> impl IntoView {
    let i18n = use_i18n();
    let cards = products
        .into_iter()
        .map(|product| {
            let heading_id = format!("product-{}", product.id);
            let labelled_by = heading_id.clone();
            let price = product.price_per_license_month.clone();
            let max = product.max_licenses;
            let trial = product.trial.clone();
            view! {
                <li class="product-card" aria-labelledby=labelled_by>
                    <h3 id=heading_id>{product.name.clone()}</h3>
                    <p class="price">
                        <strong>{move || format::money(&price, i18n.get_locale())}</strong>
                        " "
                        {t!(i18n, purchase.per_license_month)}
                    </p>
                    <ul class="facts">
                        <li>
                            {match product.billing_term {
                                BillingTerm::Monthly => t!(i18n, purchase.billed_monthly).into_any(),
                                BillingTerm::Annual => t!(i18n, purchase.billed_annually).into_any(),
                            }}
                        </li>
                        <li>{t!(i18n, purchase.max_licenses, max = move || format::number(max, i18n.get_locale()))}</li>
                        {trial
                            .map(|trial| {
                                let (days, licenses) = (trial.days, trial.licenses);
                                view! {
                                    <li>
                                        {t!(i18n, purchase.trial_offer, days = move || days, licenses = move || licenses)}
                                        " "
                                        {if trial.requires_card {
                                            t!(i18n, purchase.trial_needs_card).into_any()
                                        } else {
                                            t!(i18n, purchase.trial_no_card).into_any()
                                        }}
                                    </li>
                                }
                            })}
                    </ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="catalog" aria-label=move || t_string!(i18n, purchase.catalog_label)>
            {cards}
        </ul>
    }
}
