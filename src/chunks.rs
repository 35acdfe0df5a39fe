//! Pages load on demand: in the release build each billing area is its own wasm chunk, fetched
//! the first time someone opens one of its pages, so the first download holds only the shell
//! and Your products (the home page), and a deep link's page beside them.
//!
//! A page is declared once with [`page!`](crate::page): `page!(licenses, LICENSES_PAGE,
//! Licenses)` makes `LICENSES_PAGE`, which a route shows with `view=chunk(LICENSES_PAGE)`
//! (routes.rs). The first argument names the chunk; pages with the
//! same chunk name (a list and its details page) share one file.
//!
//! A part of a page that most visits never need is declared with [`part!`](crate::part) and shown
//! with `<ChunkPart part args />`: Your products' action panes (checkout, the card form, price
//! lines) are one, so the first visit downloads the table but not the panes' code.
//!
//! Only the split build (`--features split`, which `tasks.sh wasm` runs for `trunk build
//! --release`) cuts the wasm at these points. Every other build (wasm-bindgen-test, native unit
//! tests, an unsplit `trunk serve`) compiles the same declarations as plain calls, since
//! split-point code that was never split cannot load at all.
//!
//! A chunk that fails to load (a dropped connection, a deployment replaced mid-visit) shows the
//! localized service error with Retry, never a blank page: the split points are `fallible`, and a
//! failed load is not cached, so Retry fetches it again.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::components::loading::Loading;
use crate::components::service_error::ServiceError;

/// Renders what a chunk holds, from what its caller hands it (`()` for a page).
pub type PartView<A> = fn(A) -> AnyView;

/// Why a chunk is not there: the network, in the person's words (the service error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkUnavailable;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for ChunkUnavailable {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        Self
    }
}

/// Loads a chunk (at once when it is already there) and hands back how to render its part.
pub type PartLoader<A> = fn() -> Pin<Box<dyn Future<Output = Result<PartView<A>, ChunkUnavailable>>>>;

/// A piece of the app that lives in a chunk: a page, or a part of one that not every visit
/// needs (the panes of Your products' actions), rendered from arguments of type `A`.
pub struct Part<A: 'static> {
    /// Loads the chunk and gives its render function.
    pub load: PartLoader<A>,
}

impl<A> Clone for Part<A> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<A> Copy for Part<A> {}

/// A page in a chunk: a part that needs nothing from its route.
pub type Page = Part<()>;

/// Declares a page that is loaded on demand: `page!(chunk_name, CONSTANT, Component)`.
#[macro_export]
macro_rules! page {
    ($chunk:ident, $name:ident, $component:path) => {
        $crate::part!($chunk, $name, (), |()| ::leptos::prelude::IntoAny::into_any(
            ::leptos::prelude::view! { <$component /> }
        ));
    };
}

/// Declares a part of a page that is loaded on demand: `part!(chunk_name, CONSTANT, Args,
/// |args: Args| view)`, where the closure captures nothing. Parts and pages with the same chunk
/// name share one file.
#[macro_export]
macro_rules! part {
    ($chunk:ident, $name:ident, $args:ty, $render:expr) => {
        #[allow(non_snake_case)]
        mod $name {
            use super::*;

            #[cfg(feature = "split")]
            #[::wasm_split_helpers::wasm_split($chunk, fallible)]
            pub fn render() -> Result<$crate::chunks::PartView<$args>, $crate::chunks::ChunkUnavailable> {
                Ok($render)
            }

            #[cfg(not(feature = "split"))]
            pub async fn render() -> Result<$crate::chunks::PartView<$args>, $crate::chunks::ChunkUnavailable> {
                Ok($render)
            }
        }

        #[doc = concat!("Loaded on demand, in the chunk `", stringify!($chunk), "`.")]
        pub const $name: $crate::chunks::Part<$args> = $crate::chunks::Part { load: || Box::pin($name::render()) };
    };
}

/// Shows a page from its chunk: Loading while it arrives, the service error with Retry if it
/// cannot.
#[component]
pub fn Chunk(
    /// The page to show.
    page: Page,
) -> impl IntoView {
    view! { <ChunkPart part=page args=() /> }
}

/// Shows a part from its chunk, rendered from `args`: Loading while it arrives, the service
/// error with Retry if it cannot.
#[component]
pub fn ChunkPart<A>(
    /// The part to show.
    part: Part<A>,
    /// What it is rendered from.
    args: A,
) -> impl IntoView
where
    A: Clone + Send + Sync + 'static,
{
    let code = LocalResource::new(move || (part.load)());
    let retry = Callback::new(move |_| code.refetch());
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                let args = args.clone();
                Suspend::new(async move {
                    match code.await {
                        Ok(render) => render(args),
                        Err(ChunkUnavailable) => view! { <ServiceError failure=ApiFailure::Network on_retry=retry /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
