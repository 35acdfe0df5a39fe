//! Runtime settings read from `/config.json`, so one build serves from any host or CDN.

use serde::Deserialize;
use wasm_bindgen::JsCast;

use crate::api::ApiFailure;

/// What `/config.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RuntimeConfig {
    /// Where the API lives: `/api` when the server hosts the app, a full URL behind a CDN.
    pub api_base: String,
    /// Where "Contact support" sends people.
    pub support_email: String,
    /// How long a request may take before the page says the service is too slow.
    #[serde(default = "default_request_timeout_ms")]
    pub request_timeout_ms: u32,
}

fn default_request_timeout_ms() -> u32 {
    15_000
}

/// The deployment's config: the copy `index.html` started fetching while the wasm downloaded
/// (so the session can be asked for as soon as the app runs), else a fresh fetch (Retry, tests).
pub async fn load() -> Result<RuntimeConfig, ApiFailure> {
    if let Some(Ok(config)) = fetched_by_index_html().await.map(|text| serde_json::from_str(&text)) {
        return Ok(config);
    }
    fetch().await
}

/// The text of `window.portalConfig`, the promise index.html's first script makes; taken once.
async fn fetched_by_index_html() -> Option<String> {
    let window = web_sys::window()?;
    let key = wasm_bindgen::JsValue::from_str("portalConfig");
    let promise = js_sys::Reflect::get(&window, &key).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_string()
}

/// Fetches `/config.json` (never cached: it is how a deployment points the app at its API).
async fn fetch() -> Result<RuntimeConfig, ApiFailure> {
    let response = gloo_net::http::Request::get("/config.json")
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    if !response.ok() {
        return Err(ApiFailure::Server(response.status()));
    }
    response.json().await.map_err(|_| ApiFailure::Decode)
}
