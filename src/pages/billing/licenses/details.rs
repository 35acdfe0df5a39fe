//! A product's details page under Licenses (`/billing/licenses/:product`): its counts and the
//! people holding its licenses, a page at a time (so 10,000 people stay quick), with search,
//! sort, checkboxes that can select everyone matching the search, Assign licenses, Unassign
//! licenses and Export.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_api::licenses::{
    LicenseChangeResult, LicensedPeoplePage, PeopleSort, ProductLicenses, SortOrder, UnassignRequest,
};

use super::assign::AssignPane;
use super::unassign::UnassignDialog;
use crate::api::licenses::{PeopleView, people_csv_url};
use crate::api::{self, ApiFailure};
use crate::components::loaded::{Failed, Loaded, MissingPage};
use crate::components::loading::Loading;
use crate::components::page::Page;
use crate::format;
use crate::i18n::*;
use crate::routes::paths;

type I18n = leptos_i18n::I18nContext<Locale>;

/// Rows per page of the people list.
pub const PAGE_SIZE: i64 = 50;
/// How long typing must pause before the list is searched.
const SEARCH_DEBOUNCE_MS: u64 = 250;

/// Who is selected: people by id, or everyone matching the search (across every page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// People picked one by one (or a page at a time).
    pub ids: BTreeSet<String>,
    /// Everyone matching the current search.
    pub all_matching: bool,
}

impl Selection {
    /// How many people are selected, given how many match the search.
    pub fn count(&self, total_matching: i64) -> i64 {
        if self.all_matching { total_matching } else { self.ids.len() as i64 }
    }

    /// Whether this person is selected.
    pub fn has(&self, id: &str) -> bool {
        self.all_matching || self.ids.contains(id)
    }

    /// Whether everyone in `ids` (a page) is selected.
    pub fn has_all<'a>(&self, mut ids: impl Iterator<Item = &'a str>) -> bool {
        self.all_matching || ids.all(|id| self.ids.contains(id))
    }

    /// Selects or clears one person. Clearing one out of "everyone matching" keeps the rest of
    /// the page shown (`page`) selected.
    pub fn toggle<'a>(&mut self, id: &str, on: bool, page: impl Iterator<Item = &'a str>) {
        if self.all_matching && !on {
            self.all_matching = false;
            self.ids = page.filter(|p| *p != id).map(str::to_owned).collect();
        } else if on {
            self.ids.insert(id.to_owned());
        } else {
            self.ids.remove(id);
        }
    }

    /// Selects or clears a whole page.
    pub fn toggle_page<'a>(&mut self, on: bool, page: impl Iterator<Item = &'a str>) {
        if on {
            self.ids.extend(page.map(str::to_owned));
        } else if self.all_matching {
            *self = Self::default();
        } else {
            for id in page {
                self.ids.remove(id);
            }
        }
    }

    /// The Unassign request for this selection under `search`.
    pub fn request(&self, search: &str) -> UnassignRequest {
        if self.all_matching {
            UnassignRequest { user_ids: Vec::new(), all_matching: Some(search.trim().to_owned()) }
        } else {
            UnassignRequest { user_ids: self.ids.iter().cloned().collect(), all_matching: None }
        }
    }
}

/// The sort choices, as the select offers them.
const SORTS: [(&str, PeopleSort, SortOrder); 4] = [
    ("name_asc", PeopleSort::Name, SortOrder::Asc),
    ("name_desc", PeopleSort::Name, SortOrder::Desc),
    ("date_desc", PeopleSort::AssignedAt, SortOrder::Desc),
    ("date_asc", PeopleSort::AssignedAt, SortOrder::Asc),
];

fn sort_label(i18n: I18n, key: &str) -> &'static str {
    match key {
        "name_desc" => t_string!(i18n, licenses.sort_name_desc),
        "date_desc" => t_string!(i18n, licenses.sort_date_desc),
        "date_asc" => t_string!(i18n, licenses.sort_date_asc),
        _ => t_string!(i18n, licenses.sort_name_asc),
    }
}

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
    let not_found = move || {
        view! {
            <MissingPage
                title=move || t_string!(i18n, licenses.title)
                in_billing=true
                back=paths::LICENSES
                back_label=move || t_string!(i18n, licenses.back)
            />
        }
    };
    view! {
        <Loaded resource=product not_found let:licenses>
            <Details licenses purchaser=purchaser() />
        </Loaded>
    }
}

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
    let search_text = RwSignal::new(String::new());
    let reload = RwSignal::new(0_u32);
    let people = RwSignal::new(None::<Result<LicensedPeoplePage, ApiFailure>>);
    let busy = RwSignal::new(true);
    let selection = RwSignal::new(Selection::default());
    let assign_open = RwSignal::new(false);
    let unassign_open = RwSignal::new(false);
    let latest = StoredValue::new(0_u64);

    // Fetch the page asked for; an answer to an older request is dropped.
    Effect::new(move || {
        let wanted = view_state.get();
        reload.track();
        let ticket = latest.get_value() + 1;
        latest.set_value(ticket);
        busy.set(true);
        let id = product_id.get_value();
        spawn_local(async move {
            let answer = api::licenses::people(&id, &wanted, purchaser.get_value().as_deref()).await;
            if latest.try_get_value() != Some(ticket) {
                return;
            }
            people.set(Some(answer));
            busy.set(false);
        });
    });

    let total_matching =
        move || people.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).map_or(0, |p| p.total_matching));
    let selected_count = Memo::new(move |_| selection.with(|s| s.count(total_matching())));

    let on_search = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        search_text.set(typed.clone());
        set_timeout(
            move || {
                if search_text.get_untracked() == typed && view_state.with_untracked(|v| v.search != typed) {
                    selection.set(Selection::default());
                    view_state.update(|v| {
                        v.search = typed;
                        v.offset = 0;
                    });
                }
            },
            std::time::Duration::from_millis(SEARCH_DEBOUNCE_MS),
        );
    };

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
    let available = Signal::derive(move || counts.with(|c| c.available));
    view! {
        <Page title=name.clone() in_billing=true>
            <p>
                <A href=back_path(purchaser.get_value().as_deref())>{t!(i18n, licenses.back)}</A>
            </p>
            <div role="status" class="status-line">
                {move || message.get().map(|text| view! { <p class="success">{text}</p> })}
            </div>
            <dl class="details license-counts">
                <dt>{t!(i18n, licenses.column_assigned)}</dt>
                <dd>{move || format::number(counts.with(|c| c.assigned), i18n.get_locale())}</dd>
                <dt>{t!(i18n, licenses.column_available)}</dt>
                <dd>{move || format::number(counts.with(|c| c.available), i18n.get_locale())}</dd>
                <dt>{t!(i18n, licenses.column_total)}</dt>
                <dd>{move || format::number(counts.with(|c| c.total), i18n.get_locale())}</dd>
            </dl>
            <div class="actions-bar">
                {can_change
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button primary"
                                id="assign-licenses"
                                on:click=move |_| assign_open.set(true)
                            >
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
                    })}
                <a
                    class="button"
                    download=""
                    href=move || view_state.with(|v| people_csv_url(&product_id.get_value(), v, purchaser.get_value().as_deref()))
                >
                    {t!(i18n, licenses.export)}
                </a>
            </div>
            {(!can_change).then(|| view! { <p class="hint">{t!(i18n, licenses.read_only_note)}</p> })}
            <h2>{t!(i18n, licenses.people_heading)}</h2>
            <div class="toolbar">
                <div class="field search">
                    <label for="people-search">{t!(i18n, licenses.search_label)}</label>
                    <input id="people-search" type="search" prop:value=search_text on:input=on_search />
                </div>
                <div class="field">
                    <label for="people-sort">{t!(i18n, licenses.sort_label)}</label>
                    <select
                        id="people-sort"
                        on:change=move |ev| {
                            let key = event_target_value(&ev);
                            if let Some((_, sort, order)) = SORTS.iter().find(|(k, _, _)| *k == key) {
                                view_state.update(|v| {
                                    v.sort = *sort;
                                    v.order = *order;
                                    v.offset = 0;
                                });
                            }
                        }
                    >
                        {SORTS
                            .iter()
                            .map(|(key, _, _)| {
                                let key = *key;
                                view! { <option value=key>{move || sort_label(i18n, key)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <p class="selected-count" aria-live="polite">
                    {move || {
                        let n = selected_count.get();
                        (n > 0)
                            .then(|| {
                                t_string!(i18n, licenses.selected_count, count = format::number(n, i18n.get_locale()))
                                    .to_string()
                            })
                    }}
                </p>
            </div>
            {move || match people.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => {
                    view! { <Failed failure on_retry=Callback::new(move |_| reload.update(|n| *n += 1)) /> }.into_any()
                }
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
                Some(Ok(page)) => {
                    view! { <PeopleTable page can_change selection view_state busy /> }.into_any()
                }
            }}
            <Show when=move || assign_open.get()>
                <AssignPane
                    product_id=product_id.get_value()
                    product_name=counts.with_untracked(|c| c.product_name.clone())
                    available
                    on_assigned=assigned
                    on_close=Callback::new(move |_| assign_open.set(false))
                />
            </Show>
            <Show when=move || unassign_open.get()>
                <UnassignDialog
                    product_id=product_id.get_value()
                    product_name=counts.with_untracked(|c| c.product_name.clone())
                    count=selected_count.get_untracked()
                    request=selection_request.get_untracked()
                    on_done=unassigned
                    on_close=Callback::new(move |_| unassign_open.set(false))
                />
            </Show>
        </Page>
    }
}

/// One page of people with their checkboxes, the select-all-matching offer and the pager.
#[component]
fn PeopleTable(
    page: LicensedPeoplePage,
    can_change: bool,
    selection: RwSignal<Selection>,
    view_state: RwSignal<PeopleView>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ids = StoredValue::new(page.people.iter().map(|p| p.user_id.clone()).collect::<Vec<_>>());
    let total = page.total_matching;
    let on_page = page.people.len() as i64;
    let first = page.offset + 1;
    let last = page.offset + on_page;
    let offset = page.offset;
    let limit = page.limit;
    let at_start = offset == 0;
    let at_end = last >= total;
    let page_selected = Memo::new(move |_| {
        ids.with_value(|ids| !ids.is_empty() && selection.with(|s| s.has_all(ids.iter().map(String::as_str))))
    });
    let aria_sort = move |sort: PeopleSort| {
        view_state
            .with(|v| (v.sort == sort).then_some(if v.order == SortOrder::Asc { "ascending" } else { "descending" }))
    };
    let rows = page
        .people
        .into_iter()
        .map(|person| {
            let id = StoredValue::new(person.user_id.clone());
            let day = person.assigned_at.get(..10).unwrap_or(&person.assigned_at).to_owned();
            let check_label = t_string!(i18n, licenses.select_person, name = person.display_name.clone()).to_string();
            view! {
                <tr class:selected=move || selection.with(|s| s.has(&id.get_value()))>
                    {can_change
                        .then(|| {
                            view! {
                                <td class="check-cell">
                                    <input
                                        type="checkbox"
                                        aria-label=check_label
                                        prop:checked=move || selection.with(|s| s.has(&id.get_value()))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            ids.with_value(|ids| {
                                                selection
                                                    .update(|s| s.toggle(&id.get_value(), on, ids.iter().map(String::as_str)))
                                            });
                                        }
                                    />
                                </td>
                            }
                        })}
                    <th scope="row">{person.display_name}</th>
                    <td>{person.email}</td>
                    <td>{move || format::date(&day, i18n.get_locale())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {can_change
            .then(|| {
                view! {
                    <div class="select-all-line" aria-live="polite">
                        {move || {
                            let all = selection.with(|s| s.all_matching);
                            if all {
                                Some(
                                    view! {
                                        <span>
                                            {move || {
                                                t_string!(
                                                    i18n, licenses.all_matching_selected, count = format::number(total, i18n.get_locale())
                                                )
                                                    .to_string()
                                            }}
                                        </span>
                                        " "
                                        <button
                                            type="button"
                                            class="link-button"
                                            on:click=move |_| selection.set(Selection::default())
                                        >
                                            {t!(i18n, licenses.clear_selection)}
                                        </button>
                                    }
                                        .into_any(),
                                )
                            } else if page_selected.get() && total > on_page {
                                Some(
                                    view! {
                                        <button
                                            type="button"
                                            class="link-button"
                                            on:click=move |_| selection.update(|s| s.all_matching = true)
                                        >
                                            {move || {
                                                t_string!(
                                                    i18n, licenses.select_all_matching, count = format::number(total, i18n.get_locale())
                                                )
                                                    .to_string()
                                            }}
                                        </button>
                                    }
                                        .into_any(),
                                )
                            } else {
                                None
                            }
                        }}
                    </div>
                }
            })}
        <table class="data-table people-table" aria-busy=move || busy.get().to_string()>
            <caption class="visually-hidden">{t!(i18n, licenses.people_heading)}</caption>
            <thead>
                <tr>
                    {can_change
                        .then(|| {
                            view! {
                                <td class="check-cell">
                                    <input
                                        type="checkbox"
                                        aria-label=move || t_string!(i18n, licenses.select_page)
                                        prop:checked=page_selected
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            ids.with_value(|ids| {
                                                selection.update(|s| s.toggle_page(on, ids.iter().map(String::as_str)))
                                            });
                                        }
                                    />
                                </td>
                            }
                        })}
                    <th scope="col" aria-sort=move || aria_sort(PeopleSort::Name)>{t!(i18n, licenses.column_name)}</th>
                    <th scope="col">{t!(i18n, licenses.column_email)}</th>
                    <th scope="col" aria-sort=move || aria_sort(PeopleSort::AssignedAt)>
                        {t!(i18n, licenses.column_assigned_at)}
                    </th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <nav class="pager" aria-label=move || t_string!(i18n, licenses.pages)>
            <button
                type="button"
                class="button"
                disabled=at_start
                on:click=move |_| view_state.update(|v| v.offset = (offset - limit).max(0))
            >
                {t!(i18n, licenses.previous_page)}
            </button>
            <span class="pager-range">
                {move || {
                    let locale = i18n.get_locale();
                    t_string!(
                        i18n, licenses.showing, from = format::number(first, locale), to = format::number(last, locale),
                        total = format::number(total, locale)
                    )
                        .to_string()
                }}
            </span>
            <button
                type="button"
                class="button"
                disabled=at_end
                on:click=move |_| view_state.update(|v| v.offset = offset + limit)
            >
                {t!(i18n, licenses.next_page)}
            </button>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_page_and_then_everyone_matching_can_be_selected() {
        let page = ids(&["a", "b", "c"]);
        let mut s = Selection::default();
        s.toggle_page(true, page.iter().map(String::as_str));
        assert!(s.has_all(page.iter().map(String::as_str)));
        assert_eq!(s.count(10_000), 3);
        assert_eq!(s.request("x").user_ids, page);
        s.all_matching = true;
        assert_eq!(s.count(10_000), 10_000);
        assert_eq!(s.request(" søren ").all_matching.as_deref(), Some("søren"));
        assert!(s.request("").user_ids.is_empty());
    }

    #[test]
    fn clearing_one_of_everyone_keeps_the_rest_of_the_page() {
        let page = ids(&["a", "b", "c"]);
        let mut s = Selection { all_matching: true, ..Selection::default() };
        s.toggle("b", false, page.iter().map(String::as_str));
        assert!(!s.all_matching);
        assert_eq!(s.ids.iter().cloned().collect::<Vec<_>>(), ids(&["a", "c"]));
        s.toggle_page(false, page.iter().map(String::as_str));
        assert_eq!(s.count(3), 0);
    }
}
