//! Who holds a subscription's licenses, read-only, a page at a time (its details page, for an
//! admin).

use leptos::prelude::*;
use portal_api::licenses::{LicensedPeoplePage, LicensedPerson};

use crate::api;
use crate::components::data_table::DataTable;
use crate::components::loaded::{Failed, PagedList, retry, use_paged_list};
use crate::components::loading::Loading;
use crate::components::pager::{PageAt, Pager};
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
    let PagedList { answer: people, busy, reload } = use_paged_list(move || {
        let (from, id) = (offset.get(), id.get_value());
        version.track();
        async move { api::subscriptions::people(&id, from, PAGE_SIZE).await }
    });
    let page = Memo::new(move |_| people.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).cloned()));
    let has_people = Memo::new(move |_| page.with(|p| p.as_ref().is_some_and(|p| p.total_matching > 0)));
    let head = move || {
        view! {
            <th scope="col">{t!(i18n, licenses.column_name)}</th>
            <th scope="col">{t!(i18n, licenses.column_email)}</th>
            <th scope="col">{t!(i18n, licenses.column_assigned_at)}</th>
        }
    };
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
                <DataTable caption=move || t_string!(i18n, admin.people_heading) head busy focusable=true>
                    <For
                        each=move || page.with(|p| p.as_ref().map(|p| p.people.clone()).unwrap_or_default())
                        key=|p| p.user_id.clone()
                        let:person
                    >
                        <HolderRow person />
                    </For>
                </DataTable>
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

/// The pager, when there is more than one page.
#[component]
fn HoldersPager(page: Memo<Option<LicensedPeoplePage>>, offset: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let at = Memo::new(move |_| {
        page.with(|p| {
            p.as_ref().map_or(PageAt { limit: PAGE_SIZE, ..PageAt::default() }, |p| PageAt {
                offset: p.offset,
                on_page: p.people.len() as i64,
                total: p.total_matching,
                limit: PAGE_SIZE,
            })
        })
    });
    view! {
        <Show when=move || at.with(|at| at.total > PAGE_SIZE)>
            <Pager label=move || t_string!(i18n, admin.people_heading) at on_go=Callback::new(move |to| offset.set(to)) />
        </Show>
    }
}
