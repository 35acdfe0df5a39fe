//! One page of the people holding a product's licenses: the select-all-matching line, the table
//! with its checkboxes, and the pager.

use leptos::prelude::*;
use portal_api::licenses::{LicensedPeoplePage, LicensedPerson, PeopleSort, SortOrder};

use super::selection::Selection;
use crate::api::licenses::PeopleView;
use crate::components::data_table::DataTable;
use crate::components::pager::{PageAt, Pager};
use crate::format;
use crate::i18n::*;

/// One page of people with their checkboxes, the select-all-matching offer and the pager.
#[component]
pub fn PeopleTable(
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
    let page_selected = Memo::new(move |_| {
        ids.with_value(|ids| !ids.is_empty() && selection.with(|s| s.has_all(ids.iter().map(String::as_str))))
    });
    let aria_sort = move |sort: PeopleSort| {
        view_state
            .with(|v| (v.sort == sort).then_some(if v.order == SortOrder::Asc { "ascending" } else { "descending" }))
    };
    let rows =
        page.people.into_iter().map(|person| view! { <PersonRow person can_change selection ids /> }).collect_view();
    let head = move || {
        view! {
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
        }
    };
    view! {
        {can_change.then(|| view! { <SelectAllLine selection page_selected total on_page /> })}
        <DataTable
            caption=move || t_string!(i18n, licenses.people_heading)
            head
            class="people-table"
            busy
            scroll_box=false
        >
            {rows}
        </DataTable>
        <Pager
            label=move || t_string!(i18n, licenses.pages)
            at=PageAt { offset: page.offset, on_page, total, limit: page.limit }
            on_go=Callback::new(move |offset| view_state.update(|v| v.offset = offset))
        />
    }
}

/// A person's row: their checkbox (when the licenses may be changed), name, email and the day
/// they got the license.
#[component]
fn PersonRow(
    person: LicensedPerson,
    can_change: bool,
    selection: RwSignal<Selection>,
    /// Everyone on this page, for clearing one out of "everyone matching".
    ids: StoredValue<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
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
                                        selection.update(|s| s.toggle(&id.get_value(), on, ids.iter().map(String::as_str)))
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
}

/// "All 55 that match are selected. Clear selection", or, once the whole page is selected and
/// more match, "Select all 55 that match".
#[component]
fn SelectAllLine(selection: RwSignal<Selection>, page_selected: Memo<bool>, total: i64, on_page: i64) -> impl IntoView {
    let i18n = use_i18n();
    let count = move || format::number(total, i18n.get_locale());
    view! {
        <div class="select-all-line" aria-live="polite">
            {move || {
                if selection.with(|s| s.all_matching) {
                    Some(
                        view! {
                            <span>{move || t_string!(i18n, licenses.all_matching_selected, count = count()).to_string()}</span>
                            " "
                            <button type="button" class="link-button" on:click=move |_| selection.set(Selection::default())>
                                {t!(i18n, licenses.clear_selection)}
                            </button>
                        }
                            .into_any(),
                    )
                } else if page_selected.get() && total > on_page {
                    Some(
                        view! {
                            <button type="button" class="link-button" on:click=move |_| selection.update(|s| s.all_matching = true)>
                                {move || t_string!(i18n, licenses.select_all_matching, count = count()).to_string()}
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
}
