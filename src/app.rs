//! The app's root: translations, the runtime config, who is signed in, then the router.

use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::service_error::ServiceError;
use crate::components::shell::BootFrame;
use crate::config::{self, RuntimeConfig};
use crate::i18n::*;
use crate::language;
use crate::routes::AppRoutes;
use crate::session::Session;

/// The whole portal.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Portal />
        </I18nContextProvider>
    }
}

/// Picks the language, loads the config, asks who is signed in and shows the pages at once (the
/// shell decides what to show once the session is known), or says why it cannot, with Retry.
#[component]
fn Portal() -> impl IntoView {
    let i18n = use_i18n();
    // leptos_i18n settles its own first guess in an effect; this one is created after it, so
    // it runs after it and the person's remembered pick wins.
    let chosen = language::choose(language::remembered().as_deref(), &language::browser_languages());
    Effect::new(move |_| i18n.set_locale(chosen));
    let session = Session::provide();

    // index.html started fetching the config while the wasm downloaded, so this is quick.
    let startup = LocalResource::new(move || async move {
        let config = config::load().await?;
        api::configure(&config.api_base, config.request_timeout_ms);
        Ok::<_, ApiFailure>(config)
    });

    view! {
        <Suspense fallback=|| view! { <BootFrame /> }>
            {move || Suspend::new(async move {
                match startup.await {
                    Ok(config) => {
                        provide_context::<RuntimeConfig>(config);
                        session.ask_server();
                        view! { <AppRoutes /> }.into_any()
                    }
                    Err(failure) => {
                        view! {
                            <main id="main" class="standalone">
                                <ServiceError failure on_retry=Callback::new(move |_| startup.refetch()) />
                            </main>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
