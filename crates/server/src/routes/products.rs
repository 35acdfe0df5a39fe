//! `GET /api/products`: the catalog on Purchase services.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::products::ProductList;

use crate::auth::CurrentUser;
use crate::db;
use crate::error::AppError;
use crate::state::AppState;

/// The product routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/products", get(list))
}

/// Every product of the signed-in person's organization's catalog, each with its policy for
/// them: Allow (buy and try), Allow for trials only, Do not allow (request licenses).
#[utoipa::path(get, path = "/api/products", tag = "products",
    responses(
        (status = 200, description = "The catalog, by name", body = ProductList),
    ))]
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<ProductList>, AppError> {
    let products = db::products::catalog(&state.db, &user.0.organization_id).await?;
    Ok(Json(ProductList { products }))
}
