//! The admin's purchase table: the seed's six columns, each header a sort button (with
//! `aria-sort`), a row per subscription linking to its details, and the pager.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::licenses::SortOrder;
use portal_api::self_service::{Purchase, PurchaseSort, PurchasesPage};

use crate::api::admin_purchases::PurchasesView;
use crate::components::data_table::DataTable;
use crate::components::pager::{PageAt, Pager};
use crate::format;
use crate::i18n::*;
use crate::routes::paths;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A column's header, in the person's language (the seed's words).
fn column_label(i18n: I18n, sort: PurchaseSort) -> &'static str {
    match sort {
        PurchaseSort::Product => t_string!(i18n, admin.column_product),
        PurchaseSort::Purchaser => t_string!(i18n, admin.column_purchaser),
        PurchaseSort::Licenses => t_string!(i18n, admin.column_licenses),
        PurchaseSort::ExpiryDate => t_string!(i18n, admin.column_expiry_date),
        PurchaseSort::Price => t_string!(i18n, admin.column_price),
        PurchaseSort::AssignedUsers => t_string!(i18n, admin.column_assigned_users),
    }
}

/// The six columns, in the seed's order; numbers are right-aligned.
const COLUMNS: [(PurchaseSort, bool); 6] = [
    (PurchaseSort::Product, false),
    (PurchaseSort::Purchaser, false),
    (PurchaseSort::Licenses, true),
    (PurchaseSort::ExpiryDate, false),
    (PurchaseSort::Price, true),
    (PurchaseSort::AssignedUsers, true),
];

/// The table and its pager. The header stays while rows change, so a sort button keeps focus.
#[component]
pub fn PurchaseTable(
    /// The page shown (always `Some` while the table shows).
    page: Memo<Option<PurchasesPage>>,
    view_state: Memo<PurchasesView>,
    show: Callback<(PurchasesView, bool)>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || page.with(|p| p.as_ref().map(|p| p.purchases.clone()).unwrap_or_default());
    let head = move || {
        COLUMNS
            .into_iter()
            .map(|(sort, number)| {
                let aria_sort = move || {
                    view_state.with(|v| {
                        (v.sort == sort).then_some(if v.order == SortOrder::Asc { "ascending" } else { "descending" })
                    })
                };
                // drawn, not written: the header's text stays the column's name
                let arrow = move || {
                    view_state.with(|v| match (v.sort == sort, v.order) {
                        (false, _) => "",
                        (true, SortOrder::Asc) => "M2 11h12L8 4z",
                        (true, SortOrder::Desc) => "M2 5h12L8 12z",
                    })
                };
                view! {
                    <th scope="col" class:number=number aria-sort=aria_sort>
                        <button
                            type="button"
                            class="sort-button"
                            id=format!("sort-{}", column_id(sort))
                            on:click=move |_| show.run((view_state.with_untracked(|v| v.sorted_by(sort)), false))
                        >
                            {move || column_label(i18n, sort)}
                            <svg class="sort-arrow" viewBox="0 0 16 16" width="10" height="10" aria-hidden="true">
                                <path d=arrow fill="currentColor"></path>
                            </svg>
                        </button>
                    </th>
                }
            })
            .collect_view()
    };
    view! {
        <DataTable caption=move || t_string!(i18n, admin.purchases) head class="purchases-table" busy>
            <For each=rows key=row_key let:purchase>
                <PurchaseRow purchase />
            </For>
        </DataTable>
        <PurchasePager page view_state show />
    }
}

fn column_id(sort: PurchaseSort) -> &'static str {
    match sort {
        PurchaseSort::Product => "product",
        PurchaseSort::Purchaser => "purchaser",
        PurchaseSort::Licenses => "licenses",
        PurchaseSort::ExpiryDate => "expiry-date",
        PurchaseSort::Price => "price",
        PurchaseSort::AssignedUsers => "assigned-users",
    }
}

/// A row's key: it changes whenever what the row shows changes, so the row is redrawn.
fn row_key(p: &Purchase) -> String {
    format!(
        "{}:{}:{}:{}:{}:{}",
        p.subscription_id,
        p.total_licenses,
        p.assigned_licenses,
        p.term_end_date,
        p.price.amount_minor,
        p.managed_by_admin
    )
}

/// One purchase: the product (its details page), who bought it, licenses, expiry, price, assigned.
#[component]
fn PurchaseRow(purchase: Purchase) -> impl IntoView {
    let i18n = use_i18n();
    let Purchase { subscription_id, product_name, purchaser_name, total_licenses, term_end_date, price, .. } = purchase;
    let (assigned, self_service, managed) =
        (purchase.assigned_licenses, purchase.self_service, purchase.managed_by_admin);
    let number = move |n: i64| format::number(n, i18n.get_locale());
    view! {
        <tr>
            <th scope="row">
                <A href=paths::subscription(&subscription_id)>{product_name}</A>
                {(!self_service).then(|| view! { <span class="tag">{t!(i18n, admin.admin_managed)}</span> })}
                {managed.then(|| view! { <span class="tag">{t!(i18n, admin.under_admin_control)}</span> })}
            </th>
            <td>{purchaser_name}</td>
            <td class="number">{move || number(total_licenses)}</td>
            <td>{move || format::date(&term_end_date, i18n.get_locale())}</td>
            <td class="number">{move || format::money(&price, i18n.get_locale())}</td>
            <td class="number">{move || number(assigned)}</td>
        </tr>
    }
}

/// "1–50 of 5,000" between Previous and Next.
#[component]
fn PurchasePager(
    page: Memo<Option<PurchasesPage>>,
    view_state: Memo<PurchasesView>,
    show: Callback<(PurchasesView, bool)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let at = Memo::new(move |_| {
        page.with(|p| {
            p.as_ref().map_or(PageAt { limit: 50, ..PageAt::default() }, |p| PageAt {
                offset: p.offset,
                on_page: p.purchases.len() as i64,
                total: p.total_matching,
                limit: p.limit,
            })
        })
    });
    let go = Callback::new(move |offset| {
        show.run((view_state.with_untracked(|v| PurchasesView { offset, ..v.clone() }), false));
    });
    view! { <Pager label=move || t_string!(i18n, licenses.pages) at on_go=go id="purchases" announce=true /> }
}
