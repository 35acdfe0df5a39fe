//! The portal's API server: the axum application, its database and its rules.

pub mod auth;
pub mod billing;
pub mod charges;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod csv;
pub mod db;
pub mod error;
pub mod idempotency;
pub mod invoice_pdf;
pub mod lifecycle;
pub mod password;
pub mod payments;
pub mod renewals;
pub mod routes;
pub mod seed;
pub mod serve;
pub mod state;
pub mod static_files;
pub mod take_control;

use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_api::ErrorCode;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowCredentials, AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::state::AppState;

/// How long one request may take before it is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The whole application: the API under `/api`, the built app everywhere else.
pub fn app(state: AppState) -> Router {
    let dist = state.config.dist_dir.clone();
    let headers = static_files::Headers::for_dist(&dist, "'self'").with_hsts(state.config.secure_cookies);
    let cors = cors(&state.config.allowed_origins);
    Router::new()
        // Only API answers are compressed per request; the app's files are precompressed.
        .nest("/api", routes::router().layer(CompressionLayer::new()))
        // `nest` matches `/api` and `/api/…` but not `/api/`, which would fall through to the app's
        // history fallback and answer 200 with index.html; answer it as the API's 404 instead.
        .route("/api/", axum::routing::any(|| async { AppError::not_found() }))
        .fallback_service(static_files::service(&dist))
        .layer(axum::middleware::from_fn_with_state(headers, static_files::add_headers))
        .layer(axum::middleware::from_fn(refuse_declared_too_large))
        .layer(cors)
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| panic_response()))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// CORS for the configured origins only (a CDN hosting the app); none by default. Credentials
/// are allowed only in answers to an allowed origin.
fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    let allowed = origins.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_credentials(AllowCredentials::predicate(move |origin, _| allowed.contains(origin)))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::HeaderName::from_static("idempotency-key")])
}

/// 413 at once for a body declared (`Content-Length`) larger than any the API accepts, before
/// reading it, instead of waiting for bytes that may never come.
async fn refuse_declared_too_large(request: Request, next: Next) -> Response {
    let declared =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > routes::BODY_LIMIT_BYTES as u64) {
        let mut response = error::payload_too_large().into_response();
        // the unread body stays on the connection: close it rather than read it
        response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    next.run(request).await
}

/// Housekeeping every few minutes: ended sessions, failed-sign-in counts whose window has
/// passed and license requests sent more than 12 months ago are purged (`main` runs it; tests call it).
pub async fn purge(state: &AppState) -> anyhow::Result<db::sessions::Purged> {
    let now = state.clock.now_unix();
    let mut purged = db::sessions::purge(&state.db, now, routes::session::FAILURE_WINDOW_SECS).await?;
    purged.license_requests = db::license_requests::purge(&state.db, now).await?;
    Ok(purged)
}

fn panic_response() -> Response {
    AppError::from_code(ErrorCode::Internal, "Something went wrong on our side.").into_response()
}
