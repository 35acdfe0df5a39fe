//! Assign licenses: the "Assign licenses to users" pane. The person finds people in the
//! directory and each pick becomes a removable chip ([`PeoplePicker`]), up to
//! 20; too few licenses point to Buy licenses; Assign gives the picked people a license each.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::ErrorCode;
use portal_api::licenses::{DirectoryPerson, LicenseChangeResult, MAX_PEOPLE_PER_BATCH};

use crate::api::{self, ApiFailure};
use crate::components::pane::{Pane, PaneDone};
use crate::components::picked_people::PeoplePicker;
use crate::components::submit::{SubmitButton, use_submit};
use crate::format;
use crate::i18n::*;
use crate::routes::paths;

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
    let product = StoredValue::new((product_id.clone(), product_name));
    let picked = RwSignal::new(Vec::<DirectoryPerson>::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();

    let assign = use_submit(
        move |_key, people: Vec<DirectoryPerson>| {
            let id = product.with_value(|(id, _)| id.clone());
            let ids = people.iter().map(|p| p.user_id.clone()).collect();
            async move { api::licenses::assign(&id, ids).await.map(|result| (result, people)) }
        },
        move |(result, people): (LicenseChangeResult, Vec<DirectoryPerson>)| {
            let names = people.iter().map(|p| p.display_name.as_str()).collect::<Vec<_>>().join(", ");
            let product = product.with_value(|(_, name)| name.clone());
            let text = t_string!(i18n, licenses.assigned_done, product = product, people = names).to_string();
            picked.set(Vec::new());
            done.set(Some(text.clone()));
            on_assigned.run((result, text));
        },
    )
    .route_failures(move |failure| {
        Some(match failure {
            // Name people rather than show their ids.
            ApiFailure::Api { mut error, status } if error.code == ErrorCode::PeopleRefused => {
                let people = picked.get_untracked();
                let name = |id: &String| {
                    people.iter().find(|p| &p.user_id == id).map_or(id.clone(), |p| p.display_name.clone())
                };
                error.people = error.people.iter().map(name).collect();
                ApiFailure::Api { status, error }
            }
            failure => failure,
        })
    });
    let on_assign = Callback::new(move |()| {
        if !picked.with_untracked(Vec::is_empty) {
            error.set(None);
            assign.run(picked.get_untracked());
        }
    });
    view! {
        <Pane title=move || t_string!(i18n, licenses.assign_title) id="assign-pane" on_close>
            {move || done.get().map(|text| view! { <PaneDone text on_close /> })}
            <div class="assign-form" hidden=move || done.with(Option::is_some)>
                <p class="hint">{t!(i18n, licenses.assign_intro)}</p>
                <PeoplePicker product_id picked input error heading=Signal::derive(move || {
                    t_string!(i18n, licenses.picked_heading, count = picked.with(Vec::len), max = MAX_PEOPLE_PER_BATCH).to_string()
                }) />
                {move || error.get().or_else(|| assign.error.get()).map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                <NotEnoughLicenses picked available />
                <div class="pane-actions">
                    <SubmitButton
                        label=move || t_string!(i18n, licenses.assign)
                        working=assign.working
                        disabled=move || picked.with(Vec::is_empty)
                        on_click=on_assign
                    />
                    <button type="button" class="button" on:click=move |_| on_close.run(())>
                        {t!(i18n, licenses.cancel)}
                    </button>
                </div>
            </div>
        </Pane>
    }
}

/// When more people are picked than there are licenses free: how many, and Buy licenses.
#[component]
fn NotEnoughLicenses(picked: RwSignal<Vec<DirectoryPerson>>, available: Signal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let count = picked.with(Vec::len) as i64;
        let free = available.get();
        (count > free).then(|| {
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
    }
}
