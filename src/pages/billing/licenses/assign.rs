//! Assign licenses: the "Assign licenses to users" pane. The person types part of a name or
//! email; the organization's directory answers as they type (a WAI-ARIA combobox, debounced,
//! searched on the server so "soren" finds "Søren"); each pick becomes a removable chip, up to
//! 20; people who already have a license are shown as such and cannot be picked.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_api::ErrorCode;
use portal_api::licenses::{DirectoryPerson, LicenseChangeResult, MAX_PEOPLE_PER_BATCH};

use crate::api::{self, ApiFailure};
use crate::components::pane::Pane;
use crate::errors;
use crate::format;
use crate::i18n::*;
use crate::routes::paths;

/// How long typing must pause before the directory is asked.
const DIRECTORY_DEBOUNCE_MS: u64 = 200;

/// What adding a person to the batch does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Added.
    Added,
    /// Already in the list: nothing changes.
    AlreadyPicked,
    /// They already hold a license.
    HasLicense,
    /// The batch is full (20).
    Full,
}

/// Adds `person` to `picked` unless they cannot be.
pub fn pick(picked: &mut Vec<DirectoryPerson>, person: &DirectoryPerson) -> Pick {
    if person.has_license {
        Pick::HasLicense
    } else if picked.iter().any(|p| p.user_id == person.user_id) {
        Pick::AlreadyPicked
    } else if picked.len() >= MAX_PEOPLE_PER_BATCH {
        Pick::Full
    } else {
        picked.push(person.clone());
        Pick::Added
    }
}

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

/// The pane. `on_assigned` gets the result and a sentence saying what happened; the pane then
/// shows that sentence and Close.
#[component]
pub fn AssignPane(
    product_id: String,
    product_name: String,
    /// Licenses free to assign now.
    available: Signal<i64>,
    on_assigned: Callback<(LicenseChangeResult, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let product_id = StoredValue::new(product_id);
    let product_name = StoredValue::new(product_name);
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(Vec::<DirectoryPerson>::new());
    let searched = RwSignal::new(false);
    let expanded = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let picked = RwSignal::new(Vec::<DirectoryPerson>::new());
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);
    let latest = StoredValue::new(0_u64);
    let input = NodeRef::<leptos::html::Input>::new();
    let close_button = NodeRef::<leptos::html::Button>::new();

    let focus_input = move || {
        if let Some(input) = input.get_untracked() {
            let _ = input.focus();
        }
    };
    let search = move |typed: String| {
        let ticket = latest.get_value() + 1;
        latest.set_value(ticket);
        if typed.trim().is_empty() {
            results.set(Vec::new());
            expanded.set(false);
            searched.set(false);
            return;
        }
        set_timeout(
            move || {
                if latest.try_get_value() != Some(ticket) {
                    return;
                }
                spawn_local(async move {
                    let answer = api::licenses::directory(typed.trim(), &product_id.get_value()).await;
                    if latest.try_get_value() != Some(ticket) {
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
            },
            std::time::Duration::from_millis(DIRECTORY_DEBOUNCE_MS),
        );
    };
    let add = move |person: DirectoryPerson| {
        let outcome = picked.try_update(|list| pick(list, &person)).unwrap_or(Pick::AlreadyPicked);
        match outcome {
            Pick::Added => {
                error.set(None);
                notice
                    .set(Some(t_string!(i18n, licenses.person_added, name = person.display_name.clone()).to_string()));
                latest.update_value(|n| *n += 1);
                query.set(String::new());
                results.set(Vec::new());
                searched.set(false);
                expanded.set(false);
                active.set(None);
            }
            Pick::AlreadyPicked => {}
            Pick::HasLicense => {
                notice.set(Some(t_string!(i18n, licenses.already_has_license, name = person.display_name).to_string()))
            }
            Pick::Full => {
                error.set(Some(t_string!(i18n, errors.too_many_people, max = MAX_PEOPLE_PER_BATCH).to_string()))
            }
        }
        focus_input();
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
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
                add(person);
            }
        }
        "Escape" if expanded.get_untracked() => {
            // Close the list only; a second Escape closes the pane.
            ev.prevent_default();
            ev.stop_propagation();
            expanded.set(false);
            active.set(None);
        }
        _ => {}
    };
    let assign = move |_| {
        if working.get_untracked() || picked.with_untracked(Vec::is_empty) {
            return;
        }
        working.set(true);
        error.set(None);
        let people = picked.get_untracked();
        spawn_local(async move {
            let ids = people.iter().map(|p| p.user_id.clone()).collect();
            let answer = api::licenses::assign(&product_id.get_value(), ids).await;
            working.set(false);
            match answer {
                Ok(result) => {
                    let names = people.iter().map(|p| p.display_name.as_str()).collect::<Vec<_>>().join(", ");
                    let text =
                        t_string!(i18n, licenses.assigned_done, product = product_name.get_value(), people = names)
                            .to_string();
                    picked.set(Vec::new());
                    done.set(Some(text.clone()));
                    on_assigned.run((result, text));
                    request_animation_frame(move || {
                        if let Some(button) = close_button.get_untracked() {
                            let _ = button.focus();
                        }
                    });
                }
                Err(ApiFailure::Api { error: mut api_error, status }) => {
                    // Name people rather than show their ids.
                    if api_error.code == ErrorCode::PeopleRefused {
                        api_error.people = api_error
                            .people
                            .iter()
                            .map(|id| {
                                people.iter().find(|p| &p.user_id == id).map_or(id.clone(), |p| p.display_name.clone())
                            })
                            .collect();
                    }
                    error.set(Some(errors::describe(i18n, &ApiFailure::Api { status, error: api_error })));
                }
                Err(failure) => error.set(Some(errors::describe(i18n, &failure))),
            }
        });
    };
    let option_id = |i: usize| format!("directory-option-{i}");

    view! {
        <Pane title=move || t_string!(i18n, licenses.assign_title) id="assign-pane" on_close>
            {move || match done.get() {
                Some(text) => {
                    view! {
                        <p class="success" role="status">{text}</p>
                        <div class="pane-actions">
                            <button type="button" class="button primary" node_ref=close_button on:click=move |_| on_close.run(())>
                                {t!(i18n, shell.close)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                None => ().into_any(),
            }}
            <div class="assign-form" hidden=move || done.with(Option::is_some)>
                <p class="hint">{t!(i18n, licenses.assign_intro)}</p>
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
                        on:input=move |ev| {
                            let typed = event_target_value(&ev);
                            query.set(typed.clone());
                            search(typed);
                        }
                        on:keydown=on_keydown
                    />
                    <ul
                        id="directory-results"
                        role="listbox"
                        class="directory-results"
                        aria-label=move || t_string!(i18n, licenses.results_label)
                        hidden=move || !expanded.get() || results.with(Vec::is_empty)
                    >
                        {move || {
                            results
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, person)| {
                                    let has = person.has_license;
                                    let chosen = person.clone();
                                    view! {
                                        <li
                                            id=option_id(i)
                                            role="option"
                                            class="directory-option"
                                            class:active=move || active.get() == Some(i)
                                            aria-selected=move || (active.get() == Some(i)).to_string()
                                            aria-disabled=has.then_some("true")
                                            on:mousedown=move |ev| ev.prevent_default()
                                            on:click=move |_| add(chosen.clone())
                                        >
                                            <span class="person-name">{person.display_name.clone()}</span>
                                            <span class="person-email">{person.email.clone()}</span>
                                            {has
                                                .then(|| {
                                                    view! {
                                                        <span class="tag">{t!(i18n, licenses.has_license)}</span>
                                                    }
                                                })}
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
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
                <p class="visually-hidden" role="status">{move || notice.get()}</p>
                <h3 id="picked-heading">
                    {move || {
                        t_string!(
                            i18n, licenses.picked_heading, count = picked.with(Vec::len), max = MAX_PEOPLE_PER_BATCH
                        )
                            .to_string()
                    }}
                </h3>
                <ul class="chips" aria-labelledby="picked-heading">
                    <For each=move || picked.get() key=|p| p.user_id.clone() let:person>
                        {
                            let id = person.user_id.clone();
                            let label = t_string!(i18n, licenses.remove_person, name = person.display_name.clone()).to_string();
                            view! {
                                <li class="chip">
                                    <span>{person.display_name.clone()}</span>
                                    <button
                                        type="button"
                                        class="chip-remove"
                                        aria-label=label
                                        on:click=move |_| {
                                            picked.update(|list| list.retain(|p| p.user_id != id));
                                            error.set(None);
                                            focus_input();
                                        }
                                    >
                                        <span aria-hidden="true">"×"</span>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                {move || error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                {move || {
                    let count = picked.with(Vec::len) as i64;
                    let free = available.get();
                    (count > free)
                        .then(|| {
                            let locale = i18n.get_locale();
                            view! {
                                <p class="warning" role="alert">
                                    {t_string!(
                                        i18n, licenses.not_enough, available = format::number(free, locale), count = format::number(count, locale)
                                    )
                                        .to_string()}
                                    " "
                                    <A href=paths::YOUR_PRODUCTS>{t!(i18n, licenses.buy_licenses)}</A>
                                </p>
                            }
                        })
                }}
                <div class="pane-actions">
                    <button
                        type="button"
                        class="button primary"
                        disabled=move || picked.with(Vec::is_empty) && !working.get()
                        aria-disabled=move || working.get().to_string()
                        on:click=assign
                    >
                        {move || if working.get() { t_string!(i18n, shell.working) } else { t_string!(i18n, licenses.assign) }}
                    </button>
                    <button type="button" class="button" on:click=move |_| on_close.run(())>
                        {t!(i18n, licenses.cancel)}
                    </button>
                </div>
            </div>
        </Pane>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, has_license: bool) -> DirectoryPerson {
        DirectoryPerson {
            user_id: id.into(),
            display_name: id.into(),
            email: format!("{id}@contoso.example"),
            has_license,
        }
    }

    #[test]
    fn twenty_people_fit_and_the_twenty_first_is_refused() {
        let mut picked = Vec::new();
        for i in 0..20 {
            assert_eq!(pick(&mut picked, &person(&format!("p{i}"), false)), Pick::Added);
        }
        assert_eq!(pick(&mut picked, &person("p20", false)), Pick::Full);
        assert_eq!(picked.len(), 20);
    }

    #[test]
    fn nobody_is_added_twice_or_while_holding_a_license() {
        let mut picked = Vec::new();
        assert_eq!(pick(&mut picked, &person("soren", false)), Pick::Added);
        assert_eq!(pick(&mut picked, &person("soren", false)), Pick::AlreadyPicked);
        assert_eq!(pick(&mut picked, &person("asa", true)), Pick::HasLicense);
        assert_eq!(picked.len(), 1);
    }

    #[test]
    fn arrows_wrap_around_the_results() {
        assert_eq!(step_active(None, 3, 1), Some(0));
        assert_eq!(step_active(None, 3, -1), Some(2));
        assert_eq!(step_active(Some(2), 3, 1), Some(0));
        assert_eq!(step_active(Some(0), 3, -1), Some(2));
        assert_eq!(step_active(Some(0), 0, 1), None);
    }
}
