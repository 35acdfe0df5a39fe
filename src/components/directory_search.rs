//! Finding people in the organization's directory as one types: a WAI-ARIA combobox, debounced,
//! searched on the server (so "soren" finds "Søren"), whose results say who already has a
//! license. Arrow keys move through the results, Enter picks, Escape closes the list only.

use std::time::Duration;

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_api::licenses::DirectoryPerson;

use crate::api;
use crate::components::debounce::use_debounce;
use crate::errors;
use crate::i18n::*;

/// How long typing must pause before the directory is asked.
const DIRECTORY_DEBOUNCE: Duration = Duration::from_millis(200);

/// The next option for ArrowDown (`step` 1) or ArrowUp (`step` -1), wrapping around.
pub fn step_active(active: Option<usize>, len: usize, step: isize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (active, step > 0) {
        (None, true) => 0,
        (None, false) => len - 1,
        (Some(i), true) => (i + 1) % len,
        (Some(i), false) => (i + len - 1) % len,
    })
}

fn option_id(i: usize) -> String {
    format!("directory-option-{i}")
}

/// The search field and its list of results. `on_pick` gets the person chosen and answers
/// whether they were added (then the field empties for the next search).
#[component]
pub fn DirectorySearch(
    /// The product, so the results can say who already has its license.
    product_id: String,
    /// The input, for the pane to move focus back to it.
    input: NodeRef<Input>,
    /// Runs with the person chosen; answers whether they were added.
    on_pick: Callback<DirectoryPerson, bool>,
    /// Where a failed search is said.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let product_id = StoredValue::new(product_id);
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(Vec::<DirectoryPerson>::new());
    let searched = RwSignal::new(false);
    let expanded = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let search = use_debounce(DIRECTORY_DEBOUNCE);
    let reset = move || {
        search.cancel();
        results.set(Vec::new());
        searched.set(false);
        expanded.set(false);
        active.set(None);
    };
    let on_input = move |typed: String| {
        query.set(typed.clone());
        if typed.trim().is_empty() {
            return reset();
        }
        search.call(move |ticket| {
            spawn_local(async move {
                let answer = api::licenses::directory(typed.trim(), &product_id.get_value()).await;
                if !search.is_current(ticket) {
                    return;
                }
                match answer {
                    Ok(found) => {
                        results.set(found.people);
                        active.set(None);
                        searched.set(true);
                        expanded.set(true);
                    }
                    Err(failure) => error.set(Some(errors::describe(i18n, &failure))),
                }
            });
        });
    };
    let pick = Callback::new(move |person: DirectoryPerson| {
        if on_pick.run(person) {
            query.set(String::new());
            reset();
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| on_key(&ev, results, expanded, active, pick);
    view! {
        <div class="field combobox">
            <label for="directory-search">{t!(i18n, licenses.find_label)}</label>
            <input
                id="directory-search"
                type="text"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-controls="directory-results"
                aria-expanded=move || expanded.get().to_string()
                aria-activedescendant=move || active.get().map(option_id)
                aria-describedby="directory-count"
                node_ref=input
                prop:value=query
                on:input=move |ev| on_input(event_target_value(&ev))
                on:keydown=on_keydown
            />
            <ul
                id="directory-results"
                role="listbox"
                class="directory-results"
                aria-label=move || t_string!(i18n, licenses.results_label)
                hidden=move || !expanded.get() || results.with(Vec::is_empty)
            >
                {move || results.get().into_iter().enumerate().map(|(i, person)| view! { <Result i person active pick /> }).collect_view()}
            </ul>
            <p id="directory-count" class="visually-hidden" aria-live="polite">
                {move || {
                    if !searched.get() {
                        String::new()
                    } else if results.with(Vec::is_empty) {
                        t_string!(i18n, licenses.no_results).to_string()
                    } else {
                        t_string!(i18n, licenses.results_count, count = results.with(Vec::len)).to_string()
                    }
                }}
            </p>
            <p class="hint" aria-hidden="true" hidden=move || !(searched.get() && results.with(Vec::is_empty))>
                {t!(i18n, licenses.no_results)}
            </p>
        </div>
    }
}

/// The combobox's keys: the arrows open the list and move through the results, Enter picks the
/// active one, Escape closes the list only (a second Escape reaches the pane and closes it).
fn on_key(
    ev: &web_sys::KeyboardEvent,
    results: RwSignal<Vec<DirectoryPerson>>,
    expanded: RwSignal<bool>,
    active: RwSignal<Option<usize>>,
    pick: Callback<DirectoryPerson>,
) {
    match ev.key().as_str() {
        "ArrowDown" | "ArrowUp" => {
            ev.prevent_default();
            let len = results.with(Vec::len);
            if len > 0 {
                expanded.set(true);
                active.update(|a| *a = step_active(*a, len, if ev.key() == "ArrowDown" { 1 } else { -1 }));
            }
        }
        "Enter" => {
            ev.prevent_default();
            if expanded.get_untracked()
                && let Some(person) = active.get_untracked().and_then(|i| results.with_untracked(|r| r.get(i).cloned()))
            {
                pick.run(person);
            }
        }
        "Escape" if expanded.get_untracked() => {
            ev.prevent_default();
            ev.stop_propagation();
            expanded.set(false);
            active.set(None);
        }
        _ => {}
    }
}

/// One result: name, email, and "Has a license" for those who cannot be picked.
#[component]
fn Result(
    i: usize,
    person: DirectoryPerson,
    active: RwSignal<Option<usize>>,
    pick: Callback<DirectoryPerson>,
) -> impl IntoView {
    let i18n = use_i18n();
    let has = person.has_license;
    let (name, email) = (person.display_name.clone(), person.email.clone());
    view! {
        <li
            id=option_id(i)
            role="option"
            class="directory-option"
            class:active=move || active.get() == Some(i)
            aria-selected=move || (active.get() == Some(i)).to_string()
            aria-disabled=has.then_some("true")
            on:mousedown=move |ev| ev.prevent_default()
            on:click=move |_| pick.run(person.clone())
        >
            <span class="person-name">{name}</span>
            <span class="person-email">{email}</span>
            {has.then(|| view! { <span class="tag">{t!(i18n, licenses.has_license)}</span> })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_around_the_results() {
        assert_eq!(step_active(None, 3, 1), Some(0));
        assert_eq!(step_active(None, 3, -1), Some(2));
        assert_eq!(step_active(Some(2), 3, 1), Some(0));
        assert_eq!(step_active(Some(0), 3, -1), Some(2));
        assert_eq!(step_active(Some(0), 0, 1), None);
    }
}
