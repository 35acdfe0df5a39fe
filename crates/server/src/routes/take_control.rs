//! Take control of a self-service subscription (an admin, when its purchaser leaves or should
//! no longer manage it), then Move users: its people move to an organization subscription of
//! the same product with enough free licenses, all or nothing, and it is canceled with its
//! credit. Its purchaser gets a notice of each. (Or the admin cancels it through the usual
//! cancellation endpoints.)

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::ErrorBody;
use portal_api::notices::NoticeKind;
use portal_api::self_service::{MoveTarget, MoveUsersQuote, MoveUsersRequest, MoveUsersResult};
use portal_api::subscriptions::{CancelMode, CancelReason, Subscription};
use sqlx::{Any, Transaction};

use crate::charges::tax_rate_of;
use crate::db;
use crate::db::audit::Subscription::Changed;
use crate::db::cancellations::Cancellation;
use crate::db::notices::Recipients;
use crate::db::subscriptions::Locked;
use crate::error::{ApiJson, AppError};
use crate::idempotency::{self, IdempotencyKey};
use crate::lifecycle;
use crate::renewals::Settled;
use crate::state::AppState;
use crate::take_control as rules;

/// The Take control and Move users routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/subscriptions/{id}/take-control", post(take_control))
        .route("/subscriptions/{id}/move-users", get(move_users_quote).post(move_users))
}

/// Take control of this subscription (an admin): its purchaser can no longer change it; the
/// organization's admins can then move its people or cancel it. Only a self-service
/// subscription that holds licenses (active, trial, recurring billing off), once.
#[utoipa::path(post, path = "/api/subscriptions/{id}/take-control", tag = "admin",
    params(("id" = String, Path, description = "Subscription id (self-service)")),
    responses(
        (status = 200, description = "Taken over: `managed_by_admin` is true", body = Subscription),
        (status = 403, description = "`admin_only`: its purchaser is not an admin", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 409, description = "`wrong_status`: already taken over, not self-service, or canceled or ended", body = ErrorBody),
    ))]
pub async fn take_control(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(id): Path<String>,
) -> Result<Json<Subscription>, AppError> {
    let mut tx = state.db.begin().await?;
    let s = db::subscriptions::lock(&mut tx, &user.0.organization_id, &id).await?.ok_or_else(AppError::not_found)?;
    rules::take_control(&s, user.person())?;
    let now = state.clock.now_unix();
    db::take_control::take(&mut tx, &s.id, &user.0.user_id, now).await?;
    let after = serde_json::json!({ "managed_by": user.0.user_id });
    db::audit::subscription_event(&mut tx, Changed(&s), &user.0.user_id, "subscription.taken_over", after, now).await?;
    tell_purchaser(&mut tx, &s, NoticeKind::TakenOver, &user.0.user_id, now).await?;
    let taken = db::subscriptions::read_back(&mut tx, &s.organization_id, &s.id, &user.0.user_id).await?;
    tx.commit().await?;
    Ok(Json(taken))
}

/// What Move users needs (the people holding its licenses) and where they can go: the
/// organization's subscriptions of the same product that hold licenses, with how many are
/// free; and the credit for the rest of the term when it is canceled.
#[utoipa::path(get, path = "/api/subscriptions/{id}/move-users", tag = "admin",
    params(("id" = String, Path, description = "Subscription id (taken over)")),
    responses(
        (status = 200, description = "People to move, the targets, the credit", body = MoveUsersQuote),
        (status = 403, description = "`admin_only`: its purchaser is not an admin", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 409, description = "`take_control_first`, or `wrong_status`: canceled or ended", body = ErrorBody),
    ))]
pub async fn move_users_quote(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(id): Path<String>,
) -> Result<Json<MoveUsersQuote>, AppError> {
    let s =
        db::subscriptions::details(&state.db, &user.0.organization_id, &id).await?.ok_or_else(AppError::not_found)?;
    rules::move_users_from(&s, user.person())?;
    let tax_rate_bp = tax_rate_of(&state.db, &s).await?;
    let credit = lifecycle::cancellation(&s, tax_rate_bp, state.clock.today())?.credit;
    let targets = db::take_control::targets(&state.db, &s.organization_id, &s.product_id).await?;
    let targets = targets.iter().filter(|t| rules::is_target(&s, t)).map(target_of).collect();
    Ok(Json(MoveUsersQuote { people_to_move: s.assigned_licenses, targets, credit }))
}

/// Move users: in one transaction, under both subscriptions' locks (taken in id order, as the
/// seat accounting takes them), every person holding this subscription's licenses gets one
/// of the target instead (the same row moves, so nobody is without a license for a moment and
/// no seat counts twice), and this subscription is canceled now with its credit (reason
/// `switching_product`). All or nothing: too few free licenses → 409 `not_enough_licenses`
/// (`count`: how many are free) and nothing changes. Needs an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/subscriptions/{id}/move-users", tag = "admin",
    params(("id" = String, Path, description = "Subscription id (taken over)"),
        ("Idempotency-Key" = String, Header, description = "A new key per Move users; reuse it to retry")),
    request_body = MoveUsersRequest,
    responses(
        (status = 200, description = "Everyone moved; the target now and the canceled subscription", body = MoveUsersResult),
        (status = 400, description = "`idempotency_key_required`", body = ErrorBody),
        (status = 403, description = "`admin_only`: its purchaser is not an admin", body = ErrorBody),
        (status = 404, description = "No such subscription (or target) for this person", body = ErrorBody),
        (status = 409, description = "`take_control_first`, `wrong_status`, or `not_enough_licenses` (count: free licenses of the target); nobody was moved", body = ErrorBody),
        (status = 422, description = "`invalid_body`: the target is not one of the organization's subscriptions of the same product", body = ErrorBody),
    ))]
pub async fn move_users(
    State(state): State<AppState>,
    Settled(user): Settled,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<MoveUsersRequest>,
) -> Result<Response, AppError> {
    let fingerprint = idempotency::fingerprint(&format!("POST /subscriptions/{id}/move-users"), &request);
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        let organization_id = &user.0.organization_id;
        let target_id = &request.target_subscription_id;
        let mut tx = state.db.begin().await?;
        // Both locks, in id order: the seat accounting (assign, unassign) takes them that way too.
        let (first, second) = if id <= *target_id { (&id, target_id) } else { (target_id, &id) };
        let first_locked = db::subscriptions::lock(&mut tx, organization_id, first).await?;
        let second_locked =
            if first == second { None } else { db::subscriptions::lock(&mut tx, organization_id, second).await? };
        let (s, target) = if *first == id { (first_locked, second_locked) } else { (second_locked, first_locked) };
        let s = s.ok_or_else(AppError::not_found)?;
        rules::move_users_from(&s, user.person())?;
        let target = match target {
            Some(target) => target,
            None if *target_id == s.id => s.clone(),
            None => return Err(AppError::not_found()),
        };
        let moving = db::take_control::people_to_move(&mut tx, &s.id, &target.id).await?;
        rules::move_users(&s, &target, moving.len() as i64)?;
        let (today, now) = (state.clock.today(), state.clock.now_unix());
        let quote = lifecycle::cancellation(&s, tax_rate_of(&mut *tx, &s).await?, today)?;
        let moved = db::take_control::move_licenses(&mut tx, &s.id, &target.id, &user.0.user_id, now).await?;
        let credit_minor = db::cancellations::cancel_now(&mut tx, &s, &quote.credit, today, now).await?;
        let cancellation = Cancellation {
            subscription_id: &s.id,
            organization_id: &s.organization_id,
            canceled_by: &user.0.user_id,
            reason: CancelReason::SwitchingProduct,
            feedback: None,
            mode: CancelMode::Now,
            credit_minor,
        };
        db::cancellations::record(&mut tx, cancellation, now).await?;
        let admin = &user.0.user_id;
        let after = serde_json::json!({ "moved": moved, "to_subscription_id": target.id, "user_ids": moving,
                                        "credit_minor": credit_minor, "status": "canceled" });
        db::audit::subscription_event(&mut tx, Changed(&s), admin, "subscription.users_moved", after, now).await?;
        let after = serde_json::json!({ "moved": moved, "from_subscription_id": s.id, "user_ids": moving,
                                        "assigned_licenses": target.assigned_licenses + moved });
        db::audit::subscription_event(&mut tx, Changed(&target), admin, "subscription.users_moved", after, now).await?;
        tell_purchaser(&mut tx, &s, NoticeKind::UsersMoved, admin, now).await?;
        let result = result_of(&mut tx, &s, &target.id, moved, admin).await?;
        Ok::<_, AppError>((result, tx))
    })
    .await
}

/// The purchaser's notice of what an admin did to their subscription, in its transaction (an
/// admin taking over her own purchase is told nothing).
async fn tell_purchaser(
    tx: &mut Transaction<'static, Any>,
    s: &Locked,
    kind: NoticeKind,
    admin_id: &str,
    now: i64,
) -> sqlx::Result<()> {
    let purchaser = Recipients::Person(&s.purchaser_id);
    db::notices::notify(tx, &s.organization_id, purchaser, kind, &s.id, &s.product_id, admin_id, now).await
}

/// What Move users answers: the target as it is now and the canceled subscription.
async fn result_of(
    tx: &mut Transaction<'static, Any>,
    s: &Locked,
    target_id: &str,
    moved: i64,
    viewer_id: &str,
) -> Result<MoveUsersResult, AppError> {
    let target = db::subscriptions::details(&mut **tx, &s.organization_id, target_id)
        .await?
        .ok_or_else(|| AppError::internal(format!("target {target_id} vanished while locked")))?;
    let subscription = db::subscriptions::read_back(tx, &s.organization_id, &s.id, viewer_id).await?;
    Ok(MoveUsersResult { moved, target: target_of(&target), subscription })
}

fn target_of(target: &Locked) -> MoveTarget {
    MoveTarget {
        subscription_id: target.id.clone(),
        product_name: target.product_name.clone(),
        total_licenses: target.total_licenses,
        free_licenses: rules::free_licenses(target),
    }
}
