//! Sign in with email and password.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_api::ApiError;
use portal_api::session::SignInRequest;

use crate::api::{self, ApiFailure};
use crate::components::language_picker::LanguagePicker;
use crate::components::page::set_document_title;
use crate::components::text_field::TextField;
use crate::errors;
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
    let field_error = RwSignal::new(None::<ApiError>);
    let form_error = RwSignal::new(None::<ApiFailure>);
    let pending = RwSignal::new(false);
    let email_input = NodeRef::<leptos::html::Input>::new();
    let password_input = NodeRef::<leptos::html::Input>::new();

    // Signed in (now or already): go where the person was heading.
    Effect::new(move || {
        if session.me.with(Option::is_some) {
            let destination = after_sign_in(query.read_untracked().get("return_to").as_deref());
            navigate(&destination, NavigateOptions { replace: true, ..Default::default() });
        }
    });
    Effect::new(move || {
        if let Some(input) = email_input.get() {
            let _ = input.focus();
        }
    });
    Effect::new(move || set_document_title(i18n, t_string!(i18n, sign_in.title)));

    let focus_field = move |field: Option<&str>| {
        let input = if field == Some("password") { password_input.get() } else { email_input.get() };
        if let Some(input) = input {
            let _ = input.focus();
        }
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = SignInRequest { email: email.get_untracked(), password: password.get_untracked() };
        form_error.set(None);
        if let Err(error) = request.validate() {
            focus_field(error.field.as_deref());
            field_error.set(Some(error));
            return;
        }
        field_error.set(None);
        pending.set(true);
        spawn_local(async move {
            match api::session::sign_in(&request).await {
                Ok(me) => session.signed_in(me),
                Err(ApiFailure::Api { error, .. }) if error.field.is_some() => {
                    focus_field(error.field.as_deref());
                    field_error.set(Some(error));
                }
                Err(failure) => form_error.set(Some(failure)),
            }
            pending.set(false);
        });
    };

    let error_for = move |field: &'static str| {
        move || {
            field_error
                .with(|e| e.as_ref().filter(|e| e.field.as_deref() == Some(field)).map(|e| errors::describe(i18n, e)))
        }
    };
    let email_error = error_for("email");
    let password_error = error_for("password");
    // Editing a field clears that field's error; the other field's stays.
    let clear_error_of = move |field: &'static str| {
        if field_error.with_untracked(|e| e.as_ref().is_some_and(|e| e.field.as_deref() == Some(field))) {
            field_error.set(None);
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
                    {move || {
                        form_error
                            .get()
                            .map(|failure| view! { <p class="form-error" role="alert">{errors::describe(i18n, &failure)}</p> })
                    }}
                    <TextField
                        id="email"
                        label=move || t_string!(i18n, sign_in.email)
                        value=email
                        error=Signal::derive(email_error)
                        on_edit=Callback::new(move |_| clear_error_of("email"))
                        input_type="email"
                        autocomplete="username"
                        input_ref=email_input
                    />
                    <TextField
                        id="password"
                        label=move || t_string!(i18n, sign_in.password)
                        value=password
                        error=Signal::derive(password_error)
                        on_edit=Callback::new(move |_| clear_error_of("password"))
                        input_type="password"
                        autocomplete="current-password"
                        input_ref=password_input
                    />
                    <button type="submit" class="button primary" aria-disabled=move || pending.get().then_some("true")>
                        {move || if pending.get() { t_string!(i18n, sign_in.signing_in) } else { t_string!(i18n, sign_in.submit) }}
                    </button>
                </form>
            </main>
        </div>
    }
}
