//! Sign in with email and password.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_api::ApiError;
use portal_api::session::SignInRequest;

use crate::api::{self, ApiFailure};
use crate::components::focus::focus_node;
use crate::components::language_picker::LanguagePicker;
use crate::components::page::set_document_title;
use crate::components::submit::{SubmitButton, use_submit};
use crate::components::text_field::{TextField, clear_field_error, field_error};
use crate::i18n::*;
use crate::routes::after_sign_in;
use crate::session::Session;

/// The sign-in page. The form keeps what the person typed through every error, checks it with
/// the same rules as the server before sending, and says what is wrong next to the field.
#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let query = use_query_map();
    let navigate = use_navigate();

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let email_input = NodeRef::<leptos::html::Input>::new();
    let password_input = NodeRef::<leptos::html::Input>::new();

    // Signed in (now or already): go where the person was heading.
    Effect::new(move || {
        if session.me.with(Option::is_some) {
            let destination = after_sign_in(query.read_untracked().get("return_to").as_deref());
            navigate(&destination, NavigateOptions { replace: true, ..Default::default() });
        }
    });
    // On the next frame: the page is drawn inside Suspense when its chunk arrives, and joins the
    // document only after this runs; a detached field takes no focus.
    Effect::new(move || {
        if email_input.get().is_some() {
            request_animation_frame(move || focus_node(email_input));
        }
    });
    Effect::new(move || set_document_title(i18n, t_string!(i18n, sign_in.title)));

    // A field's problem is said at the field, which gets focus.
    let show = move |problem: ApiError| {
        focus_node(if problem.field.as_deref() == Some("password") { password_input } else { email_input });
        error.set(Some(problem));
    };
    // Signing in carries no Idempotency-Key: the key `use_submit` gives is not sent.
    let sign_in = use_submit(
        |_key, request: SignInRequest| async move { api::session::sign_in(&request).await },
        move |me| session.signed_in(me),
    )
    .route_failures(move |failure| match failure {
        ApiFailure::Api { error, .. } if error.field.is_some() => {
            show(error);
            None
        }
        failure => Some(failure),
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if sign_in.working.get_untracked() {
            return;
        }
        let request = SignInRequest { email: email.get_untracked(), password: password.get_untracked() };
        sign_in.clear_error();
        match request.validate() {
            Ok(()) => {
                error.set(None);
                sign_in.run(request);
            }
            Err(problem) => show(problem),
        }
    };

    view! {
        <div class="sign-in-page">
            <header class="sign-in-header">
                <span class="app-name">{t!(i18n, shell.app_name)}</span>
                <LanguagePicker />
            </header>
            <main id="main" class="sign-in">
                <h1>{t!(i18n, sign_in.title)}</h1>
                <p class="intro">{t!(i18n, sign_in.intro)}</p>
                <form on:submit=on_submit novalidate>
                    {move || sign_in.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                    <TextField
                        id="email"
                        label=move || t_string!(i18n, sign_in.email)
                        value=email
                        error=field_error(i18n, error, "email")
                        on_edit=clear_field_error(error, "email")
                        input_type="email"
                        autocomplete="username"
                        input_ref=email_input
                    />
                    <TextField
                        id="password"
                        label=move || t_string!(i18n, sign_in.password)
                        value=password
                        error=field_error(i18n, error, "password")
                        on_edit=clear_field_error(error, "password")
                        input_type="password"
                        autocomplete="current-password"
                        input_ref=password_input
                    />
                    <SubmitButton
                        label=move || t_string!(i18n, sign_in.submit)
                        working=sign_in.working
                        working_label=move || t_string!(i18n, sign_in.signing_in)
                    />
                </form>
            </main>
        </div>
    }
}
