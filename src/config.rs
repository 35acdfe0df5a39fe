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
    /// Which cloud this deployment serves; Help's admin center link follows it.
    #[serde(default)]
    pub cloud: Cloud,
}

/// The clouds the portal is deployed in: one build, one `config.json` each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum Cloud {
    /// Microsoft 365 worldwide.
    #[default]
    #[serde(rename = "worldwide")]
    Worldwide,
    /// Microsoft 365 operated by 21Vianet in China, with its own admin center address.
    #[serde(rename = "21vianet")]
    China21Vianet,
}

impl Cloud {
    /// The admin center's address in this cloud (the seed article gives one per cloud).
    pub fn admin_center(self) -> &'static str {
        match self {
            Self::Worldwide => "https://admin.microsoft.com/",
            Self::China21Vianet => "https://portal.partner.microsoftonline.cn/",
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cloud_is_read_from_the_config_and_is_worldwide_when_unnamed() {
        let china: RuntimeConfig =
            serde_json::from_str(r#"{"api_base":"/api","support_email":"s@x.example","cloud":"21vianet"}"#)
                .expect("valid");
        assert_eq!(china.cloud.admin_center(), "https://portal.partner.microsoftonline.cn/");
        let unnamed: RuntimeConfig =
            serde_json::from_str(r#"{"api_base":"/api","support_email":"s@x.example"}"#).expect("valid");
        assert_eq!(unnamed.cloud, Cloud::Worldwide);
        assert!(
            serde_json::from_str::<RuntimeConfig>(r#"{"api_base":"/api","support_email":"s","cloud":"mars"}"#).is_err()
        );
    }
}
