//! `GET /api/subscriptions` and `GET /api/subscriptions/{id}`: Billing > Your products.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use portal_api::ErrorBody;
use portal_api::subscriptions::{Subscription, SubscriptionList};

use crate::auth::CurrentUser;
use crate::db;
use crate::error::AppError;
use crate::state::AppState;

/// The subscription routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/subscriptions", get(list)).route("/subscriptions/{id}", get(get_one))
}

/// The subscriptions the signed-in person bought.
#[utoipa::path(get, path = "/api/subscriptions", tag = "subscriptions",
    responses(
        (status = 200, description = "The person's subscriptions, newest first", body = SubscriptionList),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<SubscriptionList>, AppError> {
    let subscriptions = db::subscriptions::bought_by(&state.db, &user.0.organization_id, &user.0.user_id).await?;
    Ok(Json(SubscriptionList { subscriptions }))
}

/// One subscription. Its purchaser and the organization's admins may read it; anyone else
/// (another user, another organization) gets 404, as if it did not exist.
#[utoipa::path(get, path = "/api/subscriptions/{id}", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "The subscription", body = Subscription),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
    ))]
pub async fn get_one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Subscription>, AppError> {
    let (subscription, purchaser_id) =
        db::subscriptions::find(&state.db, &user.0.organization_id, &id, &user.0.user_id)
            .await?
            .ok_or_else(AppError::not_found)?;
    if purchaser_id != user.0.user_id && !user.is_admin() {
        return Err(AppError::not_found());
    }
    Ok(Json(subscription))
}
