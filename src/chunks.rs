//! Pages load on demand: in the release build each billing area is its own wasm chunk, fetched
//! the first time someone opens one of its pages, so the first download holds only the shell,
//! sign-in and the page asked for.
//!
//! A page is declared once with [`page!`](crate::page): `page!(your_products, YOUR_PRODUCTS,
//! YourProducts)` makes `chunks::YOUR_PRODUCTS`, which a route shows with
//! `view=|| view! { <Chunk page=YOUR_PRODUCTS /> }`. The first argument names the chunk; pages
//! with the same chunk name (a list and its details page) share one file.
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

/// Renders a page whose code has arrived.
pub type PageView = fn() -> AnyView;

/// Why a chunk is not there: the network, in the person's words (the service error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkUnavailable;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for ChunkUnavailable {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        Self
    }
}

/// Loads a page's chunk (at once when it is already there) and hands back how to render it.
pub type PageLoader = fn() -> Pin<Box<dyn Future<Output = Result<PageView, ChunkUnavailable>>>>;

/// One page that lives in a chunk: how to load it, and which chunk it is in (for preloading).
#[derive(Clone, Copy)]
pub struct Page {
    /// The chunk's name, as given to [`page!`](crate::page).
    pub chunk: &'static str,
    /// Loads the chunk and gives its render function.
    pub load: PageLoader,
}

/// Declares a page that is loaded on demand: `page!(chunk_name, CONSTANT, Component)`.
#[macro_export]
macro_rules! page {
    ($chunk:ident, $name:ident, $component:path) => {
        #[allow(non_snake_case)]
        mod $name {
            use super::*;

            #[cfg(feature = "split")]
            #[::wasm_split_helpers::wasm_split($chunk, fallible)]
            pub fn render() -> Result<$crate::chunks::PageView, $crate::chunks::ChunkUnavailable> {
                Ok(|| ::leptos::prelude::IntoAny::into_any(::leptos::prelude::view! { <$component /> }))
            }

            #[cfg(not(feature = "split"))]
            pub async fn render() -> Result<$crate::chunks::PageView, $crate::chunks::ChunkUnavailable> {
                Ok(|| ::leptos::prelude::IntoAny::into_any(::leptos::prelude::view! { <$component /> }))
            }
        }

        #[doc = concat!("The page `", stringify!($component), "`, in the chunk `", stringify!($chunk), "`.")]
        pub const $name: $crate::chunks::Page =
            $crate::chunks::Page { chunk: stringify!($chunk), load: || Box::pin($name::render()) };
    };
}

/// Shows a page from its chunk: Loading while it arrives, the service error with Retry if it
/// cannot.
#[component]
pub fn Chunk(
    /// The page to show.
    page: Page,
) -> impl IntoView {
    let code = LocalResource::new(move || (page.load)());
    let retry = Callback::new(move |_| code.refetch());
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match code.await {
                    Ok(render) => render(),
                    Err(ChunkUnavailable) => view! { <ServiceError failure=ApiFailure::Network on_retry=retry /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
