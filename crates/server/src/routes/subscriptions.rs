//! Billing > Your products: the person's subscriptions, and every change to one: buy licenses
//! or remove licenses (a new total), buy a trial, cancel, reactivate. Each change is made by
//! the subscription's purchaser only, under the subscription's lock, exactly once per
//! `Idempotency-Key`, with the price shown first by a matching quote endpoint.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use portal_api::purchases::{BuyTrialRequest, PriceLines, validate_licenses};
use portal_api::subscriptions::{
    CancelMode, CancelRequest, CancellationQuote, LicenseChangeQuote, LicenseChangeRequest, ReactivationQuote,
    Subscription, SubscriptionList,
};
use portal_api::{ApiError, ErrorBody, ErrorCode};
use serde::Deserialize;
use sqlx::{Any, Transaction};
use time::Date;

use super::purchases::{card_for, card_today, charge, read_back, today};
use crate::auth::CurrentUser;
use crate::billing::{GRACE_DAYS, add_months, parse_day, prorate};
use crate::db;
use crate::db::audit::AuditEvent;
use crate::db::billing::InvoiceLine;
use crate::db::subscriptions::Locked;
use crate::error::{ApiJson, ApiQuery, AppError};
use crate::idempotency::{self, IdempotencyKey};
use crate::renewals::Settled;
use crate::state::AppState;

/// The subscription routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/subscriptions", get(list))
        .route("/subscriptions/{id}", get(get_one))
        .route("/subscriptions/{id}/license-change", get(license_change_quote))
        .route("/subscriptions/{id}/licenses", put(change_licenses))
        .route("/subscriptions/{id}/purchase", post(buy_trial))
        .route("/subscriptions/{id}/cancellation", get(cancellation_quote).post(cancel))
        .route("/subscriptions/{id}/reactivation", get(reactivation_quote).post(reactivate))
}

/// The subscriptions the signed-in person bought.
#[utoipa::path(get, path = "/api/subscriptions", tag = "subscriptions",
    responses(
        (status = 200, description = "The person's subscriptions, newest first", body = SubscriptionList),
        (status = 401, description = "Not signed in", body = ErrorBody),
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
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
    ))]
pub async fn get_one(
    State(state): State<AppState>,
    Settled(user): Settled,
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

/// `?total_licenses=N`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LicenseChangeQuery {
    /// The new total.
    pub total_licenses: i64,
}

/// What changing the total to `total_licenses` charges today or credits, and whether it is
/// allowed: the same rules as the change itself, for the pane to show before Save.
#[utoipa::path(get, path = "/api/subscriptions/{id}/license-change", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id"), LicenseChangeQuery),
    responses(
        (status = 200, description = "The prorated charge or credit", body = LicenseChangeQuote),
        (status = 403, description = "Read-only for this person (an admin)", body = ErrorBody),
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
    let subscription = readable(&state, &user, &id).await?;
    let profile = profile_of(&state.db, &subscription).await?;
    Ok(Json(license_change(&subscription, query.total_licenses, profile.tax_rate_bp, today(&state))?))
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
        (status = 403, description = "Read-only for this person (an admin)", body = ErrorBody),
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
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        let (mut tx, subscription) = lock_mine(&state, &user, &id).await?;
        if request.total_licenses == subscription.total_licenses {
            return Err(AppError::field(ErrorCode::NoChange, "total_licenses", "That is the total it has now."));
        }
        let profile = profile_of(&mut *tx, &subscription).await?;
        let today = today(&state);
        let quote = license_change(&subscription, request.total_licenses, profile.tax_rate_bp, today)?;
        let added = quote.new_total - quote.current_total;
        if added > 0 {
            let token = card_token(&mut tx, &subscription).await?;
            charge(&state, &token, &quote.price.total, &key.for_gateway(&user.0.user_id)).await?;
            db::billing::invoice(
                &mut tx,
                &subscription.organization_id,
                &profile.id,
                &subscription.purchaser_id,
                &today.to_string(),
                InvoiceLine {
                    subscription_id: &subscription.id,
                    description: format!(
                        "{} (+{added}, prorated to {})",
                        subscription.product_name, subscription.term_end_date
                    ),
                    quantity: added,
                    unit_price_minor: subscription.price_per_license_minor * subscription.term_months,
                },
                &quote.price,
            )
            .await?;
        } else {
            db::billing::credit(
                &mut tx,
                &subscription.organization_id,
                &profile.id,
                &subscription.id,
                "licenses_removed",
                &quote.price,
                &quote.applies_on,
                state.clock.now_unix(),
            )
            .await?;
        }
        sqlx::query("UPDATE subscriptions SET total_licenses = $1, updated_at = $2 WHERE id = $3")
            .bind(quote.new_total)
            .bind(state.clock.now_unix())
            .bind(&subscription.id)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            &state,
            &subscription,
            "subscription.licenses_changed",
            serde_json::json!({ "total_licenses": quote.new_total, "amount_minor": quote.price.total.amount_minor,
                                "currency": quote.price.total.currency, "applies_on": quote.applies_on }),
        )
        .await?;
        let changed = read_back(&mut tx, &subscription.organization_id, &subscription.id, &user.0.user_id).await?;
        Ok((changed, tx))
    })
    .await
}

/// Buys a trial: it becomes a paid, renewing subscription with a new term from today, charged
/// now. Also works for a trial that has expired. Needs an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/subscriptions/{id}/purchase", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id (a trial)"),
        ("Idempotency-Key" = String, Header, description = "A new key per purchase; reuse it to retry")),
    request_body = BuyTrialRequest,
    responses(
        (status = 200, description = "Bought", body = Subscription),
        (status = 402, description = "The card was declined; nothing changed", body = ErrorBody),
        (status = 403, description = "Read-only for this person (an admin)", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 409, description = "Not a trial, or fewer licenses than are assigned", body = ErrorBody),
        (status = 422, description = "Out of range, or an invalid card", body = ErrorBody),
    ))]
pub async fn buy_trial(
    State(state): State<AppState>,
    Settled(user): Settled,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<BuyTrialRequest>,
) -> Result<Response, AppError> {
    request.payment.validate(card_today(&state))?;
    let fingerprint = idempotency::fingerprint(&format!("POST /subscriptions/{id}/purchase"), &request);
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        let (mut tx, subscription) = lock_mine(&state, &user, &id).await?;
        if subscription.is_trial != 1 || !matches!(subscription.status.as_str(), "trial" | "expired") {
            return Err(AppError::wrong_status("Only a trial can be bought this way."));
        }
        validate_licenses(request.licenses, subscription.max_licenses, "licenses")?;
        if request.licenses < subscription.assigned_licenses {
            return Err(below_assigned(subscription.assigned_licenses - request.licenses));
        }
        let profile = profile_of(&mut *tx, &subscription).await?;
        let today = today(&state);
        let per_license = subscription.price_per_license_minor * subscription.term_months;
        let price = PriceLines::with_tax(per_license * request.licenses, profile.tax_rate_bp, &subscription.currency);
        let card = card_for(&state, &user, &request.payment).await?;
        charge(&state, card.token(), &price.total, &key.for_gateway(&user.0.user_id)).await?;
        let payment_method_id = card.save(&mut tx, &state, &user).await?;
        let term_end = add_months(today, subscription.term_months as i32);
        sqlx::query(
            "UPDATE subscriptions SET is_trial = 0, status = 'active', recurring_billing = 1, total_licenses = $1,
                payment_method_id = $2, started_on = $3, term_end_date = $4, updated_at = $5 WHERE id = $6",
        )
        .bind(request.licenses)
        .bind(&payment_method_id)
        .bind(today.to_string())
        .bind(term_end.to_string())
        .bind(state.clock.now_unix())
        .bind(&subscription.id)
        .execute(&mut *tx)
        .await?;
        db::billing::invoice(
            &mut tx,
            &subscription.organization_id,
            &profile.id,
            &subscription.purchaser_id,
            &today.to_string(),
            InvoiceLine {
                subscription_id: &subscription.id,
                description: subscription.product_name.clone(),
                quantity: request.licenses,
                unit_price_minor: per_license,
            },
            &price,
        )
        .await?;
        audit(
            &mut tx,
            &state,
            &subscription,
            "subscription.trial_bought",
            serde_json::json!({ "total_licenses": request.licenses, "charged_minor": price.total.amount_minor,
                                "currency": price.total.currency, "term_end_date": term_end.to_string() }),
        )
        .await?;
        let bought = read_back(&mut tx, &subscription.organization_id, &subscription.id, &user.0.user_id).await?;
        Ok((bought, tx))
    })
    .await
}

/// What canceling means, shown before the person chooses: the credit for canceling now, the
/// licenses released, and the term's end for turning off recurring billing.
#[utoipa::path(get, path = "/api/subscriptions/{id}/cancellation", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "Credit and dates", body = CancellationQuote),
        (status = 403, description = "Read-only for this person (an admin)", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 409, description = "Already canceled or expired", body = ErrorBody),
    ))]
pub async fn cancellation_quote(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(id): Path<String>,
) -> Result<Json<CancellationQuote>, AppError> {
    let subscription = readable(&state, &user, &id).await?;
    let profile = profile_of(&state.db, &subscription).await?;
    Ok(Json(cancellation(&subscription, profile.tax_rate_bp, today(&state))?))
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
        (status = 403, description = "Read-only for this person (an admin)", body = ErrorBody),
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
        let (mut tx, subscription) = lock_mine(&state, &user, &id).await?;
        let profile = profile_of(&mut *tx, &subscription).await?;
        let quote = cancellation(&subscription, profile.tax_rate_bp, today(&state))?;
        let now = state.clock.now_unix();
        let credit = match request.mode {
            CancelMode::Now => {
                db::billing::credit(
                    &mut tx,
                    &subscription.organization_id,
                    &profile.id,
                    &subscription.id,
                    "canceled",
                    &quote.credit,
                    &today(&state).to_string(),
                    now,
                )
                .await?;
                sqlx::query("DELETE FROM license_assignments WHERE subscription_id = $1")
                    .bind(&subscription.id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "UPDATE subscriptions SET status = 'canceled', recurring_billing = 0, canceled_at = $1, updated_at = $1
                     WHERE id = $2",
                )
                .bind(now)
                .bind(&subscription.id)
                .execute(&mut *tx)
                .await?;
                quote.credit.total.amount_minor
            }
            CancelMode::EndOfTerm => {
                if subscription.recurring_billing == 0 {
                    return Err(AppError::wrong_status("Recurring billing is already off."));
                }
                sqlx::query(
                    "UPDATE subscriptions SET recurring_billing = 0, updated_at = $1,
                        status = CASE WHEN is_trial = 1 THEN status ELSE 'recurring_billing_off' END
                     WHERE id = $2",
                )
                .bind(now)
                .bind(&subscription.id)
                .execute(&mut *tx)
                .await?;
                0
            }
        };
        sqlx::query(
            "INSERT INTO cancellations (id, subscription_id, organization_id, canceled_by, reason, feedback, mode, credit_minor, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(db::new_id("can"))
        .bind(&subscription.id)
        .bind(&subscription.organization_id)
        .bind(&user.0.user_id)
        .bind(request.reason.as_str())
        .bind(request.feedback_text())
        .bind(request.mode.as_str())
        .bind(-credit)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            &state,
            &subscription,
            "subscription.canceled",
            serde_json::json!({ "mode": request.mode.as_str(), "reason": request.reason.as_str(),
                                "feedback": request.feedback_text(), "credit_minor": -credit,
                                "licenses_released": if request.mode == CancelMode::Now { subscription.assigned_licenses } else { 0 } }),
        )
        .await?;
        let canceled = read_back(&mut tx, &subscription.organization_id, &subscription.id, &user.0.user_id).await?;
        Ok((canceled, tx))
    })
    .await
}

/// What reactivating charges: a new term from today for a canceled subscription still in its
/// grace period; nothing for turning recurring billing back on.
#[utoipa::path(get, path = "/api/subscriptions/{id}/reactivation", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "The charge and the term's end", body = ReactivationQuote),
        (status = 403, description = "Read-only for this person (an admin)", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 409, description = "Nothing to reactivate, or the grace period is over", body = ErrorBody),
    ))]
pub async fn reactivation_quote(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(id): Path<String>,
) -> Result<Json<ReactivationQuote>, AppError> {
    let subscription = readable(&state, &user, &id).await?;
    let profile = profile_of(&state.db, &subscription).await?;
    Ok(Json(reactivation(&subscription, profile.tax_rate_bp, today(&state), state.clock.now_unix())?))
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
        (status = 403, description = "Read-only for this person (an admin)", body = ErrorBody),
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
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        let (mut tx, subscription) = lock_mine(&state, &user, &id).await?;
        let profile = profile_of(&mut *tx, &subscription).await?;
        let today = today(&state);
        let now = state.clock.now_unix();
        let quote = reactivation(&subscription, profile.tax_rate_bp, today, now)?;
        if subscription.status == "canceled" {
            let token = card_token(&mut tx, &subscription).await?;
            charge(&state, &token, &quote.price.total, &key.for_gateway(&user.0.user_id)).await?;
            db::billing::invoice(
                &mut tx,
                &subscription.organization_id,
                &profile.id,
                &subscription.purchaser_id,
                &today.to_string(),
                InvoiceLine {
                    subscription_id: &subscription.id,
                    description: subscription.product_name.clone(),
                    quantity: subscription.total_licenses,
                    unit_price_minor: subscription.price_per_license_minor * subscription.term_months,
                },
                &quote.price,
            )
            .await?;
        }
        sqlx::query(
            "UPDATE subscriptions SET status = CASE WHEN is_trial = 1 THEN 'trial' ELSE 'active' END, recurring_billing = 1,
                canceled_at = NULL, term_end_date = $1, updated_at = $2 WHERE id = $3",
        )
        .bind(&quote.term_end_date)
        .bind(now)
        .bind(&subscription.id)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            &state,
            &subscription,
            "subscription.reactivated",
            serde_json::json!({ "charged_minor": quote.price.total.amount_minor, "term_end_date": quote.term_end_date }),
        )
        .await?;
        let active = read_back(&mut tx, &subscription.organization_id, &subscription.id, &user.0.user_id).await?;
        Ok((active, tx))
    })
    .await
}

// ---- the rules, shared by each quote and its change ----

/// A new total for a subscription: allowed or not (with the reason), and its price.
fn license_change(s: &Locked, new_total: i64, tax_rate_bp: i64, today: Date) -> Result<LicenseChangeQuote, AppError> {
    if s.is_trial == 1 {
        return Err(AppError::from_code(
            ErrorCode::TrialNotChangeable,
            "A trial's licenses cannot be changed. Buy it first.",
        ));
    }
    if !matches!(s.status.as_str(), "active" | "recurring_billing_off") {
        return Err(AppError::wrong_status("Only an active subscription's licenses can be changed."));
    }
    validate_licenses(new_total, s.max_licenses, "total_licenses")?;
    if new_total < s.assigned_licenses {
        return Err(below_assigned(s.assigned_licenses - new_total));
    }
    let term_end = term_end(s)?;
    let per_license_term = s.price_per_license_minor * s.term_months;
    let prorated = prorate(per_license_term * (new_total - s.total_licenses), today, term_end, s.term_months);
    Ok(LicenseChangeQuote {
        current_total: s.total_licenses,
        new_total,
        price: PriceLines::with_tax(prorated, tax_rate_bp, &s.currency),
        applies_on: if prorated > 0 { today.to_string() } else { s.term_end_date.clone() },
    })
}

/// What canceling a subscription means today.
fn cancellation(s: &Locked, tax_rate_bp: i64, today: Date) -> Result<CancellationQuote, AppError> {
    if !matches!(s.status.as_str(), "active" | "trial" | "recurring_billing_off") {
        return Err(AppError::wrong_status("It is already canceled or has ended."));
    }
    let unused = if s.is_trial == 1 {
        0
    } else {
        prorate(s.price_per_license_minor * s.term_months * s.total_licenses, today, term_end(s)?, s.term_months)
    };
    Ok(CancellationQuote {
        credit: PriceLines::with_tax(-unused, tax_rate_bp, &s.currency),
        licenses_released: s.assigned_licenses,
        term_end_date: s.term_end_date.clone(),
        reactivate_until: (today + time::Duration::days(GRACE_DAYS)).to_string(),
    })
}

/// What reactivating a subscription charges, and until when it then runs.
fn reactivation(s: &Locked, tax_rate_bp: i64, today: Date, now: i64) -> Result<ReactivationQuote, AppError> {
    match s.status.as_str() {
        "canceled" if s.is_trial == 0 => {
            if s.canceled_at.is_none_or(|at| now > at + GRACE_DAYS * 86_400) {
                return Err(AppError::from_code(
                    ErrorCode::GracePeriodOver,
                    "It can no longer be reactivated; buy it again instead.",
                ));
            }
            let subtotal = s.price_per_license_minor * s.term_months * s.total_licenses;
            Ok(ReactivationQuote {
                price: PriceLines::with_tax(subtotal, tax_rate_bp, &s.currency),
                term_end_date: add_months(today, s.term_months as i32).to_string(),
            })
        }
        "recurring_billing_off" | "trial" if s.recurring_billing == 0 && s.payment_method_id.is_some() => {
            Ok(ReactivationQuote {
                price: PriceLines::with_tax(0, tax_rate_bp, &s.currency),
                term_end_date: s.term_end_date.clone(),
            })
        }
        _ => Err(AppError::wrong_status("There is nothing to reactivate.")),
    }
}

fn term_end(s: &Locked) -> Result<Date, AppError> {
    parse_day(&s.term_end_date).ok_or_else(|| AppError::internal(format!("subscription {} has a bad term end", s.id)))
}

fn below_assigned(to_unassign: i64) -> AppError {
    ApiError::field(
        ErrorCode::BelowAssigned,
        "total_licenses",
        format!("More licenses are assigned than that. Unassign {to_unassign} first."),
    )
    .with_count(to_unassign)
    .into()
}

// ---- who may do what ----

/// Only the purchaser changes a subscription: an admin of the organization may read it but
/// not change it here (403); anyone else gets 404, as if it did not exist.
fn check_purchaser(s: &Locked, user: &CurrentUser) -> Result<(), AppError> {
    if s.purchaser_id == user.0.user_id {
        Ok(())
    } else if user.is_admin() {
        Err(AppError::from_code(ErrorCode::ReadOnly, "Only the person who bought it can change it."))
    } else {
        Err(AppError::not_found())
    }
}

/// The subscription, for a quote, if this person may change it.
async fn readable(state: &AppState, user: &CurrentUser, id: &str) -> Result<Locked, AppError> {
    let subscription =
        db::subscriptions::details(&state.db, &user.0.organization_id, id).await?.ok_or_else(AppError::not_found)?;
    check_purchaser(&subscription, user)?;
    Ok(subscription)
}

/// A transaction holding the subscription's lock, if this person may change it.
async fn lock_mine(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<(Transaction<'static, Any>, Locked), AppError> {
    let mut tx = state.db.begin().await?;
    let subscription =
        db::subscriptions::lock(&mut tx, &user.0.organization_id, id).await?.ok_or_else(AppError::not_found)?;
    check_purchaser(&subscription, user)?;
    Ok((tx, subscription))
}

async fn profile_of<'e, E>(executor: E, s: &Locked) -> Result<db::billing::BillingProfile, AppError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    match db::billing::profile(executor, &s.organization_id, &s.billing_profile_id).await? {
        Some(profile) => Ok(profile),
        None => Err(AppError::internal(format!("subscription {} has no billing profile", s.id))),
    }
}

/// The token of the card the subscription is paid with.
async fn card_token(tx: &mut Transaction<'static, Any>, s: &Locked) -> Result<String, AppError> {
    let token = match &s.payment_method_id {
        Some(id) => db::billing::token_of(&mut **tx, &s.organization_id, &s.purchaser_id, id).await?,
        None => None,
    };
    token.ok_or_else(|| {
        AppError::field(ErrorCode::PaymentMethodRequired, "payment", "This subscription has no payment method.")
    })
}

async fn audit(
    tx: &mut Transaction<'static, Any>,
    state: &AppState,
    s: &Locked,
    action: &str,
    after: serde_json::Value,
) -> Result<(), AppError> {
    let before = serde_json::json!({ "status": s.status, "total_licenses": s.total_licenses,
                                     "recurring_billing": s.recurring_billing == 1, "term_end_date": s.term_end_date });
    db::audit::record(
        tx,
        AuditEvent {
            organization_id: &s.organization_id,
            actor_id: &s.purchaser_id,
            action,
            subject_type: "subscription",
            subject_id: &s.id,
            before: Some(before),
            after: Some(after),
        },
        state.clock.now_unix(),
    )
    .await?;
    Ok(())
}
