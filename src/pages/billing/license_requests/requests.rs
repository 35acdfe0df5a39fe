//! The Requests page: a user's own requests (product, people, status, the admin's answer); an
//! admin's list of the organization's requests, newest first, each opening the answer pane
//! (`?request=<id>` opens one at once, as a notice links to it).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use portal_api::license_requests::{LicenseRequest, RequestStatus, RequestedPersonStatus};

use super::answer_pane::AnswerPane;
use super::{LicensesTabs, person_status_text, status_text};
use crate::api;
use crate::components::data_table::DataTable;
use crate::components::loaded::Loaded;
use crate::components::loading::Loading;
use crate::components::page::Page;
use crate::components::status_line::StatusLine;
use crate::components::when::When;
use crate::format;
use crate::i18n::*;
use crate::session::{Check, Session};

/// The page: the tabs, then the person's or (admins) the organization's requests, once the
/// session says which.
#[component]
pub fn LicenseRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let known = Memo::new(move |_| (session.check.get() == Check::Done).then(|| session.is_admin()));
    view! {
        <Page title=move || t_string!(i18n, licenses.title) in_billing=true>
            <LicensesTabs />
            <h2>{t!(i18n, self_service.requests_title)}</h2>
            {move || match known.get() {
                None => view! { <Loading /> }.into_any(),
                Some(true) => view! { <Requests whose=Whose::Organization /> }.into_any(),
                Some(false) => view! { <Requests whose=Whose::Mine /> }.into_any(),
            }}
        </Page>
    }
}

/// Whose requests the page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    /// The person's own.
    Mine,
    /// The organization's (admins), each opening the answer pane.
    Organization,
}

/// The requests, or the sentence saying there are none.
#[component]
fn Requests(whose: Whose) -> impl IntoView {
    let i18n = use_i18n();
    let requests = LocalResource::new(move || async move {
        match whose {
            Whose::Mine => api::license_requests::mine().await,
            Whose::Organization => api::license_requests::organization().await,
        }
    });
    view! {
        <p class="intro">
            {move || match whose {
                Whose::Mine => t_string!(i18n, self_service.my_requests_intro),
                Whose::Organization => t_string!(i18n, self_service.admin_requests_intro),
            }}
        </p>
        <Loaded resource=requests let:list>
            {match (list.requests.is_empty(), whose) {
                (true, Whose::Mine) => view! { <p class="empty-state" role="status">{t!(i18n, self_service.no_requests)}</p> }.into_any(),
                (true, Whose::Organization) => view! { <p class="empty-state" role="status">{t!(i18n, self_service.no_org_requests)}</p> }.into_any(),
                (false, Whose::Mine) => view! { <MyRequestsTable requests=list.requests /> }.into_any(),
                (false, Whose::Organization) => view! { <OrganizationTable requests=list.requests /> }.into_any(),
            }}
        </Loaded>
    }
}

#[component]
fn MyRequestsTable(requests: Vec<LicenseRequest>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = requests
        .into_iter()
        .map(|request| {
            let answered = request.status != RequestStatus::Pending;
            let answer = request.answer_message.clone();
            let by = request.answered_by_name.clone().zip(request.answered_at.clone());
            view! {
                <tr>
                    <th scope="row">{request.product_name.clone()}</th>
                    <td><PeopleCell request=request.clone() with_status=answered /></td>
                    <td><StatusTag status=request.status /></td>
                    <td><When at=request.created_at.clone() /></td>
                    <td>
                        {answer.map(|text| view! { <p class="answer-message">{text}</p> })}
                        {by.map(|(name, at)| view! {
                            <p class="hint">
                                {move || t_string!(i18n, self_service.answered_by, name = name.clone(), date = format::date_time(&at, i18n.get_locale())).to_string()}
                            </p>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! { <RequestsTable whose=Whose::Mine>{rows}</RequestsTable> }
}

/// The table's caption and column headers (a user's requests have the admin's answer, an
/// admin's list who asked), then the rows.
#[component]
fn RequestsTable(whose: Whose, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let mine = whose == Whose::Mine;
    let head = move || {
        view! {
            <th scope="col">{t!(i18n, self_service.column_product)}</th>
            {(!mine).then(|| view! { <th scope="col">{t!(i18n, self_service.column_requester)}</th> })}
            <th scope="col">{t!(i18n, self_service.column_people)}</th>
            <th scope="col">{t!(i18n, self_service.column_status)}</th>
            <th scope="col">{t!(i18n, self_service.column_sent)}</th>
            {mine.then(|| view! { <th scope="col">{t!(i18n, self_service.column_answer)}</th> })}
        }
    };
    view! {
        <DataTable caption=move || t_string!(i18n, self_service.requests_title) head class="requests-table">
            {children()}
        </DataTable>
    }
}

#[component]
fn OrganizationTable(requests: Vec<LicenseRequest>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let all = RwSignal::new(requests);
    // A notice's link names the request to open.
    let opened = RwSignal::new(
        query
            .with_untracked(|q| q.get("request"))
            .filter(|id| all.with_untracked(|all| all.iter().any(|r| &r.id == id))),
    );
    let message = RwSignal::new(None::<String>);
    let on_answered = Callback::new(move |(answered, text): (LicenseRequest, String)| {
        all.update(|all| {
            if let Some(row) = all.iter_mut().find(|r| r.id == answered.id) {
                *row = answered;
            }
        });
        message.set(Some(text));
    });
    view! {
        <StatusLine message=message />
        <RequestsTable whose=Whose::Organization>
                    <For each=move || all.get() key=|r| (r.id.clone(), r.status.as_str()) let:request>
                        {
                            let id = request.id.clone();
                            let label = {
                                let (product, name) = (request.product_name.clone(), request.requester_name.clone());
                                move || t_string!(i18n, self_service.open_request, product = product.clone(), name = name.clone()).to_string()
                            };
                            view! {
                                <tr>
                                    <th scope="row">
                                        <button
                                            type="button"
                                            class="link-button"
                                            id=format!("request-{}", request.id)
                                            aria-label=label
                                            on:click=move |_| opened.set(Some(id.clone()))
                                        >
                                            {request.product_name.clone()}
                                        </button>
                                    </th>
                                    <td>{request.requester_name.clone()}</td>
                                    <td><PeopleCell request=request.clone() with_status=request.status != RequestStatus::Pending /></td>
                                    <td><StatusTag status=request.status /></td>
                                    <td><When at=request.created_at.clone() /></td>
                                </tr>
                            }
                        }
                    </For>
        </RequestsTable>
        <Show when=move || opened.with(Option::is_some)>
            <AnswerPane
                request_id=opened.get_untracked().unwrap_or_default()
                on_answered
                on_close=Callback::new(move |()| opened.set(None))
            />
        </Show>
    }
}

/// The people a request names, each with their status once it is answered.
#[component]
fn PeopleCell(request: LicenseRequest, with_status: bool) -> impl IntoView {
    let i18n = use_i18n();
    let people = request
        .people
        .into_iter()
        .map(|person| {
            let text = move || {
                if with_status && person.status != RequestedPersonStatus::Pending {
                    let status = person_status_text(i18n, person.status);
                    t_string!(i18n, self_service.person_status, name = person.display_name.clone(), status = status)
                        .to_string()
                } else {
                    person.display_name.clone()
                }
            };
            view! { <li>{text}</li> }
        })
        .collect_view();
    view! { <ul class="plain">{people}</ul> }
}

/// A request's status as a tag.
#[component]
fn StatusTag(status: RequestStatus) -> impl IntoView {
    let i18n = use_i18n();
    let class = if status == RequestStatus::Pending { "tag attention" } else { "tag" };
    view! { <span class=class>{move || status_text(i18n, status)}</span> }
}
