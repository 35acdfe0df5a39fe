//! The portal's layout for signed-in people: top bar, left navigation, and the page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::{self, ApiFailure};
use crate::components::language_picker::LanguagePicker;
use crate::components::loading::Loading;
use crate::components::service_error::ServiceError;
use crate::i18n::*;
use crate::routes::{address, paths, sign_in_path};
use crate::session::{Check, Session};

/// What the shell shows, by where the session check stands.
#[derive(Debug, Clone, PartialEq)]
enum Frame {
    /// Signed in, or not known yet: the layout and the page, which starts loading at once.
    Layout,
    /// Nobody is signed in.
    SignIn,
    /// The service could not say who is signed in.
    Failed(ApiFailure),
}

/// Every signed-in page sits in this frame. Signed-out visits go to sign-in, and come back
/// to the same page afterwards.
#[component]
pub fn Shell() -> impl IntoView {
    let session = Session::get();
    let location = use_location();
    // A memo, so the layout (and the page in it) is not redrawn when the answer arrives.
    let frame = Memo::new(move |_| match session.check.get() {
        Check::Pending => Frame::Layout,
        Check::Failed(failure) => Frame::Failed(failure),
        Check::Done if session.me.with(Option::is_some) => Frame::Layout,
        Check::Done => Frame::SignIn,
    });
    move || match frame.get() {
        Frame::Layout => view! { <SignedInLayout /> }.into_any(),
        Frame::SignIn => {
            let here = address(&location.pathname.get_untracked(), &location.search.get_untracked());
            view! { <Redirect path=sign_in_path(&here) /> }.into_any()
        }
        Frame::Failed(failure) => view! {
            <main id="main" class="standalone">
                <ServiceError failure on_retry=Callback::new(move |_| session.ask_server()) />
            </main>
        }
        .into_any(),
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
    // Phones: the navigation is a disclosure behind the Menu button (hidden by CSS on wider screens).
    let menu_open = RwSignal::new(false);
    let menu_button = NodeRef::<leptos::html::Button>::new();
    let close_menu = move |return_focus: bool| {
        if menu_open.get_untracked() {
            menu_open.set(false);
            if let Some(button) = return_focus.then(|| menu_button.get_untracked()).flatten() {
                let _ = button.focus();
            }
        }
    };
    let location = use_location();
    Effect::new(move || {
        location.pathname.track();
        close_menu(false);
    });
    view! {
        <a class="skip-link" href="#main">{t!(i18n, shell.skip_to_main)}</a>
        <header class="top-bar">
            <button
                type="button"
                class="button menu-button"
                node_ref=menu_button
                aria-controls="side-nav"
                aria-expanded=move || menu_open.get().to_string()
                on:click=move |_| menu_open.update(|open| *open = !*open)
            >
                <span aria-hidden="true">"☰"</span>
                <span class="visually-hidden">{t!(i18n, shell.menu)}</span>
            </button>
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
            <nav
                id="side-nav"
                class="side-nav"
                class:open=move || menu_open.get()
                aria-label=move || t_string!(i18n, shell.main_navigation)
                on:keydown=move |event| {
                    if event.key() == "Escape" {
                        close_menu(true);
                    }
                }
            >
                <h2 class="nav-group" id="nav-billing">{t!(i18n, shell.billing)}</h2>
                <ul aria-labelledby="nav-billing">
                    <li><A href=paths::YOUR_PRODUCTS>{t!(i18n, shell.your_products)}</A></li>
                    <li><A href=paths::LICENSES>{t!(i18n, shell.licenses)}</A></li>
                    <li><A href=paths::BILLS>{t!(i18n, shell.bills_and_payments)}</A></li>
                    <li><A href=paths::BILLING_ACCOUNTS>{t!(i18n, shell.billing_accounts)}</A></li>
                </ul>
                {move || session.is_admin().then(|| view! {
                    <h2 class="nav-group" id="nav-settings">{t!(i18n, self_service.nav_settings)}</h2>
                    <ul aria-labelledby="nav-settings">
                        <li><A href=paths::SELF_SERVICE_SETTINGS>{t!(i18n, self_service.nav_self_service)}</A></li>
                    </ul>
                })}
                <ul>
                    <li><A href=paths::PURCHASE>{t!(i18n, shell.purchase_services)}</A></li>
                    <li>
                        <A href=paths::NOTICES>
                            {t!(i18n, self_service.nav_notices)}
                            <UnreadCount />
                        </A>
                    </li>
                    <li><A href=paths::HELP>{t!(i18n, shell.help)}</A></li>
                </ul>
            </nav>
            <main id="main" class="content">
                <Outlet />
            </main>
        </div>
    }
}

/// The count of unread notices beside Notices in the navigation, "3 unread notices" to
/// assistive technology; nothing when all are read.
#[component]
fn UnreadCount() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    move || {
        let unread = session.unread_notices();
        (unread > 0).then(|| {
            let label = if unread == 1 {
                t_string!(i18n, self_service.unread_single).to_string()
            } else {
                t_string!(i18n, self_service.unread_count, count = unread).to_string()
            };
            view! {
                <span class="count-badge" aria-hidden="true">{unread.to_string()}</span>
                <span class="visually-hidden">{label}</span>
            }
        })
    }
}

/// The frame shown while the app starts: the same boxes as the signed-in layout, laid out as
/// index.html's `#boot-frame` (drawn before the wasm arrives), so nothing moves in between.
#[component]
pub fn BootFrame() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="top-bar">
            <span class="menu-button-space"></span>
            <span class="app-name">{t!(i18n, shell.app_name)}</span>
        </header>
        <div class="body">
            <div class="side-nav"></div>
            <main id="main" class="content">
                <Loading />
            </main>
        </div>
    }
}
