//! The Products tab of Your products: search, the filter, and a row per subscription with its
//! More actions menu.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::subscriptions::Subscription;

use super::actions::{Action, ActionPane, SubscriptionMenu};
use super::filter::{FilterButton, FilterChoices, FilterFieldset, FilterToggle, ProductsFilter};
use super::status::status_text;
use crate::api;
use crate::components::data_table::DataTable;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::format;
use crate::i18n::*;
use crate::routes::paths;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The Your products page: the Products tab lists every subscription the person bought.
#[component]
pub fn YourProducts() -> impl IntoView {
    let i18n = use_i18n();
    let subscriptions = LocalResource::new(api::subscriptions::list);
    view! {
        <Page title=move || t_string!(i18n, your_products.title) in_billing=true>
            <p class="intro">{t!(i18n, your_products.intro)}</p>
            <h2>{t!(i18n, your_products.products_tab)}</h2>
            <Loaded resource=subscriptions let:list>
                {if list.subscriptions.is_empty() {
                    view! { <EmptyProducts /> }.into_any()
                } else {
                    view! { <ProductsTab subscriptions=list.subscriptions /> }.into_any()
                }}
            </Loaded>
        </Page>
    }
}

#[component]
fn EmptyProducts() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="empty-state">
            <p>{t!(i18n, your_products.empty)}</p>
            <A href=paths::PURCHASE>{t!(i18n, shell.purchase_services)}</A>
        </div>
    }
}

/// The search box, the filter (behind the filter icon) and the matching subscriptions.
#[component]
fn ProductsTab(subscriptions: Vec<Subscription>) -> impl IntoView {
    let i18n = use_i18n();
    let all = RwSignal::new(subscriptions);
    let filter = RwSignal::new(ProductsFilter::default());
    let shown = Memo::new(move |_| {
        all.with(|all| all.iter().filter(|s| filter.with(|f| f.matches(s))).cloned().collect::<Vec<_>>())
    });
    let action = RwSignal::new(None::<(Action, Subscription)>);
    let message = RwSignal::new(None::<String>);
    let done = Callback::new(move |(changed, text): (Subscription, String)| {
        all.update(|all| match all.iter_mut().find(|s| s.id == changed.id) {
            Some(row) => *row = changed,
            None => all.insert(0, changed),
        });
        message.set(Some(text));
    });
    let toggle = FilterToggle::new();
    view! {
        <div role="status" class="status-line">
            {move || message.get().map(|text| view! { <p class="success">{text}</p> })}
        </div>
        <ActionPane open=action on_done=done />
        <div class="toolbar">
            <div class="field search">
                <label for="product-search">{t!(i18n, your_products.search_label)}</label>
                <input
                    id="product-search"
                    type="search"
                    prop:value=move || filter.with(|f| f.query.clone())
                    on:input=move |ev| filter.update(|f| f.query = event_target_value(&ev))
                />
            </div>
            <FilterButton toggle controls="products-filter" />
        </div>
        <FilterFieldset toggle id="products-filter">
            <FilterChoices filter />
        </FilterFieldset>
        <Show
            when=move || !shown.with(Vec::is_empty)
            fallback=move || {
                view! {
                    <div class="empty-state">
                        <p role="status">{t!(i18n, your_products.no_match)}</p>
                        <button type="button" class="button" on:click=move |_| filter.set(ProductsFilter::default())>
                            {t!(i18n, your_products.clear_filter)}
                        </button>
                    </div>
                }
            }
        >
            <SubscriptionTable subscriptions=shown action />
        </Show>
    }
}

/// The subscriptions, one row each, money and dates in the person's language.
#[component]
fn SubscriptionTable(
    subscriptions: Memo<Vec<Subscription>>,
    action: RwSignal<Option<(Action, Subscription)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let head = move || {
        view! {
            <th scope="col">{t!(i18n, your_products.column_product)}</th>
            <th scope="col" class="number">{t!(i18n, your_products.column_licenses)}</th>
            <th scope="col">{t!(i18n, your_products.column_status)}</th>
            <th scope="col">{t!(i18n, your_products.column_term_end)}</th>
            <th scope="col" class="number">{t!(i18n, your_products.column_price)}</th>
            <th scope="col">
                <span class="visually-hidden">{t!(i18n, your_products.actions_column)}</span>
            </th>
        }
    };
    view! {
        <DataTable caption=move || t_string!(i18n, your_products.products_tab) head scroll_box=false>
            <For each=move || subscriptions.get() key=|s| row_key(s) let:s>
                {row(i18n, s, action)}
            </For>
        </DataTable>
    }
}

/// A row's key: it changes whenever what the row shows changes, so the row is redrawn.
fn row_key(s: &Subscription) -> String {
    format!(
        "{}:{:?}:{}:{}:{}:{}",
        s.id, s.status, s.total_licenses, s.assigned_licenses, s.term_end_date, s.managed_by_admin
    )
}

fn row(i18n: I18n, s: Subscription, action: RwSignal<Option<(Action, Subscription)>>) -> impl IntoView {
    let menu = view! { <SubscriptionMenu subscription=s.clone() open=action /> };
    let status = s.status;
    let licenses = format!("{} / {}", s.assigned_licenses, s.total_licenses);
    let term_end = s.term_end_date;
    let price = s.price;
    view! {
        <tr>
            <th scope="row">
                <A href=paths::subscription(&s.id)>{s.product_name}</A>
                {s.self_service.then(|| view! { <span class="tag">{t!(i18n, your_products.self_service)}</span> })}
                {s.managed_by_admin.then(|| view! { <span class="tag attention">{t!(i18n, admin.managed_by_admin)}</span> })}
            </th>
            <td class="number">{licenses}</td>
            <td>{move || status_text(i18n, status)}</td>
            <td>{move || format::date(&term_end, i18n.get_locale())}</td>
            <td class="number">{move || format::money(&price, i18n.get_locale())}</td>
            <td class="actions">{menu}</td>
        </tr>
    }
}
