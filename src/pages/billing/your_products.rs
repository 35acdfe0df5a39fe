//! Billing > Your products: the subscriptions the person bought.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::subscriptions::{Subscription, SubscriptionStatus};

use crate::api;
use crate::components::loading::Loading;
use crate::components::page::Page;
use crate::components::service_error::ServiceError;
use crate::format;
use crate::i18n::*;
use crate::routes::paths;
use crate::session::Session;

/// The Your products page: the Products tab lists every subscription the person bought.
#[component]
pub fn YourProducts() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let subscriptions = LocalResource::new(api::subscriptions::list);
    view! {
        <Page title=move || t_string!(i18n, products.title) in_billing=true>
            <p class="intro">{t!(i18n, products.intro)}</p>
            <h2>{t!(i18n, products.products_tab)}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match subscriptions.await {
                        Ok(list) if list.subscriptions.is_empty() => view! { <EmptyProducts /> }.into_any(),
                        Ok(list) => view! { <SubscriptionTable subscriptions=list.subscriptions /> }.into_any(),
                        Err(failure) if failure.is_unauthenticated() => {
                            // The session ended elsewhere: the shell sends the person to sign in.
                            session.me.set(None);
                            ().into_any()
                        }
                        Err(failure) => {
                            view! { <ServiceError failure on_retry=Callback::new(move |_| subscriptions.refetch()) /> }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn EmptyProducts() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="empty-state">
            <p>{t!(i18n, products.empty)}</p>
            <A href=paths::PURCHASE>{t!(i18n, shell.purchase_services)}</A>
        </div>
    }
}

/// The subscriptions, one row each, money and dates in the person's language.
#[component]
fn SubscriptionTable(subscriptions: Vec<Subscription>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = subscriptions
        .into_iter()
        .map(|s| {
            let status = s.status;
            let licenses = format!("{} / {}", s.assigned_licenses, s.total_licenses);
            let term_end = s.term_end_date.clone();
            let price = s.price.clone();
            view! {
                <tr>
                    <th scope="row">
                        {s.product_name.clone()}
                        {s.self_service.then(|| view! { <span class="tag">{t!(i18n, products.self_service)}</span> })}
                    </th>
                    <td class="number">{licenses}</td>
                    <td>{move || status_text(i18n, status)}</td>
                    <td>{move || format::date(&term_end, i18n.get_locale())}</td>
                    <td class="number">{move || format::money(&price, i18n.get_locale())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table">
            <caption class="visually-hidden">{t!(i18n, products.products_tab)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, products.column_product)}</th>
                    <th scope="col" class="number">{t!(i18n, products.column_licenses)}</th>
                    <th scope="col">{t!(i18n, products.column_status)}</th>
                    <th scope="col">{t!(i18n, products.column_term_end)}</th>
                    <th scope="col" class="number">{t!(i18n, products.column_price)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn status_text(i18n: leptos_i18n::I18nContext<Locale>, status: SubscriptionStatus) -> &'static str {
    match status {
        SubscriptionStatus::Active => t_string!(i18n, products.status_active),
        SubscriptionStatus::Trial => t_string!(i18n, products.status_trial),
        SubscriptionStatus::RecurringBillingOff => t_string!(i18n, products.status_recurring_billing_off),
        SubscriptionStatus::Expired => t_string!(i18n, products.status_expired),
        SubscriptionStatus::Canceled => t_string!(i18n, products.status_canceled),
    }
}
