//! Bills & payments > Payment methods: the person's cards, with Edit, Add and Remove.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::cards::CardInput;
use portal_api::payment_methods::{PaymentMethodDetails, PaymentMethodList, PaymentMethodUpdate};
use portal_api::{ApiError, ErrorBody, ErrorCode};
use serde_json::json;
use sqlx::AnyConnection;

use crate::auth::CurrentUser;
use crate::charges::card_today;
use crate::db;
use crate::db::billing_accounts::Viewer;
use crate::db::payment_methods::StoredPaymentMethod;
use crate::error::{ApiJson, AppError};
use crate::idempotency::{self, IdempotencyKey};
use crate::payments::{CardUpdate, PaymentError};
use crate::routes::billing_accounts::read_only;
use crate::state::AppState;

/// The payment method routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/payment-methods", get(list).post(add))
        .route("/payment-methods/{id}", get(get_one).put(update).delete(remove))
}

/// The signed-in person's cards, newest first, each with what pays with it and whether it
/// has expired or expires soon. (The purchase pane reads the same list.)
#[utoipa::path(get, path = "/api/payment-methods", tag = "payment-methods",
    responses(
        (status = 200, description = "The person's cards, newest first", body = PaymentMethodList),
    ))]
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<PaymentMethodList>, AppError> {
    let mut conn = state.db.acquire().await?;
    let payment_methods = db::payment_methods::list(&mut conn, user.viewer(), card_today(&state)).await?;
    Ok(Json(PaymentMethodList { payment_methods }))
}

/// One card: the person's own, or (read-only) any of the organization's for an admin.
#[utoipa::path(get, path = "/api/payment-methods/{id}", tag = "payment-methods",
    params(("id" = String, Path, description = "Payment method id")),
    responses(
        (status = 200, description = "The card", body = PaymentMethodDetails),
        (status = 404, description = "No such card, or not this person's", body = ErrorBody),
    ))]
pub async fn get_one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<PaymentMethodDetails>, AppError> {
    let mut conn = state.db.acquire().await?;
    let card = db::payment_methods::find(&mut conn, user.viewer(), &id, card_today(&state))
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(Json(card.details))
}

/// Adds a card: the same checks as the purchase pane, then the gateway tokenizes it. A
/// declined card saves nothing. Needs an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/payment-methods", tag = "payment-methods",
    params(("Idempotency-Key" = String, Header, description = "A new key per Add; reuse it to retry")),
    request_body = CardInput,
    responses(
        (status = 201, description = "Saved", body = PaymentMethodDetails),
        (status = 402, description = "The card was declined; nothing was saved", body = ErrorBody),
        (status = 422, description = "A card check failed (the field says which)", body = ErrorBody),
    ))]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    key: IdempotencyKey,
    ApiJson(card): ApiJson<CardInput>,
) -> Result<Response, AppError> {
    card.validate(card_today(&state))?;
    let fingerprint = idempotency::fingerprint("POST /payment-methods", &idempotency::redacted_card(&card));
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::CREATED, async {
        let stored = state.payments.tokenize(&card).await.map_err(declined("payment"))?;
        let mut tx = state.db.begin().await?;
        let now = state.clock.now_unix();
        let id = db::billing::save_card(&mut tx, &user.0.organization_id, &user.0.user_id, &stored, &card, now).await?;
        let event = user.audit_event("payment_method.added", "payment_method", &id).after(json!({
            "brand": db::billing::brand_name(stored.brand), "last4": stored.last4,
            "expiry_month": stored.expiry_month, "expiry_year": stored.expiry_year,
        }));
        db::audit::record(&mut tx, event, now).await?;
        let details = read_back(&mut tx, &state, user.viewer(), &id).await?;
        Ok((details, tx))
    })
    .await
}

/// Edits a card: security code, expiry, name on card and address. A new security code is
/// verified by the gateway first (and never kept); if it fails, nothing changes.
#[utoipa::path(put, path = "/api/payment-methods/{id}", tag = "payment-methods",
    params(("id" = String, Path, description = "Payment method id"),
        ("Idempotency-Key" = String, Header, description = "A new key per Save; reuse it to retry")),
    request_body = PaymentMethodUpdate,
    responses(
        (status = 200, description = "Saved", body = PaymentMethodDetails),
        (status = 402, description = "The new security code did not verify; nothing changed", body = ErrorBody),
        (status = 403, description = "An admin, on someone else's card", body = ErrorBody),
        (status = 404, description = "No such card, or not this person's", body = ErrorBody),
        (status = 422, description = "A past expiry, a wrong-length code, an empty name or address field; no change", body = ErrorBody),
    ))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<PaymentMethodUpdate>,
) -> Result<Response, AppError> {
    let today = card_today(&state);
    let card = changeable(&state, &user, &id, today, "Only the person who saved this card can change it.").await?;
    change.validate(card.details.brand, today)?;
    let before = &card.details;
    let unchanged = change.new_security_code().is_none()
        && (change.expiry_month, change.expiry_year) == (before.expiry_month, before.expiry_year)
        && change.name_on_card.trim() == before.name_on_card
        && trimmed(&change.address) == before.address;
    if unchanged {
        return Err(AppError::from_code(ErrorCode::NoChange, "Nothing to save: the card is as it was."));
    }
    // The fingerprint must not carry the security code: only whether one was sent.
    let fingerprint = idempotency::fingerprint(
        &format!("PUT /payment-methods/{id}"),
        &json!({
            "security_code_given": change.new_security_code().is_some(),
            "expiry_month": change.expiry_month, "expiry_year": change.expiry_year,
            "name_on_card": change.name_on_card, "address": change.address,
        }),
    );
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        let update = CardUpdate {
            security_code: change.new_security_code(),
            expiry_month: change.expiry_month,
            expiry_year: change.expiry_year,
            name_on_card: change.name_on_card.trim(),
            address: &change.address,
        };
        state.payments.update_card(&card.gateway_token, &update).await.map_err(declined("security_code"))?;
        let mut tx = state.db.begin().await?;
        let org = &user.0.organization_id;
        db::payment_methods::lock(&mut tx, org, &id).await?;
        let now = state.clock.now_unix();
        db::payment_methods::update(&mut tx, org, &id, &change, now).await?;
        let event = user
            .audit_event("payment_method.updated", "payment_method", &id)
            .before(holder_json(before))
            .after(json!({
                "expiry_month": change.expiry_month, "expiry_year": change.expiry_year,
                "name_on_card": change.name_on_card.trim(), "address": trimmed(&change.address),
                "security_code_verified": change.new_security_code().is_some(),
            }));
        db::audit::record(&mut tx, event, now).await?;
        let details = read_back(&mut tx, &state, user.viewer(), &id).await?;
        Ok((details, tx))
    })
    .await
}

/// Removes a card nothing uses. A card a billing profile or a running subscription pays with
/// is refused (409 `payment_method_in_use`, `used_by` says what); replace it there first.
#[utoipa::path(delete, path = "/api/payment-methods/{id}", tag = "payment-methods",
    params(("id" = String, Path, description = "Payment method id"),
        ("Idempotency-Key" = String, Header, description = "A new key per Remove; reuse it to retry")),
    responses(
        (status = 200, description = "Removed; the cards left", body = PaymentMethodList),
        (status = 403, description = "An admin, on someone else's card", body = ErrorBody),
        (status = 404, description = "No such card, or not this person's", body = ErrorBody),
        (status = 409, description = "Still used by a billing profile or subscription", body = ErrorBody),
    ))]
pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    key: IdempotencyKey,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let today = card_today(&state);
    let card = changeable(&state, &user, &id, today, "Only the person who saved this card can remove it.").await?;
    let fingerprint = idempotency::fingerprint(&format!("DELETE /payment-methods/{id}"), &());
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        let mut tx = state.db.begin().await?;
        let org = &user.0.organization_id;
        db::payment_methods::lock(&mut tx, org, &id).await?;
        let uses = db::payment_methods::uses(&mut tx, org, &id).await?;
        if !uses.is_empty() {
            let names: Vec<String> = uses.iter().map(|u| u.name.clone()).collect();
            return Err(ApiError::new(
                ErrorCode::PaymentMethodInUse,
                format!("This card pays for {}. Replace it there first.", names.join(", ")),
            )
            .with_used_by(names)
            .into());
        }
        db::payment_methods::delete(&mut tx, org, &id).await?;
        let now = state.clock.now_unix();
        let event =
            user.audit_event("payment_method.removed", "payment_method", &id).before(holder_json(&card.details));
        db::audit::record(&mut tx, event, now).await?;
        let payment_methods = db::payment_methods::list(&mut tx, user.viewer(), today).await?;
        Ok((PaymentMethodList { payment_methods }, tx))
    })
    .await
}

/// The gateway's "no" as 402 on `field`; its outage as 500.
pub(crate) fn declined(field: &'static str) -> impl Fn(PaymentError) -> AppError {
    move |error| match error {
        PaymentError::Declined => {
            AppError::field(ErrorCode::CardDeclined, field, "The card was declined. Nothing was changed.")
        }
        PaymentError::Unavailable(cause) => AppError::internal(format!("payment gateway: {cause}")),
    }
}

fn trimmed(address: &portal_api::cards::Address) -> portal_api::cards::Address {
    portal_api::cards::Address {
        line1: address.line1.trim().to_owned(),
        line2: address.line2.as_deref().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned),
        city: address.city.trim().to_owned(),
        postal_code: address.postal_code.trim().to_owned(),
        country: address.country.clone(),
    }
}

fn holder_json(card: &PaymentMethodDetails) -> serde_json::Value {
    json!({
        "brand": db::billing::brand_name(card.brand), "last4": card.last4,
        "expiry_month": card.expiry_month, "expiry_year": card.expiry_year,
        "name_on_card": card.name_on_card, "address": card.address,
    })
}

/// A card the person may change: 404 when they may not see it, 403 `read_only` (saying
/// `refusal`) when they only read it (an admin, on someone else's).
async fn changeable(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    today: (u16, u8),
    refusal: &str,
) -> Result<StoredPaymentMethod, AppError> {
    let mut conn = state.db.acquire().await?;
    let card = db::payment_methods::find(&mut conn, user.viewer(), id, today).await?.ok_or_else(AppError::not_found)?;
    if !card.details.can_change {
        return Err(read_only(refusal));
    }
    Ok(card)
}

async fn read_back(
    conn: &mut AnyConnection,
    state: &AppState,
    viewer: Viewer<'_>,
    id: &str,
) -> Result<PaymentMethodDetails, AppError> {
    let card = db::payment_methods::find(conn, viewer, id, card_today(state))
        .await?
        .ok_or_else(|| AppError::internal("a card just written cannot be read back"))?;
    Ok(card.details)
}
