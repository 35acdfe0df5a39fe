//! Runtime settings read from `/config.json`, so one build serves from any host or CDN.

use serde::Deserialize;

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

/// Fetches `/config.json` (never cached: it is how a deployment points the app at its API).
pub async fn load() -> Result<RuntimeConfig, ApiFailure> {
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
