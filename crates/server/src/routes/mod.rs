//! The HTTP API under `/api`: one module per resource, each with its handlers.

pub mod admin_purchases;
pub mod billing_accounts;
pub mod directory;
pub mod invoices;
pub mod license_requests;
pub mod licenses;
pub mod notices;
pub mod openapi;
pub mod payment_methods;
pub mod products;
pub mod purchases;
pub mod self_service;
pub mod session;
pub mod subscription_cancellation;
pub mod subscription_details;
pub mod subscription_license_change;
pub mod subscription_reactivation;
pub mod subscription_trial_purchase;
pub mod subscriptions;
pub mod take_control;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::ErrorCode;

use crate::error::AppError;
use crate::state::AppState;

/// Largest request body the API reads; larger ones get 413 in the API's error shape.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// Every API route, to be nested under `/api`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi::document))
        .merge(session::router())
        .merge(products::router())
        .merge(purchases::router())
        .merge(self_service::router())
        .merge(subscriptions::router())
        .merge(subscription_details::router())
        .merge(take_control::router())
        .merge(admin_purchases::router())
        .merge(licenses::router())
        .merge(license_requests::router())
        .merge(notices::router())
        .merge(directory::router())
        .merge(invoices::router())
        .merge(payment_methods::router())
        .merge(billing_accounts::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
}

/// `GET /api/health`: the server is up and its database answers.
async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<Json<serde_json::Value>, AppError> {
    sqlx::query("SELECT 1").execute(&state.db).await?;
    Ok(Json(serde_json::json!({ "status": "ok" })))
}

async fn not_found() -> AppError {
    AppError::not_found()
}

async fn method_not_allowed() -> AppError {
    AppError::from_code(ErrorCode::MethodNotAllowed, "That method is not allowed here.")
}
