//! Talking to the portal's API: one module per resource, over the helpers here.
//!
//! Every request carries the session cookie, gives up after the configured timeout, and turns any
//! failure into an `ApiFailure` the page can put into words.

pub mod admin_purchases;
pub mod billing_accounts;
pub mod invoices;
pub mod license_requests;
pub mod licenses;
pub mod notices;
pub mod payment_methods;
pub mod products;
pub mod purchases;
pub mod self_service;
pub mod session;
pub mod subscriptions;

use std::sync::OnceLock;

use gloo_net::http::{Request, RequestBuilder, Response};
use portal_api::{ApiError, ErrorBody};
use serde::Serialize;
use serde::de::DeserializeOwned;
use web_sys::RequestCredentials;

/// How long a request may take before the page says the service is too slow, until the
/// runtime config says otherwise.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

static API_BASE: OnceLock<String> = OnceLock::new();
static TIMEOUT_MS: OnceLock<u32> = OnceLock::new();

/// Sets where the API lives and how long to wait for it, once, from the runtime config.
pub fn configure(base: &str, timeout_ms: u32) {
    let _ = API_BASE.set(base.trim_end_matches('/').to_owned());
    let _ = TIMEOUT_MS.set(timeout_ms);
}

/// Percent-encodes all but URL-unreserved characters and the bytes in `also_keep`.
pub fn percent_encode(value: &str, also_keep: &[u8]) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) || also_keep.contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Percent-encodes an id for use as one path segment, so no id can change the path.
pub fn encode_path_segment(segment: &str) -> String {
    percent_encode(segment, b"")
}

fn url(path: &str) -> String {
    format!("{}{path}", API_BASE.get().map_or("/api", String::as_str))
}

/// Why a request did not give what was asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiFailure {
    /// The service could not be reached.
    #[error("the service could not be reached")]
    Network,
    /// The service did not answer in time.
    #[error("the service did not answer in time")]
    Timeout,
    /// The service answered with an error in the API's shape.
    #[error("{} ({status})", error.message)]
    Api {
        /// HTTP status.
        status: u16,
        /// The error the server gave.
        error: ApiError,
    },
    /// The service answered with an error outside the API's shape (a proxy, a crash).
    #[error("the service answered {0}")]
    Server(u16),
    /// The answer could not be read.
    #[error("the answer could not be read")]
    Decode,
}

impl ApiFailure {
    /// Whether the person's session is gone (sign in again).
    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, Self::Api { status: 401, .. })
    }
}

fn with_defaults(builder: RequestBuilder) -> RequestBuilder {
    let signal = web_sys::AbortSignal::timeout_with_u32(*TIMEOUT_MS.get().unwrap_or(&DEFAULT_TIMEOUT_MS));
    builder.credentials(RequestCredentials::Include).abort_signal(Some(&signal))
}

async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, ApiFailure> {
    let request = request.map_err(|_| ApiFailure::Decode)?;
    match request.send().await {
        Ok(response) => Ok(response),
        Err(gloo_net::Error::JsError(e)) if e.name == "TimeoutError" || e.name == "AbortError" => {
            Err(ApiFailure::Timeout)
        }
        Err(_) => Err(ApiFailure::Network),
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiFailure> {
    if response.ok() {
        return response.json().await.map_err(|_| ApiFailure::Decode);
    }
    Err(failure(response).await)
}

async fn failure(response: Response) -> ApiFailure {
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiFailure::Api { status, error: body.error },
        Err(_) => ApiFailure::Server(status),
    }
}

/// `GET` a resource.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    read(send(with_defaults(Request::get(&url(path))).build()).await?).await
}

/// `POST` a JSON body and read a JSON answer.
pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiFailure> {
    read(send(with_defaults(Request::post(&url(path))).json(body)).await?).await
}

/// `DELETE` a resource; any 2xx is success.
pub async fn delete(path: &str) -> Result<(), ApiFailure> {
    let response = send(with_defaults(Request::delete(&url(path))).build()).await?;
    if response.ok() { Ok(()) } else { Err(failure(response).await) }
}

/// A new `Idempotency-Key`: one per confirmed action, reused when that action is retried, so a
/// double click or a flaky network never charges twice.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        .unwrap_or_else(|| format!("{:x}{:x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e15) as u64))
}

/// `POST` a change with its `Idempotency-Key` and read the JSON answer.
pub async fn post_once<B: Serialize, T: DeserializeOwned>(path: &str, key: &str, body: &B) -> Result<T, ApiFailure> {
    read(send(with_defaults(Request::post(&url(path))).header("Idempotency-Key", key).json(body)).await?).await
}

/// `PUT` a change with its `Idempotency-Key` and read the JSON answer.
pub async fn put_once<B: Serialize, T: DeserializeOwned>(path: &str, key: &str, body: &B) -> Result<T, ApiFailure> {
    read(send(with_defaults(Request::put(&url(path))).header("Idempotency-Key", key).json(body)).await?).await
}

/// `DELETE` with its `Idempotency-Key` and read the JSON answer.
pub async fn delete_once<T: DeserializeOwned>(path: &str, key: &str) -> Result<T, ApiFailure> {
    read(send(with_defaults(Request::delete(&url(path))).header("Idempotency-Key", key).build()).await?).await
}
