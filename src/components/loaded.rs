//! The one way a page shows what it loads: "Loading…" while it loads, the data once it is
//! there, and otherwise the failure handled the same way on every page.
//!
//! ```ignore
//! let invoices = LocalResource::new(api::invoices::list);
//! view! {
//!     <Page title=move || t_string!(i18n, bills_and_payments.invoices)>
//!         <Loaded resource=invoices let:list>
//!             <InvoiceTable invoices=list.invoices />
//!         </Loaded>
//!     </Page>
//! }
//! ```
//!
//! When the load fails ([`Failed`]):
//! - signed out (401): the session is cleared, so the shell sends the person to sign in and
//!   back to this page afterwards; nothing else shows;
//! - not found (404), when the page passes `not_found` (a thing's own page, e.g. one
//!   subscription): that view, usually a [`MissingPage`] with the way back;
//! - anything else (network, timeout, the server's error, and 404 without `not_found`): the
//!   service error in the person's language with Retry, which loads the resource again.
//!
//! For data that is not a `LocalResource` (a list fetched page by page), show
//! `<Failed failure on_retry />` for its failure.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::text_prop::TextProp;
use leptos_router::components::A;

use crate::api::ApiFailure;
use crate::components::debounce::Latest;
use crate::components::loading::Loading;
use crate::components::page::Page;
use crate::components::service_error::ServiceError;
use crate::i18n::*;
use crate::session::Session;

/// Shows `children` with the resource's data once it has loaded; "Loading…" until then; the
/// failure as [`Failed`] says.
#[component]
pub fn Loaded<T, C, V>(
    /// What the page reads.
    resource: LocalResource<Result<T, ApiFailure>>,
    /// What a 404 shows; without it a 404 is a service error like any other.
    #[prop(optional, into)]
    not_found: Option<ViewFn>,
    /// The page's content for the data (`let:data`).
    children: C,
) -> impl IntoView
where
    T: Clone + 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = StoredValue::new(children);
    let on_retry = Callback::new(move |()| resource.refetch());
    view! {
        <Suspense fallback=Loading>
            {move || {
                let not_found = not_found.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => children.with_value(|children| children(data)).into_any(),
                        Err(failure) => failed(failure, on_retry, not_found),
                    }
                })
            }}
        </Suspense>
    }
}

/// What a thing's own page reads: `load` with the address's `param` (`:id` in
/// `/billing/bills/invoices/:id`), loaded again when the address changes.
pub fn use_param_resource<T, F, Fut>(param: &'static str, load: F) -> LocalResource<T>
where
    T: 'static,
    F: Fn(String) -> Fut + 'static,
    Fut: Future<Output = T> + 'static,
{
    let params = leptos_router::hooks::use_params_map();
    LocalResource::new(move || load(params.read().get(param).unwrap_or_default()))
}

/// What a thing's own page (one invoice, subscription, billing account or profile, one
/// product's licenses) shows for a 404, as `<Loaded not_found>`: a [`MissingPage`] under
/// Billing with the way back.
pub fn missing_page(title: impl Into<TextProp>, back: &'static str, back_label: impl Into<TextProp>) -> ViewFn {
    let (title, back_label) = (title.into(), back_label.into());
    ViewFn::from(move || {
        view! { <MissingPage title=title.clone() in_billing=true back back_label=back_label.clone() /> }
    })
}

/// A list read a page at a time: the answer for the page asked for, whether a newer one is on
/// its way, and `reload` (bump it to read the page again, as Retry does).
pub struct PagedList<T: 'static> {
    /// The latest answer; `None` until the first one.
    pub answer: RwSignal<Option<Result<T, ApiFailure>>>,
    /// Whether the page asked for last has not answered yet (the last answer stays shown).
    pub busy: RwSignal<bool>,
    /// Read the page again when it changes.
    pub reload: RwSignal<u32>,
}

impl<T: 'static> Clone for PagedList<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for PagedList<T> {}

/// Reads the page `load` asks for (reading the signals that say which page, tracked) whenever
/// they or `reload` change; an answer to an older request is dropped.
pub fn use_paged_list<T, F, Fut>(load: F) -> PagedList<T>
where
    T: Send + Sync + 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiFailure>> + 'static,
{
    let paged = PagedList { answer: RwSignal::new(None), busy: RwSignal::new(true), reload: RwSignal::new(0) };
    let latest = Latest::new();
    Effect::new(move || {
        paged.reload.track();
        let request = load();
        let ticket = latest.next();
        paged.busy.set(true);
        spawn_local(async move {
            let answer = request.await;
            if latest.is_current(ticket) {
                paged.answer.set(Some(answer));
                paged.busy.set(false);
            }
        });
    });
    paged
}

/// Retry for a [`PagedList`]'s [`Failed`]: reads the page again.
pub fn retry(reload: RwSignal<u32>) -> Callback<()> {
    Callback::new(move |()| reload.update(|n| *n += 1))
}

/// What a failed load shows: nothing when signed out (the session is cleared, so the shell
/// sends the person to sign in), `not_found` for a 404 when given, else the service error
/// with Retry.
#[component]
pub fn Failed(
    /// Why the load failed.
    failure: ApiFailure,
    /// Loads again.
    on_retry: Callback<()>,
    /// What a 404 shows; without it a 404 is a service error like any other.
    #[prop(optional, into)]
    not_found: Option<ViewFn>,
) -> impl IntoView {
    failed(failure, on_retry, not_found)
}

fn failed(failure: ApiFailure, on_retry: Callback<()>, not_found: Option<ViewFn>) -> AnyView {
    if failure.is_unauthenticated() {
        // The session ended elsewhere (signed out in another tab, expired).
        Session::get().me.set(None);
        return ().into_any();
    }
    match not_found {
        Some(not_found) if matches!(failure, ApiFailure::Api { status: 404, .. }) => not_found.run(),
        _ => view! { <ServiceError failure on_retry /> }.into_any(),
    }
}

/// The page for a thing that is not there, or not the person's to see (the server answers
/// 404 for both): says so, with the way back to the list it belongs to.
#[component]
pub fn MissingPage(
    /// The page's heading: the area's name.
    #[prop(into)]
    title: TextProp,
    /// Whether the area sits under Billing.
    #[prop(optional)]
    in_billing: bool,
    /// Where the way back leads.
    back: &'static str,
    /// The way back's label ("Back to Your products").
    #[prop(into)]
    back_label: TextProp,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title in_billing>
            <p class="empty-state" role="status">{t!(i18n, errors.not_found)}</p>
            <p><A href=back>{move || back_label.get()}</A></p>
        </Page>
    }
}
