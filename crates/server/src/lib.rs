//! The portal's API server: the axum application, its database and its rules.

pub mod auth;
pub mod billing;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod idempotency;
pub mod password;
pub mod payments;
pub mod renewals;
pub mod routes;
pub mod seed;
pub mod state;
pub mod static_files;

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_api::ErrorCode;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::state::AppState;

/// How long one request may take before it is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The whole application: the API under `/api`, the built app everywhere else.
pub fn app(state: AppState) -> Router {
    let dist = state.config.dist_dir.clone();
    let headers = static_files::Headers::for_dist(&dist, "'self'");
    let cors = cors(&state.config.allowed_origins);
    Router::new()
        .nest("/api", routes::router())
        // `nest` matches `/api` and `/api/…` but not `/api/`, which would fall through to the app's
        // history fallback and answer 200 with index.html; answer it as the API's 404 instead.
        .route("/api/", axum::routing::any(|| async { AppError::not_found() }))
        .fallback_service(static_files::service(&dist))
        .layer(axum::middleware::from_fn_with_state(headers, static_files::add_headers))
        .layer(CompressionLayer::new())
        .layer(cors)
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| panic_response()))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// CORS for the configured origins only (a CDN hosting the app); none by default.
fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::HeaderName::from_static("idempotency-key")])
}

fn panic_response() -> Response {
    AppError::from_code(ErrorCode::Internal, "Something went wrong on our side.").into_response()
}
