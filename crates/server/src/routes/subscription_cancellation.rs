//! Cancel subscription: what canceling means (the credit, the licenses released, the term's
//! end), and canceling now or at the term's end.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portal_api::ErrorBody;
use portal_api::subscriptions::{CancelMode, CancelRequest, CancellationQuote, Subscription};

use crate::db;
use crate::db::cancellations::Cancellation;
use crate::error::{ApiJson, AppError};
use crate::idempotency::{self, IdempotencyKey};
use crate::lifecycle;
use crate::renewals::Settled;
use crate::routes::subscriptions::{Mine, answer, lock_mine, readable};
use crate::state::AppState;
use crate::take_control::Change;

/// What canceling means, shown before the person chooses: the credit for canceling now, the
/// licenses released, and the term's end for turning off recurring billing.
#[utoipa::path(get, path = "/api/subscriptions/{id}/cancellation", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "Credit and dates", body = CancellationQuote),
        (status = 403, description = "`read_only` for an admin (unless they took control, for canceling); `managed_by_admin` for its purchaser after Take control", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 409, description = "Already canceled or expired", body = ErrorBody),
    ))]
pub async fn cancellation_quote(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(id): Path<String>,
) -> Result<Json<CancellationQuote>, AppError> {
    let (s, tax_rate_bp) = readable(&state, &user, &id, Change::Cancel).await?;
    Ok(Json(lifecycle::cancellation(&s, tax_rate_bp, state.clock.today())?))
}

/// Cancel subscription, with a reason and optional feedback (kept with the audit event).
/// `now`: it ends today, its licenses are released and the rest of the term is credited.
/// `end_of_term`: recurring billing is turned off and it stays active until the term ends.
/// Needs an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/subscriptions/{id}/cancellation", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id"),
        ("Idempotency-Key" = String, Header, description = "A new key per cancellation; reuse it to retry")),
    request_body = CancelRequest,
    responses(
        (status = 200, description = "Canceled, or recurring billing turned off", body = Subscription),
        (status = 403, description = "`read_only` for an admin (unless they took control, for canceling); `managed_by_admin` for its purchaser after Take control", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 409, description = "Already canceled, expired, or recurring billing already off", body = ErrorBody),
        (status = 422, description = "Feedback longer than 1,000 characters", body = ErrorBody),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    Settled(user): Settled,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<CancelRequest>,
) -> Result<Response, AppError> {
    request.validate()?;
    let fingerprint = idempotency::fingerprint(&format!("POST /subscriptions/{id}/cancellation"), &request);
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        let gateway_key = key.for_gateway(&user.0.user_id);
        let Mine { mut tx, s, tax_rate_bp } = lock_mine(&state, &user, &id, Change::Cancel, &gateway_key).await?;
        let (today, now) = (state.clock.today(), state.clock.now_unix());
        let quote = lifecycle::cancellation(&s, tax_rate_bp, today)?;
        let (credit_minor, licenses_released) = match request.mode {
            CancelMode::Now => {
                let credit_minor = db::cancellations::cancel_now(&mut tx, &s, &quote.credit, today, now).await?;
                (credit_minor, s.assigned_licenses)
            }
            CancelMode::EndOfTerm => {
                lifecycle::end_of_term_cancellation(&s)?;
                db::cancellations::turn_off_recurring_billing(&mut tx, &s.id, now).await?;
                (0, 0)
            }
        };
        let cancellation = Cancellation {
            subscription_id: &s.id,
            organization_id: &s.organization_id,
            canceled_by: &user.0.user_id,
            reason: request.reason,
            feedback: request.feedback_text(),
            mode: request.mode,
            credit_minor,
        };
        db::cancellations::record(&mut tx, cancellation, now).await?;
        let after = serde_json::json!({ "mode": request.mode.as_str(), "reason": request.reason.as_str(),
                                        "feedback": request.feedback_text(), "credit_minor": credit_minor,
                                        "licenses_released": licenses_released });
        answer(tx, &s, &user, "subscription.canceled", after, now).await
    })
    .await
}
