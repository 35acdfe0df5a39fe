//! Billing > Your products for an admin: every self-service purchase of the organization,
//! read-only, in the seed's six columns. Search, the Self-service filter, sort and page live in
//! the address, so reload and Back show the same list.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_api::self_service::PurchasesPage;

use super::filter::{FilterButton, FilterFieldset, FilterToggle};
use super::purchase_table::PurchaseTable;
use crate::api::ApiFailure;
use crate::api::admin_purchases::{self, PurchasesView};
use crate::components::debounce::use_debounce;
use crate::components::loaded::{Failed, PagedList, retry, use_paged_list};
use crate::components::loading::Loading;
use crate::components::page::Page;
use crate::i18n::*;
use crate::routes::paths;

/// How long typing must pause before the list is searched.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// The address of a view of the list.
pub fn purchases_path(view: &PurchasesView) -> String {
    match view.query() {
        query if query.is_empty() => paths::YOUR_PRODUCTS.to_owned(),
        query => format!("{}?{query}", paths::YOUR_PRODUCTS),
    }
}

/// The admin's Your products page: the Products tab lists the organization's purchases.
#[component]
pub fn AdminPurchases() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let view_state = Memo::new(move |_| query.with(|q| PurchasesView::from_query(|name| q.get(name))));
    let navigate = use_navigate();
    // Typing replaces the address (Back leaves the list, not each letter); the rest adds one.
    let show = Callback::new(move |(next, replace): (PurchasesView, bool)| {
        if view_state.with_untracked(|now| *now != next) {
            navigate(&purchases_path(&next), NavigateOptions { replace, scroll: false, ..Default::default() });
        }
    });
    let PagedList { answer: purchases, busy, reload } = use_paged_list(move || {
        let wanted = view_state.get();
        async move { admin_purchases::list(&wanted).await }
    });
    let export_href = Signal::derive(move || {
        view_state.with(|v| admin_purchases::export_url(v, leptos_i18n::Locale::as_str(i18n.get_locale())))
    });
    view! {
        <Page title=move || t_string!(i18n, your_products.title) in_billing=true>
            <p class="intro">{t!(i18n, admin.intro)}</p>
            <h2>{t!(i18n, your_products.products_tab)}</h2>
            <PurchasesToolbar view_state show export_href />
            {move || match purchases.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => {
                    view! { <Failed failure on_retry=retry(reload) /> }.into_any()
                }
                Some(Ok(_)) => ().into_any(),
            }}
            <PurchasesList purchases view_state show busy />
        </Page>
    }
}

/// The search box, the filter (behind the filter icon, as on a user's Your products) and Export.
#[component]
fn PurchasesToolbar(
    view_state: Memo<PurchasesView>,
    show: Callback<(PurchasesView, bool)>,
    export_href: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let search_text = RwSignal::new(view_state.with_untracked(|v| v.search.clone()));
    // Back or a link changes the address: the box follows it.
    Effect::new(move || {
        let search = view_state.with(|v| v.search.clone());
        if search_text.with_untracked(|typed| typed.trim() != search.trim()) {
            search_text.set(search);
        }
    });
    let search = use_debounce(SEARCH_DEBOUNCE);
    let on_search = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        search_text.set(typed.clone());
        search.call(move |_| {
            let next = view_state.with_untracked(|v| PurchasesView { search: typed, offset: 0, ..v.clone() });
            show.run((next, true));
        });
    };
    let toggle = FilterToggle::new();
    view! {
        <div class="toolbar">
            <div class="field search">
                <label for="purchase-search">{t!(i18n, admin.search_label)}</label>
                <input id="purchase-search" type="search" prop:value=search_text on:input=on_search />
            </div>
            <FilterButton toggle controls="purchases-filter" />
            <a class="button" download="" href=export_href>{t!(i18n, admin.export)}</a>
        </div>
        <FilterFieldset toggle id="purchases-filter">
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || view_state.with(|v| v.self_service)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            show.run((view_state.with_untracked(|v| PurchasesView { self_service: on, offset: 0, ..v.clone() }), false));
                        }
                    />
                    {t!(i18n, your_products.self_service)}
                </label>
        </FilterFieldset>
    }
}

/// The list once it has loaded: the table (kept while the next page loads, so focus stays on
/// the header or button that asked for it), or the empty state.
#[component]
fn PurchasesList(
    purchases: RwSignal<Option<Result<PurchasesPage, ApiFailure>>>,
    view_state: Memo<PurchasesView>,
    show: Callback<(PurchasesView, bool)>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let page = Memo::new(move |_| purchases.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).cloned()));
    let has_rows = Memo::new(move |_| page.with(|p| p.as_ref().is_some_and(|p| !p.purchases.is_empty())));
    let empty = Memo::new(move |_| page.with(|p| p.as_ref().is_some_and(|p| p.purchases.is_empty())));
    let narrowed = move || view_state.with(|v| !v.search.trim().is_empty());
    view! {
        <Show when=move || has_rows.get()>
            <PurchaseTable page view_state show busy />
        </Show>
        <Show when=move || empty.get()>
            {move || if narrowed() {
                view! {
                    <div class="empty-state">
                        <p role="status">{t!(i18n, admin.no_match)}</p>
                        <button type="button" class="button" on:click=move |_| show.run((PurchasesView::default(), false))>
                            {t!(i18n, your_products.clear_filter)}
                        </button>
                    </div>
                }
                    .into_any()
            } else {
                view! { <p class="empty-state" role="status">{t!(i18n, admin.empty)}</p> }.into_any()
            }}
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_api::self_service::PurchaseSort;

    #[test]
    fn the_default_list_is_plain_your_products_and_a_view_adds_its_query() {
        assert_eq!(purchases_path(&PurchasesView::default()), "/billing/products");
        let by_price = PurchasesView::default().sorted_by(PurchaseSort::Price);
        assert_eq!(purchases_path(&by_price), "/billing/products?sort=price");
    }
}
