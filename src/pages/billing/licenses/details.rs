//! A product's details page under Licenses (`/billing/licenses/:product`): its counts and the
//! people holding its licenses, a page at a time (so 10,000 people stay quick), with search,
//! sort, checkboxes that can select everyone matching the search, Assign licenses, Unassign
//! licenses and Export.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::licenses::{LicenseChangeResult, LicensedPeoplePage, PeopleSort, ProductLicenses, SortOrder};

use super::assign::AssignPane;
use super::people_table::PeopleTable;
use super::people_toolbar::PeopleToolbar;
use super::selection::Selection;
use super::unassign::UnassignDialog;
use crate::api::licenses::{PeopleView, people_csv_url};
use crate::api::{self, ApiFailure};
use crate::components::loaded::{Failed, Loaded, PagedList, missing_page, retry, use_paged_list};
use crate::components::loading::Loading;
use crate::components::page::Page;
use crate::components::status_line::StatusLine;
use crate::format;
use crate::i18n::*;
use crate::routes::paths;

/// Rows per page of the people list.
pub const PAGE_SIZE: i64 = 50;

/// Back to Licenses, for the purchaser being read.
fn back_path(purchaser: Option<&str>) -> String {
    match api::licenses::purchaser_param(purchaser) {
        Some(param) => format!("{}?{param}", paths::LICENSES),
        None => paths::LICENSES.to_owned(),
    }
}

/// The product details page.
#[component]
pub fn ProductLicensesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = leptos_router::hooks::use_params_map();
    let product_id = move || params.read().get("product").unwrap_or_default();
    let query = leptos_router::hooks::use_query_map();
    let purchaser = move || query.read().get("purchaser_id");
    let product = LocalResource::new(move || {
        let (id, purchaser) = (product_id(), purchaser());
        async move { api::licenses::get(&id, purchaser.as_deref()).await }
    });
    let not_found =
        missing_page(move || t_string!(i18n, licenses.title), paths::LICENSES, move || t_string!(i18n, licenses.back));
    view! {
        <Loaded resource=product not_found let:licenses>
            <Details licenses purchaser=purchaser() />
        </Loaded>
    }
}

/// The page's state and layout: counts, actions, the people list, and the panes it opens.
#[component]
fn Details(licenses: ProductLicenses, purchaser: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let product_id = StoredValue::new(licenses.product_id.clone());
    let purchaser = StoredValue::new(purchaser);
    let name = licenses.product_name.clone();
    let can_change = licenses.can_change;
    let counts = RwSignal::new(licenses);
    let message = RwSignal::new(None::<String>);
    let view_state = RwSignal::new(PeopleView {
        search: String::new(),
        sort: PeopleSort::Name,
        order: SortOrder::Asc,
        offset: 0,
        limit: PAGE_SIZE,
    });
    let selection = RwSignal::new(Selection::default());
    let assign_open = RwSignal::new(false);
    let unassign_open = RwSignal::new(false);
    let PagedList { answer: people, busy, reload } = use_paged_list(move || {
        let (wanted, id, purchaser) = (view_state.get(), product_id.get_value(), purchaser.get_value());
        async move { api::licenses::people(&id, &wanted, purchaser.as_deref()).await }
    });

    let total_matching =
        move || people.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).map_or(0, |p| p.total_matching));
    let selected_count = Memo::new(move |_| selection.with(|s| s.count(total_matching())));
    let after_change = move |result: LicenseChangeResult, text: String| {
        counts.update(|c| {
            c.assigned = result.licenses.assigned;
            c.available = result.licenses.available;
            c.total = result.licenses.total;
        });
        selection.set(Selection::default());
        message.set(Some(text));
        reload.update(|n| *n += 1);
    };
    let assigned = Callback::new(move |(result, text): (LicenseChangeResult, String)| after_change(result, text));
    let unassigned = Callback::new(move |(result, text): (LicenseChangeResult, String)| {
        unassign_open.set(false);
        after_change(result, text);
    });
    let selection_request = Signal::derive(move || {
        let search = view_state.with(|v| v.search.clone());
        selection.with(|s| s.request(&search))
    });
    let export_href = Signal::derive(move || {
        view_state.with(|v| people_csv_url(&product_id.get_value(), v, purchaser.get_value().as_deref()))
    });
    let product_name = move || counts.with_untracked(|c| c.product_name.clone());
    view! {
        <Page title=name.clone() in_billing=true>
            <p>
                <A href=back_path(purchaser.get_value().as_deref())>{t!(i18n, licenses.back)}</A>
            </p>
            <StatusLine message=message />
            <LicenseCounts counts />
            <div class="actions-bar">
                {can_change.then(|| view! { <ChangeButtons assign_open unassign_open selected_count /> })}
                <a class="button" download="" href=export_href>
                    {t!(i18n, licenses.export)}
                </a>
            </div>
            {(!can_change).then(|| view! { <p class="hint">{t!(i18n, licenses.read_only_note)}</p> })}
            <h2>{t!(i18n, licenses.people_heading)}</h2>
            <PeopleToolbar view_state selection selected_count />
            <PeopleList people reload view_state selection busy can_change assign_open />
            <Show when=move || assign_open.get()>
                <AssignPane
                    product_id=product_id.get_value()
                    product_name=product_name()
                    available=Signal::derive(move || counts.with(|c| c.available))
                    on_assigned=assigned
                    on_close=Callback::new(move |_| assign_open.set(false))
                />
            </Show>
            <Show when=move || unassign_open.get()>
                <UnassignDialog
                    product_id=product_id.get_value()
                    product_name=product_name()
                    count=selected_count.get_untracked()
                    request=selection_request.get_untracked()
                    on_done=unassigned
                    on_close=Callback::new(move |_| unassign_open.set(false))
                />
            </Show>
        </Page>
    }
}

/// Assigned, Available and Total.
#[component]
fn LicenseCounts(counts: RwSignal<ProductLicenses>) -> impl IntoView {
    let i18n = use_i18n();
    let number = move |n: i64| format::number(n, i18n.get_locale());
    view! {
        <dl class="details license-counts">
            <dt>{t!(i18n, licenses.column_assigned)}</dt>
            <dd>{move || number(counts.with(|c| c.assigned))}</dd>
            <dt>{t!(i18n, licenses.column_available)}</dt>
            <dd>{move || number(counts.with(|c| c.available))}</dd>
            <dt>{t!(i18n, licenses.column_total)}</dt>
            <dd>{move || number(counts.with(|c| c.total))}</dd>
        </dl>
    }
}

/// Assign licenses, and Unassign licenses (once someone is selected).
#[component]
fn ChangeButtons(
    assign_open: RwSignal<bool>,
    unassign_open: RwSignal<bool>,
    selected_count: Memo<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="button primary" id="assign-licenses" on:click=move |_| assign_open.set(true)>
            {t!(i18n, licenses.assign_licenses)}
        </button>
        <button
            type="button"
            class="button"
            id="unassign-licenses"
            disabled=move || selected_count.get() == 0
            on:click=move |_| unassign_open.set(true)
        >
            {t!(i18n, licenses.unassign_licenses)}
        </button>
    }
}

/// The page of people asked for, or "Loading…", or why it failed, or that nobody has (or
/// matches) a license yet.
#[component]
fn PeopleList(
    people: RwSignal<Option<Result<LicensedPeoplePage, ApiFailure>>>,
    reload: RwSignal<u32>,
    view_state: RwSignal<PeopleView>,
    selection: RwSignal<Selection>,
    busy: RwSignal<bool>,
    can_change: bool,
    assign_open: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match people.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(failure)) => view! { <Failed failure on_retry=retry(reload) /> }.into_any(),
        Some(Ok(page)) if page.total_matching == 0 && view_state.with_untracked(|v| v.search.trim().is_empty()) => {
            view! {
                <div class="empty-state">
                    <p>{t!(i18n, licenses.no_people)}</p>
                    {can_change
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button primary"
                                    id="assign-licenses-empty"
                                    on:click=move |_| assign_open.set(true)
                                >
                                    {t!(i18n, licenses.assign_licenses)}
                                </button>
                            }
                        })}
                </div>
            }
            .into_any()
        }
        Some(Ok(page)) if page.total_matching == 0 => {
            view! { <p class="empty-state" role="status">{t!(i18n, licenses.no_people_match)}</p> }.into_any()
        }
        Some(Ok(page)) => view! { <PeopleTable page can_change selection view_state busy /> }.into_any(),
    }
}
