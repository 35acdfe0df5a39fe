//! Purchase services: the price before buying, buying a product, starting a trial (the saved
//! cards they pay with are `payment_methods.rs`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::notices::NoticeKind;
use portal_api::products::Product;
use portal_api::purchases::{PurchaseQuote, PurchaseRequest, TrialRequest, validate_licenses};
use portal_api::subscriptions::Subscription;
use portal_api::{ErrorBody, ErrorCode};
use serde::Deserialize;
use serde_json::json;
use sqlx::{Any, Transaction};

use crate::auth::CurrentUser;
use crate::billing::add_months;
use crate::charges::{self, card_today};
use crate::db;
use crate::db::audit::Subscription::Created;
use crate::db::billing::{BillingProfile, InvoiceLine};
use crate::db::notices::Recipients;
use crate::db::subscriptions::NewSubscription;
use crate::error::{ApiJson, ApiQuery, AppError};
use crate::idempotency::{self, IdempotencyKey};
use crate::lifecycle::{self, SelfService, allowed_by_policy};
use crate::state::AppState;

/// The purchase routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/products/{id}/quote", get(quote))
        .route("/purchases", post(purchase))
        .route("/trials", post(start_trial))
}

/// `?licenses=N`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuoteQuery {
    /// How many licenses to price: 1 to the product's `max_licenses` (422 `out_of_range` above it).
    #[param(minimum = 1)]
    pub licenses: i64,
}

/// What buying `licenses` licenses of a product costs: shown before the person confirms.
#[utoipa::path(get, path = "/api/products/{id}/quote", tag = "purchases",
    params(("id" = String, Path, description = "Product id"), QuoteQuery),
    responses(
        (status = 200, description = "Price for one term, tax and total", body = PurchaseQuote),
        (status = 403, description = "The policy does not allow buying it: trials_only, not_allowed_for_self_service", body = ErrorBody),
        (status = 404, description = "The organization does not offer it", body = ErrorBody),
        (status = 422, description = "Licenses out of range", body = ErrorBody),
    ))]
pub async fn quote(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<QuoteQuery>,
) -> Result<Json<PurchaseQuote>, AppError> {
    let product = self_service_product(&state, &user, &id, SelfService::Buying).await?;
    validate_licenses(query.licenses, product.max_licenses, "licenses")?;
    let profile = billing_profile(&state.db, &user.0.organization_id, &user.0.user_id).await?;
    Ok(Json(lifecycle::purchase(&product, query.licenses, &profile, state.clock.today())))
}

/// Buys licenses of a product: charges the card, creates the subscription (the purchaser owns
/// it), a paid invoice and an audit event, in one step. Needs an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/purchases", tag = "purchases",
    params(("Idempotency-Key" = String, Header, description = "A new key per confirmed purchase; reuse it to retry")),
    request_body = PurchaseRequest,
    responses(
        (status = 201, description = "Bought", body = Subscription),
        (status = 402, description = "The card was declined; nothing was created", body = ErrorBody),
        (status = 403, description = "The policy does not allow buying it: trials_only, not_allowed_for_self_service", body = ErrorBody),
        (status = 404, description = "The organization does not offer it", body = ErrorBody),
        (status = 422, description = "Invalid licenses or card, or the key was used for another request", body = ErrorBody),
    ))]
pub async fn purchase(
    State(state): State<AppState>,
    user: CurrentUser,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<PurchaseRequest>,
) -> Result<Response, AppError> {
    let product = self_service_product(&state, &user, &request.product_id, SelfService::Buying).await?;
    validate_licenses(request.licenses, product.max_licenses, "licenses")?;
    request.payment.validate(card_today(&state))?;
    // Card numbers and codes never reach the database, not even hashed: the fingerprint holds
    // the card as `idempotency::redacted_payment` writes it (brand, last 4, expiry, holder).
    let fingerprint = idempotency::fingerprint(
        "POST /purchases",
        &json!({ "product_id": request.product_id, "licenses": request.licenses, "payment": idempotency::redacted_payment(&request.payment) }),
    );
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::CREATED, async {
        let org = &user.0.organization_id;
        let today = state.clock.today();
        let profile = billing_profile(&state.db, org, &user.0.user_id).await?;
        let quote = lifecycle::purchase(&product, request.licenses, &profile, today);
        let card = charges::card_for(&state, &user, &request.payment).await?;
        charges::charge(&state, card.token(), &quote.price.total, &key.for_gateway(&user.0.user_id)).await?;

        let mut tx = state.db.begin().await?;
        let now = state.clock.now_unix();
        let payment_method_id = card.save(&mut tx, &state, &user).await?;
        let id = db::subscriptions::insert(
            &mut tx,
            NewSubscription {
                organization_id: org,
                product: &product,
                purchaser_id: &user.0.user_id,
                billing_profile_id: &profile.id,
                payment_method_id: Some(&payment_method_id),
                is_trial: false,
                total_licenses: request.licenses,
                started_on: today,
                term_end: add_months(today, product.billing_term.months() as i32),
            },
            now,
        )
        .await?;
        let number = db::billing::invoice(
            &mut tx,
            org,
            &profile.id,
            &user.0.user_id,
            &today.to_string(),
            InvoiceLine {
                subscription_id: &id,
                description: product.name.clone(),
                quantity: request.licenses,
                unit_price_minor: quote.price_per_license_term.amount_minor,
            },
            &quote.price,
        )
        .await?;
        let after = serde_json::json!({
            "product_id": product.id, "total_licenses": request.licenses,
            "charged_minor": quote.price.total.amount_minor, "currency": quote.price.total.currency,
            "invoice": number,
        });
        let admins = Recipients::Admins;
        db::notices::notify(&mut tx, org, admins, NoticeKind::Purchase, &id, &product.id, &user.0.user_id, now).await?;
        answer(tx, &user, &id, "subscription.purchased", after, now).await
    })
    .await
}

/// Starts a product's free trial with the trial offer's licenses and length. A card is needed
/// when the offer says so; with a card the trial becomes a paid subscription when it ends
/// (unless the person turns that off), without one it expires. Needs an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/trials", tag = "purchases",
    params(("Idempotency-Key" = String, Header, description = "A new key per trial start; reuse it to retry")),
    request_body = TrialRequest,
    responses(
        (status = 201, description = "The trial started", body = Subscription),
        (status = 402, description = "The card was declined", body = ErrorBody),
        (status = 403, description = "The policy does not allow trials of it: not_allowed_for_self_service", body = ErrorBody),
        (status = 404, description = "The organization does not offer it", body = ErrorBody),
        (status = 409, description = "No trial offer, or the person already had a trial of it", body = ErrorBody),
        (status = 422, description = "A card is needed, or the card is invalid", body = ErrorBody),
    ))]
pub async fn start_trial(
    State(state): State<AppState>,
    user: CurrentUser,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<TrialRequest>,
) -> Result<Response, AppError> {
    let product = self_service_product(&state, &user, &request.product_id, SelfService::Trial).await?;
    let Some(offer) = product.trial.clone() else {
        return Err(AppError::wrong_status("This product has no free trial."));
    };
    match &request.payment {
        Some(payment) => payment.validate(card_today(&state))?,
        None if offer.requires_card => {
            return Err(AppError::field(
                ErrorCode::PaymentMethodRequired,
                "payment",
                "This trial needs a payment method.",
            ));
        }
        None => {}
    }
    let fingerprint = idempotency::fingerprint(
        "POST /trials",
        &json!({ "product_id": request.product_id, "payment": request.payment.as_ref().map(idempotency::redacted_payment) }),
    );
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::CREATED, async {
        let org = &user.0.organization_id;
        if db::subscriptions::trial_used(&state.db, org, &user.0.user_id, &product.id).await? {
            return Err(AppError::from_code(
                ErrorCode::TrialAlreadyUsed,
                "You already have or had this product; a trial is once.",
            ));
        }
        let profile = billing_profile(&state.db, org, &user.0.user_id).await?;
        let card = match &request.payment {
            Some(payment) => Some(charges::card_for(&state, &user, payment).await?),
            None => None,
        };
        let today = state.clock.today();
        let mut tx = state.db.begin().await?;
        let now = state.clock.now_unix();
        let payment_method_id = match &card {
            Some(card) => Some(card.save(&mut tx, &state, &user).await?),
            None => None,
        };
        let id = db::subscriptions::insert(
            &mut tx,
            NewSubscription {
                organization_id: org,
                product: &product,
                purchaser_id: &user.0.user_id,
                billing_profile_id: &profile.id,
                payment_method_id: payment_method_id.as_deref(),
                is_trial: true,
                total_licenses: offer.licenses,
                started_on: today,
                term_end: today + time::Duration::days(offer.days),
            },
            now,
        )
        .await?;
        let after = serde_json::json!({
            "product_id": product.id, "total_licenses": offer.licenses, "days": offer.days,
            "converts_when_it_ends": payment_method_id.is_some(),
        });
        let admins = Recipients::Admins;
        db::notices::notify(&mut tx, org, admins, NoticeKind::Trial, &id, &product.id, &user.0.user_id, now).await?;
        answer(tx, &user, &id, "subscription.trial_started", after, now).await
    })
    .await
}

/// A product of the organization's catalog whose policy lets people do `what` themselves: 404
/// if it is not in the catalog at all, 403 (`trials_only` or `not_allowed_for_self_service`)
/// if its policy does not allow it, whatever the page sent.
async fn self_service_product(
    state: &AppState,
    user: &CurrentUser,
    product_id: &str,
    what: SelfService,
) -> Result<Product, AppError> {
    let product =
        db::products::offered(&state.db, &user.0.organization_id, product_id).await?.ok_or_else(AppError::not_found)?;
    allowed_by_policy(product.policy, what)?;
    Ok(product)
}

/// The billing profile the person's self-service purchases use (their billing account's first).
async fn billing_profile(db: &db::Db, organization_id: &str, purchaser_id: &str) -> Result<BillingProfile, AppError> {
    db::billing::default_profile(db, organization_id, purchaser_id)
        .await?
        .ok_or_else(|| AppError::wrong_status("You have no billing profile yet. Ask your admin."))
}

/// The new subscription's audit event, then the subscription as written, for the answer.
async fn answer(
    mut tx: Transaction<'static, Any>,
    user: &CurrentUser,
    id: &str,
    action: &str,
    after: serde_json::Value,
    now: i64,
) -> Result<(Subscription, Transaction<'static, Any>), AppError> {
    let org = &user.0.organization_id;
    let created = Created { organization_id: org, id };
    db::audit::subscription_event(&mut tx, created, &user.0.user_id, action, after, now).await?;
    let subscription = db::subscriptions::read_back(&mut tx, org, id, &user.0.user_id).await?;
    Ok((subscription, tx))
}
