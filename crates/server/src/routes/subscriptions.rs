//! Billing > Your products: the person's subscriptions, and every change to one: buy licenses
//! or remove licenses (a new total), buy a trial, cancel, reactivate. Each change is made by
//! the subscription's purchaser only, under the subscription's lock, exactly once per
//! `Idempotency-Key`, with the price shown first by a matching quote endpoint. A change that
//! charges does so between two locked transactions, holding no lock while the gateway answers
//! (`charges::charge_unlocked`). The handlers
//! parse, authorize, apply the rule (`crate::lifecycle`) and write (`db::subscriptions`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use portal_api::notices::NoticeKind;
use portal_api::purchases::BuyTrialRequest;
use portal_api::self_service::SelfServicePolicy;
use portal_api::subscriptions::{
    CancelMode, CancelRequest, CancellationQuote, LicenseChangeQuote, LicenseChangeRequest, ReactivationQuote,
    Subscription, SubscriptionList, SubscriptionStatus,
};
use portal_api::{ErrorBody, ErrorCode};
use serde::Deserialize;
use serde_json::json;
use sqlx::{Any, Transaction};

use crate::auth::CurrentUser;
use crate::charges::{self, card_today};
use crate::db;
use crate::db::audit::Subscription::Changed;
use crate::db::cancellations::Cancellation;
use crate::db::subscriptions::{Locked, TrialBought};
use crate::error::{ApiJson, ApiQuery, AppError};
use crate::idempotency::{self, IdempotencyKey};
use crate::lifecycle;
use crate::renewals::Settled;
use crate::routes::purchases::{SelfService, allowed_by_policy};
use crate::state::AppState;
use crate::take_control::{Change, Person, may_change};

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

/// Buys a trial: it becomes a paid, renewing subscription with a new term from today, charged
/// now. Also works for a trial that has expired. Needs an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/subscriptions/{id}/purchase", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id (a trial)"),
        ("Idempotency-Key" = String, Header, description = "A new key per purchase; reuse it to retry")),
    request_body = BuyTrialRequest,
    responses(
        (status = 200, description = "Bought", body = Subscription),
        (status = 402, description = "The card was declined; nothing changed", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "`read_only` for an admin; `managed_by_admin` for its purchaser after Take control; or the policy does not allow buying it now (trials_only, not_allowed_for_self_service)", body = ErrorBody),
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
    let fingerprint = idempotency::fingerprint(
        &format!("POST /subscriptions/{id}/purchase"),
        &json!({ "licenses": request.licenses, "payment": idempotency::redacted_payment(&request.payment) }),
    );
    let gateway_key = key.for_gateway(&user.0.user_id);
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        // Who may buy it is answered first; then a new card goes to the gateway before the
        // lock is taken, so nothing waits for it.
        readable(&state, &user, &id, Change::ByPurchaser).await?;
        let card = charges::card_for(&state, &user, &request.payment).await?;
        let Mine { mut tx, s, tax_rate_bp } = lock_mine(&state, &user, &id, Change::ByPurchaser, &gateway_key).await?;
        // Buying a trial is buying: the product's policy now must allow it.
        let policy = db::products::offered(&mut *tx, &s.organization_id, &s.product_id).await?.map(|p| p.policy);
        allowed_by_policy(policy.unwrap_or(SelfServicePolicy::DoNotAllow), SelfService::Buying)?;
        let (today, now) = (state.clock.today(), state.clock.now_unix());
        let bought = lifecycle::trial_purchase(&s, request.licenses, tax_rate_bp, today)?;
        let price = &bought.price.total;
        tx = charges::charge_unlocked(&state, tx, &s, card.token(), price, &gateway_key, request.licenses).await?;
        let payment_method_id = card.save(&mut tx, &state, &user).await?;
        let change = TrialBought {
            total_licenses: request.licenses,
            payment_method_id: &payment_method_id,
            started_on: today,
            term_end_date: bought.term_end_date,
        };
        db::subscriptions::buy_trial(&mut tx, &s.id, change, now).await?;
        charges::invoice(&mut tx, &s, today, s.product_name.clone(), request.licenses, &bought.price).await?;
        // Buying a trial is a new purchase: every admin hears of it.
        let admins = db::notices::admins_of(&mut *tx, &s.organization_id).await?;
        let (org, kind) = (&s.organization_id, NoticeKind::Purchase);
        db::notices::notify(&mut tx, org, &admins, kind, &s.id, &s.product_id, &user.0.user_id, now).await?;
        let after = serde_json::json!({ "total_licenses": request.licenses, "charged_minor": bought.price.total.amount_minor,
                                        "currency": bought.price.total.currency, "term_end_date": bought.term_end_date.to_string() });
        answer(tx, &s, &user, "subscription.trial_bought", after, now).await
    })
    .await
}

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
                let (org, profile, today) = (&s.organization_id, &s.billing_profile_id, today.to_string());
                db::billing::credit(&mut tx, org, profile, &s.id, "canceled", &quote.credit, &today, now).await?;
                db::cancellations::cancel_now(&mut tx, &s.id, now).await?;
                (-quote.credit.total.amount_minor, s.assigned_licenses)
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

// ---- who may do what ----

/// Whether this person may make `change` to `s` (see `take_control::may_change`): its
/// purchaser until an admin takes control; then the organization's admins may cancel it.
fn check_change(s: &Locked, user: &CurrentUser, change: Change) -> Result<(), AppError> {
    Ok(may_change(s, Person { user_id: &user.0.user_id, is_admin: user.is_admin() }, change)?)
}

/// The subscription and its tax rate, for a quote, if this person may change it.
async fn readable(state: &AppState, user: &CurrentUser, id: &str, change: Change) -> Result<(Locked, i64), AppError> {
    let s =
        db::subscriptions::details(&state.db, &user.0.organization_id, id).await?.ok_or_else(AppError::not_found)?;
    check_change(&s, user, change)?;
    let tax_rate_bp = tax_rate_of(&state.db, &s).await?;
    Ok((s, tax_rate_bp))
}

/// A subscription this person may change, with the transaction holding its lock.
struct Mine {
    tx: Transaction<'static, Any>,
    s: Locked,
    tax_rate_bp: i64,
}

/// Locks the subscription for a change whose charge, if it makes one, is keyed `gateway_key`
/// (waiting while another change's charge to it is at the gateway: `charges::lock_for_change`).
async fn lock_mine(
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

/// The tax rate of the billing profile the subscription is invoiced on.
pub(crate) async fn tax_rate_of<'e, E>(executor: E, s: &Locked) -> Result<i64, AppError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    match db::billing::profile(executor, &s.organization_id, &s.billing_profile_id).await? {
        Some(profile) => Ok(profile.tax_rate_bp),
        None => Err(AppError::internal(format!("subscription {} has no billing profile", s.id))),
    }
}

/// The change's audit event, then the subscription as it is now, for the answer.
async fn answer(
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
