//! Who holds a subscription's licenses, read-only, a page at a time (its details page, for an
//! admin).

use leptos::prelude::*;
use portal_api::licenses::{LicensedPeoplePage, LicensedPerson};

use crate::api;
use crate::components::loaded::{Failed, Paged, retry, use_paged};
use crate::components::loading::Loading;
use crate::format;
use crate::i18n::*;

/// People per page.
const PAGE_SIZE: i64 = 25;

/// The "People with its licenses" section. `version` changing (people moved, canceled) loads
/// the page again.
#[component]
pub fn LicenseHolders(subscription_id: String, version: Signal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(subscription_id);
    let offset = RwSignal::new(0_i64);
    let Paged { answer: people, busy, reload } = use_paged(move || {
        let (from, id) = (offset.get(), id.get_value());
        version.track();
        async move { api::subscriptions::people(&id, from, PAGE_SIZE).await }
    });
    let page = Memo::new(move |_| people.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).cloned()));
    let has_people = Memo::new(move |_| page.with(|p| p.as_ref().is_some_and(|p| p.total_matching > 0)));
    view! {
        <section aria-labelledby="holders-heading">
            <h2 id="holders-heading">{t!(i18n, admin.people_heading)}</h2>
            {move || match people.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => {
                    view! { <Failed failure on_retry=retry(reload) /> }.into_any()
                }
                Some(Ok(p)) if p.total_matching == 0 => {
                    view! { <p class="empty-state">{t!(i18n, admin.people_empty)}</p> }.into_any()
                }
                Some(Ok(_)) => ().into_any(),
            }}
            <Show when=move || has_people.get()>
                <div class="table-scroll">
                    // focusable: on a phone the table scrolls sideways, and holds nothing else to focus
                    <table class="data-table" tabindex="0" aria-busy=move || busy.get().to_string()>
                        <caption class="visually-hidden">{t!(i18n, admin.people_heading)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, licenses.column_name)}</th>
                                <th scope="col">{t!(i18n, licenses.column_email)}</th>
                                <th scope="col">{t!(i18n, licenses.column_assigned_at)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || page.with(|p| p.as_ref().map(|p| p.people.clone()).unwrap_or_default())
                                key=|p| p.user_id.clone()
                                let:person
                            >
                                <HolderRow person />
                            </For>
                        </tbody>
                    </table>
                </div>
                <HoldersPager page offset />
            </Show>
        </section>
    }
}

#[component]
fn HolderRow(person: LicensedPerson) -> impl IntoView {
    let i18n = use_i18n();
    let day = person.assigned_at.get(..10).unwrap_or(&person.assigned_at).to_owned();
    view! {
        <tr>
            <th scope="row">{person.display_name}</th>
            <td>{person.email}</td>
            <td>{move || format::date(&day, i18n.get_locale())}</td>
        </tr>
    }
}

/// Previous, "1–25 of 40", Next (only when there is more than one page).
#[component]
fn HoldersPager(page: Memo<Option<LicensedPeoplePage>>, offset: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = Memo::new(move |_| {
        page.with(|p| p.as_ref().map_or((0, 0, 0), |p| (p.offset, p.people.len() as i64, p.total_matching)))
    });
    let paged = move || numbers.with(|(_, _, total)| *total > PAGE_SIZE);
    view! {
        <Show when=paged>
            <nav class="pager" aria-label=move || t_string!(i18n, admin.people_heading)>
                <button
                    type="button"
                    class="button"
                    disabled=move || numbers.with(|(from, ..)| *from == 0)
                    on:click=move |_| offset.update(|o| *o = (*o - PAGE_SIZE).max(0))
                >
                    {t!(i18n, licenses.previous_page)}
                </button>
                <span class="pager-range">
                    {move || {
                        let (from, on_page, total) = numbers.get();
                        let locale = i18n.get_locale();
                        t_string!(
                            i18n, licenses.showing, from = format::number(from + 1, locale),
                            to = format::number(from + on_page, locale), total = format::number(total, locale)
                        )
                            .to_string()
                    }}
                </span>
                <button
                    type="button"
                    class="button"
                    disabled=move || numbers.with(|(from, on_page, total)| from + on_page >= *total)
                    on:click=move |_| offset.update(|o| *o += PAGE_SIZE)
                >
                    {t!(i18n, licenses.next_page)}
                </button>
            </nav>
        </Show>
    }
}
