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
use crate::components::focus::focus_node;
use crate::components::message_field::MessageField;
use crate::components::pane::{Pane, PaneDone};
use crate::components::picked_people::PeoplePicker;
use crate::components::submit::{PaneButtons, SubmitButton, use_submit};
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
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(None::<LicenseRequest>);
    let input = NodeRef::<Input>::new();
    let (product_id, product_name) = (StoredValue::new(product.id.clone()), StoredValue::new(product.name.clone()));

    let send = use_submit(
        move |key, request: NewLicenseRequest| async move { api::license_requests::create(&key, &request).await },
        move |request| sent.set(Some(request)),
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
                <PaneDone text=t_string!(i18n, self_service.request_sent, product = product_name.get_value()).to_string() on_close>
                    <p><A href=paths::LICENSE_REQUESTS>{t!(i18n, self_service.see_requests)}</A></p>
                </PaneDone>
            })}
            <form class="request-form" on:submit=on_submit novalidate hidden=move || sent.with(Option::is_some)>
                <p class="hint">{t!(i18n, self_service.request_intro)}</p>
                <PeoplePicker product_id=product.id.clone() picked input error heading />
                <MessageField id="request-message" message error=message_error label=Signal::derive(move || t_string!(i18n, self_service.message_label).to_string()) />
                <PaneButtons
                    error=Signal::derive(move || error.get().or_else(|| send.error.get()))
                    leave_label=move || t_string!(i18n, self_service.cancel)
                    on_leave=on_close
                >
                    <SubmitButton label=move || t_string!(i18n, self_service.send) working=send.working />
                </PaneButtons>
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
