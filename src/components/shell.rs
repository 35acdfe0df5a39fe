//! The portal's layout for signed-in people: top bar, left navigation, and the page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::{use_location, use_navigate};

use crate::api;
use crate::components::language_picker::LanguagePicker;
use crate::i18n::*;
use crate::routes::{paths, sign_in_path};
use crate::session::Session;

/// Every signed-in page sits in this frame. Signed-out visits go to sign-in, and come back
/// to the same page afterwards.
#[component]
pub fn Shell() -> impl IntoView {
    let session = Session::get();
    let location = use_location();
    move || match session.me.get() {
        Some(_) => view! { <SignedInLayout /> }.into_any(),
        None => {
            let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
            view! { <Redirect path=sign_in_path(&here) /> }.into_any()
        }
    }
}

#[component]
fn SignedInLayout() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let navigate = use_navigate();
    let organization = move || session.me.with(|me| me.as_ref().map(|m| m.organization.name.clone()));
    let person = move || session.me.with(|me| me.as_ref().map(|m| m.person.display_name.clone()));
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Whatever the server says, the person asked to leave: forget the session here too.
            let _ = api::session::sign_out().await;
            navigate(paths::SIGN_IN, NavigateOptions::default());
            session.me.set(None);
        });
    };
    view! {
        <a class="skip-link" href="#main">{t!(i18n, shell.skip_to_main)}</a>
        <header class="top-bar">
            <span class="app-name">{t!(i18n, shell.app_name)}</span>
            <span class="organization">
                <span class="visually-hidden">{t!(i18n, shell.organization)} ": "</span>
                {organization}
            </span>
            <span class="person">
                <span class="visually-hidden">{t!(i18n, shell.signed_in_as)} " "</span>
                {person}
            </span>
            <LanguagePicker />
            <button type="button" class="button" on:click=sign_out>{t!(i18n, shell.sign_out)}</button>
        </header>
        <div class="body">
            <nav class="side-nav" aria-label=move || t_string!(i18n, shell.main_navigation)>
                <h2 class="nav-group" id="nav-billing">{t!(i18n, shell.billing)}</h2>
                <ul aria-labelledby="nav-billing">
                    <li><A href=paths::YOUR_PRODUCTS>{t!(i18n, shell.your_products)}</A></li>
                    <li><A href=paths::LICENSES>{t!(i18n, shell.licenses)}</A></li>
                    <li><A href=paths::BILLS>{t!(i18n, shell.bills_and_payments)}</A></li>
                    <li><A href=paths::BILLING_ACCOUNTS>{t!(i18n, shell.billing_accounts)}</A></li>
                </ul>
                <ul>
                    <li><A href=paths::PURCHASE>{t!(i18n, shell.purchase_services)}</A></li>
                    <li><A href=paths::HELP>{t!(i18n, shell.help)}</A></li>
                </ul>
            </nav>
            <main id="main" class="content">
                <Outlet />
            </main>
        </div>
    }
}
