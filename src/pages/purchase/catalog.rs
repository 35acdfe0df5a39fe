//! Purchase services: the organization's catalog, each product with what its self-service
//! policy lets the person do: Buy and Start free trial (Allow), only Start free trial (Allow for
//! trials only), or Request licenses from their admin (Do not allow). When the server refuses a
//! purchase or trial because the policy changed meanwhile, the page says so and reads the
//! catalog again.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use portal_api::products::{BillingTerm, Product, TrialOffer};
use portal_api::self_service::SelfServicePolicy;
use portal_api::subscriptions::Subscription;

use super::request_pane::RequestPane;
use super::trial_pane::TrialPane;
use crate::api::{self, ApiFailure};
use crate::components::checkout::BuyPane;
use crate::components::focus::focus_node;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::errors;
use crate::format;
use crate::i18n::*;
use crate::routes::paths;

/// The Purchase services page.
#[component]
pub fn PurchaseServices() -> impl IntoView {
    let i18n = use_i18n();
    let catalog = LocalResource::new(api::products::list);
    // Why the last purchase or trial was refused by the organization's policy.
    let refused = RwSignal::new(None::<ApiFailure>);
    let refused_note = NodeRef::<leptos::html::Div>::new();
    let on_refused = Callback::new(move |failure: ApiFailure| {
        refused.set(Some(failure));
        catalog.refetch();
        request_animation_frame(move || focus_node(refused_note));
    });
    view! {
        <Page title=move || t_string!(i18n, purchase.title)>
            <p class="intro">{t!(i18n, purchase.intro)}</p>
            <div node_ref=refused_note tabindex="-1" role="alert" class="alert-slot">
                {move || {
                    refused
                        .get()
                        .map(|failure| {
                            view! {
                                <p class="warning">
                                    {errors::describe(i18n, &failure)} " " {t!(i18n, self_service.policy_changed)}
                                </p>
                            }
                        })
                }}
            </div>
            <Loaded resource=catalog let:list>
                {if list.products.is_empty() {
                    view! { <p class="empty-state">{t!(i18n, purchase.empty)}</p> }.into_any()
                } else {
                    view! { <Catalog products=list.products on_refused /> }.into_any()
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
    Request(Product),
}

/// One card per product: price per license per month in the organization's currency, how it is
/// billed, how many licenses it allows, its trial offer, and what its policy allows (Buy, Start
/// free trial, Request licenses), each opening its pane. Once bought or started, the new subscription's details page opens: it
/// shows what was bought, and it is where the person assigns licenses next. (The catalog's
/// descriptions are English only, so the page leaves them out until the catalog is translated.)
#[component]
fn Catalog(products: Vec<Product>, on_refused: Callback<ApiFailure>) -> impl IntoView {
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
                    <ProductActions product=product.clone() opened />
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
                                on_refused
                            />
                        }
                            .into_any()
                    }
                    Opened::Trial(product, offer) => {
                        view! { <TrialPane product offer on_done=done on_close=close on_refused /> }.into_any()
                    }
                    Opened::Request(product) => view! { <RequestPane product on_close=close /> }.into_any(),
                })}
        </Show>
    }
}

/// What the product's policy lets the person do: Buy and Start free trial, only Start free
/// trial, or Request licenses; with a sentence when it is not Allow.
#[component]
fn ProductActions(product: Product, opened: RwSignal<Option<Opened>>) -> impl IntoView {
    let i18n = use_i18n();
    let name = product.name.clone();
    let policy = product.policy;
    let note = match policy {
        SelfServicePolicy::Allow => None,
        SelfServicePolicy::TrialsOnly => Some(t!(i18n, self_service.trials_only_note).into_any()),
        SelfServicePolicy::DoNotAllow => Some(t!(i18n, self_service.do_not_allow_note).into_any()),
    };
    let buy = policy.allows_buying().then(|| {
        let (product, name) = (product.clone(), name.clone());
        view! {
            <button type="button" class="button primary" on:click=move |_| opened.set(Some(Opened::Buy(product.clone())))>
                {t!(i18n, purchase.buy)}
                <span class="visually-hidden">" " {name}</span>
            </button>
        }
    });
    let trial = product.trial.clone().filter(|_| policy.allows_trials()).map(|offer| {
        let (product, name) = (product.clone(), name.clone());
        let class = if policy.allows_buying() { "button" } else { "button primary" };
        view! {
            <button type="button" class=class on:click=move |_| opened.set(Some(Opened::Trial(product.clone(), offer.clone())))>
                {t!(i18n, purchase.start_free_trial)}
                <span class="visually-hidden">" " {name}</span>
            </button>
        }
    });
    let request = (policy == SelfServicePolicy::DoNotAllow).then(|| {
        let product = product.clone();
        view! {
            <button type="button" class="button primary" on:click=move |_| opened.set(Some(Opened::Request(product.clone())))>
                {t!(i18n, self_service.request_licenses)}
                <span class="visually-hidden">" " {name}</span>
            </button>
        }
    });
    view! {
        {note.map(|note| view! { <p class="policy-note">{note}</p> })}
        <div class="product-actions">{buy} {trial} {request}</div>
    }
}
