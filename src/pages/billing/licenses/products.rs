//! The Licenses page: each product the person has licenses for, with Assigned, Available and
//! Total summed over their subscriptions of it, and the Self-service filter.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::licenses::ProductLicenses;

use crate::api;
use crate::components::data_table::DataTable;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::format;
use crate::i18n::*;
use crate::pages::billing::license_requests::LicensesTabs;
use crate::routes::paths;

/// The Licenses page.
#[component]
pub fn Licenses() -> impl IntoView {
    let i18n = use_i18n();
    // An admin reads another person's licenses (read-only) with `?purchaser_id=`.
    let query = leptos_router::hooks::use_query_map();
    let purchaser = move || query.read().get("purchaser_id");
    let products = LocalResource::new(move || api::licenses::list(purchaser()));
    view! {
        <Page title=move || t_string!(i18n, licenses.title) in_billing=true>
            <LicensesTabs />
            <p class="intro">{t!(i18n, licenses.intro)}</p>
            <Loaded resource=products let:list>
                {if list.products.is_empty() {
                    view! {
                        <div class="empty-state">
                            <p>{t!(i18n, licenses.empty)}</p>
                            <A href=paths::PURCHASE>{t!(i18n, shell.purchase_services)}</A>
                        </div>
                    }
                        .into_any()
                } else {
                    view! { <ProductsList products=list.products purchaser=purchaser() /> }.into_any()
                }}
            </Loaded>
        </Page>
    }
}

/// A product's details page, for the purchaser being read.
pub fn details_path(product_id: &str, purchaser: Option<&str>) -> String {
    let path = paths::product_licenses(product_id);
    match api::licenses::purchaser_param(purchaser) {
        Some(param) => format!("{path}?{param}"),
        None => path,
    }
}

/// The Self-service filter and the products, one row each.
#[component]
fn ProductsList(products: Vec<ProductLicenses>, purchaser: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let purchaser = StoredValue::new(purchaser);
    let self_service_only = RwSignal::new(false);
    let shown = Memo::new(move |_| {
        let only = self_service_only.get();
        products.iter().filter(|p| !only || p.self_service).cloned().collect::<Vec<_>>()
    });
    let head = move || {
        view! {
            <th scope="col">{t!(i18n, licenses.column_product)}</th>
            <th scope="col" class="number">{t!(i18n, licenses.column_assigned)}</th>
            <th scope="col" class="number">{t!(i18n, licenses.column_available)}</th>
            <th scope="col" class="number">{t!(i18n, licenses.column_total)}</th>
        }
    };
    view! {
        <div class="toolbar">
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=self_service_only
                    on:change=move |ev| self_service_only.set(event_target_checked(&ev))
                />
                {t!(i18n, licenses.self_service_only)}
            </label>
        </div>
        <Show
            when=move || !shown.with(Vec::is_empty)
            fallback=move || view! { <p class="empty-state" role="status">{t!(i18n, licenses.no_match)}</p> }
        >
            <DataTable caption=move || t_string!(i18n, licenses.title) head class="licenses-table" scroll_box=false>
                <For each=move || shown.get() key=|p| p.product_id.clone() let:p>
                    <tr>
                        <th scope="row">
                            <A href=purchaser.with_value(|who| details_path(&p.product_id, who.as_deref()))>{p.product_name.clone()}</A>
                            {p
                                .self_service
                                .then(|| view! { <span class="tag">{t!(i18n, licenses.self_service)}</span> })}
                        </th>
                        <td class="number">{move || format::number(p.assigned, i18n.get_locale())}</td>
                        <td class="number">{move || format::number(p.available, i18n.get_locale())}</td>
                        <td class="number">{move || format::number(p.total, i18n.get_locale())}</td>
                    </tr>
                </For>
            </DataTable>
        </Show>
    }
}
