//! The Request licenses pane, where the organization does not allow buying a product: who
//! needs a license (the person themselves preselected, up to 20 in all, found in the directory),
//! an optional message for the admin, then Send request.

use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::license_requests::{LicenseRequest, MAX_PEOPLE_PER_REQUEST, NewLicenseRequest};
use portal_api::licenses::DirectoryPerson;
use portal_api::products::Product;
use portal_api::{ApiError, ErrorCode};

use crate::api::{self, ApiFailure};
use crate::components::directory_search::DirectorySearch;
use crate::components::focus::focus_node;
use crate::components::message_field::MessageField;
use crate::components::pane::Pane;
use crate::components::picked_people::{Pick, PickedChips, pick};
use crate::components::submit::{SubmitButton, use_submit};
use crate::errors;
use crate::i18n::*;
use crate::routes::paths;
use crate::session::Session;

/// The request as it will be sent: the people's ids in the order picked, the message trimmed
/// (none when empty).
pub fn new_request(product_id: &str, people: &[DirectoryPerson], message: &str) -> NewLicenseRequest {
    let message = message.trim();
    NewLicenseRequest {
        product_id: product_id.to_owned(),
        user_ids: people.iter().map(|p| p.user_id.clone()).collect(),
        message: (!message.is_empty()).then(|| message.to_owned()),
    }
}

/// The pane. Render it inside `<Show>`; once sent it says so, with the way to the person's
/// requests, and Close.
#[component]
pub fn RequestPane(
    /// The product wanted.
    product: Product,
    /// Closes the pane.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = Session::get().me.get_untracked().map(|me| DirectoryPerson {
        user_id: me.person.id,
        display_name: me.person.display_name,
        email: me.person.email,
        has_license: false,
    });
    let picked = RwSignal::new(me.into_iter().collect::<Vec<_>>());
    let message = RwSignal::new(String::new());
    let message_error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(None::<LicenseRequest>);
    let input = NodeRef::<Input>::new();
    let close_button = NodeRef::<leptos::html::Button>::new();
    let (product_id, product_name) = (StoredValue::new(product.id.clone()), StoredValue::new(product.name.clone()));

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
                error.set(Some(t_string!(i18n, errors.too_many_people, max = MAX_PEOPLE_PER_REQUEST).to_string()))
            }
        }
        focus_node(input);
        outcome == Pick::Added
    });
    let send = use_submit(
        move |key, request: NewLicenseRequest| async move { api::license_requests::create(&key, &request).await },
        move |request| {
            sent.set(Some(request));
            request_animation_frame(move || focus_node(close_button));
        },
    )
    .route_failures(move |failure| match failure {
        ApiFailure::Api { error, .. } if error.field.as_deref() == Some("message") => {
            message_error.try_set(Some(error));
            None
        }
        failure => Some(failure),
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let request =
            picked.with_untracked(|people| new_request(&product_id.get_value(), people, &message.get_untracked()));
        match request.validate() {
            Ok(()) => send.run(request),
            Err(problem) if problem.field.as_deref() == Some("message") => message_error.set(Some(problem)),
            Err(problem) if problem.code == ErrorCode::Required => {
                error.set(Some(t_string!(i18n, self_service.choose_people).to_string()));
                focus_node(input);
            }
            Err(problem) => error.set(Some(errors::describe(i18n, &problem))),
        }
    };
    let on_remove = Callback::new(move |()| {
        error.set(None);
        focus_node(input);
    });
    let heading = Signal::derive(move || {
        t_string!(i18n, self_service.request_people, count = picked.with(Vec::len), max = MAX_PEOPLE_PER_REQUEST)
            .to_string()
    });

    view! {
        <Pane
            title=move || t_string!(i18n, self_service.request_title, product = product_name.get_value()).to_string()
            id="request-pane"
            on_close
        >
            {move || sent.get().map(|_| view! {
                <p class="success" role="status">
                    {t_string!(i18n, self_service.request_sent, product = product_name.get_value()).to_string()}
                </p>
                <p><A href=paths::LICENSE_REQUESTS>{t!(i18n, self_service.see_requests)}</A></p>
                <div class="pane-actions">
                    <button type="button" class="button primary" node_ref=close_button on:click=move |_| on_close.run(())>
                        {t!(i18n, shell.close)}
                    </button>
                </div>
            })}
            <form class="request-form" on:submit=on_submit novalidate hidden=move || sent.with(Option::is_some)>
                <p class="hint">{t!(i18n, self_service.request_intro)}</p>
                <DirectorySearch product_id=product.id.clone() input on_pick error />
                <p class="visually-hidden" role="status">{move || notice.get()}</p>
                <PickedChips picked on_remove heading />
                <MessageField id="request-message" message error=message_error label=Signal::derive(move || t_string!(i18n, self_service.message_label).to_string()) />
                {move || error.get().or_else(|| send.error.get()).map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                <div class="pane-actions">
                    <SubmitButton label=move || t_string!(i18n, self_service.send) working=send.working />
                    <button type="button" class="button" on:click=move |_| on_close.run(())>
                        {t!(i18n, self_service.cancel)}
                    </button>
                </div>
            </form>
        </Pane>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str) -> DirectoryPerson {
        DirectoryPerson {
            user_id: id.into(),
            display_name: id.into(),
            email: format!("{id}@contoso.example"),
            has_license: false,
        }
    }

    #[test]
    fn the_request_names_the_people_in_order_and_trims_the_message() {
        let request = new_request("prd_x", &[person("me"), person("soren")], "  For the audit  ");
        assert_eq!(request.user_ids, vec!["me".to_owned(), "soren".to_owned()]);
        assert_eq!(request.message.as_deref(), Some("For the audit"));
        assert_eq!(request.validate(), Ok(()));
        assert_eq!(new_request("prd_x", &[person("me")], "   ").message, None);
    }

    #[test]
    fn nobody_or_a_message_past_500_characters_is_refused_before_sending() {
        assert_eq!(new_request("prd_x", &[], "").validate().map_err(|e| e.code), Err(ErrorCode::Required));
        let long = "ø".repeat(501);
        let refused = new_request("prd_x", &[person("me")], &long).validate().expect_err("too long");
        assert_eq!((refused.code, refused.field.as_deref()), (ErrorCode::TooLong, Some("message")));
    }
}
