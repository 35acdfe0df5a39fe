//! Above the people list: search (debounced; a new search clears the selection and goes back
//! to the first page), sort, and how many are selected.

use std::time::Duration;

use leptos::prelude::*;
use portal_api::licenses::{PeopleSort, SortOrder};

use super::selection::Selection;
use crate::api::licenses::PeopleView;
use crate::components::debounce::use_debounce;
use crate::format;
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// How long typing must pause before the list is searched.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(250);

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

/// The search field, the sort select and "3 selected".
#[component]
pub fn PeopleToolbar(
    /// What is searched, sorted and shown.
    view_state: RwSignal<PeopleView>,
    /// Who is selected.
    selection: RwSignal<Selection>,
    /// How many are selected.
    selected_count: Memo<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let search_text = RwSignal::new(view_state.with_untracked(|v| v.search.clone()));
    let search = use_debounce(SEARCH_DEBOUNCE);
    let on_search = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        search_text.set(typed.clone());
        search.call(move |_| {
            if view_state.with_untracked(|v| v.search != typed) {
                selection.set(Selection::default());
                view_state.update(|v| {
                    v.search = typed;
                    v.offset = 0;
                });
            }
        });
    };
    let on_sort = move |ev: leptos::ev::Event| {
        let key = event_target_value(&ev);
        if let Some((_, sort, order)) = SORTS.iter().find(|(k, _, _)| *k == key) {
            view_state.update(|v| {
                v.sort = *sort;
                v.order = *order;
                v.offset = 0;
            });
        }
    };
    view! {
        <div class="toolbar">
            <div class="field search">
                <label for="people-search">{t!(i18n, licenses.search_label)}</label>
                <input id="people-search" type="search" prop:value=search_text on:input=on_search />
            </div>
            <div class="field">
                <label for="people-sort">{t!(i18n, licenses.sort_label)}</label>
                <select id="people-sort" on:change=on_sort>
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
    }
}
