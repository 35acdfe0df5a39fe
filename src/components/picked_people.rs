//! The people picked from the directory for one Assign licenses or one Request licenses: up to
//! 20, each a removable chip; nobody twice, nobody who already holds the product's license.

use leptos::html::Input;
use leptos::prelude::*;
use portal_api::licenses::{DirectoryPerson, MAX_PEOPLE_PER_BATCH};

use crate::components::directory_search::DirectorySearch;
use crate::components::focus::focus_node;
use crate::i18n::*;

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

/// Finding people in the directory and picking them: the search, what each pick did (said to
/// screen readers; a full list is a problem, in `error`), and the chips. Focus stays in the
/// search after a pick or a removal.
#[component]
pub fn PeoplePicker(
    /// The product, so the search says who already holds its license.
    product_id: String,
    /// The people picked so far.
    picked: RwSignal<Vec<DirectoryPerson>>,
    /// The search's input, for the pane to move focus to it.
    input: NodeRef<Input>,
    /// Where a full list or a failed search is said (the pane shows it); a pick or a removal
    /// clears it.
    error: RwSignal<Option<String>>,
    /// The chips' heading, with the count: what the people are picked for.
    heading: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let notice = RwSignal::new(None::<String>);
    let on_pick = Callback::new(move |person: DirectoryPerson| {
        let outcome = picked.try_update(|list| pick(list, &person)).unwrap_or(Pick::AlreadyPicked);
        let name = person.display_name;
        match outcome {
            Pick::Added => {
                error.set(None);
                notice.set(Some(t_string!(i18n, licenses.person_added, name = name).to_string()));
            }
            Pick::AlreadyPicked => {}
            Pick::HasLicense => {
                notice.set(Some(t_string!(i18n, licenses.already_has_license, name = name).to_string()))
            }
            Pick::Full => {
                error.set(Some(t_string!(i18n, errors.too_many_people, max = MAX_PEOPLE_PER_BATCH).to_string()))
            }
        }
        focus_node(input);
        outcome == Pick::Added
    });
    let on_remove = Callback::new(move |()| {
        error.set(None);
        focus_node(input);
    });
    view! {
        <DirectorySearch product_id input on_pick error />
        <p class="visually-hidden" role="status">{move || notice.get()}</p>
        <PickedChips picked on_remove heading />
    }
}

/// The list's heading ("Users to assign (3 of 20)") and a chip per person, each with its remove
/// button; `on_remove` runs after one is removed.
#[component]
fn PickedChips(
    picked: RwSignal<Vec<DirectoryPerson>>,
    on_remove: Callback<()>,
    /// The heading, with the count: what the people are picked for.
    heading: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h3 id="picked-heading">{heading}</h3>
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
                                    on_remove.run(());
                                }
                            >
                                <span aria-hidden="true">"×"</span>
                            </button>
                        </li>
                    }
                }
            </For>
        </ul>
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
}
