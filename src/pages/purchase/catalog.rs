//! Purchase services: the catalog of products the person may buy for their team, with Buy
//! and Start free trial on each.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use portal_api::products::{BillingTerm, Product, TrialOffer};
use portal_api::subscriptions::Subscription;

use super::trial_pane::TrialPane;
use crate::api;
use crate::components::checkout::BuyPane;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::format;
use crate::i18n::*;
use crate::routes::paths;

/// The Purchase services page.
#[component]
pub fn PurchaseServices() -> impl IntoView {
    let i18n = use_i18n();
    let catalog = LocalResource::new(api::products::list);
    view! {
        <Page title=move || t_string!(i18n, purchase.title)>
            <p class="intro">{t!(i18n, purchase.intro)}</p>
            <Loaded resource=catalog let:list>
                {if list.products.is_empty() {
                    view! { <p class="empty-state">{t!(i18n, purchase.empty)}</p> }.into_any()
                } else {
                    view! { <Catalog products=list.products /> }.into_any()
                }}
            </Loaded>
        </Page>
    }
}

/// The pane open over the catalog, for the product it was opened from.
#[derive(Clone)]
enum Opened {
    Buy(Product),
    Trial(Product, TrialOffer),
}

/// One card per product: price per license per month in the organization's currency, how it is
/// billed, how many licenses it allows, its trial offer, and Buy / Start free trial, each
/// opening its pane. Once bought or started, the new subscription's details page opens: it
/// shows what was bought, and it is where the person assigns licenses next. (The catalog's
/// descriptions are English only, so the page leaves them out until the catalog is translated.)
#[component]
fn Catalog(products: Vec<Product>) -> impl IntoView {
    let i18n = use_i18n();
    let opened = RwSignal::new(None::<Opened>);
    let close = Callback::new(move |()| opened.set(None));
    let navigate = use_navigate();
    let done = Callback::new(move |subscription: Subscription| {
        navigate(&paths::subscription(&subscription.id), Default::default())
    });
    let cards = products
        .into_iter()
        .map(|product| {
            let buy = product.clone();
            let try_it = product.clone();
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
                    <div class="product-actions">
                        <button type="button" class="button primary" on:click=move |_| opened.set(Some(Opened::Buy(buy.clone())))>
                            {t!(i18n, purchase.buy)}
                            <span class="visually-hidden">" " {product.name.clone()}</span>
                        </button>
                        {product
                            .trial
                            .clone()
                            .map(|offer| {
                                let name = product.name.clone();
                                view! {
                                    <button
                                        type="button"
                                        class="button"
                                        on:click=move |_| opened.set(Some(Opened::Trial(try_it.clone(), offer.clone())))
                                    >
                                        {t!(i18n, purchase.start_free_trial)}
                                        <span class="visually-hidden">" " {name}</span>
                                    </button>
                                }
                            })}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="catalog" aria-label=move || t_string!(i18n, purchase.catalog_label)>
            {cards}
        </ul>
        <Show when=move || opened.with(Option::is_some)>
            {opened
                .get_untracked()
                .map(|pane| match pane {
                    Opened::Buy(product) => {
                        view! {
                            <BuyPane
                                product_id=product.id
                                product_name=product.name
                                max_licenses=product.max_licenses
                                trial_subscription_id=None
                                billing_term=product.billing_term
                                on_done=done
                                on_close=close
                            />
                        }
                            .into_any()
                    }
                    Opened::Trial(product, offer) => {
                        view! { <TrialPane product offer on_done=done on_close=close /> }.into_any()
                    }
                })}
        </Show>
    }
}
