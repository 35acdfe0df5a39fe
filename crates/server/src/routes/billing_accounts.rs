//! Billing accounts and billing profiles: the Overview, an account's profiles, a profile's
//! details, Replace its payment method, and its invoice email recipients.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, put};
use axum::{Json, Router};
use portal_api::billing_accounts::{
    BillingAccountDetails, BillingAccountList, BillingProfileDetails, BillingProfileList, InvoiceRecipients,
    ReplacePaymentMethod,
};
use portal_api::purchases::Payment;
use portal_api::{ErrorBody, ErrorCode};
use serde_json::json;
use sqlx::{Any, Transaction};

use crate::auth::CurrentUser;
use crate::charges::{card_for, card_today};
use crate::db;
use crate::db::billing_accounts::ProfileForChange;
use crate::error::{ApiJson, AppError};
use crate::idempotency::{self, IdempotencyKey};
use crate::state::AppState;

/// The billing account and profile routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/billing-accounts", get(list_accounts))
        .route("/billing-accounts/{id}", get(get_account))
        .route("/billing-profiles", get(list_profiles))
        .route("/billing-profiles/{id}", get(get_profile))
        .route("/billing-profiles/{id}/payment-method", put(replace_payment_method))
        .route("/billing-profiles/{id}/invoice-recipients", put(set_invoice_recipients))
}

/// 403 `read_only`: the person may read this but not change it (an admin, on another's).
pub(crate) fn read_only(message: &str) -> AppError {
    AppError::from_code(ErrorCode::ReadOnly, message)
}

/// The billing accounts the person owns (an admin: all of the organization's), by name.
#[utoipa::path(get, path = "/api/billing-accounts", tag = "billing-accounts",
    responses(
        (status = 200, description = "The accounts", body = BillingAccountList),
    ))]
pub async fn list_accounts(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<BillingAccountList>, AppError> {
    let billing_accounts = db::billing_accounts::accounts(&state.db, user.viewer()).await?;
    Ok(Json(BillingAccountList { billing_accounts }))
}

/// An account with its billing profiles (the Billing profile tab).
#[utoipa::path(get, path = "/api/billing-accounts/{id}", tag = "billing-accounts",
    params(("id" = String, Path, description = "Billing account id")),
    responses(
        (status = 200, description = "The account and its profiles", body = BillingAccountDetails),
        (status = 404, description = "No such account, or not this person's", body = ErrorBody),
    ))]
pub async fn get_account(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<BillingAccountDetails>, AppError> {
    let viewer = user.viewer();
    let account = db::billing_accounts::account(&state.db, viewer, &id).await?.ok_or_else(AppError::not_found)?;
    let billing_profiles = db::billing_accounts::profiles(&state.db, viewer, Some(&id)).await?;
    Ok(Json(BillingAccountDetails { account, billing_profiles }))
}

/// Every billing profile the person may see (Bills & payments > Billing profiles).
#[utoipa::path(get, path = "/api/billing-profiles", tag = "billing-accounts",
    responses(
        (status = 200, description = "The profiles, by account and name", body = BillingProfileList),
    ))]
pub async fn list_profiles(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<BillingProfileList>, AppError> {
    let billing_profiles = db::billing_accounts::profiles(&state.db, user.viewer(), None).await?;
    Ok(Json(BillingProfileList { billing_profiles }))
}

/// A profile's details: addresses, currency, its card, recipients and subscriptions.
#[utoipa::path(get, path = "/api/billing-profiles/{id}", tag = "billing-accounts",
    params(("id" = String, Path, description = "Billing profile id")),
    responses(
        (status = 200, description = "The profile", body = BillingProfileDetails),
        (status = 404, description = "No such profile, or not this person's", body = ErrorBody),
    ))]
pub async fn get_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<BillingProfileDetails>, AppError> {
    let mut conn = state.db.acquire().await?;
    let profile =
        db::billing_accounts::profile_details(&mut conn, user.viewer(), &id).await?.ok_or_else(AppError::not_found)?;
    Ok(Json(profile))
}

/// Replace: the profile, and its subscriptions that renew, pay with another saved card or a
/// new one from now on. One audit event. A declined new card changes nothing.
#[utoipa::path(put, path = "/api/billing-profiles/{id}/payment-method", tag = "billing-accounts",
    params(("id" = String, Path, description = "Billing profile id"),
        ("Idempotency-Key" = String, Header, description = "A new key per Replace; reuse it to retry")),
    request_body = ReplacePaymentMethod,
    responses(
        (status = 200, description = "Replaced", body = BillingProfileDetails),
        (status = 402, description = "The new card was declined; nothing changed", body = ErrorBody),
        (status = 403, description = "An admin, on someone else's profile", body = ErrorBody),
        (status = 404, description = "No such profile, or not this person's", body = ErrorBody),
        (status = 422, description = "Not one of your cards, the card it has now, or a card check failed", body = ErrorBody),
    ))]
pub async fn replace_payment_method(
    State(state): State<AppState>,
    user: CurrentUser,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ReplacePaymentMethod>,
) -> Result<Response, AppError> {
    let current = changeable(&state, &user, &id).await?;
    request.payment.validate(card_today(&state))?;
    if let Payment::SavedCard { payment_method_id } = &request.payment
        && current.payment_method_id.as_deref() == Some(payment_method_id.as_str())
    {
        return Err(AppError::field(
            ErrorCode::NoChange,
            "payment",
            "The billing profile already pays with this card.",
        ));
    }
    let fingerprint = idempotency::fingerprint(
        &format!("PUT /billing-profiles/{id}/payment-method"),
        &idempotency::redacted_payment(&request.payment),
    );
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        let card = card_for(&state, &user, &request.payment).await?;
        let mut tx = state.db.begin().await?;
        let org = &user.0.organization_id;
        db::billing_accounts::lock(&mut tx, org, &id).await?;
        let payment_method_id = card.save(&mut tx, &state, &user).await?;
        db::payment_methods::lock(&mut tx, org, &payment_method_id).await?;
        let now = state.clock.now_unix();
        let moved = db::billing_accounts::replace_payment_method(&mut tx, org, &id, &payment_method_id, now).await?;
        let event = user
            .audit_event("billing_profile.payment_method_replaced", "billing_profile", &id)
            .before(json!({ "payment_method_id": current.payment_method_id }))
            .after(json!({ "payment_method_id": payment_method_id, "subscriptions": moved }));
        db::audit::record(&mut tx, event, now).await?;
        let details = read_back(&mut tx, &user, &id).await?;
        Ok((details, tx))
    })
    .await
}

/// The extra addresses (up to five) that get the profile's invoices, replacing the list.
#[utoipa::path(put, path = "/api/billing-profiles/{id}/invoice-recipients", tag = "billing-accounts",
    params(("id" = String, Path, description = "Billing profile id"),
        ("Idempotency-Key" = String, Header, description = "A new key per Save; reuse it to retry")),
    request_body = InvoiceRecipients,
    responses(
        (status = 200, description = "Saved", body = BillingProfileDetails),
        (status = 403, description = "An admin, on someone else's profile", body = ErrorBody),
        (status = 404, description = "No such profile, or not this person's", body = ErrorBody),
        (status = 422, description = "More than five, a malformed or repeated address", body = ErrorBody),
    ))]
pub async fn set_invoice_recipients(
    State(state): State<AppState>,
    user: CurrentUser,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<InvoiceRecipients>,
) -> Result<Response, AppError> {
    let current = changeable(&state, &user, &id).await?;
    request.validate()?;
    let recipients = request.normalized();
    let fingerprint = idempotency::fingerprint(&format!("PUT /billing-profiles/{id}/invoice-recipients"), &recipients);
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        let mut tx = state.db.begin().await?;
        db::billing_accounts::lock(&mut tx, &user.0.organization_id, &id).await?;
        db::billing_accounts::set_recipients(&mut tx, &id, &recipients).await?;
        let now = state.clock.now_unix();
        let event = user
            .audit_event("billing_profile.invoice_recipients_changed", "billing_profile", &id)
            .before(json!({ "recipients": current.recipients }))
            .after(json!({ "recipients": recipients }));
        db::audit::record(&mut tx, event, now).await?;
        let details = read_back(&mut tx, &user, &id).await?;
        Ok((details, tx))
    })
    .await
}

/// A profile the person may change: 404 when they may not see it, 403 when they only read it.
async fn changeable(state: &AppState, user: &CurrentUser, id: &str) -> Result<ProfileForChange, AppError> {
    let mut conn = state.db.acquire().await?;
    let profile =
        db::billing_accounts::for_change(&mut conn, user.viewer(), id).await?.ok_or_else(AppError::not_found)?;
    if profile.owner_id.as_deref() != Some(user.0.user_id.as_str()) {
        return Err(read_only("Only the person who pays through this billing profile can change it."));
    }
    Ok(profile)
}

async fn read_back(
    tx: &mut Transaction<'_, Any>,
    user: &CurrentUser,
    id: &str,
) -> Result<BillingProfileDetails, AppError> {
    db::billing_accounts::profile_details(tx, user.viewer(), id)
        .await?
        .ok_or_else(|| AppError::internal("a billing profile just written cannot be read back"))
}
