//! Buy licenses / Remove licenses: what a new total charges or credits, and setting it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portal_api::subscriptions::{LicenseChangeQuote, LicenseChangeRequest, Subscription};
use portal_api::{ErrorBody, ErrorCode};
use serde::Deserialize;

use crate::charges;
use crate::db;
use crate::error::{ApiJson, ApiQuery, AppError};
use crate::idempotency::{self, IdempotencyKey};
use crate::lifecycle;
use crate::renewals::Settled;
use crate::routes::subscriptions::{Mine, answer, lock_mine, readable};
use crate::state::AppState;
use crate::take_control::Change;

/// `?total_licenses=N`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LicenseChangeQuery {
    /// The new total: 1 to the product's `max_licenses`, not below the licenses assigned.
    #[param(minimum = 1)]
    pub total_licenses: i64,
}

/// What changing the total to `total_licenses` charges today or credits, and whether it is
/// allowed: the same rules as the change itself, for the pane to show before Save.
#[utoipa::path(get, path = "/api/subscriptions/{id}/license-change", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id"), LicenseChangeQuery),
    responses(
        (status = 200, description = "The prorated charge or credit", body = LicenseChangeQuote),
        (status = 403, description = "`read_only` for an admin (unless they took control, for canceling); `managed_by_admin` for its purchaser after Take control", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 409, description = "A trial, not active, or below the licenses assigned", body = ErrorBody),
        (status = 422, description = "Not a whole number from 1 to the maximum", body = ErrorBody),
    ))]
pub async fn license_change_quote(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<LicenseChangeQuery>,
) -> Result<Json<LicenseChangeQuote>, AppError> {
    let (s, tax_rate_bp) = readable(&state, &user, &id, Change::ByPurchaser).await?;
    Ok(Json(lifecycle::license_change(&s, query.total_licenses, tax_rate_bp, state.clock.today())?))
}

/// Buy licenses / Remove licenses: sets the total. Added licenses are charged today for the
/// rest of the term; removed ones are credited on the next invoice. Needs an `Idempotency-Key`.
#[utoipa::path(put, path = "/api/subscriptions/{id}/licenses", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id"),
        ("Idempotency-Key" = String, Header, description = "A new key per Save; reuse it to retry")),
    request_body = LicenseChangeRequest,
    responses(
        (status = 200, description = "Changed", body = Subscription),
        (status = 402, description = "The card was declined; nothing changed", body = ErrorBody),
        (status = 403, description = "`read_only` for an admin (unless they took control, for canceling); `managed_by_admin` for its purchaser after Take control", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 409, description = "A trial, not active, or below the licenses assigned (count: how many to unassign)", body = ErrorBody),
        (status = 422, description = "Out of range, or the same total as now", body = ErrorBody),
    ))]
pub async fn change_licenses(
    State(state): State<AppState>,
    Settled(user): Settled,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<LicenseChangeRequest>,
) -> Result<Response, AppError> {
    let fingerprint = idempotency::fingerprint(&format!("PUT /subscriptions/{id}/licenses"), &request);
    let gateway_key = key.for_gateway(&user.0.user_id);
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        let Mine { mut tx, s, tax_rate_bp } = lock_mine(&state, &user, &id, Change::ByPurchaser, &gateway_key).await?;
        if request.total_licenses == s.total_licenses {
            return Err(AppError::field(ErrorCode::NoChange, "total_licenses", "That is the total it has now."));
        }
        let (today, now) = (state.clock.today(), state.clock.now_unix());
        let quote = lifecycle::license_change(&s, request.total_licenses, tax_rate_bp, today)?;
        let added = quote.new_total - quote.current_total;
        if added > 0 {
            let token = charges::card_of(&mut tx, &s).await?;
            let price = &quote.price.total;
            tx = charges::charge_unlocked(&state, tx, &s, &token, price, &gateway_key, quote.new_total).await?;
            let description = format!("{} (+{added}, prorated to {})", s.product_name, s.term_end_date);
            charges::invoice(&mut tx, &s, today, description, added, &quote.price).await?;
        } else {
            let (org, profile) = (&s.organization_id, &s.billing_profile_id);
            db::billing::credit(&mut tx, org, profile, &s.id, "licenses_removed", &quote.price, &quote.applies_on, now)
                .await?;
        }
        db::subscriptions::set_total_licenses(&mut tx, &s.id, quote.new_total, now).await?;
        let after = serde_json::json!({ "total_licenses": quote.new_total, "amount_minor": quote.price.total.amount_minor,
                                        "currency": quote.price.total.currency, "applies_on": quote.applies_on });
        answer(tx, &s, &user, "subscription.licenses_changed", after, now).await
    })
    .await
}
