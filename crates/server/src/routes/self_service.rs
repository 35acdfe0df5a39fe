//! Settings > Self-service purchases (admins): the policy per product and the default for
//! products added later. A change applies to new purchases and trials only.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::self_service::{PolicyChange, PolicyList};
use portal_api::{ErrorBody, ErrorCode};

use crate::auth::CurrentUser;
use crate::db;
use crate::db::policies::Refusal;
use crate::error::{ApiJson, AppError};
use crate::state::AppState;

/// The policy routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/self-service/policies", get(list).put(change))
}

/// Every product of the organization's catalog with its policy, who set it and when, and the
/// default for products added later.
#[utoipa::path(get, path = "/api/self-service/policies", tag = "self-service",
    responses(
        (status = 200, description = "The policies, products by name", body = PolicyList),
        (status = 403, description = "Not an admin (admin_only)", body = ErrorBody),
    ))]
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<PolicyList>, AppError> {
    user.admin_only()?;
    let list = db::policies::list(&state.db, &user.0.organization_id).await?.ok_or_else(AppError::not_found)?;
    Ok(Json(list))
}

/// Save: new policies for some products and/or a new default. Each change is kept with who
/// made it and when (and an audit event with the policy before and after); setting what a
/// product already has changes nothing. Existing subscriptions are untouched.
#[utoipa::path(put, path = "/api/self-service/policies", tag = "self-service",
    request_body = PolicyChange,
    responses(
        (status = 200, description = "Saved; the policies as they are now", body = PolicyList),
        (status = 403, description = "Not an admin (admin_only)", body = ErrorBody),
        (status = 422, description = "Nothing to change, more than 200 products, a product named twice, or not of the catalog (field products[i])", body = ErrorBody),
    ))]
pub async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<PolicyChange>,
) -> Result<Json<PolicyList>, AppError> {
    user.admin_only()?;
    request.validate()?;
    let org = &user.0.organization_id;
    let mut tx = state.db.begin().await?;
    match db::policies::change(&mut tx, org, &user.0.user_id, &request, state.clock.now_unix()).await? {
        Ok(_) => tx.commit().await?,
        Err(Refusal::UnknownProduct(i)) => {
            return Err(AppError::field(
                ErrorCode::InvalidBody,
                &format!("products[{i}]"),
                "This product is not in your organization's catalog.",
            ));
        }
    }
    let list = db::policies::list(&state.db, org).await?.ok_or_else(AppError::not_found)?;
    Ok(Json(list))
}
