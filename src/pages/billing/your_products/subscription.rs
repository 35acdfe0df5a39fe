//! A subscription's details page (`/billing/products/:id`): its status, licenses, dates, price
//! and purchaser, and buttons for what can be done to it.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::subscriptions::Subscription;

use super::actions::{Action, ActionButtons, ActionPane};
use super::status::status_text;
use crate::api;
use crate::components::loaded::{Loaded, MissingPage};
use crate::components::page::Page;
use crate::format;
use crate::i18n::*;
use crate::routes::paths;

/// A subscription's details page (`/billing/products/:id`).
#[component]
pub fn SubscriptionDetails() -> impl IntoView {
    let i18n = use_i18n();
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let subscription = LocalResource::new(move || {
        let id = id();
        async move { api::subscriptions::get(&id).await }
    });
    let not_found = move || {
        view! {
            <MissingPage
                title=move || t_string!(i18n, your_products.details_label)
                in_billing=true
                back=paths::YOUR_PRODUCTS
                back_label=move || t_string!(i18n, your_products.back)
            />
        }
    };
    view! {
        <Loaded resource=subscription not_found let:subscription>
            <Details subscription />
        </Loaded>
    }
}

#[component]
fn Details(subscription: Subscription) -> impl IntoView {
    let i18n = use_i18n();
    let name = subscription.product_name.clone();
    let current = RwSignal::new(subscription);
    let action = RwSignal::new(None::<(Action, Subscription)>);
    let message = RwSignal::new(None::<String>);
    let done = Callback::new(move |(changed, text): (Subscription, String)| {
        current.set(changed);
        message.set(Some(text));
    });
    view! {
        <Page title=name in_billing=true>
            <p><A href=paths::YOUR_PRODUCTS>{t!(i18n, your_products.back)}</A></p>
            <div role="status" class="status-line">
                {move || message.get().map(|text| view! { <p class="success">{text}</p> })}
            </div>
            {move || {
                let s = current.get();
                let (status, term_end, price) = (s.status, s.term_end_date.clone(), s.price.clone());
                let reactivate_until = s.reactivate_until.clone();
                view! {
                    <dl class="details">
                        <dt>{t!(i18n, your_products.column_status)}</dt>
                        <dd>
                            {move || status_text(i18n, status)}
                            {s.self_service.then(|| view! { <span class="tag">{t!(i18n, your_products.self_service)}</span> })}
                        </dd>
                        <dt>{t!(i18n, your_products.column_licenses)}</dt>
                        <dd>{format!("{} / {}", s.assigned_licenses, s.total_licenses)}</dd>
                        <dt>{t!(i18n, your_products.column_term_end)}</dt>
                        <dd>{move || format::date(&term_end, i18n.get_locale())}</dd>
                        {reactivate_until.map(|until| view! {
                            <dt>{t!(i18n, your_products.reactivate_until)}</dt>
                            <dd>{move || format::date(&until, i18n.get_locale())}</dd>
                        })}
                        <dt>{t!(i18n, your_products.column_price)}</dt>
                        <dd>{move || format::money(&price, i18n.get_locale())}</dd>
                        <dt>{t!(i18n, your_products.purchased_by)}</dt>
                        <dd>{s.purchaser_name.clone()}</dd>
                    </dl>
                    {if s.can_change {
                        view! { <div class="actions-bar"><ActionButtons subscription=s.clone() open=action /></div> }.into_any()
                    } else {
                        view! { <p class="hint">{t!(i18n, your_products.read_only_note)}</p> }.into_any()
                    }}
                }
            }}
            <ActionPane open=action on_done=done />
        </Page>
    }
}
