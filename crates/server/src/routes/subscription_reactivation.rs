//! Reactivate: a canceled subscription within its grace period, or one with recurring billing
//! off; what it charges, and reactivating.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portal_api::ErrorBody;
use portal_api::subscriptions::{ReactivationQuote, Subscription, SubscriptionStatus};

use crate::charges;
use crate::db;
use crate::error::AppError;
use crate::idempotency::{self, IdempotencyKey};
use crate::lifecycle;
use crate::renewals::Settled;
use crate::routes::subscriptions::{Mine, answer, lock_mine, readable};
use crate::state::AppState;
use crate::take_control::Change;

/// What reactivating charges: a new term from today for a canceled subscription still in its
/// grace period; nothing for turning recurring billing back on.
#[utoipa::path(get, path = "/api/subscriptions/{id}/reactivation", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "The charge and the term's end", body = ReactivationQuote),
        (status = 403, description = "`read_only` for an admin (unless they took control, for canceling); `managed_by_admin` for its purchaser after Take control", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 409, description = "Nothing to reactivate, or the grace period is over", body = ErrorBody),
    ))]
pub async fn reactivation_quote(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(id): Path<String>,
) -> Result<Json<ReactivationQuote>, AppError> {
    let (s, tax_rate_bp) = readable(&state, &user, &id, Change::ByPurchaser).await?;
    Ok(Json(lifecycle::reactivation(&s, tax_rate_bp, state.clock.today(), state.clock.now_unix())?))
}

/// Reactivates: a canceled subscription within its grace period starts a new term today
/// (charged now; its licenses were released and stay unassigned); one with recurring billing
/// off gets it back on. Needs an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/subscriptions/{id}/reactivation", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id"),
        ("Idempotency-Key" = String, Header, description = "A new key per reactivation; reuse it to retry")),
    responses(
        (status = 200, description = "Active again", body = Subscription),
        (status = 402, description = "The card was declined; nothing changed", body = ErrorBody),
        (status = 403, description = "`read_only` for an admin (unless they took control, for canceling); `managed_by_admin` for its purchaser after Take control", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 409, description = "Nothing to reactivate, or the grace period is over", body = ErrorBody),
    ))]
pub async fn reactivate(
    State(state): State<AppState>,
    Settled(user): Settled,
    key: IdempotencyKey,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let fingerprint = idempotency::fingerprint(&format!("POST /subscriptions/{id}/reactivation"), &());
    let gateway_key = key.for_gateway(&user.0.user_id);
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        let Mine { mut tx, s, tax_rate_bp } = lock_mine(&state, &user, &id, Change::ByPurchaser, &gateway_key).await?;
        let (today, now) = (state.clock.today(), state.clock.now_unix());
        let quote = lifecycle::reactivation(&s, tax_rate_bp, today, now)?;
        if s.status == SubscriptionStatus::Canceled {
            let token = charges::card_of(&mut tx, &s).await?;
            let price = &quote.price.total;
            tx = charges::charge_unlocked(&state, tx, &s, &token, price, &gateway_key, s.total_licenses).await?;
            charges::invoice(&mut tx, &s, today, s.product_name.clone(), s.total_licenses, &quote.price).await?;
        }
        db::subscriptions::reactivate(&mut tx, &s.id, &quote.term_end_date, now).await?;
        let after = serde_json::json!({ "charged_minor": quote.price.total.amount_minor, "term_end_date": quote.term_end_date });
        answer(tx, &s, &user, "subscription.reactivated", after, now).await
    })
    .await
}
