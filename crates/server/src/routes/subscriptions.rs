//! Billing > Your products: the person's subscriptions, and every change to one: buy licenses
//! or remove licenses (a new total), buy a trial, cancel, reactivate. Each change is made by
//! the subscription's purchaser only, under the subscription's lock, exactly once per
//! `Idempotency-Key`, with the price shown first by a matching quote endpoint. A change that
//! charges does so between two locked transactions, holding no lock while the gateway answers
//! (`charges::charge_unlocked`). The handlers parse, authorize, apply the rule
//! (`crate::lifecycle`) and write (`db::subscriptions`). Here: the reads and who may make a
//! change; each change, with its quote, is its own `subscription_<change>.rs`.

use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use portal_api::ErrorBody;
use portal_api::subscriptions::{Subscription, SubscriptionList};
use sqlx::{Any, Transaction};

use crate::auth::CurrentUser;
use crate::charges::{self, tax_rate_of};
use crate::db;
use crate::db::audit::Subscription::Changed;
use crate::db::subscriptions::Locked;
use crate::error::AppError;
use crate::renewals::Settled;
use crate::routes::{
    subscription_cancellation, subscription_license_change, subscription_reactivation, subscription_trial_purchase,
};
use crate::state::AppState;
use crate::take_control::{Change, may_change};

/// The subscription routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/subscriptions", get(list))
        .route("/subscriptions/{id}", get(get_one))
        .route("/subscriptions/{id}/license-change", get(subscription_license_change::license_change_quote))
        .route("/subscriptions/{id}/licenses", put(subscription_license_change::change_licenses))
        .route("/subscriptions/{id}/purchase", post(subscription_trial_purchase::buy_trial))
        .route(
            "/subscriptions/{id}/cancellation",
            get(subscription_cancellation::cancellation_quote).post(subscription_cancellation::cancel),
        )
        .route(
            "/subscriptions/{id}/reactivation",
            get(subscription_reactivation::reactivation_quote).post(subscription_reactivation::reactivate),
        )
}

/// The subscriptions the signed-in person bought.
#[utoipa::path(get, path = "/api/subscriptions", tag = "subscriptions",
    responses(
        (status = 200, description = "The person's subscriptions, newest first", body = SubscriptionList),
    ))]
pub async fn list(State(state): State<AppState>, Settled(user): Settled) -> Result<Json<SubscriptionList>, AppError> {
    let subscriptions = db::subscriptions::bought_by(&state.db, &user.0.organization_id, &user.0.user_id).await?;
    Ok(Json(SubscriptionList { subscriptions }))
}

/// One subscription. Its purchaser and the organization's admins may read it; anyone else
/// (another user, another organization) gets 404, as if it did not exist.
#[utoipa::path(get, path = "/api/subscriptions/{id}", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "The subscription", body = Subscription),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
    ))]
pub async fn get_one(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(id): Path<String>,
) -> Result<Json<Subscription>, AppError> {
    Ok(Json(visible(&state, &user, &id).await?.seen_by(&user.0.user_id)))
}

// ---- who may do what ----

/// The subscription, if this person may see it: its purchaser or an admin of its organization
/// (anyone else gets 404, as if it did not exist).
pub(crate) async fn visible(state: &AppState, user: &CurrentUser, id: &str) -> Result<Locked, AppError> {
    let s =
        db::subscriptions::details(&state.db, &user.0.organization_id, id).await?.ok_or_else(AppError::not_found)?;
    if s.purchaser_id != user.0.user_id && !user.is_admin() {
        return Err(AppError::not_found());
    }
    Ok(s)
}

/// Whether this person may make `change` to `s` (see `take_control::may_change`): its
/// purchaser until an admin takes control; then the organization's admins may cancel it.
fn check_change(s: &Locked, user: &CurrentUser, change: Change) -> Result<(), AppError> {
    Ok(may_change(s, user.person(), change)?)
}

/// The subscription and its tax rate, for a quote, if this person may change it.
pub(crate) async fn readable(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    change: Change,
) -> Result<(Locked, i64), AppError> {
    let s =
        db::subscriptions::details(&state.db, &user.0.organization_id, id).await?.ok_or_else(AppError::not_found)?;
    check_change(&s, user, change)?;
    let tax_rate_bp = tax_rate_of(&state.db, &s).await?;
    Ok((s, tax_rate_bp))
}

/// A subscription this person may change, with the transaction holding its lock.
pub(crate) struct Mine {
    pub(crate) tx: Transaction<'static, Any>,
    pub(crate) s: Locked,
    pub(crate) tax_rate_bp: i64,
}

/// Locks the subscription for a change whose charge, if it makes one, is keyed `gateway_key`
/// (waiting while another change's charge to it is at the gateway: `charges::lock_for_change`).
pub(crate) async fn lock_mine(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    change: Change,
    gateway_key: &str,
) -> Result<Mine, AppError> {
    let (mut tx, s) = charges::lock_for_change(state, &user.0.organization_id, id, gateway_key)
        .await?
        .ok_or_else(AppError::not_found)?;
    check_change(&s, user, change)?;
    let tax_rate_bp = tax_rate_of(&mut *tx, &s).await?;
    Ok(Mine { tx, s, tax_rate_bp })
}

/// The change's audit event, then the subscription as it is now, for the answer.
pub(crate) async fn answer(
    mut tx: Transaction<'static, Any>,
    s: &Locked,
    user: &CurrentUser,
    action: &str,
    after: serde_json::Value,
    now: i64,
) -> Result<(Subscription, Transaction<'static, Any>), AppError> {
    db::audit::subscription_event(&mut tx, Changed(s), &user.0.user_id, action, after, now).await?;
    let changed = db::subscriptions::read_back(&mut tx, &s.organization_id, &s.id, &user.0.user_id).await?;
    Ok((changed, tx))
}
